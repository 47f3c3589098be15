"""Commands between claims and sources: link, unlink, evidence, graph."""

from __future__ import annotations

import click

from claimtracker.cli.context import get_app
from claimtracker.cli.options import LINK_OPTION_NAMES, chosen_links, link_options
from claimtracker.enums import LinkType, SourceKind, Stance

SOURCE_KINDS = [k.value for k in SourceKind]


def _link_type(options: dict[str, str | None]) -> tuple[LinkType, str]:
    chosen = chosen_links(options)
    if len(chosen) != 1:
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


@click.command("evidence")
@click.argument("claim_ref", metavar="ID")
@click.argument("source_ref", metavar="URL|SOURCE_ID")
@click.option("--supports", "stance", flag_value="supports", help="The source supports the claim.")
@click.option("--refutes", "stance", flag_value="refutes", help="The source refutes the claim.")
@click.option(
    "--contextualizes",
    "stance",
    flag_value="contextualizes",
    help="The source gives context to the claim.",
)
@click.option("--mentions", "stance", flag_value="mentions", help="The source mentions the claim.")
@click.option("--quote", help="The passage of the source that bears on the claim.")
@click.option("--note", help="What the evidence shows, in your words.")
@click.option("--title", help="Title of the source, when it is new.")
@click.option("--publisher", metavar="NAME", help="Publisher of the source, when it is new.")
@click.option("--source-kind", type=click.Choice(SOURCE_KINDS), help="Kind of source, when new.")
@click.pass_context
def evidence(
    ctx: click.Context,
    claim_ref: str,
    source_ref: str,
    stance: str | None,
    quote: str | None,
    note: str | None,
    title: str | None,
    publisher: str | None,
    source_kind: str | None,
) -> None:
    """Attach a source as evidence for claim ID, with its stance; prints the evidence id."""
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
            session, claim, source, Stance(stance), actor=app.user, quote=quote, note=note
        )
        item_id = item.id
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
