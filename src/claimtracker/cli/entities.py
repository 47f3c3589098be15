"""`claim entity …`: claimants, publishers and authors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.lazy import Lazy
from claimtracker.cli.options import paging_options
from claimtracker.cli.output import emit_record, emit_records, format_option, resolve_format
from claimtracker.enums import EntityKind

if TYPE_CHECKING:
    from claimtracker.services.history import HistoryEntry
    from claimtracker.services.record_history import MergeNote

ENTITY_KINDS = [k.value for k in EntityKind]
COLUMNS = ["id", "name", "kind", "role", "wikidata_id", "aliases", "claims"]

_CLI = "claimtracker.cli."
# Curation commands live in their own modules, loaded when used (cli/lazy.py).
ENTITY_LAZY = {
    "edit": Lazy(
        _CLI + "entity_curation:edit",
        "Correct an entity: its name, kind, role, Wikidata id, site or description.",
    ),
    "alias": Lazy(_CLI + "entity_curation:alias_group", "Other names an entity answers to."),
    "history": Lazy(
        _CLI + "entity_curation:history",
        "Every event of an entity, in order, in words (edits, aliases, merges).",
    ),
    "merge": Lazy(
        _CLI + "entity_merge:merge",
        "Merge entity OTHER into KEEP: its claims move, its names become aliases of KEEP.",
    ),
    "unmerge": Lazy(
        _CLI + "entity_merge:unmerge",
        "Undo the merge recorded by event EVENT_ID: the merged entity comes back with its claims.",
    ),
}


@click.group("entity", cls=CommandGroup, lazy=ENTITY_LAZY)
def entity_group() -> None:
    """People, organisations, outlets, accounts and collectives that make claims."""


@entity_group.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), default="unknown", show_default=True)
@click.option("--role", help='What they are ("CEO of Curai").')
@click.option("--wikidata", "wikidata_id", metavar="QID", help="Wikidata item id (Q42) or URL.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeat for several).")
@click.option("--description", help="A line about who this is.")
@click.option("--allow-same-name", is_flag=True, help="Add even if an entity has this name.")
@click.pass_context
def add(
    ctx: click.Context,
    name: str,
    kind: str,
    role: str | None,
    wikidata_id: str | None,
    aliases: tuple[str, ...],
    description: str | None,
    allow_same_name: bool,
) -> None:
    """Record an entity; prints its id."""
    from claimtracker.services.entities import add_entity

    app = get_app(ctx)
    with app.session() as session:
        entity = add_entity(
            session,
            name,
            actor=app.user,
            kind=EntityKind(kind),
            role=role,
            wikidata_id=wikidata_id,
            aliases=list(aliases),
            description=description,
            allow_same_name=allow_same_name,
        )
        entity_id = entity.id
    click.echo(entity_id)


@entity_group.command("list")
@click.argument("query", required=False)
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="Only entities of this kind.")
@paging_options
@format_option()
@click.pass_context
def list_(
    ctx: click.Context,
    query: str | None,
    kind: str | None,
    limit: int,
    page: int,
    output_format: str | None,
) -> None:
    """List entities by name (QUERY filters names and aliases), with their claim counts."""
    from claimtracker.services.entities import list_entities

    app = get_app(ctx)
    with app.session() as session:
        rows = list_entities(
            session,
            query=query,
            kind=EntityKind(kind) if kind else None,
            limit=limit,
            offset=(page - 1) * limit,
        )
    emit_records(rows, output_format, COLUMNS)


@entity_group.command("show")
@click.argument("entity_ref", metavar="ID|NAME")
@format_option()
@click.pass_context
def show(ctx: click.Context, entity_ref: str, output_format: str | None) -> None:
    """Show an entity, its aliases and the claims it made."""
    from claimtracker.cli.render import entity_record
    from claimtracker.services.entities import describe, get_entity

    app = get_app(ctx)
    with app.session() as session:
        detail = describe(session, get_entity(session, entity_ref))
    record = entity_record(detail)
    as_json = resolve_format(output_format) == "json"
    record["merged"] = [_merge_note(m, as_json) for m in detail.merged]
    record["history"] = [history_line(h, as_json) for h in detail.history]
    emit_record_with_lists(record, output_format, ["merged", "history"])


def emit_record_with_lists(
    record: dict[str, Any], output_format: str | None, lists: list[str]
) -> None:
    """``emit_record``, with the ``lists`` keys as indented lines under the record in a table
    (one event a line) rather than joined into one cell."""
    if resolve_format(output_format) != "table":
        emit_record(record, output_format)
        return
    sections = {key: record.pop(key) for key in lists}
    emit_record(record, output_format)
    for key, lines in sections.items():
        if lines:
            click.echo(f"{key}:")
            for line in lines:
                click.echo(f"  {line}")


def _merge_note(note: MergeNote, as_json: bool) -> Any:
    from claimtracker.cli.output import record_dict

    if as_json:
        return record_dict(note)
    line = f"merged #{note.merged_id} {note.merged_name!r} into this (event #{note.event_id}"
    if note.undone_by is not None:
        return f"{line}, undone by event #{note.undone_by})"
    return f"{line}: claim entity unmerge {note.event_id})"


def history_line(entry: HistoryEntry, as_json: bool = False) -> Any:
    """One event of a record's history, as `show` lists it (a dict for JSON)."""
    if as_json:
        return {
            "event_id": entry.event_id,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "description": entry.description,
        }
    from claimtracker.cli.times import shown

    return f"#{entry.event_id} {shown(entry.at, seconds=False)} {entry.actor}: {entry.description}"
