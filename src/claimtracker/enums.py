"""Closed sets of the domain. Stored by value (CHECK constraints); importable without SQLAlchemy."""

from __future__ import annotations

import enum

StrEnum = enum.StrEnum


class EntityKind(StrEnum):
    """What sort of actor an entity is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    OUTLET = "outlet"
    PLATFORM_ACCOUNT = "platform_account"
    COLLECTIVE = "collective"
    UNKNOWN = "unknown"


class ClaimKind(StrEnum):
    """Check-worthiness: only factual claims can be rated true or false."""

    FACTUAL = "factual"
    OPINION = "opinion"
    PREDICTION = "prediction"
    OTHER = "other"


class ReviewStatus(StrEnum):
    """Where a claim stands in the review workflow (see PRODUCT.md)."""

    NEW = "new"
    IN_REVIEW = "in_review"
    PENDING_APPROVAL = "pending_approval"
    PUBLISHED = "published"
    DISMISSED = "dismissed"


class DismissalReason(StrEnum):
    """Why a claim was dismissed without a verdict."""

    OPINION = "opinion"
    NOT_CHECKABLE = "not_checkable"
    DUPLICATE = "duplicate"
    OUT_OF_SCOPE = "out_of_scope"


class DatePrecision(StrEnum):
    """How much of a stored date the person actually knew."""

    INSTANT = "instant"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class SourceKind(StrEnum):
    """What sort of document a source is."""

    NEWS_ARTICLE = "news_article"
    SOCIAL_POST = "social_post"
    COMMUNITY_NOTE = "community_note"
    OFFICIAL_STATEMENT = "official_statement"
    PAPER = "paper"
    DATASET = "dataset"
    BENCHMARK = "benchmark"
    ARCHIVE = "archive"
    FACT_CHECK = "fact_check"
    VIDEO = "video"
    OTHER = "other"


class Stance(StrEnum):
    """How a piece of evidence bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXTUALIZES = "contextualizes"
    MENTIONS = "mentions"


class LinkType(StrEnum):
    """Typed, directed relation from one claim to another."""

    REBUTS = "rebuts"
    SUPPORTS = "supports"
    DUPLICATES = "duplicates"
    CONTEXTUALIZES = "contextualizes"
    TRANSLATION_OF = "translation_of"
    DERIVED_FROM = "derived_from"


class Normalised(StrEnum):
    """The normalised verdict every rating label maps to."""

    TRUE = "TRUE"
    FALSE = "FALSE"
    MIXTURE = "MIXTURE"
    OTHER = "OTHER"


class VerdictState(StrEnum):
    """A verdict is proposed, then either published or sent back; it is never edited."""

    PROPOSED = "proposed"
    PUBLISHED = "published"
    SENT_BACK = "sent_back"


class RecordType(StrEnum):
    """The kinds of record an audit event can be about."""

    CLAIM = "claim"
    ENTITY = "entity"
    SOURCE = "source"
    APPEARANCE = "appearance"
    EVIDENCE = "evidence"
    CLAIM_LINK = "claim_link"
    VERDICT = "verdict"
    RATING_SCALE = "rating_scale"
    SETTING = "setting"
    IMPORT = "import"


class NoteClassification(StrEnum):
    """A Community Notes note's classification of the post it is attached to."""

    MISINFORMED_OR_POTENTIALLY_MISLEADING = "MISINFORMED_OR_POTENTIALLY_MISLEADING"
    NOT_MISLEADING = "NOT_MISLEADING"
