"""Commands that load when they are used: a group knows them by name and short help only.

``claim --help`` lists every command; importing all their modules to do so cost a third of
its start-up. A group is instead given a registry: each command's name, where it lives
(``"module:attribute"``) and its short help as click derives it from the docstring. Help is
printed from the registry; resolving a command to run it (or to print its own help) imports
its module. tests/cli/test_lazy.py checks that each registered short help is the command's own,
so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from gettext import gettext as _
from typing import NamedTuple

import click


# A NamedTuple, not a dataclass: `claim --help` would import dataclasses for it alone.
class Lazy(NamedTuple):
    """Where a command lives and its short help (the first sentence of its docstring)."""

    target: str  # "package.module:attribute"
    summary: str


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name: registered ones are imported on first access.

    Membership and iteration need no import, so listing the names is free; reading a command
    loads it. Commands added as objects (``add_command``) sit beside the registered ones.
    """

    def __init__(
        self, registry: Mapping[str, Lazy], commands: Mapping[str, click.Command] | None = None
    ) -> None:
        self.registry = dict(registry)
        self.loaded: dict[str, click.Command] = dict(commands or {})

    def __getitem__(self, name: str) -> click.Command:
        command = self.loaded.get(name)
        if command is None:
            module, _sep, attribute = self.registry[name].target.partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.registry[name].target} is not a click command")
            self.loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.registry.pop(name, None)
        self.loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in self.registry

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self.registry, *self.loaded]))

    def __len__(self) -> int:
        return len(self.registry.keys() | self.loaded.keys())

    def for_help(self, name: str) -> click.Command:
        """The command if loaded, else a stand-in that gives its registered short help."""
        command = self.loaded.get(name)
        if command is not None:
            return command
        return click.Command(name, help=self.registry[name].summary)


def format_commands(group: click.Group, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """The "Commands" section of ``group``'s help, as click writes it, without imports."""
    commands = group.commands
    assert isinstance(commands, LazyCommands)
    shown = []
    for name in group.list_commands(ctx):
        command = commands.for_help(name)
        if not command.hidden:
            shown.append((name, command))
    if not shown:
        return
    # Laid out as click.Group.format_commands lays it out: up to 3 times the default spacing.
    limit = formatter.width - 6 - max(len(name) for name, _command in shown)
    rows = [(name, command.get_short_help_str(limit)) for name, command in shown]
    with formatter.section(_("Commands")):
        formatter.write_dl(rows)
