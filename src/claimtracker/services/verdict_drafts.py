"""A verdict before it is proposed: its rating, rationale and evidence checked once, and the
rule that only a factual claim gets a truth rating."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimtracker.enums import ClaimKind, Normalised
from claimtracker.errors import InvalidInput
from claimtracker.services import scales
from claimtracker.text import clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim, RatingLabel, Source

MAX_RATIONALE_LENGTH = 50_000


@dataclass(frozen=True)
class VerdictDraft:
    """What `verify` gives every claim it rates, checked once: a batch of duplicates of one
    hoax gets the same rating, rationale and evidence, and a bad rating is one error."""

    label: RatingLabel
    rationale: str
    evidence: tuple[Source, ...]
    correction_reason: str | None = None


def draft_verdict(
    session: Session,
    *,
    rating: str,
    rationale: str,
    evidence: list[Source],
    correction_reason: str | None = None,
) -> VerdictDraft:
    """The verdict to propose, its rating found on the scale; refuses what cannot be one."""
    label = scales.find_label(session, rating)
    text = clean_text(rationale, what="rationale", max_length=MAX_RATIONALE_LENGTH)
    if not evidence:
        raise InvalidInput(
            "a verdict needs at least one evidence source, so that a reader can repeat the check",
            inputs=["evidence"],
        )
    return VerdictDraft(label, text, tuple(evidence), correction_reason)


# Ratings that say whether a statement of fact holds. An opinion, a prediction or another
# non-factual claim states no fact, so rating it true, false or half true would publish a
# judgement it cannot bear. Labels normalised OTHER (unproven, satire, opinion …) judge no
# truth and stay allowed: "opinion" is what the scale has for an opinion, and "unproven" is
# the honest word for a prediction not yet due.
TRUTH_RATINGS = (Normalised.TRUE, Normalised.FALSE, Normalised.MIXTURE)


def check_rating_fits(claim: Claim, label: RatingLabel) -> None:
    """Refuse a truth rating for a claim that is not factual, saying what to do instead."""
    if claim.kind == ClaimKind.FACTUAL or label.normalised not in TRUTH_RATINGS:
        return
    reason = "opinion" if claim.kind == ClaimKind.OPINION else "not-checkable"
    allowed = [x.label for x in label.scale.labels if x.normalised not in TRUTH_RATINGS]
    article = "an" if claim.kind.value[0] in "aeiou" else "a"
    kind = "other non-factual claim" if claim.kind == ClaimKind.OTHER else claim.kind.value
    raise InvalidInput(
        f"claim #{claim.id} is {article} {kind}: a truth rating ({label.label}) does not "
        f"apply; dismiss it (claim dismiss {claim.id} --reason {reason}), correct its kind if "
        f"it does state a fact (claim edit {claim.id} --kind factual), or rate it with a "
        f"label that judges no truth: {', '.join(allowed)}"
    )
