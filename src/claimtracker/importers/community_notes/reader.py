"""Reading one Community Notes file: :func:`open_file` reads its header, :class:`DataFile`
streams its rows as records, a line at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes.columns import (
    REASONS,
    FileKind,
    detect_kind,
    map_columns,
)
from claimtracker.importers.community_notes.fields import (
    BadField,
    read_classification,
    read_flag,
    read_helpfulness,
    read_id,
    read_millis,
    read_participant,
    read_status,
    read_text,
)
from claimtracker.importers.community_notes.records import (
    BadRow,
    Helpfulness,
    NoteRow,
    RatingRow,
    StatusRow,
)
from claimtracker.importers.community_notes.urls import find_urls
from claimtracker.text import excerpt

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime


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
                summary = read_text(fields[text])
                reasons = None
                if reason_at:
                    reasons = ",".join(name for name, i in reason_at if read_flag(fields[i], name))
                yield NoteRow(
                    line=line,
                    note_id=read_id(fields[note], "noteId"),
                    tweet_id=read_id(fields[tweet], "tweetId"),
                    author=read_participant(fields[author]) if author is not None else None,
                    created_at=read_millis(fields[created], "createdAtMillis")
                    if created is not None
                    else None,
                    classification=read_classification(fields[classification]),
                    reasons=reasons,
                    text=summary,
                    urls=find_urls(summary),
                )
            except BadField as exc:
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
            return read_status(fields[i], name) if i is not None else None

        def moment(fields: list[str], i: int | None, name: str) -> datetime | None:
            return read_millis(fields[i], name) if i is not None else None

        for line, fields in self._split_lines():
            if isinstance(fields, BadRow):
                yield fields
                continue
            try:
                yield StatusRow(
                    line=line,
                    note_id=read_id(fields[note], "noteId"),
                    current=read_status(fields[current], "currentStatus"),
                    current_at=moment(fields, current_at, "timestampMillisOfCurrentStatus"),
                    first=status(fields, first, "firstNonNMRStatus"),
                    first_at=moment(fields, first_at, "timestampMillisOfFirstNonNMRStatus"),
                    latest=status(fields, latest, "mostRecentNonNMRStatus"),
                    latest_at=moment(fields, latest_at, "timestampMillisOfLatestNonNMRStatus"),
                )
            except BadField as exc:
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
                    answer = read_helpfulness(fields[level])
                elif helpful is not None and not_helpful is not None:
                    # Version 1 ratings: a yes/no answer; neither set means no answer.
                    if read_flag(fields[helpful], "helpful"):
                        answer = Helpfulness.HELPFUL
                    elif read_flag(fields[not_helpful], "notHelpful"):
                        answer = Helpfulness.NOT_HELPFUL
                yield RatingRow(line, read_id(fields[note], "noteId"), answer)
            except BadField as exc:
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
