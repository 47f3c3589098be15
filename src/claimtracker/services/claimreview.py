"""ClaimReview exchange: published verdicts out as plain data, other fact-checkers' reviews in.

The one door to the two directions, each in its module:

* export, :func:`published_reviews` (:mod:`claimtracker.services.claimreview_export`): the
  published verdicts, streamed in batches, as the data the exporter turns into JSON-LD;
* import, :func:`import_records` (:mod:`claimtracker.services.claimreview_import`): records
  read by :mod:`claimtracker.importers.claimreview` applied as published verdicts, recognised
  again when they come back (:mod:`claimtracker.services.claimreview_match`).
"""

from claimtracker.services.claimreview_export import (
    EXPORT_BATCH,
    PublishedReviews,
    published_reviews,
)
from claimtracker.services.claimreview_import import ImportReport, import_records

__all__ = [
    "EXPORT_BATCH",
    "ImportReport",
    "PublishedReviews",
    "import_records",
    "published_reviews",
]
