"""The columns of the three Community Notes files: which kind a header is, and where each
column read from it is, by any of the spellings it has had."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class FileKind(StrEnum):
    """The three public files this reader understands, named as X names them.

    Declared in the order files must be applied: statuses and ratings refer to notes.
    """

    NOTES = "notes"
    STATUS = "noteStatusHistory"
    RATINGS = "ratings"


@dataclass(frozen=True)
class Column:
    """A column the reader uses: its current header name, older spellings, whether required."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


# The boolean reason columns of the notes file, in the order the file gives them; a note's
# reasons are stored as the comma-separated names of those set to 1.
REASONS = (
    "misleadingOther",
    "misleadingFactualError",
    "misleadingManipulatedMedia",
    "misleadingOutdatedInformation",
    "misleadingMissingImportantContext",
    "misleadingUnverifiedClaimAsFact",
    "misleadingSatire",
    "notMisleadingOther",
    "notMisleadingFactuallyCorrect",
    "notMisleadingOutdatedButNotWhenWritten",
    "notMisleadingClearlySatire",
    "notMisleadingPersonalOpinion",
)

COLUMNS: dict[FileKind, tuple[Column, ...]] = {
    FileKind.NOTES: (
        Column("noteId", required=True),
        Column("noteAuthorParticipantId", ("participantId",)),
        Column("createdAtMillis"),
        Column("tweetId", required=True),
        Column("classification", required=True),
        Column("summary", required=True),
        *(Column(reason) for reason in REASONS),
    ),
    FileKind.STATUS: (
        Column("noteId", required=True),
        Column("currentStatus", required=True),
        Column("timestampMillisOfCurrentStatus"),
        Column("firstNonNMRStatus"),
        Column("timestampMillisOfFirstNonNMRStatus"),
        # The documentation says latestNonNMRStatus; the scorer and the files say mostRecent….
        Column("mostRecentNonNMRStatus", ("latestNonNMRStatus",)),
        Column("timestampMillisOfLatestNonNMRStatus", ("timestampMillisOfMostRecentNonNMRStatus",)),
    ),
    FileKind.RATINGS: (
        Column("noteId", required=True),
        # Required as a pair with the next two (see _missing_columns): old files have only
        # helpful/notHelpful, new ones helpfulnessLevel (and keep the old pair for old rows).
        Column("helpfulnessLevel"),
        Column("helpful"),
        Column("notHelpful"),
    ),
}
"""The columns read from each kind of file, with the other spellings each has had."""

# Every column each kind of file has had (documentation, scorer constants and the 2021-2022
# files). Only used to recognise a file: a header name that belongs to one kind alone votes
# for it, so a file missing a required column is still recognised and its gaps reported.
_KNOWN_COLUMNS: dict[FileKind, frozenset[str]] = {
    FileKind.NOTES: frozenset(
        {
            "noteId",
            "noteAuthorParticipantId",
            "participantId",
            "createdAtMillis",
            "tweetId",
            "classification",
            "believable",
            "harmful",
            "validationDifficulty",
            *REASONS,
            "trustworthySources",
            "summary",
            "isMediaNote",
            "isCollaborativeNote",
        }
    ),
    FileKind.STATUS: frozenset(
        {
            "noteId",
            "noteAuthorParticipantId",
            "participantId",
            "createdAtMillis",
            "timestampMillisOfFirstNonNMRStatus",
            "firstNonNMRStatus",
            "timestampMillisOfCurrentStatus",
            "currentStatus",
            "timestampMillisOfLatestNonNMRStatus",
            "timestampMillisOfMostRecentNonNMRStatus",
            "mostRecentNonNMRStatus",
            "latestNonNMRStatus",
            "timestampMillisOfStatusLock",
            "lockedStatus",
            "timestampMillisOfRetroLock",
            "currentCoreStatus",
            "currentExpansionStatus",
            "currentGroupStatus",
            "currentDecidedBy",
            "currentDecidedByKey",
            "currentModelingGroup",
            "timestampMillisOfMostRecentStatusChange",
            "timestampMillisOfNmrDueToMinStableCrhTime",
            "currentMultiGroupStatus",
            "currentModelingMultiGroup",
            "timestampMinuteOfFinalScoringOutput",
            "timestampMillisOfFirstNmrDueToMinStableCrhTime",
            "abovePcrhThresholdTime",
        }
    ),
    FileKind.RATINGS: frozenset(
        {
            "noteId",
            "raterParticipantId",
            "participantId",
            "createdAtMillis",
            "version",
            "agree",
            "disagree",
            "helpful",
            "notHelpful",
            "helpfulnessLevel",
            "helpfulOther",
            "helpfulInformative",
            "helpfulClear",
            "helpfulEmpathetic",
            "helpfulGoodSources",
            "helpfulUniqueContext",
            "helpfulAddressesClaim",
            "helpfulImportantContext",
            "helpfulUnbiasedLanguage",
            "notHelpfulOther",
            "notHelpfulIncorrect",
            "notHelpfulSourcesMissingOrUnreliable",
            "notHelpfulOpinionSpeculationOrBias",
            "notHelpfulMissingKeyPoints",
            "notHelpfulOutdated",
            "notHelpfulHardToUnderstand",
            "notHelpfulArgumentativeOrBiased",
            "notHelpfulArgumentativeOrInflammatory",
            "notHelpfulOffTopic",
            "notHelpfulSpamHarassmentOrAbuse",
            "notHelpfulIrrelevantSources",
            "notHelpfulOpinionSpeculation",
            "notHelpfulNoteNotNeeded",
            "ratedOnTweetId",
            "ratingSourceBucketed",
            "suggestion",
            "suggestionId",
        }
    ),
}
_DISTINCTIVE: dict[FileKind, frozenset[str]] = {
    kind: frozenset(
        name.lower()
        for name in names
        if not any(name in other for k, other in _KNOWN_COLUMNS.items() if k is not kind)
    )
    for kind, names in _KNOWN_COLUMNS.items()
}


def detect_kind(header: Sequence[str]) -> FileKind | None:
    """The kind whose own columns the header has most of; None if it has none or a tie."""
    names = {h.lower() for h in header}
    votes = {kind: len(names & distinctive) for kind, distinctive in _DISTINCTIVE.items()}
    best = max(votes.values())
    winners = [kind for kind, count in votes.items() if count == best]
    if best == 0 or len(winners) > 1:
        return None
    return winners[0]


def map_columns(kind: FileKind, header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Where each column of ``kind`` is in ``header`` (by any spelling, ignoring case), and
    the names of the required columns it lacks."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        # The first of two same-named columns wins; later ones are extra columns.
        index.setdefault(name.lower(), i)
    positions: dict[str, int] = {}
    for column in COLUMNS[kind]:
        for spelling in (column.name, *column.aliases):
            if spelling.lower() in index:
                positions[column.name] = index[spelling.lower()]
                break
    return positions, _missing_columns(kind, positions)


def _missing_columns(kind: FileKind, positions: dict[str, int]) -> list[str]:
    missing = [c.name for c in COLUMNS[kind] if c.required and c.name not in positions]
    if (
        kind is FileKind.RATINGS
        and "helpfulnessLevel" not in positions
        and not ("helpful" in positions and "notHelpful" in positions)
    ):
        missing.append("helpfulnessLevel (or helpful and notHelpful)")
    return missing
