"""Commands between claims and sources: link, unlink, evidence (add, edit, remove), graph."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.options import (
    LINK_OPTION_NAMES,
    chosen_links,
    link_flag,
    link_options,
    stance_options,
    truncate,
)
from claimtracker.enums import LinkType, SourceKind, Stance

SOURCE_KINDS = [k.value for k in SourceKind]


def _link_type(options: dict[str, str | None]) -> tuple[LinkType, str]:
    chosen = chosen_links(options)
    if len(chosen) > 1:
        given = " and ".join(f"{link_flag(t)} {ref}" for t, ref in chosen)
        raise click.UsageError(f"give one link type, not {given}: a link has one type")
    if not chosen:
        raise click.UsageError(
            "give exactly one of "
            + ", ".join(f"--{n}" for n in LINK_OPTION_NAMES)
            + " with a claim id"
        )
    return chosen[0]


link_type_options = link_options(lambda name: f"The claim that ID {name.replace('-', ' ')}.")


@click.command("link")
@click.argument("claim_ref", metavar="ID")
@link_type_options
@click.option("--reason", help="Why the link holds.")
@click.pass_context
def link(ctx: click.Context, /, claim_ref: str, reason: str | None, **options: str | None) -> None:
    """Link claim ID to another: `claim link 7 --rebuts 3` records that #7 rebuts #3."""
    from claimtracker.services.claims import get_claim
    from claimtracker.services.links import link_claims

    link_type, other = _link_type(options)
    app = get_app(ctx)
    with app.session() as session:
        created = link_claims(
            session,
            get_claim(session, claim_ref),
            get_claim(session, other),
            link_type,
            actor=app.user,
            reason=reason,
        )
        link_id = created.id
    click.echo(link_id)


@click.command("unlink")
@click.argument("claim_ref", metavar="ID")
@link_type_options
@click.option("--reason", help="Why the link is removed.")
@click.pass_context
def unlink(
    ctx: click.Context, /, claim_ref: str, reason: str | None, **options: str | None
) -> None:
    """Remove a link: `claim unlink 7 --rebuts 3`."""
    from claimtracker.services.claims import get_claim
    from claimtracker.services.links import unlink_claims

    link_type, other = _link_type(options)
    app = get_app(ctx)
    with app.session() as session:
        removed = unlink_claims(
            session,
            get_claim(session, claim_ref),
            get_claim(session, other),
            link_type,
            actor=app.user,
            reason=reason,
        )
    for link_id in removed:
        click.echo(link_id)


STANCES = [s.value for s in Stance]


class DefaultCommandGroup(CommandGroup):
    """A group that runs its default command when the first argument names no other:
    `claim evidence 4 URL --refutes` is `claim evidence add 4 URL --refutes`."""

    default_command = "add"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(
    "evidence",
    cls=DefaultCommandGroup,
    subcommand_metavar="[add] ID URL|SOURCE_ID --STANCE [OPTIONS] | edit EID … | remove EID",
)
def evidence() -> None:
    """Evidence for claim ID: attach a source or a passage of it, with its stance; edit or
    remove it.

    `claim evidence ID URL|SOURCE_ID --refutes --quote … --locator "p. 12"` is short for
    `claim evidence add …` (its options: `claim evidence add --help`). A claim may cite
    several passages of one source, each with its quote and locator; `claim show` lists them
    with their evidence ids, which `claim evidence edit EID` and `claim evidence remove EID`
    take.
    """


@evidence.command("add")
@click.argument("claim_ref", metavar="ID")
@click.argument("source_ref", metavar="URL|SOURCE_ID")
@stance_options
@click.option("--quote", help="The passage of the source that bears on the claim.")
@click.option(
    "--locator",
    metavar="WHERE",
    help='Where the passage is in the source: "p. 12", "§3.2", "#training-costs", "line 40".',
)
@click.option("--note", help="What the evidence shows, in your words.")
@click.option("--title", help="Title of the source, when it is new.")
@click.option("--publisher", metavar="NAME", help="Publisher of the source, when it is new.")
@click.option("--source-kind", type=click.Choice(SOURCE_KINDS), help="Kind of source, when new.")
@click.pass_context
def add_evidence_command(
    ctx: click.Context,
    claim_ref: str,
    source_ref: str,
    stance: Stance | None,
    quote: str | None,
    locator: str | None,
    note: str | None,
    title: str | None,
    publisher: str | None,
    source_kind: str | None,
) -> None:
    """Attach a source as evidence for claim ID, with its stance; prints the evidence id.

    Another passage of a source already cited is another piece of evidence (give its
    --quote or --locator); the same passage twice is refused. The source's id, which
    `claim verify --evidence` takes, is said on stderr.
    """
    from claimtracker.services import sources
    from claimtracker.services.claims import get_claim
    from claimtracker.services.evidence import add_evidence

    if stance is None:
        raise click.UsageError(
            "give the stance: --supports, --refutes, --contextualizes or --mentions"
        )
    app = get_app(ctx)
    with app.session() as session:
        claim = get_claim(session, claim_ref)
        source = sources.resolve(
            session,
            source_ref,
            sources.SourceInput(
                title=title,
                publisher=publisher,
                kind=SourceKind(source_kind) if source_kind else None,
            ),
            actor=app.user,
        )
        item = add_evidence(
            session,
            claim,
            source,
            stance,
            actor=app.user,
            quote=quote,
            note=note,
            locator=locator,
        )
        item_id, source_id = item.id, source.id
    click.echo(
        f"evidence #{item_id} (source #{source_id}: use --evidence {source_id} with claim verify)",
        err=True,
    )
    click.echo(item_id)


@evidence.command("edit")
@click.argument("evidence_ref", metavar="EID")
@click.option("--stance", type=click.Choice(STANCES), help="The corrected stance.")
@click.option("--quote", help='The corrected passage ("" removes it).')
@click.option("--locator", metavar="WHERE", help='Where the passage is ("" removes it).')
@click.option("--note", help='The corrected note ("" removes it).')
@click.option("--reason", help="Why it is corrected (kept in the history).")
@click.pass_context
def edit_evidence_command(
    ctx: click.Context,
    evidence_ref: str,
    stance: str | None,
    quote: str | None,
    locator: str | None,
    note: str | None,
    reason: str | None,
) -> None:
    """Correct evidence EID: its stance, quote, locator or note; prints its id.

    The history of the claim shows each change, before → after.
    """
    from claimtracker.services.evidence import KEEP, edit_evidence, get_evidence

    if stance is None and quote is None and locator is None and note is None:
        raise click.UsageError("give what to correct: --stance, --quote, --locator or --note")
    app = get_app(ctx)
    with app.session() as session:
        item = get_evidence(session, evidence_ref, for_update=True)
        changes = edit_evidence(
            session,
            item,
            actor=app.user,
            stance=Stance(stance) if stance else None,
            quote=KEEP if quote is None else quote,
            locator=KEEP if locator is None else locator,
            note=KEEP if note is None else note,
            reason=reason,
        )
        item_id = item.id
    for field, change in changes.items():
        before, after = change["before"] or "—", change["after"] or "—"
        click.echo(
            f"evidence #{item_id}: {field} {truncate(before, 60)} → {truncate(after, 60)}", err=True
        )
    click.echo(item_id)


@evidence.command("remove")
@click.argument("evidence_ref", metavar="EID")
@click.option("--reason", help="Why it is removed (kept in the history).")
@click.pass_context
def remove_evidence_command(ctx: click.Context, evidence_ref: str, reason: str | None) -> None:
    """Remove evidence EID (not what a verdict rests on); prints its id.

    The history of the claim keeps what it was.
    """
    from claimtracker.services.evidence import get_evidence, remove_evidence

    app = get_app(ctx)
    with app.session() as session:
        item = get_evidence(session, evidence_ref, for_update=True)
        item_id = item.id
        remove_evidence(session, item, actor=app.user, reason=reason)
    click.echo(item_id)


@click.command("graph")
@click.argument("claim_ref", metavar="ID")
@click.option(
    "--depth",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="How many links away to follow.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
)
@click.pass_context
def graph(ctx: click.Context, claim_ref: str, depth: int, output_format: str) -> None:
    """Draw the web of links around claim ID as Mermaid or Graphviz DOT text."""
    from claimtracker.exporters.graph import to_dot, to_mermaid
    from claimtracker.services.claims import get_claim
    from claimtracker.services.graph import neighbourhood

    app = get_app(ctx)
    with app.session() as session:
        nodes, edges = neighbourhood(session, get_claim(session, claim_ref), depth)
    click.echo((to_mermaid if output_format == "mermaid" else to_dot)(nodes, edges), nl=False)
