"""Every domain error, in one place. Services raise these; the CLI maps them to a message and an
exit status (cli/wording.py), and is the only layer that names command-line options.

An error's message names things in the words of the domain ("a quote needs the source it
appears in"); where the user's fix is an option of the command they ran, the error carries
what the CLI needs to say so (:attr:`InvalidInput.inputs`, :attr:`PossibleDuplicate.matches`).

Kept free of heavy imports: the CLI imports this module on every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence


class ClaimtrackerError(Exception):
    """Base of every error a user can cause and fix; shown as one line, exit status 1."""

    exit_code = 1


class NotFound(ClaimtrackerError):
    """A record named by the user does not exist."""


class InvalidInput(ClaimtrackerError):
    """A value given by the user is malformed or out of range, or one is missing.

    ``inputs`` names, as the service's parameters do, the inputs the message is about
    ("source", "claimant"); the CLI adds the options that give them.
    """

    def __init__(self, message: str, *, inputs: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.inputs = tuple(inputs)


class Conflict(ClaimtrackerError):
    """The change would break a rule of the data: a duplicate, a self-link, a lost race.

    ``inputs``: as for :class:`InvalidInput`, the inputs that would let the change through
    ("allow_same_name", "replace").
    """

    def __init__(self, message: str, *, inputs: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.inputs = tuple(inputs)


class InvalidReview(InvalidInput):
    """One review of an input file cannot be read, though the file's others may be fine.

    The ClaimReview readers turn it into a problem naming the review, so that the caller
    decides whether one bad review stops the import; it never reaches the user as such.
    """


class DatabaseUnavailable(ClaimtrackerError):
    """The database cannot be opened, reached or understood."""


class SchemaMismatch(ClaimtrackerError):
    """The database schema is not the one this version of the tool works with."""


class InvalidTransition(Conflict):
    """The claim is not in a review status that allows this step."""


class SimilarClaim(Protocol):
    """What a duplicate warning says of the claim it found (services.matching.Match)."""

    @property
    def claim_id(self) -> int:
        """The claim found."""

    def excerpt(self, width: int = 80) -> str:
        """Its text, cut to ``width`` characters."""

    def describe_outcome(self) -> str:
        """What became of it (", rated false on 2025-01-29", ", new")."""


class PossibleDuplicate(Conflict):
    """The claim looks like one already in the database; ``matches`` are the claims found."""

    def __init__(self, matches: Sequence[SimilarClaim]) -> None:
        self.matches = list(matches)
        best = self.matches[0]
        super().__init__(
            f"looks like #{best.claim_id}{best.describe_outcome()}: {best.excerpt()!r}"
        )


class TargetNotEmpty(Conflict):
    """The database to copy into already holds data (in ``tables``); replacing it lets the
    copy through (input ``replace``)."""

    def __init__(self, target: str, tables: Sequence[str]) -> None:
        super().__init__(
            f"{target} already holds data (in {', '.join(tables)})", inputs=["replace"]
        )
        self.target = target
        self.tables = list(tables)


class DumpFormatError(InvalidInput):
    """A line of a dump that cannot be restored, named ``FILE:LINE: reason``."""

    def __init__(self, name: str, line: int, reason: str) -> None:
        super().__init__(f"{name}:{line}: {reason}")
        self.name = name
        self.line = line
        self.reason = reason


class SemanticUnavailable(ClaimtrackerError):
    """The semantic matcher was asked for, but the extra is not installed here."""
