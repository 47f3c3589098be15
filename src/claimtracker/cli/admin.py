"""`claim scale`, `claim config` and `claim audit`: the rating scale, settings, the audit log."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.lazy import Lazy
from claimtracker.cli.output import emit_rows, format_option
from claimtracker.enums import Normalised

SCALE_LAZY = {
    # `claim scale alias …` lives with the ClaimReview import that reads the aliases.
    "alias": Lazy(
        "claimtracker.cli.io_claimreview:rating_alias_group",
        'Ratings worded by other fact-checkers ("Pants on Fire", "Faux") and their labels.',
    ),
}


@click.group("scale", cls=CommandGroup, lazy=SCALE_LAZY)
def scale_group() -> None:
    """Rating scales: labels, their order and their ClaimReview mapping."""


@scale_group.command("show")
@click.argument("name", required=False)
@format_option()
@click.pass_context
def scale_show(ctx: click.Context, name: str | None, output_format: str | None) -> None:
    """Show a scale's labels (default scale unless NAME)."""
    from claimtracker.services import scales

    app = get_app(ctx)
    with app.session() as session:
        rows = scales.labels(session, name)
    emit_rows(
        rows,
        output_format,
        ["scale", "position", "label", "name", "claimreview_value", "normalised", "description"],
    )


@scale_group.command("add-label")
@click.argument("label")
@click.option("--scale", "scale_name", help="Scale to extend (default scale unless given).")
@click.option("--name", help="Display name (default: from the label).")
@click.option("--claimreview-value", type=int, help="Number in ClaimReview's reviewRating.")
@click.option("--normalised", type=click.Choice([n.value for n in Normalised]), required=True)
@click.option("--after", metavar="LABEL", help="Place it after this label (default: last).")
@click.option("--description", help="What the label means.")
@click.pass_context
def scale_add_label(
    ctx: click.Context,
    label: str,
    scale_name: str | None,
    name: str | None,
    claimreview_value: int | None,
    normalised: str,
    after: str | None,
    description: str | None,
) -> None:
    """Add a label to a rating scale; prints its id."""
    from claimtracker.services import scales

    app = get_app(ctx)
    with app.session() as session:
        label_id = scales.add_label(
            session,
            label,
            scale_name=scale_name,
            name=name,
            claimreview_value=claimreview_value,
            normalised=Normalised(normalised),
            after=after,
            description=description,
            actor=app.user,
        )
    click.echo(label_id)


@scale_group.command("add")
@click.argument("name")
@click.option("--best", type=int, required=True, help="ClaimReview bestRating of the scale.")
@click.option("--worst", type=int, required=True, help="ClaimReview worstRating of the scale.")
@click.option("--description", help="What the scale is for.")
@click.option("--default", "make_default", is_flag=True, help="Make it the default scale.")
@click.pass_context
def scale_add(
    ctx: click.Context,
    name: str,
    best: int,
    worst: int,
    description: str | None,
    make_default: bool,
) -> None:
    """Create a rating scale; prints its id."""
    from claimtracker.services import scales

    app = get_app(ctx)
    with app.session() as session:
        scale_id = scales.add_scale(
            session,
            name,
            best=best,
            worst=worst,
            description=description,
            make_default=make_default,
            actor=app.user,
        )
    click.echo(scale_id)


@click.group("config", cls=CommandGroup)
def config_group() -> None:
    """Per-database settings."""


@config_group.command("list")
@format_option()
@click.pass_context
def config_list(ctx: click.Context, output_format: str | None) -> None:
    """Show every setting with its value."""
    from claimtracker.services import settings

    app = get_app(ctx)
    with app.session() as session:
        rows = settings.all_settings(session)
    emit_rows(rows, output_format, ["key", "value", "default", "meaning"])


@config_group.command("get")
@click.argument("key")
@click.pass_context
def config_get(ctx: click.Context, key: str) -> None:
    """Print the value of setting KEY."""
    from claimtracker.services import settings

    app = get_app(ctx)
    with app.session() as session:
        value = settings.get(session, key)
    click.echo(value)


@config_group.command("set")
@click.argument("key")
@click.argument("value")
@click.pass_context
def config_set(ctx: click.Context, key: str, value: str) -> None:
    """Set KEY to VALUE (e.g. `claim config set review.approvals 0`)."""
    from claimtracker.services import settings

    app = get_app(ctx)
    with app.session() as session:
        stored = settings.set_value(session, key, value, actor=app.user)
    click.echo(f"{key} = {stored}")


@config_group.command("history")
@click.argument("key", required=False)
@format_option()
@click.pass_context
def config_history(ctx: click.Context, key: str | None, output_format: str | None) -> None:
    """Who changed the settings (or KEY), when, and from what to what, oldest first."""
    from claimtracker.cli.output import emit_records, resolve_format
    from claimtracker.services import settings

    app = get_app(ctx)
    with app.session() as session:
        rows = settings.setting_history(session, key)
    if resolve_format(output_format) == "table":
        from claimtracker.cli.times import shown

        for row in rows:
            click.echo(f"{shown(row.at)}  {row.actor:<12} {row.description}")
        return
    emit_records(rows, output_format, ["event_id", "at", "actor", "action", "description"])


@click.group("audit", cls=CommandGroup)
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    """Check the whole hash chain of the event log; exit 1 at the first broken event."""
    from claimtracker.errors import Conflict
    from claimtracker.services import events

    app = get_app(ctx)
    with app.session() as session:
        count, first_break = events.verify_chain(session)
    if first_break is not None:
        raise Conflict(f"audit log broken at event #{first_break.event_id}: {first_break.reason}")
    click.echo(f"audit log intact: {count} events, hash chain verified")
