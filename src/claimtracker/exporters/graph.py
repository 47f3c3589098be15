"""Render a claim graph as Mermaid or Graphviz DOT text.

The graph's nodes and edges are declared here, with what draws them: the service that walks
the links (services/graph.py, a layer above) builds them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

LABEL_WIDTH = 60


@dataclass(frozen=True)
class Node:
    """A claim in the graph."""

    id: int
    text: str
    claimant: str | None
    status: str
    depth: int


@dataclass(frozen=True)
class Edge:
    """A link: ``source`` <type> ``target``."""

    source: int
    target: int
    type: str


def _label(node: Node) -> str:
    text = node.text if len(node.text) <= LABEL_WIDTH else node.text[: LABEL_WIDTH - 1] + "…"
    who = f"{node.claimant}: " if node.claimant else ""
    return f"#{node.id} {who}{text} [{node.status}]"


def to_mermaid(nodes: list[Node], edges: list[Edge]) -> str:
    """A Mermaid flowchart; renders in GitHub, GitLab and most Markdown viewers."""
    lines = ["flowchart LR"]
    for node in nodes:
        # Mermaid has no string escaping inside labels; its HTML entity form is safe.
        label = _label(node).replace('"', "#quot;")
        lines.append(f'    c{node.id}["{label}"]')
    for edge in edges:
        lines.append(f"    c{edge.source} -->|{edge.type.replace('_', ' ')}| c{edge.target}")
    return "\n".join(lines) + "\n"


def to_dot(nodes: list[Node], edges: list[Edge]) -> str:
    """A Graphviz digraph (`dot -Tsvg`)."""
    lines = ["digraph claims {", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
    for node in nodes:
        # JSON string syntax is valid DOT quoting for these labels.
        lines.append(f"  c{node.id} [label={json.dumps(_label(node), ensure_ascii=False)}];")
    for edge in edges:
        label = json.dumps(edge.type.replace("_", " "))
        lines.append(f"  c{edge.source} -> c{edge.target} [label={label}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
