"""Read a seed dossier (TOML): entities, sources, claims with appearances, and links.

The format is documented in ``seeds/README.md``. Reading checks every reference and every
closed value, so a dossier that loads half-way never happens.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from claimtracker.enums import ClaimKind, EntityKind, LinkType, SourceKind
from claimtracker.errors import InvalidInput
from claimtracker.languages import normalise_language

if TYPE_CHECKING:
    from pathlib import Path

E = TypeVar("E", EntityKind, SourceKind, ClaimKind, LinkType)


@dataclass(frozen=True)
class SeedEntity:
    key: str
    name: str
    kind: EntityKind
    role: str | None
    aliases: list[str]
    wikidata_id: str | None
    description: str | None


@dataclass(frozen=True)
class SeedSource:
    key: str
    title: str | None
    url: str | None
    publisher: str | None
    kind: SourceKind
    language: str | None
    published: str | None


@dataclass(frozen=True)
class SeedAppearance:
    source: str
    quote: str | None
    first: bool


@dataclass(frozen=True)
class SeedClaim:
    key: str
    text: str
    language: str | None
    claimant: str | None
    kind: ClaimKind
    claimed_at: str | None
    # The claimant's role when they made the claim (the entity's role is its current one).
    role: str | None
    tags: list[str]
    appearances: list[SeedAppearance]


@dataclass(frozen=True)
class SeedLink:
    from_claim: str
    to_claim: str
    type: LinkType
    reason: str | None


@dataclass
class Dossier:
    """A whole seed file, checked."""

    key: str
    title: str
    description: str | None
    entities: dict[str, SeedEntity] = field(default_factory=dict)
    sources: dict[str, SeedSource] = field(default_factory=dict)
    claims: dict[str, SeedClaim] = field(default_factory=dict)
    links: list[SeedLink] = field(default_factory=list)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, reason: str) -> InvalidInput:
        return InvalidInput(f"{self.path}: {where}: {reason}")

    def text(
        self, table: dict[str, Any], name: str, where: str, *, required: bool = False
    ) -> str | None:
        value = table.get(name)
        if value is None:
            if required:
                raise self.fail(where, f"'{name}' is required")
            return None
        if not isinstance(value, str):
            raise self.fail(where, f"'{name}' must be a string")
        return value

    def language(self, table: dict[str, Any], where: str) -> str | None:
        """The item's ``language`` in BCP 47 canonical form; not a code, a bad item."""
        value = self.text(table, "language", where)
        if value is None:
            return None
        try:
            return normalise_language(value)
        except InvalidInput as exc:
            raise self.fail(where, str(exc)) from None

    def choice(self, table: dict[str, Any], name: str, where: str, enum: type[E], default: E) -> E:
        value = table.get(name)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise self.fail(where, f"{name} {value!r} is not one of {allowed}") from None

    def keyed(self, items: Any, section: str) -> list[tuple[str, dict[str, Any]]]:
        if items is None:
            return []
        if not isinstance(items, list):
            raise self.fail(section, "must be an array of tables ([[" + section + "]])")
        out = []
        seen: set[str] = set()
        for index, item in enumerate(items, start=1):
            where = f"{section} #{index}"
            key = self.text(item, "key", where, required=True)
            assert key is not None
            if key in seen:
                raise self.fail(where, f"duplicate key {key!r}")
            seen.add(key)
            out.append((key, item))
        return out


def read_dossier(path: Path) -> Dossier:
    """Parse and check ``path``; raises InvalidInput naming the file and the faulty entry."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"no seed file at {path}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: {exc}") from None
    r = _Reader(path)
    head = raw.get("dossier") or {}
    dossier = Dossier(
        key=r.text(head, "key", "[dossier]", required=True) or "",
        title=r.text(head, "title", "[dossier]", required=True) or "",
        description=r.text(head, "description", "[dossier]"),
    )
    # In this order: sources name entities, claims name entities and sources, links claims.
    for key, item in r.keyed(raw.get("entities"), "entities"):
        dossier.entities[key] = _entity(r, key, item)
    for key, item in r.keyed(raw.get("sources"), "sources"):
        dossier.sources[key] = _source(r, key, item, dossier)
    for key, item in r.keyed(raw.get("claims"), "claims"):
        dossier.claims[key] = _claim(r, key, item, dossier)
    for index, item in enumerate(raw.get("links", []), start=1):
        dossier.links.append(_link(r, index, item, dossier))
    return dossier


def _entity(r: _Reader, key: str, item: dict[str, Any]) -> SeedEntity:
    where = f"entity {key!r}"
    return SeedEntity(
        key=key,
        name=r.text(item, "name", where, required=True) or "",
        kind=r.choice(item, "kind", where, EntityKind, EntityKind.UNKNOWN),
        role=r.text(item, "role", where),
        aliases=[str(a) for a in item.get("aliases", [])],
        wikidata_id=r.text(item, "wikidata_id", where),
        description=r.text(item, "description", where),
    )


def _source(r: _Reader, key: str, item: dict[str, Any], dossier: Dossier) -> SeedSource:
    where = f"source {key!r}"
    publisher = r.text(item, "publisher", where)
    source = SeedSource(
        key=key,
        title=r.text(item, "title", where),
        url=r.text(item, "url", where),
        # A publisher may name a dossier entity by key, or any entity by name.
        publisher=dossier.entities[publisher].name if publisher in dossier.entities else publisher,
        kind=r.choice(item, "kind", where, SourceKind, SourceKind.OTHER),
        language=r.language(item, where),
        published=r.text(item, "published", where),
    )
    if not (item.get("title") or item.get("url")):
        raise r.fail(where, "needs a title or a url")
    return source


def _claim(r: _Reader, key: str, item: dict[str, Any], dossier: Dossier) -> SeedClaim:
    where = f"claim {key!r}"
    claimant = r.text(item, "claimant", where)
    if claimant is not None and claimant not in dossier.entities:
        raise r.fail(where, f"claimant {claimant!r} is not an entity key")
    if claimant is None and item.get("role") is not None:
        raise r.fail(where, "a role describes the claimant: name the claimant too")
    appearances = []
    for appearance in item.get("appearances", []):
        source = r.text(appearance, "source", where, required=True)
        if source not in dossier.sources:
            raise r.fail(where, f"appearance source {source!r} is not a source key")
        appearances.append(
            SeedAppearance(
                source=source,
                quote=r.text(appearance, "quote", where),
                first=bool(appearance.get("first", False)),
            )
        )
    return SeedClaim(
        key=key,
        text=r.text(item, "text", where, required=True) or "",
        language=r.language(item, where),
        claimant=claimant,
        kind=r.choice(item, "kind", where, ClaimKind, ClaimKind.FACTUAL),
        claimed_at=r.text(item, "claimed_at", where),
        role=r.text(item, "role", where),
        tags=[str(t) for t in item.get("tags", [])],
        appearances=appearances,
    )


def _link(r: _Reader, index: int, item: dict[str, Any], dossier: Dossier) -> SeedLink:
    where = f"link #{index}"
    ends = []
    for end in ("from", "to"):
        value = r.text(item, end, where, required=True)
        if value not in dossier.claims:
            raise r.fail(where, f"'{end}' {value!r} is not a claim key")
        ends.append(value or "")
    return SeedLink(
        from_claim=ends[0],
        to_claim=ends[1],
        type=r.choice(item, "type", where, LinkType, LinkType.SUPPORTS),
        reason=r.text(item, "reason", where),
    )
