"""Typed SQLAlchemy models. Importing this package registers every table on ``Base.metadata``."""

from claimtracker.models.claim import (
    Appearance,
    Claim,
    ClaimLink,
    ClaimSearch,
    ClaimTag,
    Evidence,
)
from claimtracker.models.community_note import CommunityNote, CommunityNoteStatus
from claimtracker.models.embedding import ClaimEmbedding
from claimtracker.models.entity import Entity, EntityAlias
from claimtracker.models.event import Event
from claimtracker.models.review import (
    RatingAlias,
    RatingLabel,
    RatingScale,
    Verdict,
    VerdictApproval,
    VerdictEvidence,
)
from claimtracker.models.setting import Setting, TeamRole
from claimtracker.models.source import Source

__all__ = [
    "Appearance",
    "Claim",
    "ClaimEmbedding",
    "ClaimLink",
    "ClaimSearch",
    "ClaimTag",
    "CommunityNote",
    "CommunityNoteStatus",
    "Entity",
    "EntityAlias",
    "Event",
    "Evidence",
    "RatingAlias",
    "RatingLabel",
    "RatingScale",
    "Setting",
    "Source",
    "TeamRole",
    "Verdict",
    "VerdictApproval",
    "VerdictEvidence",
]
