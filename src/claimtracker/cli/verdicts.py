"""Verdict commands of the review workflow: verify and approve, on one claim or many."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtracker.cli.bulk import (
    claim_refs_argument,
    dry_run_option,
    finish,
    moved,
    read_refs,
    unit_of_work,
)
from claimtracker.cli.context import get_app

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from claimtracker.models import Claim


def complete_rating(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of ``--rating``: the labels of the database's default scale.

    Completing reads the database the command line names and never writes it: a SQLite file
    that does not exist yet is not created (nor its folder), and then nothing is offered; nor
    when the database cannot be read (a server down, a schema not created).
    """
    from click.shell_completion import CompletionItem

    try:
        labels = _scale_labels(ctx.find_root().params.get("db_option"))
    except Exception:
        return []
    typed = incomplete.strip().lower()
    return [CompletionItem(label, help=name) for label, name in labels if label.startswith(typed)]


def _scale_labels(db_option: str | None) -> list[tuple[str, str]]:
    from claimtracker.db.url import resolve

    target = resolve(db_option)
    if target.sqlite_path is not None and not target.sqlite_path.is_file():
        return []
    from sqlalchemy.orm import Session

    from claimtracker.db.readonly import readonly_engine
    from claimtracker.services.scales import labels

    engine = readonly_engine(target)
    try:
        with Session(engine) as session:
            return [(str(x["label"]), str(x["name"])) for x in labels(session)]
    finally:
        engine.dispose()


@click.command("verify")
@claim_refs_argument
@click.option(
    "--rating",
    required=True,
    shell_complete=complete_rating,
    help="A label of the rating scale (`claim scale show`; the shell completes them). An "
    "opinion, prediction or other non-factual claim takes no truth rating (TRUE, FALSE or "
    "MIXTURE): only labels normalised OTHER, such as unproven, satire or opinion.",
)
@click.option(
    "--rationale",
    required=True,
    metavar="TEXT|@FILE",
    help="Why: the text, or @path to read it from a file.",
)
@click.option(
    "--evidence",
    "evidence_refs",
    multiple=True,
    metavar="SOURCE_ID|URL",
    help="A source the verdict rests on (repeat; at least one).",
)
@click.option("--correction-reason", help="For a correction: why the published verdict changes.")
@dry_run_option
@click.pass_context
def verify(
    ctx: click.Context,
    claim_refs: tuple[str, ...],
    rating: str,
    rationale: str,
    evidence_refs: tuple[str, ...],
    correction_reason: str | None,
    dry_run: bool,
) -> None:
    """Propose a verdict for claims (ID…, or - to read ids from stdin); prints each verdict id.

    Every claim gets the same rating, rationale and evidence (a batch of duplicates of one
    hoax); all or nothing. Each claim then waits for approval by someone else (or is
    published at once when the database needs no approval: `claim config set
    review.approvals 0`).
    """
    from claimtracker.cli.review import read_long_text
    from claimtracker.services import bulk, review, sources, verdict_drafts

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    text = read_long_text(rationale, "rationale")
    with unit_of_work(app, dry_run=dry_run) as session:
        found = [
            sources.resolve(session, ref, sources.SourceInput(), actor=app.user)
            for ref in evidence_refs
        ]
        draft = verdict_drafts.draft_verdict(
            session,
            rating=rating,
            rationale=text,
            evidence=found,
            correction_reason=correction_reason,
        )
        label = draft.label.label

        def step(claim: Claim) -> tuple[int, bool]:
            result = review.propose(session, claim.id, draft, actor=app.user)
            return result.verdict.id, result.published

        done = bulk.for_each_claim(session, refs, step)
    finish(
        done,
        dry_run=dry_run,
        would=lambda d: f"verify #{d.claim_id} as {label} ({moved(d)})",
        note=lambda d: (
            f"claim #{d.claim_id}: verdict #{d.value[0]} "
            + ("published" if d.value[1] else "awaits approval")
        ),
        printed=lambda d: d.value[0],
    )


@click.command("approve")
@claim_refs_argument
@dry_run_option
@click.pass_context
def approve(ctx: click.Context, claim_refs: tuple[str, ...], dry_run: bool) -> None:
    """Approve the verdicts proposed for claims (ID…, or - to read ids from stdin), not your
    own; each is published once enough people approved.

    All or nothing. Prints the id of each claim approved; stderr says what became of its
    verdict.
    """
    from claimtracker.services import bulk, review

    app = get_app(ctx)
    refs = read_refs(claim_refs)

    def step(claim: Claim) -> tuple[int, str]:
        result = review.approve(session, claim.id, actor=app.user)
        state = (
            "published"
            if result.published
            else f"{result.approvals} of {result.required} approvals"
        )
        return result.verdict.id, state

    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(session, refs, step)
    finish(
        done,
        dry_run=dry_run,
        would=lambda d: f"approve verdict #{d.value[0]} of #{d.claim_id} ({moved(d)})",
        note=lambda d: f"claim #{d.claim_id}: verdict #{d.value[0]} {d.value[1]}",
    )
