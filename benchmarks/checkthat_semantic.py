"""The semantic matcher in the CheckThat! benchmark: turn it on and give every claim its vector.

``python -m benchmarks.checkthat --semantic`` calls :func:`enable` after loading the claims.
Vectors are computed by ``services.semantic.embed``, exactly as ``claim db embed`` does, in
batches. Embedding the 10,375 claims and their headlines takes minutes on a 2-core machine,
so the vectors are kept in ``benchmarks/.work/`` under the SHA-256 of every claim's embedding
input (and so of the model name and the text given to the model): a later run on the same
data reads them back, and any change to what is embedded makes a new file. ``--no-cache``
recomputes them.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from claimtracker import semantic as extra
from claimtracker.db.base import utcnow
from claimtracker.models import Claim, ClaimEmbedding, Setting
from claimtracker.services import semantic, verdicts

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

CACHE_DIR = Path(__file__).resolve().parent / ".work"
BATCH = 512


def _inputs(session: Session) -> dict[int, str]:
    """Claim id -> the hash of its embedding input, for every claim."""
    texts = dict(session.execute(select(Claim.id, Claim.text)).all())
    ids = sorted(texts)
    headlines = verdicts.headlines(session, ids)
    return {
        claim_id: semantic.input_hash(
            semantic.embedding_inputs(texts[claim_id], headlines.get(claim_id, []))
        )
        for claim_id in ids
    }


def enable(engine: Engine, *, use_cache: bool = True) -> str:
    """Set ``matching.semantic`` on and store every claim's vector; a line saying how."""
    import numpy as np

    extra.require("--semantic")
    with Session(engine) as session, session.begin():
        session.add(Setting(key=semantic.SETTING, value="True", updated_by="checkthat-benchmark"))
        hashes = _inputs(session)
    digest = hashlib.sha256("\n".join(hashes[i] for i in sorted(hashes)).encode()).hexdigest()
    cache = CACHE_DIR / f"checkthat_vectors_{digest[:16]}.npy"
    ids = sorted(hashes)
    if use_cache and cache.exists():
        vectors = np.load(cache)
        with Session(engine) as session, session.begin():
            now = utcnow()
            session.execute(
                insert(ClaimEmbedding),
                [
                    {
                        "claim_id": claim_id,
                        "model": extra.MODEL_NAME,
                        "input_hash": hashes[claim_id],
                        "vector": vectors[row].astype("<f4").tobytes(),
                        "created_at": now,
                    }
                    for row, claim_id in enumerate(ids)
                ],
            )
        return f"vectors of {len(ids):,} claims read from {cache.name}"
    start = time.perf_counter()
    for at in range(0, len(ids), BATCH):
        with Session(engine) as session, session.begin():
            semantic.embed(session, ids[at : at + BATCH])
    seconds = time.perf_counter() - start
    with Session(engine) as session:
        stored = dict(
            session.execute(
                select(ClaimEmbedding.claim_id, ClaimEmbedding.vector).where(
                    ClaimEmbedding.model == extra.MODEL_NAME
                )
            ).all()
        )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(cache, np.vstack([np.frombuffer(stored[i], dtype="<f4") for i in ids]))
    return f"embedded {len(ids):,} claims in {seconds:.1f} s ({len(ids) / seconds:.0f} claims/s)"
