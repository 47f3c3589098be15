"""Start-up: help is instant, imports no SQLAlchemy and opens no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import click

from claimtracker.cli import cli

if TYPE_CHECKING:
    from pathlib import Path

PROBE = """
import json, sys
from claimtracker.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="claim", standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in ("sqlalchemy", "alembic", "dateutil", "tabulate") if m in sys.modules)
print(json.dumps(heavy), file=sys.stderr)
"""


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def test_every_help_imports_nothing_heavy_and_opens_no_database(tmp_path: Path) -> None:
    db = tmp_path / "claims.db"
    env = {**os.environ, "CLAIM_DB": str(db)}
    paths = _command_paths(cli)
    assert ("db", "upgrade") in paths
    for path in paths:
        proc = subprocess.run(
            [sys.executable, "-c", PROBE, *path, "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert proc.returncode == 0, (path, proc.stderr)
        assert "Usage:" in proc.stdout
        heavy = json.loads(proc.stderr.strip().splitlines()[-1])
        assert heavy == [], (path, heavy)
    assert not db.exists()


def test_every_command_has_help_text() -> None:
    for path in _command_paths(cli):
        command: click.Command = cli
        for name in path:
            assert isinstance(command, click.Group)
            command = command.commands[name]
        assert (command.help or "").strip(), path


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "claimtracker", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "claimtracker" in proc.stdout


def test_unknown_option_is_a_usage_error() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["db", "info", "--frobnicate"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr
