"""An imported rating: the label it maps to here, the publisher's words kept, and why a
re-import that maps it elsewhere is a correction.

The publisher's wording is the record: it is kept verbatim on every imported verdict (even
when it is one of our labels' names), and its numbers beside it. The label is ours, found
through the alias table; when the wording matches no alias but the publisher gave a number,
the number's place on the publisher's scale decides (a review exported by a database that
knew a wording, "1/6" on PolitiFact's six-point scale, is thus read the same in one that does
not). A wording that matches nothing and has no number lands on ``unrated``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtracker.formats.schema_org import MAX_RATING_LENGTH

if TYPE_CHECKING:
    from claimtracker.importers.claimreview import RatingRecord
    from claimtracker.models import RatingLabel, Verdict
    from claimtracker.services.rating_aliases import AliasTable

__all__ = ["PUBLISHER_CHANGED", "correction_reason", "map_rating"]

PUBLISHER_CHANGED = "the publisher changed its rating"


def map_rating(rating: RatingRecord, table: AliasTable) -> tuple[RatingLabel | None, str]:
    """The label ``rating`` maps to (None if nothing matches), and the wording to keep."""
    label = table.lookup(rating.text) if rating.text else None
    if label is None and rating.value is not None:
        label = table.by_value(
            rating.value,
            rating.best if rating.best is not None else 5,
            rating.worst if rating.worst is not None else 1,
        )
    wording = rating.describe()
    if len(wording) > MAX_RATING_LENGTH:
        wording = wording[: MAX_RATING_LENGTH - 1] + "…"
    return label, wording


def correction_reason(
    previous: Verdict, rating: RatingRecord, wording: str, label: RatingLabel
) -> str:
    """Why a review read again gets a new verdict: the publisher's change, or ours.

    The same words with the same numbers now mapping to another label means the alias table
    (or our scale) changed here, not the publisher's review: saying "the publisher changed
    its rating" would put words in its mouth.
    """
    same_words = previous.original_rating == wording
    same_numbers = previous.original_value in (None, rating.value)
    if not (same_words and same_numbers) or previous.label_id == label.id:
        return PUBLISHER_CHANGED
    if rating.text:
        return f"the local rating alias for {wording!r} changed"
    return f"the local mapping of the rating {wording} onto our scale changed"
