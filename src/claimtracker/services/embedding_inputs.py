"""What a claim's vector is computed from: its text and the headlines of its reviews, cleaned
of what says nothing about the claim (links, retweet marks, the signature of a pasted post).

The semantic matcher (services/semantic.py) embeds these inputs, and keeps their hash beside
the vector to know when it is stale.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from claimtracker import semantic

if TYPE_CHECKING:
    from collections.abc import Sequence

# Posts are pasted with their links and their embed signature: "— Name (@handle) May 4, 2020".
# The handle and the date say nothing a claim would and the name may (who a fact-check is
# about): for embedding, the name is kept, the rest dropped (train / dev MAP@5 of the fused
# ranking 0.916 / 0.903 against 0.917 / 0.894 with the whole signature, 0.907 / 0.882 without
# any of it; measured with the similarity divided by the rank).
_SIGNATURE_TAIL = re.compile(r"\s*\(@\w+\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|co|ly|io|me|be|gl|fb|tv|us|uk)/\S*",
    re.IGNORECASE,
)
_GLUED_LINK = re.compile(r"(?=pic\.twitter\.com|https?://)", re.IGNORECASE)
_RETWEET = re.compile(r"^\s*RT\b:?\s*")
_TAG = re.compile(r"[@#](\w+)")
_WORD_JOINT = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)


def embedding_text(text: str) -> str:
    """``text`` as it is given to the model: links, "RT", handles and dates of posts removed.

    Hashtags and handles inside the text are split into words ("#FreeIran2020" -> "Free Iran
    2020"), as the lexical matcher splits them; case is kept (the model is uncased anyway).
    """
    cleaned = _SIGNATURE_TAIL.sub("", _GLUED_LINK.sub(" ", text))
    cleaned = _RETWEET.sub(" ", _LINK.sub(" ", cleaned))
    cleaned = _TAG.sub(lambda m: _WORD_JOINT.sub(" ", m.group(1)).replace("_", " "), cleaned)
    return " ".join(cleaned.split())


def embedding_inputs(text: str, headlines: Sequence[str]) -> list[str]:
    """The texts whose vectors make a claim's vector: its text, then each distinct headline."""
    parts = [embedding_text(text)]
    for headline in headlines:
        cleaned = embedding_text(headline)
        if cleaned and cleaned not in parts:
            parts.append(cleaned)
    return parts


def input_hash(parts: Sequence[str]) -> str:
    """SHA-256 of a claim's embedding inputs and the model: equal means the vector is current."""
    return hashlib.sha256("\x1f".join([semantic.MODEL_NAME, *parts]).encode()).hexdigest()
