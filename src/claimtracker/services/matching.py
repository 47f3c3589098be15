"""'Already checked?': find claims that say the same thing as a text.

Two stages. Exact: the same normalised text (case, accents, quotes and spacing ignored), by
hash. Near: full-text candidates (BM25 on SQLite, ts_rank on PostgreSQL), re-scored with a
token-set similarity so a score means the same on both backends and a threshold can decide
what "very similar" is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.models import Claim
from claimtracker.services import search
from claimtracker.text import normalise_claim, text_hash

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

# Similarity (0..1) from which `claim add` says "looks like #N". Chosen on CheckThat! 2020
# train/dev pairs (docs/matching.md): high enough that paraphrases of different claims about the
# same topic do not trigger it.
DUPLICATE_THRESHOLD = 0.80
CANDIDATES = 30


@dataclass(frozen=True)
class Match:
    """A claim like the given text, how alike (0..1), and where it stands."""

    claim_id: int
    text: str
    score: float
    exact: bool
    status: str
    verdict: str | None = None
    verdict_at: datetime | None = None

    def excerpt(self, width: int = 80) -> str:
        """The claim's text, cut to ``width`` characters."""
        return self.text if len(self.text) <= width else self.text[: width - 1] + "…"

    def describe_outcome(self) -> str:
        """ ", rated false on 2025-01-29" or ", new" — what became of the claim."""
        if self.verdict and self.verdict_at:
            return f", rated {self.verdict} on {self.verdict_at.date().isoformat()}"
        return f", {self.status.replace('_', ' ')}"


def similarity(a: str, b: str) -> float:
    """Token-set similarity of two texts after normalisation, 0..1."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(normalise_claim(a), normalise_claim(b)) / 100.0


def find_matches(session: Session, text: str, *, limit: int = 5) -> list[Match]:
    """The claims most like ``text``, best first: exact matches, then near ones."""
    from claimtracker.services.claims import current_verdicts

    exact_ids = list(
        session.scalars(
            select(Claim.id).where(Claim.text_hash == text_hash(text)).order_by(Claim.id)
        )
    )
    hits = search.search(session, text, limit=CANDIDATES)
    candidate_ids = exact_ids + [h.claim_id for h in hits if h.claim_id not in exact_ids]
    if not candidate_ids:
        return []
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(candidate_ids)))}
    verdicts = current_verdicts(session, candidate_ids)
    scored: list[Match] = []
    for claim_id in candidate_ids:
        claim = claims[claim_id]
        exact = claim_id in exact_ids
        verdict = verdicts.get(claim_id)
        scored.append(
            Match(
                claim_id=claim_id,
                text=claim.text,
                score=1.0 if exact else similarity(text, claim.text),
                exact=exact,
                status=str(claim.status),
                verdict=verdict[0] if verdict else None,
                verdict_at=verdict[1] if verdict else None,
            )
        )
    scored.sort(key=lambda m: (not m.exact, -m.score, m.claim_id))
    return scored[:limit]


def find_duplicates(session: Session, text: str) -> list[Match]:
    """Claims that are the same as ``text`` or very like it (score >= the threshold)."""
    return [m for m in find_matches(session, text) if m.exact or m.score >= DUPLICATE_THRESHOLD]
