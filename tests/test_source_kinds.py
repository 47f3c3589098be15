"""The kind of a source read off a well-known host (source_kinds.HOST_RULES)."""

from __future__ import annotations

import pytest

from claimtracker.enums import SourceKind
from claimtracker.source_kinds import HOST_RULES, infer_source_kind

KNOWN = [
    # X and Twitter posts, however they are linked.
    ("https://x.com/deepseek_ai/status/1881318130334814301", SourceKind.SOCIAL_POST),
    ("https://twitter.com/pmarca/status/1883640142591853011?s=20", SourceKind.SOCIAL_POST),
    ("https://mobile.twitter.com/i/web/status/1883640142591853011", SourceKind.SOCIAL_POST),
    ("https://x.com/i/status/1883291525478129828", SourceKind.SOCIAL_POST),
    # Other platforms.
    ("https://www.facebook.com/zuck/posts/10115372186286721", SourceKind.SOCIAL_POST),
    ("https://www.facebook.com/permalink.php?story_fbid=1&id=2", SourceKind.SOCIAL_POST),
    ("https://www.instagram.com/p/DFOgQ9bR1aB/", SourceKind.SOCIAL_POST),
    ("https://www.threads.net/@zuck/post/DFRvA2GTd3M", SourceKind.SOCIAL_POST),
    ("https://bsky.app/profile/hankgreen.bsky.social/post/3lgr6rbpbsk2o", SourceKind.SOCIAL_POST),
    ("https://mastodon.social/@Gargron/113858376839237405", SourceKind.SOCIAL_POST),
    ("https://sigmoid.social/@someone@example.org/113858376839237405", SourceKind.SOCIAL_POST),
    ("https://www.linkedin.com/posts/yann-lecun_deepseek-activity-1", SourceKind.SOCIAL_POST),
    ("https://www.tiktok.com/@deepseek/video/7463945123456789", SourceKind.SOCIAL_POST),
    ("https://www.reddit.com/r/LocalLLaMA/comments/1i5q6b9/deepseek_r1/", SourceKind.SOCIAL_POST),
    ("https://t.me/durov/342", SourceKind.SOCIAL_POST),
    # Videos.
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", SourceKind.VIDEO),
    ("https://m.youtube.com/shorts/abc123", SourceKind.VIDEO),
    ("https://youtu.be/dQw4w9WgXcQ?si=share", SourceKind.VIDEO),
    ("https://vimeo.com/76979871", SourceKind.VIDEO),
    # Papers.
    ("https://arxiv.org/abs/2501.12948", SourceKind.PAPER),
    ("https://arxiv.org/pdf/2412.19437v1", SourceKind.PAPER),
    ("https://doi.org/10.48550/arXiv.2501.12948", SourceKind.PAPER),
    ("https://openreview.net/forum?id=abc", SourceKind.PAPER),
    ("https://www.biorxiv.org/content/10.1101/2024.01.01.123456v1", SourceKind.PAPER),
    # Community Notes.
    ("https://x.com/i/birdwatch/n/1883332445357695214", SourceKind.COMMUNITY_NOTE),
    ("https://twitter.com/i/birdwatch/t/1883291525478129828", SourceKind.COMMUNITY_NOTE),
    ("https://communitynotes.x.com/guide/en/about/introduction", SourceKind.COMMUNITY_NOTE),
    # Archives.
    ("https://web.archive.org/web/20250127/https://www.deepseek.com/", SourceKind.ARCHIVE),
    ("https://archive.ph/AbCdE", SourceKind.ARCHIVE),
    ("https://archive.today/2025.01.27-101010/https://example.org/", SourceKind.ARCHIVE),
]

UNKNOWN = [
    "https://www.wsj.com/tech/ai/deepseek-ai-china",  # a news site: no rule says so
    "https://x.com/deepseek_ai",  # a profile, not a post
    "https://www.youtube.com/@deepseek",  # a channel
    "https://www.facebook.com/zuck",  # a page
    "https://arxiv.org/list/cs.AI/recent",  # a listing
    "https://notx.com/a/status/1",  # another host that merely ends in x.com
    "https://example.org/@user/notanumber",
    "not a url",  # invalid: nothing inferred (whoever stores it says why)
    "",
]


@pytest.mark.parametrize(("url", "kind"), KNOWN, ids=[u for u, _ in KNOWN])
def test_well_known_hosts_tell_the_kind(url: str, kind: SourceKind) -> None:
    assert infer_source_kind(url) == kind


@pytest.mark.parametrize("url", UNKNOWN)
def test_other_links_tell_nothing(url: str) -> None:
    assert infer_source_kind(url) is None


def test_the_table_covers_each_family() -> None:
    kinds = {rule.kind for rule in HOST_RULES}
    assert kinds == {
        SourceKind.SOCIAL_POST,
        SourceKind.VIDEO,
        SourceKind.PAPER,
        SourceKind.COMMUNITY_NOTE,
        SourceKind.ARCHIVE,
    }
    # The more specific rule of a host comes first: a note on X is not a post.
    assert HOST_RULES[0].kind == SourceKind.COMMUNITY_NOTE
