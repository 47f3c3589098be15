"""Who made a claim and who reviewed it, as JSON-LD names them (or only points at them).

The reviewing organisation is the one that published the review, never whoever runs the
import: its ``author`` when that is an organisation, else the review's ``publisher`` (news
sites often put the writer, a Person, in ``author`` and the outlet in ``publisher``), else the
author as given. When the markup gives it no name, it is read off its own ``url`` or
``sameAs`` (the host, "factcrescendo.com"), else off the review page's address; such a name is
marked ``named=False`` so the import can prefer an organisation already known by that address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from claimtracker.enums import EntityKind
from claimtracker.errors import InvalidInput
from claimtracker.formats.schema_org import MAX_NAME_LENGTH, Prop, entity_kind
from claimtracker.importers.claimreview.checks import checked_text
from claimtracker.importers.claimreview.nodes import (
    first,
    prop,
    resolve,
    text_value,
    types_of,
    values,
)
from claimtracker.importers.claimreview.records import Party
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from claimtracker.importers.claimreview.nodes import Ids

__all__ = ["host_name", "party", "reviewer"]

_WEB = ("http://", "https://")


def host_name(url: str | None) -> str | None:
    """A readable name for the site at ``url``: its host without ``www.``; None if none."""
    if not url or not url.lower().startswith(_WEB):
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def _web_url(value: Any) -> str | None:
    """An absolute http(s) address, normalised; a relative one ("/srijit-das") says nothing."""
    text = text_value(value)
    if text is None or not text.lower().startswith(_WEB):
        return None
    try:
        return normalise_url(text)
    except InvalidInput:
        return None  # a malformed address identifies nobody: left out, not a reason to refuse


def party(
    value: Any,
    ids: Ids,
    default: EntityKind,
    *,
    by_address: bool = False,
    fallback_url: str | None = None,
) -> Party | None:
    """The party ``value`` names: a text, or a node with a name, url and sameAs.

    Without a name it is None, unless ``by_address`` (the reviewer only: a site is who
    published there, while a claimant's profile page does not say who they are): then the host
    of its url or sameAs names it, else that of ``fallback_url``.
    """
    value = resolve(first(value), ids)
    if isinstance(value, str):
        name = checked_text(value, "author name", MAX_NAME_LENGTH) if value.strip() else None
        if name:
            return Party(name, default)
        value = None
    node: dict[str, Any] = value if isinstance(value, dict) else {}
    raw = text_value(prop(node, Prop.NAME)) or text_value(prop(node, Prop.LEGAL_NAME))
    raw = raw or text_value(prop(node, Prop.ALTERNATE_NAME))
    url = _web_url(prop(node, Prop.URL))
    same_as = tuple(
        dict.fromkeys(u for u in (_web_url(v) for v in values(prop(node, Prop.SAME_AS))) if u)
    )
    kind = entity_kind(types_of(node), default) if node else default
    if raw is not None:
        name = checked_text(raw, "author name", MAX_NAME_LENGTH) or raw
        return Party(name, kind, url, same_as)
    if not by_address:
        return None
    host = host_name(url) or next((h for h in map(host_name, same_as) if h), None)
    host = host or host_name(fallback_url)
    if host is None:
        return None
    return Party(host, kind, url, same_as, named=False)


def reviewer(node: dict[str, Any], ids: Ids, review_url: str | None) -> Party | None:
    """The organisation that published the review ``node`` (see the module docstring)."""
    author = party(prop(node, Prop.AUTHOR), ids, EntityKind.ORGANISATION, by_address=True)
    if author is not None and author.kind != EntityKind.PERSON and author.named:
        return author
    outlet = party(prop(node, Prop.PUBLISHER), ids, EntityKind.ORGANISATION, by_address=True)
    if outlet is not None and outlet.named:
        return outlet
    if author is not None and author.named:
        return author
    found = author or outlet
    if found is not None:
        return found
    return party(None, ids, EntityKind.ORGANISATION, by_address=True, fallback_url=review_url)
