"""Domain errors. Services raise these; the CLI maps them to a message and an exit status.

Kept free of heavy imports: the CLI imports this module on every start.
"""

from __future__ import annotations


class ClaimtrackerError(Exception):
    """Base of every error a user can cause and fix; shown as one line, exit status 1."""

    exit_code = 1


class NotFound(ClaimtrackerError):
    """A record named by the user does not exist."""


class InvalidInput(ClaimtrackerError):
    """A value given by the user is malformed or out of range."""


class Conflict(ClaimtrackerError):
    """The change would break a rule of the data: a duplicate, a self-link, a lost race."""


class DatabaseUnavailable(ClaimtrackerError):
    """The database cannot be opened, reached or understood."""


class SchemaMismatch(ClaimtrackerError):
    """The database schema is not the one this version of the tool works with."""
