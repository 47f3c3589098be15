"""Whether a person sits at the other end of stdin, for commands that ask before they act."""

from __future__ import annotations

import sys


def stdin_is_terminal() -> bool:
    """Whether a person can answer a question.

    Tests replace this function on this module to answer through CliRunner's input, so callers
    look it up here when they ask (``terminal.stdin_is_terminal()`` or an import inside the
    command), never through a name bound when their own module was imported.
    """
    return sys.stdin.isatty()
