"""Folding that respects scripts: stored keys and search documents refolded.

``text.fold`` used to drop every nonspacing mark, the accents of Latin, Greek and Cyrillic and
with them the vowel signs and viramas of Brahmic scripts, so "కలం" (pen) and "కాలం" (time), or
"कमल" and "कमला", had one key: one claim by the duplicate check, one word to search. It now
drops only optional accents and vowel points (``text.ACCENT_RANGES``), keeps the Cyrillic
letters й ў ї ѓ ќ, and recomposes its result. This revision re-derives what was stored from
the old fold:

* ``claim.text_hash`` (the exact-duplicate key), ``claim_search.document`` (the search
  document: the claim's text, quotes, tags and review headlines, folded), ``entity.name_key``
  and ``entity_alias.alias_key``, from the texts they were derived from;
* on SQLite, the FTS5 index, whose tokenizer split words at every mark (``unicode61`` counts
  marks as separators, so "कमला" was indexed as "कमल"): marks are now word characters
  (``categories 'L* N* Co M*'``). PostgreSQL's parser already kept them in words; its
  generated vectors follow the documents, and the table is analysed afterwards so the ranking
  has statistics at once;
* ``rating_alias.alias_key`` holds only the key, not the wording it came from: a key is
  refolded from the wording of imported verdicts that gave it (``verdict.original_rating``);
  a key no such wording explains is left as it was (``claim scale alias list`` shows it, and
  adding the wording again gives the new key).

The new fold is finer than the old (two texts with one new key had one old key), so keys
that were distinct stay distinct and no unique constraint can be broken; claims merged
before stay merged (nothing is split). Rows are read in batches in id order and only those
whose key changes are written, so a database of a million mostly ASCII claims reads once and
writes little. The downgrade re-derives everything with the old fold, kept below, frozen.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence

from alembic import op
from sqlalchemy import text
from sqlalchemy.engine import Connection

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000
OLD_TOKENIZER = "porter unicode61 remove_diacritics 2"
NEW_TOKENIZER = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"

Fold = Callable[[str], str]


def upgrade() -> None:
    from claimtracker.text import fold

    _refold(fold, old_fold, NEW_TOKENIZER)


def downgrade() -> None:
    from claimtracker.text import fold

    _refold(old_fold, fold, OLD_TOKENIZER)


def _refold(fold: Fold, previous: Fold, tokenizer: str) -> None:
    """Derive every fold-derived value with ``fold``; ``previous`` is the one they came from."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    triggers: list[str] = []
    if sqlite:
        triggers = _drop_fts(bind)
    _refold_claims(bind, fold, previous)
    _refold_names(bind, fold, "entity", "name", "name_key")
    _refold_entity_aliases(bind, fold)
    _refold_rating_aliases(bind, fold, previous)
    if sqlite:
        _create_fts(bind, tokenizer, triggers)
    else:
        # Statistics for the BM25 ranking (services/search.py) and the planner at once.
        bind.exec_driver_sql("ANALYZE claim_search")


# Old fold, frozen: ``claimtracker.text.fold`` and ``normalise_claim`` before this revision.

_OLD_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u00b4\u0060\u02bc\u2039\u203a", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
        **dict.fromkeys(
            "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d", "-"
        ),
        **dict.fromkeys("\u00ad\u200b\u2060\ufeff", None),
    }
)
_MEANINGFUL_PUNCTUATION = frozenset("%‰‱#@&*/\\§¶†‡")


def old_fold(value: str) -> str:
    """``text.fold`` before this revision: NFKD, case-folded, every nonspacing mark dropped."""
    if value.isascii():
        return " ".join(value.replace("`", "'").lower().split())
    decomposed = unicodedata.normalize("NFKD", value.translate(_OLD_TYPOGRAPHIC)).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.translate(_OLD_TYPOGRAPHIC).split())


def claim_hash(fold: Fold, value: str) -> str:
    """``text.text_hash`` over ``fold``: the folded text without punctuation at its ends."""
    folded = fold(value)
    start, end = 0, len(folded)
    while start < end and _is_edge_junk(folded[start]):
        if folded[start] in "-." and folded[start + 1 : start + 2].isdigit():
            break
        start += 1
    while end > start and _is_edge_junk(folded[end - 1]):
        end -= 1
    key = folded[start:end] or folded
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _is_edge_junk(ch: str) -> bool:
    if ch.isspace():
        return True
    return unicodedata.category(ch).startswith("P") and ch not in _MEANINGFUL_PUNCTUATION


def alias_key(fold: Fold, value: str) -> str:
    """``rating_aliases.alias_key`` over ``fold``: folded, punctuation made spaces."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(value)).split())


# Claims: the duplicate key and the search document.


def _batches(bind: Connection, sql: str) -> Iterator[list[tuple[object, ...]]]:
    """Rows of ``sql`` (which selects ``id`` first, ``WHERE id > :last ORDER BY id``)."""
    last = 0
    while True:
        rows = [tuple(r) for r in bind.execute(text(sql), {"last": last, "limit": BATCH})]
        if not rows:
            return
        yield rows
        last = int(str(rows[-1][0]))


def _grouped(bind: Connection, sql: str, low: int, high: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for claim_id, value in bind.execute(text(sql), {"low": low, "high": high}):
        if value:
            found.setdefault(int(claim_id), []).append(str(value))
    return found


_CLAIMS = (
    "SELECT c.id, c.text, c.text_hash, s.document FROM claim c "
    "LEFT JOIN claim_search s ON s.claim_id = c.id WHERE c.id > :last ORDER BY c.id LIMIT :limit"
)
# The parts of a search document, as services/search.py refresh() reads them.
_QUOTES = (
    "SELECT claim_id, quote FROM appearance WHERE claim_id BETWEEN :low AND :high "
    "AND quote IS NOT NULL ORDER BY claim_id, id"
)
_TAGS = "SELECT claim_id, tag FROM claim_tag WHERE claim_id BETWEEN :low AND :high ORDER BY tag"
_HEADLINES = (
    "SELECT v.claim_id, s.title FROM verdict v JOIN source s ON s.id = v.review_source_id "
    "WHERE v.claim_id BETWEEN :low AND :high AND s.title IS NOT NULL ORDER BY v.claim_id, v.id"
)


def _refold_claims(bind: Connection, fold: Fold, previous: Fold) -> None:
    """Refold the claims whose keys the change of fold touches; others are not written.

    ASCII folds alike either way, so only non-ASCII texts are folded at all. A search
    document is rebuilt from its parts (as ``services/search.py`` ``refresh`` builds it) only
    when folding them the two ways differs, so a document a loader built its own way is left
    alone unless the refolding concerns it.
    """
    for rows in _batches(bind, _CLAIMS):
        low, high = int(str(rows[0][0])), int(str(rows[-1][0]))
        quotes = _grouped(bind, _QUOTES, low, high)
        tags = _grouped(bind, _TAGS, low, high)
        headlines = _grouped(bind, _HEADLINES, low, high)
        hashes: list[dict[str, object]] = []
        documents: list[dict[str, object]] = []
        for claim_id, claim_text, stored_hash, stored_document in rows:
            key, body = int(str(claim_id)), str(claim_text)
            if not body.isascii() and (new_hash := claim_hash(fold, body)) != stored_hash:
                hashes.append({"id": key, "value": new_hash})
            parts = [body, *quotes.get(key, []), " ".join(sorted(tags.get(key, [])))]
            joined = "\n".join(p for p in [*parts, *headlines.get(key, [])] if p)
            if stored_document is None or joined.isascii():
                continue
            document = fold(joined)
            if document != stored_document and document != previous(joined):
                documents.append({"id": key, "value": document})
        if hashes:
            bind.execute(text("UPDATE claim SET text_hash = :value WHERE id = :id"), hashes)
        if documents:
            bind.execute(
                text("UPDATE claim_search SET document = :value WHERE claim_id = :id"), documents
            )


def _refold_names(bind: Connection, fold: Fold, table: str, column: str, key: str) -> None:
    # Table and column names are this module's constants, never input.
    select = f"SELECT id, {column}, {key} FROM {table} WHERE id > :last ORDER BY id LIMIT :limit"
    update = text(f"UPDATE {table} SET {key} = :value WHERE id = :id")
    for rows in _batches(bind, select):
        changed = [
            {"id": row_id, "value": fold(str(name))}
            for row_id, name, stored in rows
            if fold(str(name)) != stored
        ]
        if changed:
            bind.execute(update, changed)


def _refold_entity_aliases(bind: Connection, fold: Fold) -> None:
    """``entity_alias.alias_key``, unique for each entity. The new fold never merges two keys;
    the old one (a downgrade) can: "కలం" and "కాలం" aliases of one entity become one key, so
    the later alias row goes (the first still finds the entity by that key)."""
    select = (
        "SELECT id, alias, alias_key, entity_id FROM entity_alias WHERE id > :last "
        "ORDER BY id LIMIT :limit"
    )
    taken = text(
        "SELECT 1 FROM entity_alias WHERE entity_id = :entity AND alias_key = :value AND id <> :id"
    )
    for rows in _batches(bind, select):
        for row_id, alias, stored, entity in rows:
            value = fold(str(alias))
            if value == stored:
                continue
            if bind.execute(taken, {"entity": entity, "value": value, "id": row_id}).first():
                bind.execute(text("DELETE FROM entity_alias WHERE id = :id"), {"id": row_id})
            else:
                bind.execute(
                    text("UPDATE entity_alias SET alias_key = :value WHERE id = :id"),
                    {"value": value, "id": row_id},
                )


def _refold_rating_aliases(bind: Connection, fold: Fold, previous: Fold) -> None:
    """Keys whose wording an imported verdict kept are refolded; a key taken already stays."""
    stored = {
        str(k): int(i) for i, k in bind.execute(text("SELECT id, alias_key FROM rating_alias"))
    }
    wordings = bind.execute(
        text("SELECT DISTINCT original_rating FROM verdict WHERE original_rating IS NOT NULL")
    )
    renamed: dict[str, str] = {}
    for (wording,) in wordings:
        before, after = alias_key(previous, str(wording)), alias_key(fold, str(wording))
        if before != after and before in stored and after not in stored:
            renamed.setdefault(before, after)
    for before, after in renamed.items():
        if after in stored:  # two wordings of one old key: the first keeps the row
            continue
        bind.execute(
            text("UPDATE rating_alias SET alias_key = :after WHERE id = :id"),
            {"after": after, "id": stored.pop(before)},
        )
        stored[after] = -1


# SQLite's full-text index: the table and its three triggers (migration 0001), rebuilt.


def _drop_fts(bind: Connection) -> list[str]:
    triggers = [
        str(sql)
        for (sql,) in bind.execute(
            text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'claim_search' ORDER BY name"
            )
        )
    ]
    for (name,) in bind.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claim_search'")
    ).all():
        bind.exec_driver_sql(f'DROP TRIGGER "{name}"')
    bind.exec_driver_sql("DROP TABLE claim_fts")
    return triggers


def _create_fts(bind: Connection, tokenizer: str, triggers: list[str]) -> None:
    quoted = tokenizer.replace("'", "''")
    bind.exec_driver_sql(
        "CREATE VIRTUAL TABLE claim_fts USING fts5(document, content='claim_search', "
        f"content_rowid='claim_id', tokenize='{quoted}')"
    )
    bind.exec_driver_sql("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')")
    for sql in triggers:
        bind.exec_driver_sql(sql)
