"""'Already checked?': find claims that say the same thing as a text.

Two stages. Exact: the same normalised text (case, accents, quotes and spacing ignored), by
hash. Near: the full-text ranking (BM25 on both backends) of the text's
content words, after the noise of social-media posts is taken out (links, "RT", handles and
hashtags glued into one word, function words).

The full-text rank decides the order; it is by far the better judge of which claim a text is
about (on CheckThat! 2020, re-sorting by a string similarity lost a third of MAP@5). The
score says how alike the two are: a similarity of their content words, discounted by the
candidate's full-text rank, so that one number both orders the list and, against
:data:`DUPLICATE_THRESHOLD`, decides what "very similar" is. docs/matching.md has the
measurements behind each choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.models import Claim
from claimtracker.services import polarity, search, verdicts
from claimtracker.services.stop_words import is_function_word
from claimtracker.text import search_terms, text_hash

if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime

    from sqlalchemy.orm import Session

# Score (0..1) from which `claim add` says "looks like #N": the best F0.5 (precision counts
# double: a false warning blocks the user) on CheckThat! 2020 train pairs; on dev it flags
# pairs with precision 0.86 and recall 0.61 (docs/matching.md).
DUPLICATE_THRESHOLD = 0.50
# Similarity (0..1, as :func:`similarity`, of the words without negators and doubt cues) from
# which a claim of the opposite polarity is listed as related to a new one; tuned on the
# train and dev pairs of benchmarks/duplicates (docs/matching.md "Rebuttals and negations").
RELATED_THRESHOLD = 0.50
# Content words two texts must share for their similarity to count in full; fewer scale it
# down. Damping below 3 cost nothing measurable on CheckThat! 2020 train (MAP@5 0.865 ->
# 0.866, F0.5 of the warning 0.855 -> 0.850) and keeps short claims that share one word apart.
MIN_SHARED = 3
# Full-text candidates scored per query; a candidate ranked r-th scores at most 1/r, so ones
# further down cannot reach the first five.
CANDIDATES = 30

# English function words, and the debris of tokenising contractions ("don't" -> "don", "t").
# They say nothing about which claim a text makes, but words such as "did", "does" and "this"
# are frequent in fact-check headlines ("Did X say ...?"), where BM25 rewards them. Dropping
# them from the query raised MAP@5 by 1.4 points on train and 1.2 on dev.
_STOP_WORDS = """
    a about after again all also am amp an and any are aren as at be because been before
    being both but by can could couldn d did didn do does doesn doing don down during each
    few for from further get go going gonna got had has have having he her here hers herself
    him himself his how i if im in into is isn it its itself just ll let lets m may me might
    more most must my myself no nor not now o of off on once only or other our ours
    ourselves out over own re rt s same shall she should shouldn so some such t than that
    the their theirs them themselves then there these they this those through to too u
    under until up upon ur us ve very via was wasn we were weren what when where which
    while who whom why will with won would wouldn y you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Links say nothing a claim would (and t.co ones are random): removing them gained 0.4 points
# of MAP@5 on train, 0.7 on dev. pic.twitter.com links come glued to the word before them in
# copied tweets ("#Iranpic.twitter.com/x"); content_words unglues them first.
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|co|ly|io|me|be|gl|fb|tv|us|uk)/\S*",
    re.IGNORECASE,
)
_RETWEET = re.compile(r"^\s*RT\b:?\s*")
# @handles and #hashtags join words ("@realDonaldTrump", "#FreeIran2020"); their parts are
# what fact-checks mention. Splitting them gained 2.8 points of MAP@5 on train, 2.1 on dev.
_TAG = re.compile(r"[@#](\w+)")
_WORD_JOINT = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)


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
        if self.verdict:
            return f", rated {self.verdict} (date unknown)"
        return f", {self.status.replace('_', ' ')}"


def _split_tag(found: re.Match[str]) -> str:
    return " " + _WORD_JOINT.sub(" ", found.group(1)).replace("_", " ") + " "


def content_words(text: str) -> list[str]:
    """The folded words of ``text`` that can tell one claim from another, in order.

    Links and a leading "RT" are dropped, handles and hashtags split into their words
    ("#FreeIran2020" -> "free", "iran", "2020"), function words left out. A text made only of
    function words keeps them all, so that it can still be searched for.
    """
    # A space before pic.twitter.com so the word it is glued to survives the link's removal.
    cleaned = _LINK.sub(" ", text.replace("pic.twitter.com", " pic.twitter.com"))
    cleaned = _TAG.sub(_split_tag, _RETWEET.sub(" ", cleaned))
    words = search_terms(cleaned)
    content = [w for w in words if w not in STOP_WORDS and (w.isascii() or not is_function_word(w))]
    return content or words


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0..1, as find_matches scores its best candidate.

    The token-set similarity of their content words (1.0 when those of one are all among
    those of the other, so a post that repeats a claim with words around it scores high),
    damped when they share fewer than :data:`MIN_SHARED` of them: two short claims with one
    word in common ("First claim", "Second claim") would otherwise be 0.62 alike, though
    nothing says they are the same claim.
    """
    return _alike(content_words(a), content_words(b))


def _alike(words: list[str], other: list[str]) -> float:
    from rapidfuzz import fuzz

    shared = len(set(words).intersection(other))
    return (
        fuzz.token_set_ratio(" ".join(words), " ".join(other))
        / 100.0
        * min(1.0, shared / MIN_SHARED)
    )


def find_matches(session: Session, text: str, *, limit: int = 5) -> list[Match]:
    """The claims most like ``text``, best first: exact matches, then near ones.

    Exact matches score 1.0. A near one scores its :func:`similarity` to ``text`` (against
    the claim's text and the headlines of its reviews) divided by its full-text rank.
    """
    if limit <= 0:
        return []
    exact_ids = list(
        session.scalars(
            # A retracted claim was captured by mistake: it is no "already checked" match.
            select(Claim.id)
            .where(Claim.text_hash == text_hash(text), Claim.retracted_at.is_(None))
            .order_by(Claim.id)
        )
    )
    query = content_words(text)
    hits = search.search(session, " ".join(query), limit=max(CANDIDATES, limit)) if query else []
    # Ranks count every hit, exact ones included: the rank is the full-text engine's verdict.
    ranked = [(rank, h.claim_id) for rank, h in enumerate(hits, start=1)]
    ranked = [(rank, claim_id) for rank, claim_id in ranked if claim_id not in exact_ids]
    fused = _semantic_near(session, text, query, ranked, exact_ids, limit)
    candidate_ids = exact_ids + [claim_id for _, claim_id in ranked]
    candidate_ids += [claim_id for claim_id, _ in fused or [] if claim_id not in candidate_ids]
    if not candidate_ids:
        return []
    claims = {
        row.id: row
        for row in session.execute(
            select(Claim.id, Claim.text, Claim.status).where(Claim.id.in_(candidate_ids))
        )
    }
    near = fused or _best_near(
        query,
        ranked,
        {claim_id: claims[claim_id].text for _, claim_id in ranked},
        verdicts.headlines(session, [claim_id for _, claim_id in ranked]),
        wanted=limit - len(exact_ids),
    )
    chosen = [(claim_id, 1.0, True) for claim_id in exact_ids[:limit]]
    chosen += [(claim_id, score, False) for claim_id, score in near]
    outcomes = verdicts.current_outcomes(session, [claim_id for claim_id, _, _ in chosen])
    matches: list[Match] = []
    for claim_id, score, exact in chosen:
        outcome = outcomes.get(claim_id)
        matches.append(
            Match(
                claim_id=claim_id,
                text=claims[claim_id].text,
                score=score,
                exact=exact,
                status=str(claims[claim_id].status),
                verdict=outcome.rating if outcome else None,
                verdict_at=outcome.published_at if outcome else None,
            )
        )
    return matches


def _semantic_near(
    session: Session,
    text: str,
    query: list[str],
    ranked: list[tuple[int, int]],
    exact_ids: list[int],
    limit: int,
) -> list[tuple[int, float]] | None:
    """The near matches as the optional semantic matcher orders them; None when it is off.

    On when the database's setting ``matching.semantic`` is (services/semantic.py,
    docs/matching.md "Semantic matcher"); numpy and the model are loaded only then.
    """
    from claimtracker.services import semantic

    if not semantic.enabled(session):
        return None
    return semantic.near_matches(
        session,
        text,
        ranked,
        exclude=exact_ids,
        wanted=limit - len(exact_ids),
        alike=lambda claim_text, headlines: _score(query, claim_text, headlines),
    )


def _best_near(
    query: list[str],
    ranked: list[tuple[int, int]],
    texts: dict[int, str],
    headlines: dict[int, list[str]],
    *,
    wanted: int,
) -> list[tuple[int, float]]:
    """The ``wanted`` best (claim id, score) of the full-text hits, best first.

    A hit ranked r-th scores at most 1/r, so scoring stops once that bound cannot beat the
    ``wanted``-th score found: usually after a handful of the candidates.
    """
    best: list[tuple[float, int, int]] = []  # (score, rank, claim id), best first
    if wanted <= 0:
        return []
    for rank, claim_id in ranked:
        if len(best) >= wanted and 1.0 / rank <= best[wanted - 1][0]:
            break  # ties go to the better rank, so an equal bound cannot get in either
        score = _score(query, texts[claim_id], headlines.get(claim_id)) / rank
        best.append((score, rank, claim_id))
        best.sort(key=lambda item: (-item[0], item[1]))
    return [(claim_id, score) for score, _, claim_id in best[:wanted]]


def _score(query: list[str], claim_text: str, headlines: list[str] | None) -> float:
    """:func:`similarity` of the query to the claim as stated and as headlined."""
    return _alike(query, content_words(" ".join([claim_text, *(headlines or [])])))


@dataclass(frozen=True)
class Related:
    """A claim about the same proposition as a new text, which one of them negates or doubts."""

    match: Match
    relation: str  # from the new text's side: "negates it", "it doubts this claim"…


@dataclass(frozen=True)
class DuplicateCheck:
    """What the duplicate check of `claim add` found: claims to stop on, claims to mention."""

    duplicates: list[Match]
    related: list[Related]


def check_duplicates(
    session: Session, text: str, *, exclude: Collection[int] = ()
) -> DuplicateCheck:
    """The claims that make the same assertion as ``text``, and those that answer it.

    A near match is a duplicate when its score reaches :data:`DUPLICATE_THRESHOLD` and both
    texts have the same polarity (services/polarity.py). When one affirms and the other
    negates or doubts, it is *related* instead, provided what they are about (their words
    without the cues) is alike to :data:`RELATED_THRESHOLD`: "X is not Y" answers "X is Y",
    it does not repeat it. Claims in ``exclude`` (those the new claim is linked to as it is
    captured) are neither.
    """
    return classify(text, find_matches(session, text), exclude=exclude)


def classify(text: str, matches: list[Match], *, exclude: Collection[int] = ()) -> DuplicateCheck:
    """:func:`check_duplicates` on matches already found for ``text``."""
    about = content_words(polarity.without_cues(text))
    duplicates: list[Match] = []
    related: list[Related] = []
    for match in matches:
        if match.claim_id in exclude:
            continue
        new = polarity.polarity_towards(text, match.text)
        theirs = polarity.polarity_towards(match.text, text)
        if not match.exact and polarity.opposed(new, theirs):
            if _alike(about, content_words(polarity.without_cues(match.text))) >= RELATED_THRESHOLD:
                related.append(Related(match, polarity.relation(new, theirs)))
        elif match.exact or match.score >= DUPLICATE_THRESHOLD:
            duplicates.append(match)
    return DuplicateCheck(duplicates, related)


def find_duplicates(session: Session, text: str) -> list[Match]:
    """Claims that make the same assertion as ``text`` (:func:`check_duplicates`)."""
    return check_duplicates(session, text).duplicates
