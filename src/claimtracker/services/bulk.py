"""Work on several claims at once, all or nothing.

A bulk command resolves every claim it is given, then runs one step per claim, each inside a
savepoint so that a refused claim does not abort the others' steps on PostgreSQL (a failed
statement there poisons the whole transaction) and every refusal can be named. If any claim
is refused — an unknown id, a claim in the wrong state — :class:`BulkRefused` is raised and the
caller's unit of work rolls back: nothing changes. A person triaging forty claims wants to
know every one that would not go, not the first of them and then again the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from claimtracker.errors import ClaimtrackerError, Conflict, InvalidInput, NotFound
from claimtracker.services.refs import parse_id

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session

    from claimtracker.enums import ReviewStatus
    from claimtracker.models import Claim

T = TypeVar("T")


@dataclass(frozen=True)
class Refusal:
    """A claim a bulk command could not act on, as the user named it, and why."""

    ref: str
    reason: str
    # The inputs that would let it through, as the error named them (InvalidInput.inputs):
    # the command line words them as its options ("--take-over").
    inputs: tuple[str, ...] = ()


class BulkRefused(Conflict):
    """At least one claim of a bulk command was refused; the command changed nothing."""

    def __init__(self, refusals: Sequence[Refusal], total: int) -> None:
        self.refusals = list(refusals)
        reasons = "; ".join(f"{r.ref}: {r.reason}" for r in self.refusals)
        inputs = list(dict.fromkeys(i for r in self.refusals for i in r.inputs))
        if total == 1:
            # One claim: the refusal is the message, as it was before commands took several.
            super().__init__(self.refusals[0].reason, inputs=inputs)
        else:
            super().__init__(
                f"nothing changed: {len(self.refusals)} of {total} claims refused — {reasons}",
                inputs=inputs,
            )


@dataclass(frozen=True)
class Done(Generic[T]):
    """What one step did to one claim: its status before and after, and the step's value."""

    claim_id: int
    status_before: ReviewStatus
    status_after: ReviewStatus
    value: T


def resolve_claims(session: Session, refs: Sequence[str]) -> tuple[list[Claim], list[Refusal]]:
    """The claims named by ``refs`` (each once, in the order given) and the refs that name none."""
    from claimtracker.services.claims import get_claim

    claims: list[Claim] = []
    refused: list[Refusal] = []
    seen: set[int] = set()
    for ref in refs:
        try:
            claim = get_claim(session, ref)
        except NotFound as missing:
            refused.append(Refusal(_shown(ref), str(missing)))
            continue
        if claim.id not in seen:
            seen.add(claim.id)
            claims.append(claim)
    return claims, refused


def for_each_claim(
    session: Session, refs: Sequence[str], step: Callable[[Claim], T]
) -> list[Done[T]]:
    """Run ``step`` on every claim named by ``refs``; all of them, or none (BulkRefused)."""
    claims, refused = resolve_claims(session, refs)
    total = len(claims) + len(refused)
    done: list[Done[T]] = []
    for claim in claims:
        before = claim.status
        try:
            with session.begin_nested():
                value = step(claim)
        except ClaimtrackerError as exc:
            inputs = exc.inputs if isinstance(exc, InvalidInput | Conflict) else ()
            refused.append(Refusal(f"#{claim.id}", str(exc), tuple(inputs)))
            continue
        done.append(Done(claim.id, before, claim.status, value))
    if refused:
        raise BulkRefused(refused, total=total)
    return done


def _shown(ref: str) -> str:
    """A ref as the refusal names it: "#12" for an id, the text itself for anything else."""
    claim_id = parse_id(ref)
    return f"#{claim_id}" if claim_id is not None else repr(ref)
