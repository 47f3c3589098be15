"""The optional semantic matcher: claim vectors in the database, fused with the lexical ranking.

On when the database's setting ``matching.semantic`` is on (it needs the ``semantic`` extra:
:mod:`claimtracker.semantic`). Then:

* every claim has a vector in ``claim_embedding``: the sentence embedding of its text and of
  the headlines of the pages that review it (their mean, made unit length), computed when the
  claim is added or reviewed (:func:`refresh`) and by ``claim db embed`` for the rest
  (:func:`pending`, :func:`embed`, a unit of work a batch: :func:`embed_batches`);
* ``find_matches`` asks :func:`near_matches` to order its near matches: the full-text hits
  and the claims nearest in meaning are ranked together by
  ``W_COSINE * cosine + (1 - W_COSINE) * similarity / sqrt(full-text rank)``.

Why a per-database setting rather than "on whenever installed": the vectors must cover every
claim to be useful, and a shared PostgreSQL database is written by installs that may differ;
the database, not one install, has to say whether they are kept. docs/matching.md has the
measurements behind each constant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select

from claimtracker import semantic
from claimtracker.db.base import utcnow
from claimtracker.models import Claim, ClaimEmbedding
from claimtracker.services import settings, verdicts

# What a vector is computed from; callers name these semantic.embedding_text and so on.
from claimtracker.services.embedding_inputs import embedding_inputs, embedding_text, input_hash

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from contextlib import AbstractContextManager

    from numpy.typing import NDArray
    from sqlalchemy.orm import Session

    from claimtracker.semantic.index import VectorIndex

SETTING = "matching.semantic"
# Weight of the cosine in the fused score; the rest goes to the lexical part. The best MAP@5
# on CheckThat! 2020 train over a 0.05 grid (0.920; dev 0.905, against 0.866 / 0.805 for the
# lexical matcher alone).
W_COSINE = 0.75
# The lexical part is the similarity of the texts divided by the square root of the full-text
# rank: the lexical matcher divides by the rank itself, which left the fused ranking 0.35
# points of MAP@5 lower on train (0.916) and 0.2 on dev (0.903).
RANK_POWER = 0.5
# Claims nearest in meaning added to the full-text hits. 5, 10, 20 or 50 gave the same MAP@5
# on train and dev; without them (re-ranking the full-text hits only) it was 0.915 / 0.881.
NEAREST = 10
# Above this many vectors, reading them all into each process (1.5 kB each) costs more than a
# query may: only the full-text hits are then re-ranked, with their vectors read by id.
SCAN_LIMIT = 200_000
# Texts per forward pass of the model when embedding many claims.
BATCH = 64

# Per process: the vectors of each database (engine URL) read once, read again when they change.
_INDEXES: dict[str, VectorIndex] = {}
# Databases found to hold more than SCAN_LIMIT vectors: never read whole by this process.
_TOO_MANY: set[str] = set()


# --- settings and availability ------------------------------------------------------------


def enabled(session: Session) -> bool:
    """Whether this database uses the semantic matcher (setting ``matching.semantic``)."""
    return bool(settings.get(session, SETTING))


def _require() -> None:
    semantic.require(
        f"this database ({SETTING} is on; turn it off with `claim config set {SETTING} off`)"
    )


# --- what is embedded (the inputs themselves: services/embedding_inputs.py) ---------------


def _claim_vectors(inputs: Sequence[Sequence[str]]) -> NDArray[Any]:
    """One unit vector per claim: its text's vector plus the mean of its headlines' vectors.

    A claim's text and the fact-checkers' headline for it word the same claim differently;
    the sum of the two (then normalised) matched tweets better than the text alone (fused
    MAP@5 train 0.920 / dev 0.905 against 0.919 / 0.894).
    """
    import numpy as np

    flat = [text for parts in inputs for text in parts]
    vectors = semantic.encoder().encode(flat, batch_size=BATCH)
    out = np.zeros((len(inputs), vectors.shape[1]), dtype=np.float32)
    at = 0
    for row, parts in enumerate(inputs):
        own, headlines = vectors[at], vectors[at + 1 : at + len(parts)]
        out[row] = own + headlines.mean(axis=0) if len(headlines) else own
        at += len(parts)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


# Ids per IN list: far below every backend's limit on bound parameters.
_IN_CHUNK = 1000


def _texts(session: Session, claim_ids: Sequence[int], *, retracted: bool = True) -> dict[int, str]:
    """The text of each of ``claim_ids`` that exists (not retracted, unless ``retracted``)."""
    found: dict[int, str] = {}
    for start in range(0, len(claim_ids), _IN_CHUNK):
        chunk = claim_ids[start : start + _IN_CHUNK]
        query = select(Claim.id, Claim.text).where(Claim.id.in_(chunk))
        if not retracted:
            query = query.where(Claim.retracted_at.is_(None))
        found.update((claim_id, text) for claim_id, text in session.execute(query))
    return found


# --- keeping the vectors --------------------------------------------------------------------


def refresh(session: Session, claim: Claim) -> None:
    """Compute ``claim``'s vector again if this database uses the semantic matcher.

    Called where the claim's search document is rebuilt (a new claim, a new review page), so
    that its vector covers the same text and headlines.
    """
    if enabled(session):
        _require()
        session.flush()
        embed(session, [claim.id])


def pending(session: Session, *, everything: bool = False) -> list[int]:
    """Claims whose vector is missing or stale (their text or headlines changed), by id.

    ``everything``: every claim. Reads every claim's text once, in batches.
    """
    stored = dict(
        session.execute(
            select(ClaimEmbedding.claim_id, ClaimEmbedding.input_hash).where(
                ClaimEmbedding.model == semantic.MODEL_NAME
            )
        ).all()
    )
    due: list[int] = []
    last = 0
    while True:
        rows = list(
            session.execute(
                select(Claim.id, Claim.text).where(Claim.id > last).order_by(Claim.id).limit(5000)
            )
        )
        if not rows:
            return due
        headlines = verdicts.headlines(session, [claim_id for claim_id, _ in rows])
        for claim_id, text in rows:
            current = input_hash(embedding_inputs(text, headlines.get(claim_id, [])))
            if everything or stored.get(claim_id) != current:
                due.append(claim_id)
        last = rows[-1][0]


def embed(session: Session, claim_ids: Sequence[int]) -> int:
    """Compute and store the vectors of ``claim_ids``, replacing older ones; how many."""
    from claimtracker.semantic.index import to_bytes

    if not claim_ids:
        return 0
    semantic.require("embedding claims")
    texts = _texts(session, claim_ids)
    ids = [claim_id for claim_id in claim_ids if claim_id in texts]
    headlines = verdicts.headlines(session, ids)
    inputs = [embedding_inputs(texts[i], headlines.get(i, [])) for i in ids]
    vectors = _claim_vectors(inputs)
    for start in range(0, len(ids), _IN_CHUNK):
        session.execute(
            delete(ClaimEmbedding).where(
                ClaimEmbedding.model == semantic.MODEL_NAME,
                ClaimEmbedding.claim_id.in_(ids[start : start + _IN_CHUNK]),
            )
        )
    now = utcnow()
    session.execute(
        insert(ClaimEmbedding),
        [
            {
                "claim_id": claim_id,
                "model": semantic.MODEL_NAME,
                "input_hash": input_hash(parts),
                "vector": to_bytes(vector),
                "created_at": now,
            }
            for claim_id, parts, vector in zip(ids, inputs, vectors, strict=True)
        ],
    )
    return len(ids)


@dataclass(frozen=True)
class Batch:
    """One batch of :func:`embed_batches` done: the claims it took, how many it embedded."""

    claims: int
    embedded: int


def embed_batches(
    unit_of_work: Callable[[], AbstractContextManager[Session]],
    claim_ids: Sequence[int],
    *,
    batch: int = 512,
) -> Iterator[Batch]:
    """Embed ``claim_ids`` ``batch`` claims at a time, each batch in a unit of work of its own.

    ``unit_of_work`` opens one and ends it as its block ends (the CLI passes ``App.session``,
    which commits then): a run stopped part-way keeps the batches done, and :func:`pending`
    finds the rest next time. Nothing here commits. Yields as each batch's unit has ended.
    """
    for start in range(0, len(claim_ids), batch):
        chunk = claim_ids[start : start + batch]
        with unit_of_work() as session:
            embedded = embed(session, chunk)
        yield Batch(claims=len(chunk), embedded=embedded)


def coverage(session: Session) -> tuple[int, int]:
    """(claims with a vector of the current model, all claims)."""
    with_vector = session.scalar(
        select(func.count())
        .select_from(ClaimEmbedding)
        .where(ClaimEmbedding.model == semantic.MODEL_NAME)
    )
    return with_vector or 0, session.scalar(select(func.count()).select_from(Claim)) or 0


# --- matching -----------------------------------------------------------------------------


def _index(session: Session) -> VectorIndex | None:
    """This database's vectors, kept in the process; None above :data:`SCAN_LIMIT` of them.

    Read whole the first time, then only the vectors stored since the newest one held (their
    timestamp is indexed with the model): one index seek per query when nothing changed. A
    vector whose claim was deleted stays in memory and is dropped by the caller, which reads
    the candidates' claims; one written by a transaction that committed after a newer one was
    read is picked up at the next change.
    """
    from claimtracker.semantic.index import VectorIndex

    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    if key in _TOO_MANY:
        return None
    index = _INDEXES.get(key)
    of_model = ClaimEmbedding.model == semantic.MODEL_NAME
    if index is None:
        count = session.scalar(select(func.count()).select_from(ClaimEmbedding).where(of_model))
        if (count or 0) > SCAN_LIMIT:
            _TOO_MANY.add(key)
            return None
        index = _INDEXES[key] = VectorIndex()
    newest = session.scalar(select(func.max(ClaimEmbedding.created_at)).where(of_model))
    if newest is not None and (index.newest is None or newest > index.newest):
        since = (
            of_model
            if index.newest is None
            else of_model & (ClaimEmbedding.created_at >= index.newest)
        )
        index.update(
            session.execute(select(ClaimEmbedding.claim_id, ClaimEmbedding.vector).where(since))
        )
        index.newest = newest
    if len(index) > SCAN_LIMIT:
        del _INDEXES[key]
        _TOO_MANY.add(key)
        return None
    return index


def _stored_vectors(session: Session, claim_ids: Sequence[int]) -> dict[int, NDArray[Any]]:
    from claimtracker.semantic.index import from_bytes

    rows = session.execute(
        select(ClaimEmbedding.claim_id, ClaimEmbedding.vector).where(
            ClaimEmbedding.model == semantic.MODEL_NAME,
            ClaimEmbedding.claim_id.in_(claim_ids),
        )
    )
    return {claim_id: from_bytes(raw) for claim_id, raw in rows}


def near_matches(
    session: Session,
    text: str,
    ranked: Sequence[tuple[int, int]],
    *,
    exclude: Sequence[int],
    wanted: int,
    alike: Callable[[str, list[str]], float],
) -> list[tuple[int, float]]:
    """The ``wanted`` best (claim id, score) for ``text``, best first: the fused ranking.

    ``ranked`` are the full-text hits as (rank, claim id), ``exclude`` the exact matches
    (listed before these), ``alike(claim text, headlines)`` the lexical matcher's similarity
    of ``text`` to a claim. Candidates are the hits and the :data:`NEAREST` claims nearest in
    meaning, ordered by ``W_COSINE * cosine + (1 - W_COSINE) * alike / rank ** RANK_POWER``
    (the second term 0 for a claim that is not a hit; the cosine 0 for a claim without a
    vector yet).

    The score returned is the lexical matcher's, with the fused place for the rank: the
    similarity divided by the place in the list (exact matches first). It says how close a
    match is, and the same ``DUPLICATE_THRESHOLD`` decides the duplicate warning: on train
    pairs it was right 94% of the time and found 71% of them, against 90% and 69% for the
    lexical matcher alone.
    """
    _require()
    if wanted <= 0:
        return []
    query = semantic.encoder().encode([embedding_text(text)])[0]
    skip = set(exclude)
    rank_of = {claim_id: rank for rank, claim_id in ranked if claim_id not in skip}
    candidates = dict.fromkeys(rank_of)
    index = _index(session)
    if index is not None:
        nearest = index.nearest(query, NEAREST + len(skip))
        candidates.update(dict.fromkeys(c for c, _ in nearest if c not in skip))
        vectors = index.vectors_of(candidates)
    else:
        vectors = _stored_vectors(session, list(candidates))
    # A retracted claim keeps its vector (it is ready when restored) but is no match.
    texts = _texts(session, list(candidates), retracted=False)
    ids = [claim_id for claim_id in candidates if claim_id in texts]
    headlines = verdicts.headlines(session, ids)
    cosine = {c: float(vectors[c] @ query) if c in vectors else 0.0 for c in ids}
    similarity: dict[int, float] = {}

    def similar(claim_id: int) -> float:
        if claim_id not in similarity:
            similarity[claim_id] = alike(texts[claim_id], headlines.get(claim_id, []))
        return similarity[claim_id]

    def fused(claim_id: int, lexical: float) -> tuple[float, float, int]:
        # Sort key, smallest first: fused score, then the better full-text rank (ties), then
        # the older claim.
        rank = rank_of.get(claim_id)
        value = W_COSINE * cosine[claim_id]
        if rank is not None:
            value += (1 - W_COSINE) * lexical / rank**RANK_POWER
        return (-value, rank or math.inf, claim_id)

    # The similarity (0..1) costs about a millisecond a claim; with 1 in its place each key
    # is a bound, and claims are scored best bound first until no bound can enter the list
    # (usually a dozen of the ~40 candidates).
    best: list[tuple[float, float, int]] = []
    for bound in sorted(fused(c, 1.0) for c in ids):
        if len(best) >= wanted and bound > best[wanted - 1]:
            break
        claim_id = bound[2]
        best.append(fused(claim_id, similar(claim_id)))
        best.sort()
    return [
        (claim_id, similar(claim_id) / (len(skip) + place))
        for place, (*_, claim_id) in enumerate(best[:wanted], start=1)
    ]
