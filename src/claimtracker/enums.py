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
    """Where a claim stands in the review workflow (the README draws the state machine)."""

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


class VerdictOrigin(StrEnum):
    """Whether a verdict went through this database's review workflow or was imported."""

    WORKFLOW = "workflow"
    IMPORTED = "imported"


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


class EventAction(StrEnum):
    """What an audit event records. Stored as text: the vocabulary grows with features, and an
    event written by a newer version must still be readable (history shows its raw name)."""

    CLAIM_CREATED = "claim.created"
    CLAIM_ASSIGNED = "claim.assigned"
    CLAIM_STARTED = "claim.started"
    CLAIM_UNASSIGNED = "claim.unassigned"
    CLAIM_VERIFIED = "claim.verified"
    CLAIM_PUBLISHED = "claim.published"
    CLAIM_SENT_BACK = "claim.sent_back"
    CLAIM_DISMISSED = "claim.dismissed"
    CLAIM_REOPENED = "claim.reopened"
    CLAIM_LINKED = "claim.linked"
    CLAIM_UNLINKED = "claim.unlinked"
    CLAIM_EDITED = "claim.edited"
    CLAIM_RETRACTED = "claim.retracted"
    CLAIM_RESTORED = "claim.restored"
    CLAIM_TAGGED = "claim.tagged"
    EVIDENCE_ADDED = "evidence.added"
    EVIDENCE_EDITED = "evidence.edited"
    EVIDENCE_REMOVED = "evidence.removed"
    APPEARANCE_ADDED = "appearance.added"
    APPEARANCE_REMOVED = "appearance.removed"
    VERDICT_PROPOSED = "verdict.proposed"
    VERDICT_APPROVED = "verdict.approved"
    VERDICT_PUBLISHED = "verdict.published"
    VERDICT_SENT_BACK = "verdict.sent_back"
    VERDICT_IMPORTED = "verdict.imported"
    ENTITY_CREATED = "entity.created"
    ENTITY_MERGED = "entity.merged"
    ENTITY_EDITED = "entity.edited"
    ENTITY_ALIAS_ADDED = "entity.alias_added"
    ENTITY_ALIAS_REMOVED = "entity.alias_removed"
    ENTITY_UNMERGED = "entity.unmerged"
    SOURCE_CREATED = "source.created"
    SOURCE_EDITED = "source.edited"
    SCALE_CREATED = "scale.created"
    SCALE_LABEL_ADDED = "scale.label_added"
    SCALE_ALIAS_ADDED = "scale.alias_added"
    SCALE_ALIAS_CHANGED = "scale.alias_changed"
    SCALE_ALIAS_REMOVED = "scale.alias_removed"
    SETTING_CHANGED = "setting.changed"
    IMPORT_CLAIMREVIEW = "import.claimreview"
    IMPORT_COMMUNITY_NOTES = "import.community_notes"
    AUDIT_ACCEPTED_BROKEN = "audit.accepted_broken"


class NoteClassification(StrEnum):
    """A Community Notes note's classification of the post it is attached to."""

    MISINFORMED_OR_POTENTIALLY_MISLEADING = "MISINFORMED_OR_POTENTIALLY_MISLEADING"
    NOT_MISLEADING = "NOT_MISLEADING"
