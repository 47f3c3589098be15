"""Where posts and notes live on X and when they were made: canonical URLs, the time in an
id, and the URLs a note cites."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes.fields import EPOCH
from claimtracker.urls import normalise_url

# X ids since November 2010 are "snowflakes": the high bits count milliseconds since this
# epoch. Ids below the first snowflake were sequential and carry no time.
_SNOWFLAKE_EPOCH_MS = 1_288_834_974_657
_FIRST_SNOWFLAKE = 29_700_859_247_038_464

# A URL in note text runs to the next whitespace or character that cannot appear in one.
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the URL before it.
_URL_TRAILING = ".,;:!?'*)]}"
# A link to a post, in any of its spellings, so that it becomes the same source as the post.
_POST_LINK = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/"
    r"(?:i/web/|i/)?(?:[A-Za-z0-9_]{1,50}/)?status(?:es)?/([0-9]{1,32})(?:[/?#]|$)",
    re.IGNORECASE,
)


def post_url(tweet_id: str) -> str:
    """The canonical URL of a post on X (already in ``normalise_url`` form)."""
    return f"https://x.com/i/status/{tweet_id}"


def note_url(note_id: str) -> str:
    """The canonical URL of a Community Note (already in ``normalise_url`` form)."""
    return f"https://x.com/i/birdwatch/n/{note_id}"


def snowflake_time(x_id: str) -> datetime | None:
    """When an X post (or note) was created, read from its id; None for pre-2010 ids."""
    value = int(x_id)
    if value < _FIRST_SNOWFLAKE:
        return None
    return EPOCH + timedelta(milliseconds=(value >> 22) + _SNOWFLAKE_EPOCH_MS)


def find_urls(text: str) -> tuple[str, ...]:
    """The distinct http(s) URLs in ``text``, normalised, in order; links to posts canonical.

    A link that ``normalise_url`` refuses is skipped: it cannot be a source, and the note's
    text keeps it anyway.
    """
    found: dict[str, None] = {}
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        post = _POST_LINK.match(url)
        if post is not None:
            found[post_url(post.group(1).lstrip("0") or "0")] = None
            continue
        try:
            found[normalise_url(url)] = None
        except InvalidInput:
            continue
    return tuple(found)


def is_post_url(url: str) -> bool:
    """Whether ``url`` is the canonical URL of a post (see :func:`post_url`)."""
    return url.startswith("https://x.com/i/status/")


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TRAILING:
        # A closing parenthesis belongs to the URL when it closes one opened inside it
        # (Wikipedia's "/wiki/Mercury_(planet)").
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url
