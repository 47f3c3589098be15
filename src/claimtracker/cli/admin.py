"""`claim scale`, `claim config` and `claim audit`: the rating scale, settings, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.lazy import Lazy
from claimtracker.cli.output import emit_rows, format_option
from claimtracker.enums import Normalised

if TYPE_CHECKING:
    from claimtracker.services.audit_head import Head

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


def _read_head(value: str | None) -> Head | None:
    """The --head value as given: N:HASH, or @FILE holding that line."""
    from claimtracker.cli.options import OptionError
    from claimtracker.errors import InvalidInput
    from claimtracker.services.audit_head import Head

    if value is None:
        return None
    where, text = "", value
    if value.startswith("@"):
        path = value[1:]
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise OptionError(
                f"Invalid value for '--head': cannot read {path}: {exc.strerror or exc}"
            ) from None
        where = f"{path}: "
    try:
        return Head.parse(text, where=where)
    except InvalidInput as exc:
        raise OptionError(f"Invalid value for '--head': {exc}") from None


@audit_group.command("verify")
@click.option(
    "--head",
    "head_value",
    metavar="HEAD|@FILE",
    help="Also check the log still holds this head (as `claim audit head` printed it, or "
    "@FILE holding it): catches events cut from the end and a chain rewritten whole.",
)
@click.pass_context
def audit_verify(ctx: click.Context, head_value: str | None) -> None:
    """Check the whole hash chain of the event log; exit 1 at the first broken event.

    Without --head this catches an event edited or removed inside the chain; events cut from
    its end, or a whole chain rewritten with recomputed hashes, need a head kept elsewhere.
    With CLAIM_AUDIT_KEY set, keyed events (HMACs) are checked under that key; the mode is
    said on stderr.
    """
    from claimtracker.errors import Conflict
    from claimtracker.services import audit_head, events

    head = _read_head(head_value)
    app = get_app(ctx)
    with app.session() as session:
        status = events.chain_status(session)
        missing = None
        if head is not None:
            missing = audit_head.missing_head(session, head)
    first_break = status.first_break
    if first_break is not None:
        raise Conflict(f"audit log broken at event #{first_break.event_id}: {first_break.reason}")
    if status.unkeyed is not None:
        raise Conflict(f"audit log not verified: {status.unkeyed}")
    if missing is not None:
        raise Conflict(f"audit log does not contain head {head}: {missing}")
    contains = f", contains head {head}" if head is not None else ""
    click.echo(f"audit log intact: {status.count} events, hash chain verified{contains}")
    click.echo(status.mode, err=True)


@audit_group.command("head")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: the line N:HASH alone; json: an object with events, hash and head.",
)
@click.pass_context
def audit_head_command(ctx: click.Context, output_format: str) -> None:
    """Print the chain's head (event count and last hash) to keep outside the database.

    Later, `claim audit verify --head N:HASH` (or --head @FILE) fails if the log no longer
    holds that head: events cut from its end, or the whole chain rewritten.
    """
    import json

    from claimtracker.services import audit_head

    app = get_app(ctx)
    with app.session() as session:
        head = audit_head.current_head(session)
    if output_format == "json":
        click.echo(json.dumps({"events": head.count, "hash": head.hash, "head": str(head)}))
        return
    click.echo(str(head))
    click.echo(
        f"audit head: {head.count} events; keep this line outside the database and check it "
        "later with `claim audit verify --head`",
        err=True,
    )
