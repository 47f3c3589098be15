"""Cleaning and comparing user-supplied text: claim texts, names and aliases.

Three strengths of normalisation, each for one job:

* :func:`clean_text` is what gets stored. It changes as little as possible (Unicode NFC, line
  endings, surrounding whitespace) so the claim reads exactly as it was given.
* :func:`fold` is a lookup key for names and aliases: case, accents, typographic quotes and
  spacing no longer matter. Accents are the optional marks of the Latin, Greek and Cyrillic
  alphabets and the vowel points of Hebrew, Arabic and Syriac; the marks that are letters of
  their writing system (the vowel signs and viramas of Brahmic scripts, Thai tone marks, the
  Japanese voicing marks) are kept, so "కలం" (pen) and "కాలం" (time) stay two words.
* :func:`normalise_claim` (and its digest :func:`text_hash`) detects exact duplicates: a folded
  text that also ignores punctuation at its ends.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from claimtracker.errors import InvalidInput

MAX_CLAIM_LENGTH = 10_000
"""The longest claim text accepted, in characters (code points) after cleaning."""

MAX_TAG_LENGTH = 100
"""The longest tag of a claim, in characters after cleaning."""

MAX_QUOTE_LENGTH = 20_000
"""The longest quote (a claim's words as they appear in a source), in characters."""

EXCERPT_LENGTH = 80
"""How much of an offending value an error message quotes, in characters."""

# C0 and C1 control characters except tab, line feed and carriage return (the last is turned
# into a line feed), plus lone surrogates: these come from bad decoding and cannot be stored as
# UTF-8, so they would fail later, far from the input that caused them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Typographic characters people and word processors use interchangeably with the ASCII ones.
# Acute and grave accents are included because they are typed as apostrophes on some keyboards;
# the acute must be mapped before NFKD, which would decompose it into a space and a combining
# mark (and the mark would then be dropped, leaving a space).
_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u00b4\u0060\u02bc\u2039\u203a", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
        **dict.fromkeys(
            "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d", "-"
        ),
        # Invisible characters pasted along with text from web pages: soft hyphen, zero-width
        # space, word joiner, byte-order mark. They make equal-looking names compare unequal.
        **dict.fromkeys("\u00ad\u200b\u2060\ufeff", None),
    }
)


_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}

# Punctuation by Unicode's classification that changes what a claim says when it ends or
# starts one: "fell 5%" is not "fell 5", "#hashtag" and "@user" name things.
_MEANINGFUL_PUNCTUATION = frozenset("%‰‱#@&*/\\§¶†‡")


def excerpt(value: str, limit: int = EXCERPT_LENGTH) -> str:
    """``value`` quoted for a one-line error message: at most ``limit`` characters, escaped.

    Characters that are not printable (line breaks, tabs, control characters, unusual spaces)
    are shown as Python escapes, so the message stays on one line and hidden characters show.
    """
    shown = value if len(value) <= limit else value[: limit - 3] + "..."
    return "'" + "".join(_escape(ch) for ch in shown) + "'"


def _escape(ch: str) -> str:
    if ch.isprintable():
        return ch
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def clean_text(text: str, *, what: str = "claim text", max_length: int = MAX_CLAIM_LENGTH) -> str:
    """Return ``text`` ready to store: NFC, ``\\n`` line endings, no surrounding whitespace.

    ``what`` names the value in error messages. Raises :class:`InvalidInput` when the text is
    empty or only whitespace, longer than ``max_length`` characters once cleaned, or contains
    a control character other than line feed and tab. Anything else, including text that looks
    like SQL or markup, is kept verbatim: it is data, never interpreted.
    """
    # Checked on the text as given so the reported position matches what the user has.
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        ch = bad.group()
        kind = "unpaired surrogate" if unicodedata.category(ch) == "Cs" else "control character"
        start = max(bad.start() - 20, 0)
        context = ("..." if start else "") + text[start : bad.start() + 21]
        raise InvalidInput(
            f"{what} contains {kind} U+{ord(ch):04X} at position {bad.start() + 1}: "
            f"{excerpt(context)}"
        )
    cleaned = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = cleaned.strip()
    if not cleaned:
        raise InvalidInput(f"{what} is empty")
    if len(cleaned) > max_length:
        raise InvalidInput(
            f"{what} is {len(cleaned):,} characters; the maximum is {max_length:,} "
            f"(it starts {excerpt(cleaned)})"
        )
    return cleaned


def fold(text: str) -> str:
    """Return the lookup key of a name or alias.

    Compatibility-decomposes (NFKD, so ligatures, full-width forms and non-breaking spaces
    become plain characters), drops accents (:data:`ACCENT_RANGES`), case-folds, maps
    typographic quotes, apostrophes and dashes to ASCII, collapses runs of whitespace to one
    space and recomposes (NFC). ``fold("Yánn  LeCun") == fold("yann lecun")``, but
    ``fold("कमला") != fold("कमल")``: a vowel sign is not an accent.
    """
    if text.isascii():
        # The same result for ASCII, which decomposition leaves alone and whose case-folding
        # is lower-casing: ten times faster, and most texts imported in bulk are ASCII.
        return " ".join(text.replace("`", "'").lower().split())
    # Mapped before NFKD (see _TYPOGRAPHIC) and again after, for characters that decomposition
    # produces, such as the modifier apostrophe in U+0149.
    decomposed = unicodedata.normalize("NFKD", _typographic(text)).casefold()
    # Case-folding can produce new decomposable characters; decompose once more so the result
    # is stable (fold(fold(x)) == fold(x)).
    decomposed = unicodedata.normalize("NFKD", decomposed)
    bare = _NON_ASCII.sub(_drop_accents, decomposed)
    # Recomposed so that the kept marks sit on their letters as typed (a search document and
    # the words a search matched read as the claim does); the key is the same whether the
    # input came composed or not, since it was decomposed first.
    return unicodedata.normalize("NFC", " ".join(_typographic(bare).split()))


# str.translate looks every character up in its table, one Python integer at a time: for text
# that is mostly ASCII (the usual case, even in French), translating only the runs of
# non-ASCII characters is several times faster. The backtick is the one ASCII character mapped.
_NON_ASCII = re.compile("[^\x00-\x7f]+")

ACCENT_RANGES: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F),  # Combining Diacritical Marks: the accents of Latin, Greek, Cyrillic
    (0x0483, 0x0487),  # Cyrillic titlo and breathings (Church Slavonic)
    (0x0591, 0x05C7),  # Hebrew cantillation and niqqud (vowel points, usually not written)
    (0x0610, 0x061A),  # Arabic honorifics and small letters above
    (0x064B, 0x065F),  # Arabic harakat, tanwin, shadda, sukun (usually not written)
    (0x0670, 0x0670),  # Arabic superscript alef
    (0x06D6, 0x06ED),  # Arabic Quranic annotation marks
    (0x0730, 0x074A),  # Syriac vowel points
    (0x08D3, 0x08FF),  # Arabic Extended-A marks
    (0x1AB0, 0x1AFF),  # Combining Diacritical Marks Extended
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
    (0x20D0, 0x20FF),  # Combining marks for symbols
    (0xFE20, 0xFE2F),  # Combining half marks
    # Not accents but no part of a word either: selectors of a glyph's presentation, such as
    # the emoji selector after "❤" (a letter of no script; as a mark, a search word of its own).
    (0x180B, 0x180D),  # Mongolian free variation selectors
    (0xFE00, 0xFE0F),  # Variation selectors
    (0xE0100, 0xE01EF),  # Variation selectors supplement
)
"""Nonspacing marks that :func:`fold` drops: optional accents and vowel points, which people
type or leave out for the same word, and variation selectors. Every other nonspacing mark is
kept: in Brahmic scripts (Devanagari to Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer) the vowel
signs and viramas are part of the spelling ("కలం" pen, "కాలం" time), as are Thai tone marks
and the kana voicing marks ("か" ka, "が" ga)."""

# Cyrillic letters that Unicode decomposes into a letter and an accent but that their alphabets
# count as letters of their own, always written: "мой" (my) is not "мои" (my, plural). The
# diaeresis of "ё" is dropped: Russian commonly prints "е" for it.
_CYRILLIC_LETTERS = {
    "\u0438\u0306": "\u0439",  # й
    "\u0443\u0306": "\u045e",  # ў (Belarusian)
    "\u0456\u0308": "\u0457",  # ї (Ukrainian)
    "\u0433\u0301": "\u0453",  # ѓ (Macedonian)
    "\u043a\u0301": "\u045c",  # ќ (Macedonian)
}
_CYRILLIC_PAIR = re.compile("|".join(_CYRILLIC_LETTERS))


def _typographic(text: str) -> str:
    return _NON_ASCII.sub(_map_typographic, text.replace("`", "'"))


def _map_typographic(run: re.Match[str]) -> str:
    return run.group().translate(_TYPOGRAPHIC)


def _drop_accents(run: re.Match[str]) -> str:
    found = run.group()
    if "\u0306" in found or "\u0308" in found or "\u0301" in found:
        found = _CYRILLIC_PAIR.sub(_cyrillic_letter, found)
    return found.translate(_ACCENTS)


def _cyrillic_letter(pair: re.Match[str]) -> str:
    return _CYRILLIC_LETTERS[pair.group()]


def is_accent(ch: str) -> bool:
    """Whether :func:`fold` drops ``ch``: a nonspacing mark in :data:`ACCENT_RANGES`."""
    code = ord(ch)
    return unicodedata.category(ch) == "Mn" and any(
        low <= code <= high for low, high in ACCENT_RANGES
    )


class _Accents(dict[int, int | None]):
    """A ``str.translate`` table that deletes accents (:func:`is_accent`).

    Filled as characters are met, so building it costs nothing at start-up; a character
    already met is translated without classifying it again.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if is_accent(chr(code)) else code
        self[code] = kept
        return kept


_ACCENTS = _Accents()


def normalise_claim(text: str) -> str:
    """Return the duplicate-detection form of a claim text.

    :func:`fold` plus dropping punctuation (and whitespace) at both ends, so texts that differ
    only in case, accents, quote style, spacing or a final full stop normalise equal. Signs
    that carry meaning are kept ("5%", "#tag", "-5"), and a text made only of punctuation keeps
    it, so that such texts do not all collide as "".
    """
    folded = fold(text)
    start, end = 0, len(folded)
    while start < end and _is_edge_junk(folded[start]):
        # A sign or decimal point before a number is part of it: "-5 degrees" is not "5".
        if folded[start] in "-." and folded[start + 1 : start + 2].isdigit():
            break
        start += 1
    while end > start and _is_edge_junk(folded[end - 1]):
        end -= 1
    return folded[start:end] or folded


def _is_edge_junk(ch: str) -> bool:
    if ch.isspace():
        return True
    return unicodedata.category(ch).startswith("P") and ch not in _MEANINGFUL_PUNCTUATION


def text_hash(text: str) -> str:
    """Return the SHA-256 hex digest of :func:`normalise_claim` of ``text`` (64 characters).

    Stored with each claim so exact duplicates are found through an index on a short column.
    """
    # surrogatepass: a hash must not fail on text that has not been through clean_text.
    return hashlib.sha256(normalise_claim(text).encode("utf-8", "surrogatepass")).hexdigest()


def search_terms(text: str) -> list[str]:
    """Return the distinct words of ``text``, folded, in order of first appearance.

    A word is a run of Unicode letters, digits and marks; everything else separates words,
    apostrophes included, so ``"l\u2019IA"`` gives ``["l", "ia"]``. Used to highlight matches.
    """
    terms: dict[str, None] = {}  # an ordered set
    word: list[str] = []
    for ch in fold(text) + " ":  # the trailing space flushes the last word
        if unicodedata.category(ch)[0] in "LNM":
            word.append(ch)
        elif word:
            terms["".join(word)] = None
            word.clear()
    return list(terms)
