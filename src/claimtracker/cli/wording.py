"""How a domain error reads on the command line: the service's words, then the options to use.

Services name what is wrong in the domain's words and list the inputs concerned by their
parameter names (``InvalidInput.inputs``); only this layer knows which option of the command
that ran gives each one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtracker.errors import (
    ClaimtrackerError,
    Conflict,
    InvalidInput,
    PossibleDuplicate,
    TargetNotEmpty,
)

if TYPE_CHECKING:
    import click

# Inputs whose option is not named after the service's parameter.
OPTIONS = {
    "source": "--source",
    "evidence": "--evidence SOURCE_ID or URL",
    "duplicate_of": "--of CLAIM_ID",
    "dismissal_reason": "--reason",
}


def word(exc: ClaimtrackerError, command: click.Command | None) -> str:
    """The one line shown for ``exc`` raised by ``command``."""
    if isinstance(exc, PossibleDuplicate):
        return f"{exc}; add anyway with --force (and --link-duplicate to record it)"
    if isinstance(exc, TargetNotEmpty):
        return f"{exc}; use {option('replace', command)} to replace it"
    inputs = exc.inputs if isinstance(exc, (InvalidInput, Conflict)) else ()
    if not inputs:
        return str(exc)
    return f"{exc} ({', '.join(option(name, command) for name in inputs)})"


def option(name: str, command: click.Command | None) -> str:
    """The option of ``command`` that gives the input ``name``."""
    for param in command.params if command is not None else ():
        if param.name == name and param.opts and param.opts[0].startswith("--"):
            return param.opts[0]
    return OPTIONS.get(name, "--" + name.replace("_", "-"))
