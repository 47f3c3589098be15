"""Start-up: help is instant, imports no SQLAlchemy and opens no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from claimtracker.cli import cli

PROBE = """
import json, sys
from claimtracker.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="claim", standalone_mode=False)
except SystemExit:
    pass
HEAVY = ("sqlalchemy", "alembic", "dateutil", "tabulate", "langcodes")
heavy = sorted(m for m in HEAVY if m in sys.modules)
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


DIALECT_PROBE = """
import sys
from claimtracker.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="claim", standalone_mode=False)
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("sqlalchemy.dialects.postgresql")),
      file=sys.stderr)
"""


def test_commands_on_sqlite_never_load_the_postgresql_dialect(tmp_path: Path) -> None:
    # Loading it (and the driver modules it names) was a fifth of every SQLite command's
    # start-up: the partial indexes live in the migrations for that reason.
    env = {**os.environ, "CLAIM_DB": str(tmp_path / "claims.db")}
    # Creating the database runs the migrations, which do load it: only that first time.
    subprocess.run([sys.executable, "-m", "claimtracker", "db", "upgrade"], env=env, check=True)
    commands = [
        ["add", "The moon is made of cheese", "--by", "A. Person", "--source", "https://e.org/a"],
        ["list"],
        ["search", "cheese"],
        ["show", "1"],
    ]
    for args in commands:
        proc = subprocess.run(
            [sys.executable, "-c", DIALECT_PROBE, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stderr.strip().splitlines()[-1] == "[]", (args, proc.stderr)


def test_shell_completion_as_the_readme_documents_it() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_CLAIM_COMPLETE=bash_source claim)"' in readme
    env = {**os.environ, "_CLAIM_COMPLETE": "bash_complete", "COMP_WORDS": "claim ass"}
    done = subprocess.run(
        [sys.executable, "-m", "claimtracker"],
        env={**env, "COMP_CWORD": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["plain,assign"]
    env["COMP_WORDS"] = "claim list --status p"
    done = subprocess.run(
        [sys.executable, "-m", "claimtracker"],
        env={**env, "COMP_CWORD": "3"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["plain,pending_approval", "plain,published"]
