"""Correcting the record: `claim edit`."""

from __future__ import annotations

import click

from claimtracker.cli.context import get_app
from claimtracker.cli.options import (
    dayfirst_option,
    language_option,
    parse_date_option,
    read_text_argument,
)
from claimtracker.enums import ClaimKind

KINDS = [k.value for k in ClaimKind]
# The options that change something, as a usage error names them.
CHANGING = "--text, --by, --role, --lang, --kind or --at"


@click.command("edit")
@click.argument("claim_ref", metavar="ID")
@click.option("--text", metavar="TEXT|-", help="The corrected text (- reads standard input).")
@click.option(
    "--by",
    "claimant",
    metavar="NAME|ID",
    help="Who made the claim (found by name, alias or id, else created); --by '' takes the "
    "claimant away. A new claimant's role is unknown unless --role says it.",
)
@click.option(
    "--role",
    help="The claimant's role when they said it; --role '' forgets it. The entity's own "
    "(current) role is not changed.",
)
@language_option("The claim's language, a BCP 47 code (no longer marked as inferred).")
@click.option("--kind", type=click.Choice(KINDS), help="Check-worthiness of the claim.")
@click.option("--at", "claimed_at", metavar="DATE", help='When it was said ("27 janvier 2025").')
@click.option(
    "--reason",
    help="Why it is corrected: shown in the history; needed when the claim has a published "
    "verdict.",
)
@dayfirst_option
@click.pass_context
def edit(
    ctx: click.Context,
    /,
    claim_ref: str,
    text: str | None,
    claimant: str | None,
    role: str | None,
    language: str | None,
    kind: str | None,
    claimed_at: str | None,
    reason: str | None,
    dayfirst: bool,
) -> None:
    """Correct claim ID: its text, claimant, role, language, kind or date; prints its id.

    One event records each field before and after (`claim history` tells it, `claim show
    --as-of` shows the claim as it stood before). A change of text re-indexes the claim for
    search. A claim whose verdict is published needs --reason, and its ClaimReview export
    then gives the time of the correction as dateModified. Asking for what the claim already
    says changes nothing and exits with status 1.
    """
    if all(v is None for v in (text, claimant, role, language, kind, claimed_at)):
        raise click.UsageError(f"say what to correct: {CHANGING}")
    from claimtracker.services.claim_edits import ClaimEdit, edit_claim

    app = get_app(ctx)
    data = ClaimEdit(
        text=read_text_argument(text) if text is not None else None,
        claimant=claimant,
        role=role,
        language=language,
        kind=ClaimKind(kind) if kind else None,
        claimed=parse_date_option(claimed_at, dayfirst=dayfirst),
        reason=reason,
    )
    with app.session() as session:
        result = edit_claim(session, claim_ref, data, actor=app.user)
    fields = ", ".join(name.replace("claimant_role", "role") for name in result.changes)
    click.echo(f"claim #{result.claim_id}: corrected {fields}", err=True)
    click.echo(result.claim_id)
