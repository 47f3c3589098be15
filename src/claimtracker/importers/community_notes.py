"""Read the Community Notes public data files: notes, noteStatusHistory and ratings (TSV).

X publishes these files on the Community Notes "Download data" page
(https://x.com/i/communitynotes/download-data); the open-source scorer
(twitter/communitynotes, ``scoring/src/scoring/constants.py``) names their columns. This
module only reads: it opens a file, works out which of the three kinds it is from its header,
and streams its rows as typed records. It never touches the database and never prints
(``services.community_notes`` applies the rows; the CLI reports them). ``userEnrollment`` and
the other files of a download are not read: they say nothing about claims.

What the reader absorbs, because the real files do all of it:

* **Layouts.** Columns are found by header name through :data:`COLUMNS`, an alias table: the
  notes file went from 22 to 24 columns, noteStatusHistory from 9 to 24, and the public
  documentation and the scorer spell some columns differently (``participantId`` /
  ``noteAuthorParticipantId``, ``latestNonNMRStatus`` / ``mostRecentNonNMRStatus``). Extra
  columns are ignored, missing optional ones are treated as empty; a file without a required
  column is refused before any row is read, with the missing names in the message.
* **No quoting.** Fields are separated by tabs and never quoted, so ``"`` is an ordinary
  character inside ``summary``. Lines are split on ``\\t`` by hand (no ``csv`` module), on
  ``\\n`` only, one line at a time, so memory stays flat whatever the file size.
* **Ids** are 19-digit numbers: they stay digit strings (leading zeros dropped) and never pass
  through ``float``; anything else in an id column rejects the row.
* **Timestamps** of ``0`` or ``-1`` (or empty) mean "none"; ``1.6e12``-style values written by
  pandas are read exactly (through ``Decimal``).
* **Text** has its HTML entities decoded (``&quot;`` -> ``"``); the ``?`` that early releases put
  in place of every non-ASCII character is kept as is (what was lost cannot be recovered).
* **Statuses** may be empty (no status given). Community Notes adds statuses over time, so an
  unknown one that is shaped like a status (``UPPER_CASE``) is kept; anything else rejects the row.

A row that cannot be read (wrong number of columns, an id that is not a number, an unknown
classification or helpfulness level, invalid UTF-8, …) is yielded as a :class:`BadRow`
naming the file and line, so the caller chooses between stopping and skipping.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from claimtracker.enums import NoteClassification
from claimtracker.errors import InvalidInput
from claimtracker.text import MAX_CLAIM_LENGTH, clean_text, excerpt
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


class FileKind(StrEnum):
    """The three public files this reader understands, named as X names them.

    Declared in the order files must be applied: statuses and ratings refer to notes.
    """

    NOTES = "notes"
    STATUS = "noteStatusHistory"
    RATINGS = "ratings"


class Helpfulness(StrEnum):
    """A rater's answer to "Is this note helpful?" (``helpfulnessLevel``)."""

    HELPFUL = "HELPFUL"
    SOMEWHAT_HELPFUL = "SOMEWHAT_HELPFUL"
    NOT_HELPFUL = "NOT_HELPFUL"


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

MAX_ID_LENGTH = 32
"""The widest id kept (the ``community_note.note_id`` column); snowflakes have 19 digits."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# X ids since November 2010 are "snowflakes": the high bits count milliseconds since this
# epoch. Ids below the first snowflake were sequential and carry no time.
_SNOWFLAKE_EPOCH_MS = 1_288_834_974_657
_FIRST_SNOWFLAKE = 29_700_859_247_038_464

_CLASSIFICATIONS = {c.value: c for c in NoteClassification}
_HELPFULNESS = {h.value: h for h in Helpfulness}
_STATUS = re.compile(r"[A-Z][A-Z0-9_]{0,59}")
_TRUE = frozenset({"1", "1.0", "true", "True", "TRUE"})
_FALSE = frozenset({"", "0", "0.0", "false", "False", "FALSE"})

# A URL in note text runs to the next whitespace or character that cannot appear in one.
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the URL before it.
_URL_TRAILING = ".,;:!?'*)]}"
# A link to a post, in any of its spellings, so that it becomes the same source as the post.
_POST_LINK = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/"
    r"(?:i/web/|i/)?(?:[A-Za-z0-9_]{1,50}/)?status(?:es)?/([0-9]{1,32})(?:[/?#]|$)",
    re.IGNORECASE,
)


def post_url(tweet_id: str) -> str:
    """The canonical URL of a post on X (already in ``normalise_url`` form)."""
    return f"https://x.com/i/status/{tweet_id}"


def note_url(note_id: str) -> str:
    """The canonical URL of a Community Note (already in ``normalise_url`` form)."""
    return f"https://x.com/i/birdwatch/n/{note_id}"


def snowflake_time(x_id: str) -> datetime | None:
    """When an X post (or note) was created, read from its id; None for pre-2010 ids."""
    value = int(x_id)
    if value < _FIRST_SNOWFLAKE:
        return None
    return _EPOCH + timedelta(milliseconds=(value >> 22) + _SNOWFLAKE_EPOCH_MS)


def find_urls(text: str) -> tuple[str, ...]:
    """The distinct http(s) URLs in ``text``, normalised, in order; links to posts canonical.

    A link that ``normalise_url`` refuses is skipped: it cannot be a source, and the note's
    text keeps it anyway.
    """
    found: dict[str, None] = {}
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        post = _POST_LINK.match(url)
        if post is not None:
            found[post_url(post.group(1).lstrip("0") or "0")] = None
            continue
        try:
            found[normalise_url(url)] = None
        except InvalidInput:
            continue
    return tuple(found)


def is_post_url(url: str) -> bool:
    """Whether ``url`` is the canonical URL of a post (see :func:`post_url`)."""
    return url.startswith("https://x.com/i/status/")


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TRAILING:
        # A closing parenthesis belongs to the URL when it closes one opened inside it
        # (Wikipedia's "/wiki/Mercury_(planet)").
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be imported, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One note. ``reasons`` is None when the file has no reason columns at all; ``text`` is
    empty for the rare note published without any."""

    line: int
    note_id: str
    tweet_id: str
    author: str | None
    created_at: datetime | None
    classification: NoteClassification
    reasons: str | None
    text: str
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One note's statuses as scored when the file was written."""

    line: int
    note_id: str
    current: str | None
    current_at: datetime | None
    first: str | None
    first_at: datetime | None
    latest: str | None
    latest_at: datetime | None

    def history(self) -> list[tuple[str, datetime | None]]:
        """The distinct statuses this row says the note held, with when each began.

        The first and most recent "decided" (non-NMR) statuses, then the current one.
        """
        seen: list[tuple[str, datetime | None]] = []
        for status, at in (
            (self.first, self.first_at),
            (self.latest, self.latest_at),
            (self.current, self.current_at),
        ):
            if status is not None and (status, at) not in seen:
                seen.append((status, at))
        return seen


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One rating; ``level`` is None when the rater gave no helpfulness answer."""

    line: int
    note_id: str
    level: Helpfulness | None


class _Bad(ValueError):
    """A field that makes its row unusable (becomes a :class:`BadRow`)."""


@dataclass
class DataFile:
    """An opened Community Notes file: its kind and where each used column is.

    Build it with :func:`open_file`. Reading its rows reopens the file, so it may be read
    more than once; ``bytes_read`` follows the current reading (for progress reports).
    """

    path: Path
    kind: FileKind
    header: tuple[str, ...]
    positions: dict[str, int]
    size: int
    bytes_read: int = 0

    @property
    def name(self) -> str:
        """The file as the user named it, for messages."""
        return str(self.path)

    def rows(self) -> Iterator[NoteRow | StatusRow | RatingRow | BadRow]:
        """Every data row of the file, read as its kind, bad ones as :class:`BadRow`."""
        if self.kind is FileKind.NOTES:
            return self.note_rows()
        if self.kind is FileKind.STATUS:
            return self.status_rows()
        return self.rating_rows()

    def note_rows(self) -> Iterator[NoteRow | BadRow]:
        """The rows of a notes file."""
        at = self.positions.get
        note, tweet, text, classification = (
            self.positions["noteId"],
            self.positions["tweetId"],
            self.positions["summary"],
            self.positions["classification"],
        )
        author, created = at("noteAuthorParticipantId"), at("createdAtMillis")
        reason_at = [(name, i) for name in REASONS if (i := at(name)) is not None]
        for line, fields in self._split_lines():
            if isinstance(fields, BadRow):
                yield fields
                continue
            try:
                summary = _text(fields[text])
                reasons = None
                if reason_at:
                    reasons = ",".join(name for name, i in reason_at if _flag(fields[i], name))
                yield NoteRow(
                    line=line,
                    note_id=_digits(fields[note], "noteId"),
                    tweet_id=_digits(fields[tweet], "tweetId"),
                    author=_participant(fields[author]) if author is not None else None,
                    created_at=_millis(fields[created], "createdAtMillis")
                    if created is not None
                    else None,
                    classification=_classification(fields[classification]),
                    reasons=reasons,
                    text=summary,
                    urls=find_urls(summary),
                )
            except _Bad as exc:
                yield BadRow(self.name, line, str(exc))

    def status_rows(self) -> Iterator[StatusRow | BadRow]:
        """The rows of a noteStatusHistory file."""
        at = self.positions.get
        note, current = self.positions["noteId"], self.positions["currentStatus"]
        current_at, first, first_at = (
            at("timestampMillisOfCurrentStatus"),
            at("firstNonNMRStatus"),
            at("timestampMillisOfFirstNonNMRStatus"),
        )
        latest, latest_at = at("mostRecentNonNMRStatus"), at("timestampMillisOfLatestNonNMRStatus")

        def status(fields: list[str], i: int | None, name: str) -> str | None:
            return _status(fields[i], name) if i is not None else None

        def moment(fields: list[str], i: int | None, name: str) -> datetime | None:
            return _millis(fields[i], name) if i is not None else None

        for line, fields in self._split_lines():
            if isinstance(fields, BadRow):
                yield fields
                continue
            try:
                yield StatusRow(
                    line=line,
                    note_id=_digits(fields[note], "noteId"),
                    current=_status(fields[current], "currentStatus"),
                    current_at=moment(fields, current_at, "timestampMillisOfCurrentStatus"),
                    first=status(fields, first, "firstNonNMRStatus"),
                    first_at=moment(fields, first_at, "timestampMillisOfFirstNonNMRStatus"),
                    latest=status(fields, latest, "mostRecentNonNMRStatus"),
                    latest_at=moment(fields, latest_at, "timestampMillisOfLatestNonNMRStatus"),
                )
            except _Bad as exc:
                yield BadRow(self.name, line, str(exc))

    def rating_rows(self) -> Iterator[RatingRow | BadRow]:
        """The rows of a ratings file."""
        at = self.positions.get
        note = self.positions["noteId"]
        level, helpful, not_helpful = at("helpfulnessLevel"), at("helpful"), at("notHelpful")
        for line, fields in self._split_lines():
            if isinstance(fields, BadRow):
                yield fields
                continue
            try:
                answer: Helpfulness | None = None
                if level is not None and fields[level]:
                    answer = _HELPFULNESS.get(fields[level])
                    if answer is None:
                        raise _Bad(f"unknown helpfulnessLevel {excerpt(fields[level])}")
                elif helpful is not None and not_helpful is not None:
                    # Version 1 ratings: a yes/no answer; neither set means no answer.
                    if _flag(fields[helpful], "helpful"):
                        answer = Helpfulness.HELPFUL
                    elif _flag(fields[not_helpful], "notHelpful"):
                        answer = Helpfulness.NOT_HELPFUL
                yield RatingRow(line, _digits(fields[note], "noteId"), answer)
            except _Bad as exc:
                yield BadRow(self.name, line, str(exc))

    def _split_lines(self) -> Iterator[tuple[int, list[str] | BadRow]]:
        """Each non-blank data line as its fields, or as a BadRow if it cannot be split."""
        width = len(self.header)
        self.bytes_read = 0
        with self.path.open("rb") as stream:
            self.bytes_read += len(stream.readline())  # the header, read by open_file
            # Iterating a binary file splits on b"\n" only: a stray "\r" inside a summary
            # stays in its field instead of cutting the row in two.
            for number, raw in enumerate(stream, start=2):
                self.bytes_read += len(raw)
                if raw.endswith(b"\n"):
                    raw = raw[:-1]
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield (
                        number,
                        BadRow(
                            self.name, number, f"not valid UTF-8 (byte {exc.start + 1} of the line)"
                        ),
                    )
                    continue
                fields = line.split("\t")
                if len(fields) != width:
                    yield (
                        number,
                        BadRow(self.name, number, f"expected {width} columns, found {len(fields)}"),
                    )
                    continue
                yield number, fields


def open_file(path: Path | str) -> DataFile:
    """Read the header of ``path``: which kind of file it is and where its columns are.

    Raises :class:`InvalidInput` (one line, starting with the file name) if the header is not
    that of a notes, noteStatusHistory or ratings file, or lacks a required column.
    """
    path = Path(path)
    with path.open("rb") as stream:
        first = stream.readline()
    name = str(path)
    try:
        header_line = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name}: the header is not valid UTF-8") from None
    if not header_line.strip():
        raise InvalidInput(f"{name}: empty file (no header line)")
    header = tuple(h.strip() for h in header_line.split("\t"))
    kind = detect_kind(header)
    if kind is None:
        raise InvalidInput(
            f"{name}: not a Community Notes notes, noteStatusHistory or ratings file "
            f"(its header starts {excerpt(header_line, 60)})"
        )
    positions, missing = map_columns(kind, header)
    if missing:
        raise InvalidInput(f"{name}: missing required columns: {', '.join(missing)}")
    return DataFile(path, kind, header, positions, size=path.stat().st_size)


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


def _digits(value: str, column: str) -> str:
    if not value:
        raise _Bad(f"{column} is empty")
    if not (value.isascii() and value.isdigit()):
        raise _Bad(f"{column} {excerpt(value)} is not a number")
    value = value.lstrip("0") or "0"
    if len(value) > MAX_ID_LENGTH:
        raise _Bad(f"{column} {excerpt(value)} is longer than {MAX_ID_LENGTH} digits")
    return value


def _participant(value: str) -> str | None:
    # Participant ids are hex digests (32 characters in 2021, 64 since 2023); kept verbatim.
    value = value.strip()
    if len(value) > 100:
        raise _Bad(f"participant id {excerpt(value)} is longer than 100 characters")
    return value or None


def _millis(value: str, column: str) -> datetime | None:
    if not value:
        return None
    if value.isascii() and value.lstrip("-").isdigit():
        millis = int(value)
    else:
        # The scorer writes some timestamp columns as doubles ("1653505286808.0", "1.65e12"):
        # Decimal reads them exactly, where float could round the last digits.
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise _Bad(f"{column} {excerpt(value)} is not a timestamp") from None
        if number.is_nan():
            return None
        if not number.is_finite() or number != number.to_integral_value():
            raise _Bad(f"{column} {excerpt(value)} is not a timestamp")
        millis = int(number)
    if millis <= 0:  # 0 and -1 are how the files say "never"
        return None
    try:
        return _EPOCH + timedelta(milliseconds=millis)
    except OverflowError:
        raise _Bad(f"{column} {excerpt(value)} is out of range") from None


def _flag(value: str, column: str) -> bool:
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _Bad(f"{column} must be 0 or 1, not {excerpt(value)}")


def _classification(value: str) -> NoteClassification:
    found = _CLASSIFICATIONS.get(value)
    if found is None:
        raise _Bad(
            f"unknown classification {excerpt(value)}" if value else "classification is empty"
        )
    return found


def _status(value: str, column: str) -> str | None:
    if not value:
        return None
    if not _STATUS.fullmatch(value):
        raise _Bad(f"unknown {column} {excerpt(value)}")
    return value


def _text(value: str) -> str:
    if "&" in value:
        value = html.unescape(value)
    if not value.strip():
        return ""  # a few real notes have no text; the service decides what stands for it
    try:
        return clean_text(value, what="summary", max_length=MAX_CLAIM_LENGTH)
    except InvalidInput as exc:
        raise _Bad(str(exc)) from None
