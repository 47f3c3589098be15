"""The web of links around a claim, breadth-first to a given depth."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from claimtracker.exporters.graph import Edge, Node
from claimtracker.models import Claim, ClaimLink

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_DEPTH = 10
MAX_NODES = 500


def neighbourhood(session: Session, root: Claim, depth: int) -> tuple[list[Node], list[Edge]]:
    """Claims within ``depth`` links of ``root`` (either direction) and the links between them.

    A retracted claim is no neighbour: neither drawn nor followed (``root`` itself is drawn).
    """
    depth = max(0, min(depth, MAX_DEPTH))
    seen: dict[int, int] = {root.id: 0}
    frontier = [root.id]
    edges: dict[int, Edge] = {}
    for level in range(1, depth + 1):
        if not frontier or len(seen) >= MAX_NODES:
            break
        rows = list(
            session.scalars(
                select(ClaimLink).where(
                    or_(
                        ClaimLink.from_claim_id.in_(frontier),
                        ClaimLink.to_claim_id.in_(frontier),
                    )
                )
            )
        )
        hidden = _retracted(session, {c for k in rows for c in (k.from_claim_id, k.to_claim_id)})
        hidden.discard(root.id)
        next_frontier = []
        for link in rows:
            if link.from_claim_id in hidden or link.to_claim_id in hidden:
                continue
            edges[link.id] = Edge(link.from_claim_id, link.to_claim_id, str(link.link_type))
            for claim_id in (link.from_claim_id, link.to_claim_id):
                if claim_id not in seen and len(seen) < MAX_NODES:
                    seen[claim_id] = level
                    next_frontier.append(claim_id)
        frontier = next_frontier
    claims = session.scalars(select(Claim).where(Claim.id.in_(list(seen))))
    nodes = sorted(
        (
            Node(
                c.id,
                c.text,
                c.claimant.name if c.claimant else None,
                str(c.status),
                seen[c.id],
            )
            for c in claims
        ),
        key=lambda n: (n.depth, n.id),
    )
    kept = [e for e in edges.values() if e.source in seen and e.target in seen]
    return nodes, sorted(kept, key=lambda e: (e.source, e.target, e.type))


def _retracted(session: Session, claim_ids: set[int]) -> set[int]:
    """Those of ``claim_ids`` that are retracted."""
    if not claim_ids:
        return set()
    return set(
        session.scalars(
            select(Claim.id).where(Claim.id.in_(claim_ids), Claim.retracted_at.is_not(None))
        )
    )
