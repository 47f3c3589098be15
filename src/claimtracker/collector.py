"""Start-up of a `claim` process without the cyclic garbage collector's passes over its imports.

A command's process spends most of its start-up creating objects that live until it exits:
modules, classes, SQLAlchemy's mappers. While that heap grows, CPython's collector keeps
traversing all of it (a full pass each time it has grown by a quarter, and once more at exit)
and frees almost nothing: on `claim add` that was a third of the process (the capture suite's
`claim add` figure, docs/performance.md). So the console script pauses collection while a
command loads, and the command resumes it once it opens its database: what exists then is
frozen (`gc.freeze`: out of the collector's reach for good, as befits objects that live until
exit) and collection goes on as usual for everything the command creates afterwards, so long
imports and exports keep their memory bounded.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until :func:`resume` (the console script's first step)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what is loaded and collect again; does nothing unless :func:`pause` stopped it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
