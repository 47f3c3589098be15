"""Correcting a source: its title, publisher, author, kind, language, dates and links.

Every correction is one ``source.edited`` event whose payload keeps each changed field as it
was and as it became (``{"changes": {"title": {"before": …, "after": …}}}``), so the history
of a source tells what a reader saw before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput
from claimtracker.languages import normalise_language
from claimtracker.models import Source
from claimtracker.services import entities, events
from claimtracker.text import clean_text
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.dates import ParsedDate
    from claimtracker.enums import SourceKind
    from claimtracker.models import Entity

CLEAR = ""
"""The value that empties an optional field (``--archive-url ""``)."""


@dataclass(frozen=True)
class SourceChanges:
    """What to correct; None leaves a field as it is, ``CLEAR`` ("") empties it."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None  # a name or id, found or created
    author: str | None = None
    kind: SourceKind | None = None
    language: str | None = None
    published: ParsedDate | None = None
    clear_published: bool = False
    archive_url: str | None = None

    def is_empty(self) -> bool:
        """Whether nothing at all was asked for."""
        given = [self.url, self.title, self.publisher, self.author, self.kind, self.language]
        return (
            all(v is None for v in given)
            and self.published is None
            and not self.clear_published
            and self.archive_url is None
        )


def _entity_value(entity: Entity | None) -> dict[str, Any] | None:
    return {"id": entity.id, "name": entity.name} if entity is not None else None


def _published_value(source: Source) -> str | None:
    from claimtracker.dates import ParsedDate

    if source.published_at is None or source.published_precision is None:
        return None
    return ParsedDate(source.published_at, source.published_precision).display()


def _snapshot(source: Source) -> dict[str, Any]:
    """The editable fields as an event records them."""
    return {
        "url": source.url,
        "title": source.title,
        "publisher": _entity_value(source.publisher),
        "author": _entity_value(source.author),
        "kind": str(source.kind),
        "language": source.language,
        "published": _published_value(source),
        "archive_url": source.archive_url,
    }


def _set_url(session: Session, source: Source, url: str) -> None:
    if url == CLEAR:
        source.url = None
        return
    normalised = normalise_url(url)
    holder = session.scalar(select(Source).where(Source.url == normalised, Source.id != source.id))
    if holder is not None:
        raise Conflict(f"source #{holder.id} already has URL {normalised}")
    source.url = normalised


def _party(session: Session, ref: str, actor: str) -> Entity | None:
    if ref == CLEAR:
        return None
    return entities.find_or_create(session, ref, actor=actor)[0]


def _apply(session: Session, source: Source, changes: SourceChanges, actor: str) -> None:
    if changes.url is not None:
        _set_url(session, source, changes.url)
    if changes.title is not None:
        source.title = (
            clean_text(changes.title, what="source title", max_length=2000)
            if changes.title != CLEAR
            else None
        )
    if changes.publisher is not None:
        source.publisher = _party(session, changes.publisher, actor)
    if changes.author is not None:
        source.author = _party(session, changes.author, actor)
    if changes.kind is not None:
        source.kind = changes.kind
    if changes.language is not None:
        source.language = normalise_language(changes.language) if changes.language else None
    if changes.published is not None:
        source.published_at = changes.published.value
        source.published_precision = changes.published.precision
    elif changes.clear_published:
        source.published_at = source.published_precision = None
    if changes.archive_url is not None:
        source.archive_url = normalise_url(changes.archive_url) if changes.archive_url else None
    if source.url is None and source.title is None:
        raise InvalidInput("a source needs a URL or a title: give it one before removing the other")


def edit_source(
    session: Session,
    source: Source,
    changes: SourceChanges,
    *,
    actor: str,
    reason: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Correct ``source``; records ``source.edited`` with each changed field before and after.

    Returns the changes (empty, and nothing recorded, when every value was already so).
    Existing sources keep their kind unless one is given: the host table is not re-applied.
    """
    if changes.is_empty():
        raise InvalidInput("nothing to change: give at least one field to correct")
    before = _snapshot(source)
    _apply(session, source, changes, actor)
    session.flush()
    changed = events.changes(before, _snapshot(source))
    if changed:
        events.record(
            session,
            actor=actor,
            action=EventAction.SOURCE_EDITED,
            record_type=RecordType.SOURCE,
            record_id=source.id,
            reason=reason,
            payload={"changes": changed},
        )
    return changed
