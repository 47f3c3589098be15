"""What a new claim and its appearance are stored with: their columns and the values a new one
starts with, in one place for every way of writing them.

A claim captured by hand (``claims.add_claim``, through the ORM) and one brought in by an
import (``community_notes``, in bulk) start alike: a fresh public id, the hash of its text,
review status ``new``, created and last updated by whoever adds it, its language in BCP 47
canonical form — or, when none is given, the language its script names, marked as inferred
(``scripts.infer_language``; unknown when the script is shared). The writer adds what is
its own: the ids, the claimant (a relationship for the ORM, an id in bulk), the times of
creation (the models' defaults, or one time for a whole batch) and, in bulk, the driver form
of the values.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from claimtracker.enums import ReviewStatus
from claimtracker.languages import normalise_language
from claimtracker.scripts import infer_language
from claimtracker.text import text_hash

if TYPE_CHECKING:
    from datetime import datetime

    from claimtracker.enums import ClaimKind, DatePrecision


IMPORTED_CLAIM_NAMESPACE = uuid.UUID("24171df9-751b-4229-8336-53b593bb7111")
"""The namespace of imported claims' public ids. Fixed for good: changing it would give the
same review's claim another id in every database that imports it from then on."""


def imported_claim_id(review_url: str, text: str) -> str:
    """The public id of a claim first known from the review at ``review_url`` (normalised) of
    ``text`` (cleaned): derived, not drawn, so two databases importing the same review agree
    on which claim it is (and an export from one is recognised in the other)."""
    return str(uuid.uuid5(IMPORTED_CLAIM_NAMESPACE, f"{review_url}\n{text}"))


def new_claim(
    text: str,
    *,
    kind: ClaimKind,
    actor: str,
    claimed_at: datetime | None = None,
    claimed_precision: DatePrecision | None = None,
    language: str | None = None,
    public_id: str | None = None,
) -> dict[str, Any]:
    """The columns of a new claim of ``text`` (already cleaned), by name, as Python values.

    Raises :class:`InvalidInput` when ``language`` is not a language code.
    """
    inferred = language is None
    language = infer_language(text) if language is None else normalise_language(language)
    return {
        "public_id": public_id or str(uuid.uuid4()),
        "text": text,
        "text_hash": text_hash(text),
        "language": language,
        "language_inferred": inferred and language is not None,
        "claimed_at": claimed_at,
        "claimed_precision": claimed_precision,
        "kind": kind,
        "status": ReviewStatus.NEW,
        "created_by": actor,
        "updated_by": actor,
    }


def new_appearance(
    claim_id: int,
    source_id: int,
    *,
    quote: str | None,
    is_first: bool,
    actor: str,
    appeared_at: datetime | None = None,
    appeared_precision: DatePrecision | None = None,
) -> dict[str, Any]:
    """The columns of a new appearance of a claim in a source, by name, as Python values."""
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "quote": quote,
        "is_first": is_first,
        "appeared_at": appeared_at,
        "appeared_precision": appeared_precision,
        "created_by": actor,
    }
