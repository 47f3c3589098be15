"""schema.org ClaimReview: the one vocabulary its reader, its exporter and the import share.

* :class:`Type` and :class:`Prop`: the type and property names, so a name read is a name
  written (``claimReviewed`` cannot be spelt two ways). JSON-LD's own keywords (``@id``,
  ``@type``, ``@context``, ``@value``) are syntax, not schema.org, and stay literal where used.
* What the types mean here: :func:`entity_kind` and :func:`source_kind` read them as our
  :class:`~claimtracker.enums.EntityKind` and :class:`~claimtracker.enums.SourceKind`;
  :func:`party_type` and :func:`work_type` write them back. The two directions are declared
  side by side because an export must read back as what it was (tests hold them to it).
* The length limits the format's fields are held to on the way in. They are the limits of what
  stores them (an entity's name, a source's title, a verdict's rationale and original rating);
  the claim text, tag and quote limits are rules of our data and live in
  :mod:`claimtracker.text`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from claimtracker.enums import EntityKind, SourceKind

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

__all__ = [
    "MAX_EXPLANATION_LENGTH",
    "MAX_NAME_LENGTH",
    "MAX_RATING_LENGTH",
    "MAX_TITLE_LENGTH",
    "SCHEMA_CONTEXT",
    "SCHEMA_PREFIXES",
    "URN_UUID",
    "URN_UUID_PATTERN",
    "Prop",
    "Type",
    "entity_kind",
    "party_type",
    "source_kind",
    "work_type",
]

SCHEMA_CONTEXT: Final = "https://schema.org"
"""The ``@context`` written: Google reads only JSON-LD that declares schema.org."""

SCHEMA_PREFIXES: Final = ("schema:", "http://schema.org/", "https://schema.org/")
"""How names may be prefixed when read (``schema:claimReviewed``): compact is what we write."""

URN_UUID: Final = "urn:uuid:"
"""Our reviews' and claims' ``@id`` scheme: identifiers that survive a change of web address."""

URN_UUID_PATTERN: Final = re.compile(re.escape(URN_UUID) + r"([0-9a-fA-F-]{36})")
"""An ``@id`` (or ``url``) of that scheme, read back; the group is the UUID."""


class Type:
    """schema.org type names (values of ``@type``)."""

    CLAIM_REVIEW: Final = "ClaimReview"
    CLAIM: Final = "Claim"
    RATING: Final = "Rating"
    QUOTATION: Final = "Quotation"
    DATA_FEED: Final = "DataFeed"
    CREATIVE_WORK: Final = "CreativeWork"
    PERSON: Final = "Person"
    ORGANIZATION: Final = "Organization"


class Prop:
    """schema.org property names, compact (as written; see :data:`SCHEMA_PREFIXES`)."""

    # ClaimReview
    CLAIM_REVIEWED: Final = "claimReviewed"
    REVIEW_RATING: Final = "reviewRating"
    ITEM_REVIEWED: Final = "itemReviewed"
    EXPIRES: Final = "expires"
    # Rating
    ALTERNATE_NAME: Final = "alternateName"
    RATING_VALUE: Final = "ratingValue"
    BEST_RATING: Final = "bestRating"
    WORST_RATING: Final = "worstRating"
    RATING_EXPLANATION: Final = "ratingExplanation"
    # Claim
    FIRST_APPEARANCE: Final = "firstAppearance"
    APPEARANCE: Final = "appearance"
    # any Thing or CreativeWork
    NAME: Final = "name"
    HEADLINE: Final = "headline"
    LEGAL_NAME: Final = "legalName"
    URL: Final = "url"
    SAME_AS: Final = "sameAs"
    AUTHOR: Final = "author"
    PUBLISHER: Final = "publisher"
    DATE_PUBLISHED: Final = "datePublished"
    DATE_MODIFIED: Final = "dateModified"
    # Person
    JOB_TITLE: Final = "jobTitle"
    IN_LANGUAGE: Final = "inLanguage"
    KEYWORDS: Final = "keywords"
    HAS_PART: Final = "hasPart"
    TEXT: Final = "text"
    # DataFeed
    DATA_FEED_ELEMENT: Final = "dataFeedElement"


# -- limits on the way in ------------------------------------------------------------------------

MAX_NAME_LENGTH: Final = 300
"""A claimant's, reviewer's or author's name: an entity's name."""
MAX_TITLE_LENGTH: Final = 2000
"""A review's or a work's ``name``/``headline``: a source's title."""
MAX_EXPLANATION_LENGTH: Final = 50_000
"""A textual rating and a ``ratingExplanation``: a verdict's rationale."""
MAX_RATING_LENGTH: Final = 200
"""The publisher's wording of a rating, kept beside our label (a verdict's original rating)."""


# -- types <-> kinds -----------------------------------------------------------------------------

_PERSON_TYPES: Final = frozenset({Type.PERSON, "Patient"})
_OUTLET_TYPES: Final = frozenset({"NewsMediaOrganization"})

# Types of the works claims appear in -> source kinds (the rest: OTHER).
_WORK_KINDS: Final[Mapping[str, SourceKind]] = {
    "NewsArticle": SourceKind.NEWS_ARTICLE,
    "ReportageNewsArticle": SourceKind.NEWS_ARTICLE,
    "AnalysisNewsArticle": SourceKind.NEWS_ARTICLE,
    "OpinionNewsArticle": SourceKind.NEWS_ARTICLE,
    "BackgroundNewsArticle": SourceKind.NEWS_ARTICLE,
    "SocialMediaPosting": SourceKind.SOCIAL_POST,
    "DiscussionForumPosting": SourceKind.SOCIAL_POST,
    "BlogPosting": SourceKind.SOCIAL_POST,
    "ScholarlyArticle": SourceKind.PAPER,
    "Dataset": SourceKind.DATASET,
    "VideoObject": SourceKind.VIDEO,
    "Clip": SourceKind.VIDEO,
    Type.CLAIM_REVIEW: SourceKind.FACT_CHECK,
}

_PARTY_TYPES: Final[Mapping[EntityKind, str]] = {
    EntityKind.PERSON: Type.PERSON,
    # Accounts are overwhelmingly people's; they are read back as persons.
    EntityKind.PLATFORM_ACCOUNT: Type.PERSON,
    EntityKind.ORGANISATION: Type.ORGANIZATION,
    # An Organization subtype: an outlet reviewing a claim comes back an outlet.
    EntityKind.OUTLET: "NewsMediaOrganization",
    EntityKind.COLLECTIVE: Type.ORGANIZATION,
}
# Source kinds with an unambiguous type, each read back as the same kind.
_WORK_TYPES: Final[Mapping[SourceKind, str]] = {
    SourceKind.NEWS_ARTICLE: "NewsArticle",
    SourceKind.SOCIAL_POST: "SocialMediaPosting",
    SourceKind.PAPER: "ScholarlyArticle",
    SourceKind.DATASET: "Dataset",
    SourceKind.VIDEO: "VideoObject",
}


def entity_kind(types: Collection[str], default: EntityKind) -> EntityKind:
    """What a party of these (local) type names is; ``default`` when they do not say."""
    if not _PERSON_TYPES.isdisjoint(types):
        return EntityKind.PERSON
    if not _OUTLET_TYPES.isdisjoint(types):
        return EntityKind.OUTLET
    # Any of schema.org's many Organization subtypes, and the British spelling seen in the wild.
    if any(t.endswith("Organization") or t == "Organisation" for t in types):
        return EntityKind.ORGANISATION
    return default


def source_kind(types: Iterable[str]) -> SourceKind:
    """What a work of these (local) type names is; OTHER when none says."""
    # Sorted, so a node of several types gets the same kind whatever order they came in.
    return next((_WORK_KINDS[t] for t in sorted(types) if t in _WORK_KINDS), SourceKind.OTHER)


def party_type(kind: EntityKind | None) -> str | None:
    """The ``@type`` of a party of this kind; None (no type) when its kind is not known.

    Google recommends a Person or an Organization; a guess would be published as fact.
    """
    return _PARTY_TYPES.get(kind) if kind else None


def work_type(kind: SourceKind) -> str:
    """The ``@type`` of a work of this kind: CreativeWork unless the kind has its own."""
    return _WORK_TYPES.get(kind, Type.CREATIVE_WORK)
