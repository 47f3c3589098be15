"""Human-readable renderings of records (the `table` format of single records), and the words
the CLI shows for what services answer as data."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from claimtracker.cli.options import language_label, truncate
from claimtracker.cli.output import record_dict
from claimtracker.cli.times import shown

if TYPE_CHECKING:
    from claimtracker.services.dossier import Dossier, SourceSummary, VerdictItem
    from claimtracker.services.entities import EntityDetail
    from claimtracker.services.history import StateAt
    from claimtracker.services.sources import SourceDetail

INDENT = "    "


def _wrap(text: str, indent: str = INDENT, width: int = 96) -> str:
    return "\n".join(
        textwrap.fill(line, width=width, initial_indent=indent, subsequent_indent=indent)
        for line in text.splitlines() or [""]
    )


def _source_line(source: SourceSummary) -> str:
    name = source.title or source.url or f"source #{source.id}"
    bits = [source.kind.replace("_", " ")]
    if source.publisher:
        bits.insert(0, source.publisher)
    if source.published:
        bits.append(source.published)
    where = f" <{source.url}>" if source.url and source.title else ""
    return f"#{source.id} {name}{where} ({', '.join(bits)})"


def render_dossier(data: Dossier, past: StateAt | None = None) -> str:
    """The dossier of one claim, in sections, as `claim show` prints it; ``past`` is the state
    asked for with ``--as-of``."""
    sections = [
        _headline(data, past),
        _appearances(data),
        _evidence(data),
        _links(data),
        _verdicts(data),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)


def claimant_words(name: str | None, role_then: str | None, role_now: str | None = None) -> str:
    """A claimant with their role: the role they had when they said it, and their role now
    when it is another ("Liang Wenfeng (CEO of DeepSeek, when they said it; now …)")."""
    if name is None:
        return "unknown claimant"
    if role_then and role_then != role_now:
        now = f"; now {role_now}" if role_now else ""
        return f"{name} ({role_then}, when they said it{now})"
    role = role_then or role_now
    return name + (f" ({role})" if role else "")


def _headline(data: Dossier, past: StateAt | None) -> list[str]:
    claimant = data.claimant
    who = "unknown claimant"
    if claimant:
        who = claimant_words(claimant.name, claimant.role_when_claimed, claimant.role)
    when = f", {data.claimed}" if data.claimed else ""
    facts = [f"status: {data.status.replace('_', ' ')}", f"kind: {data.kind}"]
    if data.language:
        facts.append(f"language: {language_label(data.language, data.language_inferred)}")
    if data.assignee:
        facts.append(f"assigned to: {data.assignee}")
    if data.dismissal_reason:
        facts.append(f"dismissed: {data.dismissal_reason.replace('_', ' ')}")
    if data.tags:
        facts.append("tags: " + ", ".join(data.tags))
    out = [
        f"Claim #{data.id} — {who}{when}",
        _wrap(data.text),
        INDENT + " · ".join(facts),
        f"{INDENT}public id: {data.public_id}",
    ]
    if data.retraction is not None:
        gone = data.retraction
        out.insert(
            1,
            _wrap(
                f"RETRACTED {shown(gone.at, seconds=False)} by {gone.by}: {gone.reason} — hidden "
                f"from listings, searches, queues, reports and exports (claim restore {data.id})"
            ),
        )
    if past is not None:
        verdict = (
            f"current verdict {past.verdict_rating} (#{past.verdict_id})"
            if past.verdict_rating
            else "no published verdict"
        )
        out.append(
            f"{INDENT}as of {shown(past.moment)}: {past.status.value.replace('_', ' ')}, {verdict}"
        )
        out += _as_it_stood(data, past)
    return out


def _as_it_stood(data: Dossier, past: StateAt) -> list[str]:
    """The claimant, kind and text at the moment asked for, each said to be as now if so."""
    now = data.claimant
    same_claimant = (past.claimant, past.claimant_role) == (
        (now.name, now.role_when_claimed) if now else (None, None)
    )
    # At that moment, the role then needs no "when they said it".
    role = past.claimant_role
    who = "as now" if same_claimant else claimant_words(past.claimant, role, role)
    kind = "as now" if past.kind == data.kind else past.kind
    out = [
        f"{INDENT}  claimant{'' if same_claimant else ' then'}: {who}"
        f" · kind{'' if past.kind == data.kind else ' then'}: {kind}"
    ]
    if past.text == data.text:
        out.append(f"{INDENT}  text: as now")
    else:
        out += [f"{INDENT}  text then:", _wrap(past.text, indent=INDENT * 2)]
    return out


def _appearances(data: Dossier) -> list[str]:
    out = ["Appearances"]
    if not data.appearances:
        out.append(f"{INDENT}(none recorded)")
    for item in data.appearances:
        first = " [first appearance]" if item.first else ""
        when = f", seen {item.appeared}" if item.appeared else ""
        out.append(f"  - appearance #{item.id}{when}: source {_source_line(item.source)}{first}")
        if item.quote:
            out.append(_wrap(f"« {item.quote} »"))
    return out


def _evidence(data: Dossier) -> list[str]:
    out = ["Evidence"]
    if not any(data.evidence.values()):
        out.append(f"{INDENT}(none yet)")
    for stance, items in data.evidence.items():
        if not items:
            continue
        out.append(f"  {stance}:")
        for item in items:
            out.append(f"  - evidence #{item.id}: source {_source_line(item.source)}")
            at = f"at {item.locator}" if item.locator else ""
            if item.quote:
                out.append(_wrap(f"{at}: « {item.quote} »" if at else f"« {item.quote} »"))
            elif at:
                out.append(_wrap(at))
            if item.note:
                out.append(_wrap(item.note))
    return out


def _links(data: Dossier) -> list[str]:
    out = ["Links"]
    if not data.links:
        out.append(f"{INDENT}(none)")
    for item in data.links:
        who = f"{item.claimant}: " if item.claimant else ""
        gone = " [retracted]" if item.claim_retracted else ""
        out.append(
            f"  - {item.words} #{item.claim_id}{gone} — {who}{truncate(item.claim_text, 80)}"
        )
        if item.reason:
            out.append(_wrap(f"why: {item.reason}", indent=INDENT + "  "))
    return out


def _verdicts(data: Dossier) -> list[str]:
    out = ["Verdicts"]
    if not data.verdicts:
        out.append(f"{INDENT}(none yet)")
    for verdict in data.verdicts:
        extra = f" (original: {verdict.original_rating})" if verdict.original_rating else ""
        supersedes = f", supersedes #{verdict.supersedes}" if verdict.supersedes else ""
        if verdict.approvals:
            supersedes += ", approved by " + ", ".join(verdict.approvals)
        out.append(
            f"  - #{verdict.id} {verdict.rating_name}{extra} — {verdict.state}"
            f"{_verdict_date(verdict)} by {verdict.author}{supersedes}"
        )
        if verdict.origin == "imported":
            out.append(_wrap(_imported_line(verdict)))
        out.append(_wrap(verdict.rationale))
    return out


def _verdict_date(verdict: VerdictItem) -> str:
    """When it was published, as precisely as known; an imported review's missing date is
    said to be unknown rather than replaced by the time it was imported."""
    if verdict.published is not None:
        precision = verdict.published_precision
        shown = verdict.published[:10] if precision == "instant" else verdict.published
        return f" {shown}" + (f" ({precision})" if precision != "instant" else "")
    if verdict.origin == "imported":
        return ", date unknown,"
    return f" {verdict.created_at.date().isoformat()}"


def _imported_line(verdict: VerdictItem) -> str:
    by = verdict.publisher or "an unknown publisher"
    title = f": “{verdict.review_title}”" if verdict.review_title else ""
    page = f" <{verdict.review_url}>" if verdict.review_url else ""
    return f"imported review by {by}{title}{page}"


def as_of_record(state: StateAt) -> dict[str, Any]:
    """The ``as_of`` entry of a dossier's JSON: the state at the moment asked for."""
    return {
        "moment": state.moment,
        "status": state.status.value,
        "verdict_id": state.verdict_id,
        "verdict": state.verdict_rating,
        "verdict_published_at": state.verdict_published_at,
        "text": state.text,
        "claimant": state.claimant,
        "claimant_role": state.claimant_role,
        "kind": state.kind,
    }


def entity_record(entity: EntityDetail) -> dict[str, Any]:
    """An entity as `claim entity show` writes it: its recent claims one line each."""
    recent = [f"#{c.id} [{c.status}] {' '.join(c.text.split())[:70]}" for c in entity.recent_claims]
    return {**record_dict(entity), "recent_claims": recent}


def source_record(source: SourceDetail) -> dict[str, Any]:
    """A source as `claim source show` writes it: the claims it bears on one line each."""
    appearing = [f"#{c.claim_id} {truncate(c.text, 70)}" for c in source.claims_appearing]
    uses = [f"{use.stance} #{use.claim_id}" for use in source.evidence_for]
    return {**record_dict(source), "claims_appearing": appearing, "evidence_for": uses}
