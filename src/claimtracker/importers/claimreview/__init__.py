"""Read schema.org ClaimReview from other fact-checkers into plain records. No database, no click.

Accepted inputs, told apart by their content rather than their file name, one module each:

* JSON-LD (:mod:`.json_ld`): a single ClaimReview object, an array of them, an ``@graph``
  document, a schema.org ``DataFeed`` (``dataFeedElement``), or any JSON-LD tree with
  ClaimReview nodes nested inside (an Article whose ``mainEntity`` is the ClaimReview). Node
  references (``{"@id": "#org"}``) are resolved within the document; property names may be
  compact (``claimReviewed``) or prefixed (``schema:claimReviewed``,
  ``http://schema.org/claimReviewed``).
* HTML pages with ``<script type="application/ld+json">`` blocks (:mod:`.page`), read with the
  standard library's parser; a review without ``url`` takes the page's canonical URL.
* Google Fact Check Tools API ``claims:search`` responses (:mod:`.fact_check_api`).

:mod:`.reader` decodes a file and tells its kind; :mod:`.records` holds what every kind
produces; :mod:`.nodes` walks JSON-LD; the vocabulary is
:mod:`claimtracker.formats.schema_org`'s, shared with the exporter.

Everything is checked here (texts, names, URLs, dates) so that applying the records to a
database fails only on a real conflict. A file that cannot be read at all raises
:class:`~claimtracker.errors.InvalidInput`; a single bad review is returned as a
:class:`Problem` naming the file and the review's index, so the caller decides whether one bad
review stops the import.
"""

from claimtracker.importers.claimreview.reader import parse_bytes, parse_text, read_path
from claimtracker.importers.claimreview.records import (
    ParsedFile,
    Party,
    Problem,
    RatingRecord,
    ReviewRecord,
    WorkRecord,
)

__all__ = [
    "ParsedFile",
    "Party",
    "Problem",
    "RatingRecord",
    "ReviewRecord",
    "WorkRecord",
    "parse_bytes",
    "parse_text",
    "read_path",
]
