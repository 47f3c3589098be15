"""Claim vectors held in memory for cosine search, and their byte form in the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from claimtracker.semantic import one_blas_thread

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from numpy.typing import NDArray

# Little-endian float32 whatever the machine: the bytes are portable between databases.
VECTOR_DTYPE = np.dtype("<f4")


def to_bytes(vector: NDArray[np.float32]) -> bytes:
    """The stored form of one vector."""
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def from_bytes(raw: bytes) -> NDArray[np.float32]:
    """One stored vector, as float32."""
    return np.frombuffer(raw, dtype=VECTOR_DTYPE).astype(np.float32)


class VectorIndex:
    """Stored vectors of one model, as one matrix, for exhaustive cosine search.

    Exhaustive because it is exact and, at the sizes it is used for, fast: one matrix-vector
    product over 10,000 vectors of 384 floats is about a millisecond. Vectors are added or
    replaced as they are read (:meth:`update`), so a process keeps its index and reads only
    what changed since.
    """

    def __init__(self) -> None:
        self.ids: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.matrix: NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        self._row_of: dict[int, int] = {}
        # What the database said last: the newest vector's timestamp (see services.semantic).
        self.newest: datetime | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def update(self, rows: Iterable[tuple[int, bytes]]) -> None:
        """Add ``(claim id, stored vector)`` rows, replacing the vectors of claims already in."""
        new_ids: list[int] = []
        new_vectors: list[NDArray[np.float32]] = []
        for claim_id, raw in rows:
            vector = from_bytes(raw)
            row = self._row_of.get(claim_id)
            if row is not None:
                self.matrix[row] = vector
            else:
                self._row_of[claim_id] = len(self.ids) + len(new_ids)
                new_ids.append(claim_id)
                new_vectors.append(vector)
        if not new_ids:
            return
        added = np.vstack(new_vectors)
        self.matrix = added if not len(self.ids) else np.vstack([self.matrix, added])
        self.ids = np.concatenate([self.ids, np.asarray(new_ids, dtype=np.int64)])

    def vectors_of(self, claim_ids: Iterable[int]) -> dict[int, NDArray[np.float32]]:
        """The vectors of those of ``claim_ids`` that have one."""
        rows = self._row_of
        return {c: self.matrix[rows[c]] for c in claim_ids if c in rows}

    def nearest(self, query: NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        """The ``k`` claims whose vectors are closest to ``query`` (unit length), best first."""
        if not len(self) or k <= 0:
            return []
        with one_blas_thread():
            scores = self.matrix @ query
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        # Ties go to the older claim, as in the full-text ranking.
        top = top[np.lexsort((self.ids[top], -scores[top]))]
        return [(int(self.ids[i]), float(scores[i])) for i in top]
