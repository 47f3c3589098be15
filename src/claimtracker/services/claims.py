"""Capturing claims: add (with the duplicate check), look up, list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, func, select

from claimtracker.enums import (
    ClaimKind,
    EventAction,
    LinkType,
    RecordType,
    ReviewStatus,
)
from claimtracker.errors import InvalidInput, NotFound, PossibleDuplicate
from claimtracker.languages import normalise_language
from claimtracker.models import Appearance, Claim, ClaimLink, ClaimTag, Entity
from claimtracker.services import (
    claim_values,
    entities,
    events,
    links,
    matching,
    search,
    semantic,
    sources,
)
from claimtracker.services.claim_rows import COLUMNS, ClaimRow, claim_rows
from claimtracker.services.refs import parse_id
from claimtracker.services.users import assignees_named
from claimtracker.text import MAX_QUOTE_LENGTH, MAX_TAG_LENGTH, clean_text
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import UnaryExpression

    from claimtracker.dates import ParsedDate
    from claimtracker.services.matching import Match, Related
    from claimtracker.services.sources import SourceInput


@dataclass
class ClaimInput:
    """Everything `claim add` can be told about a new claim."""

    text: str
    # A name or id as a person typed it, or an entity the caller already holds.
    claimant: str | Entity | None = None
    # The claimant's role when they said it: kept with the claim, never written over the
    # role of an entity that exists; an entity this add creates starts with it.
    role: str | None = None
    claimed: ParsedDate | None = None
    language: str | None = None
    kind: ClaimKind = ClaimKind.FACTUAL
    tags: list[str] = field(default_factory=list)
    source: SourceInput | None = None
    quote: str | None = None
    first_appearance: bool = False
    public_id: str | None = None
    # Links recorded as the claim is captured: (type, the other claim as typed), read "the
    # new claim <type> the other" ("rebuts 3"). The duplicate check never stops on them.
    links: list[tuple[LinkType, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AddResult:
    """The new claim, the similar claims found (if it was added anyway), those that answer
    it or that it answers, and the links recorded with it."""

    claim: Claim
    similar: list[Match]
    duplicate_of: int | None
    related: list[Related] = field(default_factory=list)
    links: list[ClaimLink] = field(default_factory=list)


def clean_tag(tag: str) -> str:
    """Tags are lower-case, trimmed, single-spaced."""
    return " ".join(clean_text(tag, what="tag", max_length=MAX_TAG_LENGTH).lower().split())


def add_claim(
    session: Session,
    data: ClaimInput,
    *,
    actor: str,
    force: bool = False,
    link_duplicate: bool = False,
) -> AddResult:
    """Create a claim with its claimant, source and appearance.

    Looks for the same or a very similar claim first: if one exists, raises
    :class:`PossibleDuplicate` unless ``force``; with ``link_duplicate`` the new claim is linked
    as *duplicates* of the closest one.
    """
    body, quote, tags = _checked(data)
    role = clean_role(data.role)
    targets = _link_targets(session, data.links)
    found = matching.check_duplicates(session, body, exclude={t.id for _, t in targets})
    similar = _similar(found.duplicates, force=force, link_duplicate=link_duplicate)
    claimant = _claimant(session, data, role, actor)
    source = sources.find_or_create(session, data.source, actor=actor)[0] if data.source else None

    values = claim_values.new_claim(
        body,
        kind=data.kind,
        actor=actor,
        claimed_at=data.claimed.value if data.claimed else None,
        claimed_precision=data.claimed.precision if data.claimed else None,
        language=data.language,
        public_id=data.public_id,
    )
    claim = Claim(
        **values,
        claimant=claimant,
        claimant_role=role,
        tags=[ClaimTag(tag=t) for t in tags],
    )
    session.add(claim)
    session.flush()
    if source is not None:
        session.add(
            Appearance(
                **claim_values.new_appearance(
                    claim.id, source.id, quote=quote, is_first=data.first_appearance, actor=actor
                )
            )
        )
    search.refresh(session, claim)
    semantic.refresh(session, claim)
    events.record(
        session,
        actor=actor,
        action=EventAction.CLAIM_CREATED,
        record_type=RecordType.CLAIM,
        record_id=claim.id,
        claim_id=claim.id,
        payload={
            "text": body,
            "claimant_id": claimant.id if claimant else None,
            "claimant_role": role,
            "source_id": source.id if source else None,
            "kind": str(data.kind),
            "tags": tags,
        },
    )
    recorded = [
        links.link_claims(session, claim, target, link_type, actor=actor)
        for link_type, target in targets
    ]
    duplicate_of = None
    if link_duplicate and similar:
        duplicate_of = _link_as_duplicate(session, claim, similar[0], actor)
    return AddResult(
        claim=claim,
        similar=similar,
        duplicate_of=duplicate_of,
        related=found.related,
        links=recorded,
    )


def _checked(data: ClaimInput) -> tuple[str, str | None, list[str]]:
    """The claim's text, quote and tags cleaned; refuses what cannot be recorded."""
    body = clean_text(data.text)
    quote = (
        clean_text(data.quote, what="quote", max_length=MAX_QUOTE_LENGTH) if data.quote else None
    )
    tags = sorted({clean_tag(t) for t in data.tags})
    if quote and data.source is None:
        raise InvalidInput("a quote needs the source it appears in", inputs=["source"])
    if data.source is not None and data.source.url:
        # Reject a bad URL before the (slower) duplicate check, which it must not depend on.
        data.source.url = normalise_url(data.source.url)
    return body, quote, tags


def _link_targets(
    session: Session, wanted: list[tuple[LinkType, str]]
) -> list[tuple[LinkType, Claim]]:
    """The claims a new claim is to be linked to; refuses one that does not exist.

    Looked up before anything is written, so that a wrong id leaves the database as it was.
    """
    targets = []
    for link_type, ref in wanted:
        try:
            targets.append((link_type, get_claim(session, ref)))
        except NotFound as missing:
            raise InvalidInput(
                f"{missing}: the new claim cannot be linked to it", inputs=[str(link_type)]
            ) from None
    return targets


def _similar(similar: list[Match], *, force: bool, link_duplicate: bool) -> list[Match]:
    """The duplicates found; refuses to go on when there are some, unless ``force``."""
    if similar and not force:
        raise PossibleDuplicate(similar)
    if link_duplicate and not similar:
        raise InvalidInput(
            "no similar claim was found to link as a duplicate", inputs=["link_duplicate"]
        )
    return similar


def clean_role(role: str | None) -> str | None:
    """A claimant's role as stored (an entity's role is held to the same rules); None or an
    empty role is no role."""
    return entities.clean_name(role, "role") if role and role.strip() else None


def _claimant(session: Session, data: ClaimInput, role: str | None, actor: str) -> Entity | None:
    """Who made the claim: the entity given, or found (or created) by name or id."""
    if isinstance(data.claimant, Entity):
        return data.claimant
    if data.claimant:
        return find_or_create_claimant(session, data.claimant, role=role, actor=actor)
    if role:
        raise InvalidInput(
            "a role describes the claimant: name the claimant too", inputs=["role", "claimant"]
        )
    return None


def find_or_create_claimant(session: Session, ref: str, *, role: str | None, actor: str) -> Entity:
    """The claimant named by ``ref`` (an id, a name or an alias), created when no entity has
    that name. ``role`` (the role they had when they said it) becomes the role of an entity
    created here; an existing entity's role is its current one and is left as it is."""
    try:
        return entities.get_entity(session, ref)
    except NotFound:
        if parse_id(ref) is not None:
            raise
    return entities.add_unless_named(session, ref, actor=actor, role=role)[0]


def _link_as_duplicate(session: Session, claim: Claim, closest: Match, actor: str) -> int:
    """Link the new ``claim`` as a duplicate of the ``closest`` similar one; its id."""
    links.link_claims(
        session,
        claim,
        get_claim(session, str(closest.claim_id)),
        LinkType.DUPLICATES,
        actor=actor,
        reason="found by the duplicate check when the claim was added",
    )
    return closest.claim_id


def get_claim(session: Session, ref: str) -> Claim:
    """The claim named by ``ref``: "12", "#12" or its public id."""
    claim_id = parse_id(ref)
    if claim_id is not None:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"no claim #{claim_id}")
        return claim
    found = session.scalar(select(Claim).where(Claim.public_id == ref.strip().lower()))
    if found is None:
        raise NotFound(f"no claim {ref!r} (give its number, e.g. 12 or #12, or its public id)")
    return found


@dataclass
class ClaimFilter:
    """Filters of `claim list`; every one is optional."""

    status: list[ReviewStatus] = field(default_factory=list)
    claimant: str | None = None
    tag: list[str] = field(default_factory=list)
    kind: list[ClaimKind] = field(default_factory=list)
    language: str | None = None
    since: ParsedDate | None = None
    until: ParsedDate | None = None
    assignee: str | None = None
    # Only retracted claims (`claim list --retracted`); without it, only claims not retracted.
    retracted: bool = False


S = TypeVar("S", bound="Select[*tuple[Any, ...]]")

SORTS: dict[str, tuple[UnaryExpression[Any], ...]] = {
    "newest": (Claim.created_at.desc(), Claim.id.desc()),
    "oldest": (Claim.created_at.asc(), Claim.id.asc()),
    "claimed": (Claim.claimed_at.desc(), Claim.id.desc()),
    "id": (Claim.id.asc(),),
}


def list_claims(
    session: Session,
    filters: ClaimFilter,
    *,
    sort: str = "newest",
    limit: int = 50,
    offset: int = 0,
) -> list[ClaimRow]:
    """Claims matching ``filters``, one page, as listing rows."""
    return list(iter_claims(session, filters, sort=sort, limit=limit, offset=offset))


# Claims read, and their tags, claimants and verdicts looked up, this many at a time when a
# listing streams: memory stays flat, and each IN list is within SQLite's parameter limit.
STREAM_BATCH = 1000


def iter_claims(
    session: Session,
    filters: ClaimFilter,
    *,
    sort: str = "newest",
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[ClaimRow]:
    """Every claim matching ``filters`` (or ``limit`` of them from ``offset``), as listing
    rows, read :data:`STREAM_BATCH` at a time (a server-side cursor on PostgreSQL)."""
    if sort not in SORTS:
        raise InvalidInput(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    # Columns, not ORM objects, and no join: the plan is the one of the claim table alone
    # (an index scan in the sort's order), and nothing is kept in the session.
    stmt = _filtered(session, select(*COLUMNS), filters).order_by(*SORTS[sort])
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    # Executed now, not on the first row: a wrong filter is an error before any output.
    result = session.execute(stmt.execution_options(yield_per=STREAM_BATCH))
    return (row for part in result.partitions() for row in claim_rows(session, part))


def count_claims(session: Session, filters: ClaimFilter) -> int:
    """How many claims match ``filters`` (what a page of them is a page of)."""
    stmt = _filtered(session, select(func.count()).select_from(Claim), filters)
    return session.scalar(stmt) or 0


def has_claims(session: Session) -> bool:
    """Whether the database holds any claim at all."""
    return session.scalar(select(Claim.id).limit(1)) is not None


def _filtered(session: Session, stmt: S, filters: ClaimFilter) -> S:
    """``stmt`` with the conditions of ``filters``: the same for a listing and for its count."""
    # A retracted claim is in no listing but its own (services/retraction.py). The few
    # retracted ones are found by their partial index (ix_claim_retracted, migration 0012):
    # asked as a plain filter, SQLite walked the whole created_at index for them (1.5 s at
    # 200,000 claims, against 25 ms for the ids first).
    if filters.retracted:
        stmt = stmt.where(
            Claim.id.in_(select(Claim.id).where(Claim.retracted_at.is_not(None)).scalar_subquery())
        )
    else:
        stmt = stmt.where(Claim.retracted_at.is_(None))
    if filters.status:
        stmt = stmt.where(Claim.status.in_(filters.status))
    if filters.kind:
        stmt = stmt.where(Claim.kind.in_(filters.kind))
    if filters.language:
        # Stored codes are canonical: so must the filter be ("EN" finds "en").
        stmt = stmt.where(Claim.language == normalise_language(filters.language))
    if filters.assignee:
        stmt = stmt.where(Claim.assignee.in_(assignees_named(session, filters.assignee)))
    if filters.claimant:
        stmt = stmt.where(Claim.claimant_id == entities.get_entity(session, filters.claimant).id)
    for tag in filters.tag:
        stmt = stmt.where(
            Claim.id.in_(select(ClaimTag.claim_id).where(ClaimTag.tag == clean_tag(tag)))
        )
    if filters.since:
        stmt = stmt.where(Claim.claimed_at >= filters.since.value)
    if filters.until:
        # "until January 2025" includes all of January.
        stmt = stmt.where(Claim.claimed_at < filters.until.end())
    return stmt
