"""Sources: documents found by their normalised URL, or by title when they have none."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from claimtracker.enums import EventAction, RecordType, SourceKind
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.languages import normalise_language
from claimtracker.models import Appearance, Entity, Evidence, Source
from claimtracker.services import entities, events
from claimtracker.services.refs import parse_id
from claimtracker.source_kinds import infer_source_kind
from claimtracker.text import clean_text
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.dates import ParsedDate
    from claimtracker.enums import Stance
    from claimtracker.services.history import HistoryEntry


@dataclass
class SourceInput:
    """What a person may say about a source; only a URL or a title is required."""

    url: str | None = None
    title: str | None = None
    # Names or ids as a person typed them, or entities the caller already holds.
    publisher: str | Entity | None = None
    author: str | Entity | None = None
    kind: SourceKind | None = None  # None: inferred from the URL's host (source_kinds)
    language: str | None = None
    published: ParsedDate | None = None
    archive_url: str | None = None
    content: bytes | None = None


def get_source(session: Session, ref: str) -> Source:
    """The source named by ``ref``: an id ("12", "#12") or a URL."""
    source_id = parse_id(ref)
    if source_id is not None:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"no source #{source_id}")
        return source
    source = find_by_url(session, ref)
    if source is None:
        raise NotFound(f"no source with URL {ref!r}")
    return source


def resolve(session: Session, ref: str, data: SourceInput, *, actor: str) -> Source:
    """An existing source by id ("#12"), else the source at URL ``ref``, created if new."""
    if parse_id(ref) is not None:
        return get_source(session, ref)
    data.url = ref
    return find_or_create(session, data, actor=actor)[0]


def find_by_url(session: Session, url: str) -> Source | None:
    """The source at ``url`` once normalised."""
    return session.scalar(select(Source).where(Source.url == normalise_url(url)))


def _entity(session: Session, name: str | Entity | None, actor: str) -> Entity | None:
    if isinstance(name, Entity):
        return name
    if not name:
        return None
    entity, _ = entities.find_or_create(session, name, actor=actor)
    return entity


def add_source(session: Session, data: SourceInput, *, actor: str) -> Source:
    """Create a source; a URL already known is a conflict naming the existing source."""
    url = normalise_url(data.url) if data.url else None
    title = clean_text(data.title, what="source title", max_length=2000) if data.title else None
    if url is None and title is None:
        raise InvalidInput("a source needs a URL or a title")
    if url is not None:
        existing = session.scalar(select(Source).where(Source.url == url))
        if existing is not None:
            raise Conflict(f"source #{existing.id} already has URL {url}")
    # An explicit kind wins; else the host may tell it (source_kinds), else "other".
    inferred = infer_source_kind(url) if data.kind is None else None
    source = Source(
        url=url,
        title=title,
        publisher=_entity(session, data.publisher, actor),
        author=_entity(session, data.author, actor),
        kind=data.kind or inferred or SourceKind.OTHER,
        language=normalise_language(data.language) if data.language is not None else None,
        published_at=data.published.value if data.published else None,
        published_precision=data.published.precision if data.published else None,
        archive_url=normalise_url(data.archive_url) if data.archive_url else None,
        content_hash=hashlib.sha256(data.content).hexdigest() if data.content else None,
        created_by=actor,
    )
    session.add(source)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.SOURCE_CREATED,
        record_type=RecordType.SOURCE,
        record_id=source.id,
        payload={
            "url": url,
            "title": title,
            "kind": str(source.kind),
            **({"kind_inferred": True} if inferred else {}),
        },
    )
    return source


def find_or_create(session: Session, data: SourceInput, *, actor: str) -> tuple[Source, bool]:
    """The source with this URL (or, without one, this title and publisher), else a new one.

    Safe with concurrent writers: on PostgreSQL a source not found is looked for again once
    writers are serialised (services/events.py ``lock_log``), so two writers adding the same
    new URL make one source instead of one failing on ``uq_source_url``.
    """
    existing = _existing(session, data)
    if existing is None and session.get_bind().dialect.name == "postgresql":
        events.lock_log(session)
        existing = _existing(session, data)
    if existing is not None:
        return existing, False
    return add_source(session, data, actor=actor), True


def _existing(session: Session, data: SourceInput) -> Source | None:
    """The source ``data`` names by its URL, or without one by its title and publisher."""
    if data.url:
        return find_by_url(session, data.url)
    if not data.title:
        return None
    title = clean_text(data.title, what="source title", max_length=2000)
    stmt = select(Source).where(Source.url.is_(None), Source.title == title)
    if isinstance(data.publisher, Entity):
        stmt = stmt.where(Source.publisher_id == data.publisher.id)
    elif data.publisher:
        publisher = entities.find_by_name(session, data.publisher)
        stmt = stmt.where(Source.publisher_id.in_([p.id for p in publisher]))
    return session.scalars(stmt.order_by(Source.id)).first()


@dataclass(frozen=True)
class SourceRow:
    """A source in a listing."""

    id: int
    url: str | None
    title: str | None
    publisher: str | None
    kind: str
    language: str | None
    published: str | None
    appearances: int
    evidence: int


def list_sources(
    session: Session,
    *,
    kind: SourceKind | None = None,
    publisher: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[SourceRow]:
    """Sources, newest first, with how often each is quoted and used as evidence."""
    appearances = (
        select(func.count(Appearance.id)).where(Appearance.source_id == Source.id).scalar_subquery()
    )
    evidence = (
        select(func.count(Evidence.id)).where(Evidence.source_id == Source.id).scalar_subquery()
    )
    stmt = select(Source, appearances, evidence).order_by(Source.id.desc())
    if kind:
        stmt = stmt.where(Source.kind == kind)
    if publisher:
        stmt = stmt.where(
            Source.publisher_id.in_([e.id for e in entities.find_by_name(session, publisher)])
        )
    rows = session.execute(stmt.limit(limit).offset(offset)).all()
    return [
        SourceRow(
            id=s.id,
            url=s.url,
            title=s.title,
            publisher=s.publisher.name if s.publisher else None,
            kind=str(s.kind),
            language=s.language,
            published=s.published_at.date().isoformat() if s.published_at else None,
            appearances=a,
            evidence=e,
        )
        for s, a, e in rows
    ]


@dataclass(frozen=True)
class ClaimMention:
    """A claim that appears in the source."""

    claim_id: int
    text: str


@dataclass(frozen=True)
class EvidenceUse:
    """A claim the source is evidence for, and how."""

    stance: Stance
    claim_id: int


@dataclass(frozen=True)
class SourceDetail:
    """A source described: its fields, in order, are the keys of `claim source show`."""

    id: int
    url: str | None
    title: str | None
    kind: str
    publisher: str | None
    author: str | None
    language: str | None
    published: str | None  # the date at its precision ("2025-01")
    archive_url: str | None
    content_hash: str | None
    created_at: datetime
    created_by: str
    claims_appearing: list[ClaimMention]
    evidence_for: list[EvidenceUse]
    history: list[HistoryEntry]  # its events, oldest first (creation, corrections)


def describe(session: Session, source: Source) -> SourceDetail:
    """A source with the claims that appear in it and those it is evidence for."""
    from claimtracker.dates import ParsedDate
    from claimtracker.models import Claim
    from claimtracker.services.record_history import source_history

    appearances = session.execute(
        select(Claim.id, Claim.text)
        .join(Appearance, Appearance.claim_id == Claim.id)
        # Retracted claims are in no listing (services/retraction.py).
        .where(Appearance.source_id == source.id, Claim.retracted_at.is_(None))
        .order_by(Claim.id)
    ).all()
    uses = session.execute(
        select(Evidence.stance, Claim.id)
        .join(Claim, Claim.id == Evidence.claim_id)
        .where(Evidence.source_id == source.id, Claim.retracted_at.is_(None))
        .order_by(Claim.id)
    ).all()
    published = (
        ParsedDate(source.published_at, source.published_precision).display()
        if source.published_at and source.published_precision
        else None
    )
    return SourceDetail(
        id=source.id,
        url=source.url,
        title=source.title,
        kind=str(source.kind),
        publisher=source.publisher.name if source.publisher else None,
        author=source.author.name if source.author else None,
        language=source.language,
        published=published,
        archive_url=source.archive_url,
        content_hash=source.content_hash,
        created_at=source.created_at,
        created_by=source.created_by,
        claims_appearing=[ClaimMention(cid, text) for cid, text in appearances],
        evidence_for=[EvidenceUse(stance, cid) for stance, cid in uses],
        history=source_history(session, source.id),
    )
