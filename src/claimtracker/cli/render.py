"""Human-readable renderings of records (the `table` format of single records)."""

from __future__ import annotations

import textwrap
from typing import Any

INDENT = "    "


def _wrap(text: str, indent: str = INDENT, width: int = 96) -> str:
    return "\n".join(
        textwrap.fill(line, width=width, initial_indent=indent, subsequent_indent=indent)
        for line in text.splitlines() or [""]
    )


def _source_line(source: dict[str, Any]) -> str:
    name = source["title"] or source["url"] or f"source #{source['id']}"
    bits = [source["kind"].replace("_", " ")]
    if source["publisher"]:
        bits.insert(0, source["publisher"])
    if source["published"]:
        bits.append(source["published"])
    where = f" <{source['url']}>" if source["url"] and source["title"] else ""
    return f"#{source['id']} {name}{where} ({', '.join(bits)})"


def render_dossier(data: dict[str, Any]) -> str:
    """The dossier of one claim, in sections, as `claim show` prints it."""
    out: list[str] = []
    claimant = data["claimant"]
    who = "unknown claimant"
    if claimant:
        who = claimant["name"] + (f" ({claimant['role']})" if claimant["role"] else "")
    when = f", {data['claimed']}" if data["claimed"] else ""
    out.append(f"Claim #{data['id']} — {who}{when}")
    out.append(_wrap(data["text"]))
    facts = [
        f"status: {data['status'].replace('_', ' ')}",
        f"kind: {data['kind']}",
    ]
    if data["language"]:
        facts.append(f"language: {data['language']}")
    if data["assignee"]:
        facts.append(f"assigned to: {data['assignee']}")
    if data["dismissal_reason"]:
        facts.append(f"dismissed: {data['dismissal_reason'].replace('_', ' ')}")
    if data["tags"]:
        facts.append("tags: " + ", ".join(data["tags"]))
    out.append(INDENT + " · ".join(facts))
    out.append(f"{INDENT}public id: {data['public_id']}")
    if "as_of" in data:
        past = data["as_of"]
        verdict = (
            f"current verdict {past['verdict']} (#{past['verdict_id']})"
            if past["verdict"]
            else "no published verdict"
        )
        out.append(
            f"{INDENT}as of {past['moment']:%Y-%m-%d %H:%M:%S} UTC: "
            f"{past['status'].replace('_', ' ')}, {verdict}"
        )

    out.append("")
    out.append("Appearances")
    if not data["appearances"]:
        out.append(f"{INDENT}(none recorded)")
    for item in data["appearances"]:
        first = " [first appearance]" if item["first"] else ""
        out.append(f"  - {_source_line(item['source'])}{first}")
        if item["quote"]:
            out.append(_wrap(f"« {item['quote']} »"))

    out.append("")
    out.append("Evidence")
    if not any(data["evidence"].values()):
        out.append(f"{INDENT}(none yet)")
    for stance, items in data["evidence"].items():
        if not items:
            continue
        out.append(f"  {stance}:")
        for item in items:
            out.append(f"  - {_source_line(item['source'])}")
            if item["quote"]:
                out.append(_wrap(f"« {item['quote']} »"))
            if item["note"]:
                out.append(_wrap(item["note"]))

    out.append("")
    out.append("Links")
    if not data["links"]:
        out.append(f"{INDENT}(none)")
    for item in data["links"]:
        who = f"{item['claimant']}: " if item["claimant"] else ""
        text = " ".join(item["claim_text"].split())
        if len(text) > 80:
            text = text[:79] + "…"
        out.append(f"  - {item['words']} #{item['claim_id']} — {who}{text}")
        if item["reason"]:
            out.append(_wrap(f"why: {item['reason']}", indent=INDENT + "  "))

    out.append("")
    out.append("Verdicts")
    if not data["verdicts"]:
        out.append(f"{INDENT}(none yet)")
    for verdict in data["verdicts"]:
        when = verdict["published_at"] or verdict["created_at"]
        stamp = when.date().isoformat() if when else ""
        extra = f" (original: {verdict['original_rating']})" if verdict["original_rating"] else ""
        supersedes = f", supersedes #{verdict['supersedes']}" if verdict["supersedes"] else ""
        if verdict["approvals"]:
            supersedes += ", approved by " + ", ".join(verdict["approvals"])
        out.append(
            f"  - #{verdict['id']} {verdict['rating_name']}{extra} — {verdict['state']} "
            f"{stamp} by {verdict['author']}{supersedes}"
        )
        out.append(_wrap(verdict["rationale"]))
    return "\n".join(out)
