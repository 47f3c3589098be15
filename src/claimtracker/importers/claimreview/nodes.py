"""Walking JSON-LD as parsed by :func:`json.loads`: nodes, references, property values.

Lenient on purpose, as markup in the wild is: a property may be a value or an array of them,
its name compact or prefixed (:data:`~claimtracker.formats.schema_org.SCHEMA_PREFIXES`), a
value a ``{"@value": …}`` object, a node a bare reference (``{"@id": "#org"}``) to a node
elsewhere in the document. Anything unexpected reads as "absent" rather than failing here;
the readers decide what a review cannot do without.
"""

from __future__ import annotations

import math
import uuid
from typing import TYPE_CHECKING, Any

from claimtracker.formats.schema_org import SCHEMA_PREFIXES, URN_UUID_PATTERN, Type

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "Ids",
    "find_reviews",
    "first",
    "index_nodes",
    "number_value",
    "prop",
    "resolve",
    "text_value",
    "types_of",
    "uuid_of",
    "values",
]

Ids = dict[str, dict[str, Any]]
"""The nodes of a document by their ``@id``, to follow references."""


def index_nodes(value: Any, ids: Ids) -> None:
    """Every node with an ``@id`` and some content, so bare references can be followed."""
    if isinstance(value, list):
        for item in value:
            index_nodes(item, ids)
    elif isinstance(value, dict):
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 1:
            ids.setdefault(node_id, value)
        for key, item in value.items():
            if key != "@context":
                index_nodes(item, ids)


def find_reviews(value: Any) -> Iterator[dict[str, Any]]:
    """ClaimReview nodes in document order, at any depth (arrays, @graph, feeds, wrappers)."""
    if isinstance(value, list):
        for item in value:
            yield from find_reviews(item)
    elif isinstance(value, dict):
        if Type.CLAIM_REVIEW in types_of(value):
            yield value
            return
        for key, item in value.items():
            if key != "@context":
                yield from find_reviews(item)


def _local(name: str) -> str:
    for prefix in SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def types_of(node: dict[str, Any]) -> set[str]:
    """The node's type names, without their schema.org prefix."""
    raw = node.get("@type", node.get("type"))
    found = raw if isinstance(raw, list) else [raw]
    return {_local(v) for v in found if isinstance(v, str)}


def prop(node: dict[str, Any], name: str) -> Any:
    """The value of property ``name`` (compact), under its compact or a prefixed key."""
    if name in node:
        return node[name]
    for prefix in SCHEMA_PREFIXES:
        key = prefix + name
        if key in node:
            return node[key]
    return None


def values(value: Any) -> list[Any]:
    """A property's values as a list: none, one, or the array's (nulls left out)."""
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def first(value: Any) -> Any:
    """A property's first value, or None."""
    found = values(value)
    return found[0] if found else None


def resolve(value: Any, ids: Ids) -> Any:
    """The node a bare reference (``{"@id": …}``) points to, if the document has it."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(value["@id"], value)
    return value


def _scalar(value: Any) -> Any:
    value = first(value)
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def text_value(value: Any) -> str | None:
    """A property's first value as trimmed text (numbers too); None if empty or not text."""
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


def number_value(value: Any) -> float | None:
    """A property's first value as a finite number (from a number or its text), else None."""
    value = _scalar(value)
    if isinstance(value, bool):
        return None
    number: float | None = None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            # Decimal commas occur in European markup ("2,5").
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    # "NaN" and "Infinity" parse as floats but are no rating.
    return number if number is not None and math.isfinite(number) else None


def uuid_of(value: str | None) -> str | None:
    """The UUID of a ``urn:uuid:`` identifier (ours, exported), in canonical form; else None."""
    if not value:
        return None
    match = URN_UUID_PATTERN.fullmatch(value.strip())
    if match is None:
        return None
    try:
        return str(uuid.UUID(match.group(1)))
    except ValueError:
        return None
