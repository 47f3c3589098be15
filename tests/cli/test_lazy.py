"""Commands load lazily: help is printed from registries that must agree with the commands."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from claimtracker.cli import cli
from claimtracker.cli.lazy import Lazy, LazyCommands

# Imported by `claim --help` itself: the root, its group class and the registry machinery.
ROOT_MODULES = {"claimtracker.cli", "claimtracker.cli.context", "claimtracker.cli.lazy"}
# Helpers every command module shares.
SHARED_MODULES = {
    *ROOT_MODULES,
    "claimtracker.cli.options",
    "claimtracker.cli.output",
    "claimtracker.cli.bulk",
    "claimtracker.cli.terminal",
}

PROBE = """
import json, sys
from claimtracker.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="claim", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("claimtracker"))), file=sys.stderr)
"""


def _lazy_entries(
    group: click.Group, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Lazy]]:
    """Every registered command under ``group`` (loading groups to look inside them)."""
    found = []
    commands = group.commands
    registry = commands.registry if isinstance(commands, LazyCommands) else {}
    for name in sorted(commands):
        if name in registry:
            found.append(((*path, name), registry[name]))
        command = commands[name]
        if isinstance(command, click.Group):
            found.extend(_lazy_entries(command, (*path, name)))
    return found


def _module(entry: Lazy) -> str:
    return entry.target.partition(":")[0]


def _modules_loaded_by(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, (args, proc.stderr)
    assert "Usage:" in proc.stdout
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


ENTRIES = _lazy_entries(cli)


def test_the_registries_cover_the_commands() -> None:
    paths = {path for path, _ in ENTRIES}
    assert {("add",), ("db",), ("db", "embed"), ("import", "jsonl"), ("scale", "alias")} <= paths


@pytest.mark.parametrize(("path", "entry"), ENTRIES, ids=[" ".join(p) for p, _ in ENTRIES])
def test_registered_short_help_is_the_commands_own(path: tuple[str, ...], entry: Lazy) -> None:
    group: click.Command = cli
    for name in path[:-1]:
        assert isinstance(group, click.Group)
        group = group.commands[name]
    assert isinstance(group, click.Group)
    command = group.commands[path[-1]]
    assert command.name == path[-1]
    assert not command.hidden
    assert entry.summary == command.get_short_help_str(limit=10_000)
    # The stand-in shortens the summary as click shortens the docstring, at every width.
    stand_in = click.Command(path[-1], help=entry.summary)
    for limit in range(10, 160):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), limit


def test_root_help_imports_no_command_module() -> None:
    loaded = _modules_loaded_by("--help")
    cli_modules = {m for m in loaded if m.startswith("claimtracker.cli")}
    assert cli_modules == ROOT_MODULES
    assert not {_module(entry) for _, entry in ENTRIES} & loaded


@pytest.mark.parametrize("path", [p for p, _ in ENTRIES], ids=[" ".join(p) for p, _ in ENTRIES])
def test_command_help_imports_only_that_commands_module(path: tuple[str, ...]) -> None:
    # The modules of the groups on the way to the command, and the command's own.
    own = {_module(entry) for p, entry in ENTRIES if p == path[: len(p)]}
    loaded = _modules_loaded_by(*path, "--help")
    cli_modules = {m for m in loaded if m.startswith("claimtracker.cli")}
    assert cli_modules - SHARED_MODULES == own
