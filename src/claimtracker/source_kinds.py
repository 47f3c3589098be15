"""The kind of a source read off its URL, for the well-known hosts whose links say what they are.

A link to ``x.com/…/status/…`` is a social post, ``youtu.be/…`` a video, ``arxiv.org/abs/…`` a
paper: a person who pastes such a link should not also have to say so. The table below is the
whole rule; it is consulted only when a source is created without a kind (an explicit kind
always wins) and never rewrites a stored source. A URL that matches nothing gets no kind here
(the caller falls back to ``other``).

Each row is (kind, hosts, path pattern): the URL's host is one of ``hosts`` or a subdomain of
one (``m.youtube.com``, ``www.x.com``), and its path matches the pattern from its start (None:
any path). Rows are tried in order, so the more specific come first (an X Community Note
before an X post). A row with no hosts matches any host by its path alone: Mastodon and other
fediverse servers have no fixed host, but their posts share the ``/@user/123`` shape.

URLs are matched in :func:`claimtracker.urls.normalise_url` form (lower-case host, no
default port), which is how sources store them; :func:`infer_source_kind` normalises first.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from claimtracker.enums import SourceKind
from claimtracker.errors import InvalidInput
from claimtracker.urls import normalise_url


class HostRule(NamedTuple):
    """One row of the table: which URLs are of ``kind``."""

    kind: SourceKind
    hosts: tuple[str, ...]  # empty: any host
    path: re.Pattern[str] | None  # matched at the start of the path; None: any path


def _rule(kind: SourceKind, hosts: str, path: str | None = None) -> HostRule:
    return HostRule(kind, tuple(hosts.split()), re.compile(path) if path else None)


_X = "x.com twitter.com"

HOST_RULES: tuple[HostRule, ...] = (
    # Community Notes live on X under /i/birdwatch (the importer's note URLs).
    _rule(SourceKind.COMMUNITY_NOTE, _X, r"/i/birdwatch/"),
    _rule(SourceKind.COMMUNITY_NOTE, "communitynotes.x.com"),
    _rule(SourceKind.SOCIAL_POST, _X, r"/(?:i/(?:web/)?|[^/]+/)status(?:es)?/\d+"),
    _rule(
        SourceKind.SOCIAL_POST,
        "facebook.com fb.com",
        r"/(?:[^/]+/(?:posts|videos|photos)/|permalink\.php|story\.php|photo|watch|reel/|share/)",
    ),
    _rule(SourceKind.SOCIAL_POST, "instagram.com", r"/(?:p|reel|reels|tv)/"),
    _rule(SourceKind.SOCIAL_POST, "threads.net threads.com", r"/@[^/]+/post/"),
    _rule(SourceKind.SOCIAL_POST, "bsky.app", r"/profile/[^/]+/post/"),
    _rule(SourceKind.SOCIAL_POST, "linkedin.com", r"/(?:posts|feed/update)/"),
    _rule(SourceKind.SOCIAL_POST, "tiktok.com", r"/@[^/]+/(?:video|photo)/"),
    _rule(SourceKind.SOCIAL_POST, "reddit.com", r"/r/[^/]+/comments/"),
    _rule(SourceKind.SOCIAL_POST, "t.me", r"/[^/]+/\d+"),
    _rule(SourceKind.VIDEO, "youtube.com", r"/(?:watch|shorts/|live/|embed/)"),
    _rule(SourceKind.VIDEO, "youtu.be", r"/[^/]+"),
    _rule(SourceKind.VIDEO, "vimeo.com", r"/\d+"),
    _rule(SourceKind.VIDEO, "fb.watch", r"/[^/]+"),
    _rule(SourceKind.VIDEO, "dailymotion.com", r"/video/"),
    _rule(SourceKind.PAPER, "arxiv.org", r"/(?:abs|pdf|html)/"),
    _rule(SourceKind.PAPER, "doi.org dx.doi.org", r"/10\."),
    _rule(SourceKind.PAPER, "openreview.net", r"/(?:forum|pdf)"),
    _rule(SourceKind.PAPER, "biorxiv.org medrxiv.org", r"/content/"),
    _rule(SourceKind.PAPER, "aclanthology.org", r"/[^/]+"),
    _rule(SourceKind.PAPER, "pubmed.ncbi.nlm.nih.gov", r"/\d+"),
    _rule(SourceKind.PAPER, "papers.ssrn.com"),
    _rule(
        SourceKind.ARCHIVE,
        "web.archive.org archive.today archive.ph archive.is archive.li archive.md archive.vn "
        "ghostarchive.org",
    ),
    # Mastodon and other fediverse servers: any host, a post's path.
    _rule(SourceKind.SOCIAL_POST, "", r"/@[A-Za-z0-9_.-]+(?:@[^/]+)?/\d+/?$"),
)


def _host_matches(host: str, hosts: tuple[str, ...]) -> bool:
    return not hosts or any(host == h or host.endswith("." + h) for h in hosts)


def kind_of_url(url: str) -> SourceKind | None:
    """The kind that the table gives a URL already in normalised form, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    path = parts.path or "/"
    for rule in HOST_RULES:
        if _host_matches(host, rule.hosts) and (rule.path is None or rule.path.match(path)):
            return rule.kind
    return None


def infer_source_kind(url: str | None) -> SourceKind | None:
    """The kind of the source at ``url`` as its host tells it, or None when it does not.

    A URL that is not valid infers nothing (whoever stores it reports why).
    """
    if not url:
        return None
    try:
        return kind_of_url(normalise_url(url))
    except InvalidInput:
        return None
