"""Function words of languages not written in Latin script, for the duplicate check.

The duplicate check compares the *content* words of two texts: "this pen is very good" and
"this time is very good" share only "good" once "this", "is" and "very" are left out, so they
are not the same claim. Without function words for other scripts, the Telugu pair "ఈ కలం చాలా
బాగుంది" / "ఈ కాలం చాలా బాగుంది" shared three of four words (ఈ "this", చాలా "very",
బాగుంది "is good") and stopped `claim add` as a duplicate (similarity 0.97).

The lists are stopwords-iso's (the `stopwordsiso` package) for every language it has that is
written in a non-Latin script, merged: a non-Latin word is looked up in all of them, since a
claim's language is often unknown. Latin-script words keep matching's English list only, so
English, French or Spanish matching (what CheckThat! measures) is unchanged. stopwords-iso has
no Telugu, Tamil, Kannada, Malayalam or Sinhala list; the few Telugu words below are ours.

Negators are never function words here: "नहीं" (not) tells a claim from its negation, and
the polarity rule (services/polarity.py) does not read these languages yet.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from claimtracker.text import search_terms

# stopwords-iso languages written in a script other than Latin.
_LANGUAGES = (
    "ar", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja",
    "ko", "mr", "ru", "th", "uk", "ur", "zh",
)  # fmt: skip
# The commonest Telugu function words: this, that, this, that, these, very, and, one/a,
# also, (quotative) that, is / there is, is, was, with, for.
_TELUGU = "ఈ ఆ ఇది అది ఇవి చాలా మరియు ఒక కూడా అని ఉంది ఉన్నది ఉండేది తో కోసం"
# Negators the merged lists hold; kept as content words (see above).
_NEGATOR_WORDS = (
    "नहीं न मत नहि না নয় નહીં नाही не нет ни ні немає لا لم لن ليس نه نمی לא אין δεν μη μην "
    "ไม่ 不 没 沒 没有 沒有 別 别 않 안 못 ない"
)
_NEGATORS = frozenset(_NEGATOR_WORDS.split())


@cache
def non_latin_stop_words() -> frozenset[str]:
    """The merged function words, folded as search terms are (the form matching compares)."""
    import stopwordsiso

    words: set[str] = set()
    for entry in stopwordsiso.stopwords(list(_LANGUAGES)) | set(_TELUGU.split()):
        terms = search_terms(entry)
        # An entry that is one search term with no Latin letter (the lists hold some English).
        if len(terms) == 1 and not _latin(terms[0]):
            words.add(terms[0])
    return frozenset(words - {t for n in _NEGATORS for t in search_terms(n)})


def _latin(word: str) -> bool:
    return any(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in word)


def is_function_word(word: str) -> bool:
    """Whether ``word`` (folded) is a function word of a non-Latin-script language.

    A Latin word ("été") answers False before the lists are read: loading and folding them
    takes about 0.1 s, which a French or Spanish `claim add` need not pay.
    """
    return not _latin(word) and word in non_latin_stop_words()
