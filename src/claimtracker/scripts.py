"""The language a text's script names, when it names only one: Telugu script is Telugu.

Used when a claim comes without a language: a claim written (mostly) in one of the scripts
below is stored with that language, marked as inferred. A script shared by several languages
names none, and the language stays unknown — a wrong language is worse than none:

* Latin, Cyrillic, Arabic, Devanagari and Han are written for many languages: no inference.
* Hebrew script is also Yiddish's and Ladino's, Ethiopic also Tigrinya's and Tigre's (both
  written for fact-checked audiences): no inference.
* Bengali script is also Assamese's. The two part on one letter: Assamese writes *ra* as ৰ
  (U+09F0) and *wa* as ৱ (U+09F1), Bengali writes র (U+09B0). A text with ৰ or ৱ is Assamese, one
  with র and neither of those is Bengali, one with none of the three stays unknown.
* Myanmar script is Burmese in its core letters; the letters added for Shan, Mon, the Karen
  languages and others (U+1050–U+109F and the extension blocks) make it ambiguous.
* Han with kana is Japanese (kana are Japanese only); Hangul, with or without Han, is Korean.
* Some scripts listed are also written for smaller languages (Kannada for Tulu and Konkani,
  Thai for Northern Thai); the texts this tool meets in them are overwhelmingly in the main
  language, which is what is inferred.

"Mostly" is: more than half of the text's letters and marks are of the script (digits,
punctuation and combining accents shared by scripts are not counted), so a Telugu sentence
naming "WhatsApp" is still Telugu, and an English one quoting a Greek word is not Greek.
The ranges are the Unicode blocks of each script.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Final

# (first, last, script) — Unicode blocks; a script's name here is internal to this module.
BLOCKS: Final[tuple[tuple[int, int, str], ...]] = (
    (0x0370, 0x03FF, "el"),  # Greek and Coptic
    (0x1F00, 0x1FFF, "el"),  # Greek Extended (polytonic)
    (0x0530, 0x058F, "hy"),  # Armenian
    (0xFB13, 0xFB17, "hy"),  # Armenian ligatures
    (0x0980, 0x09FF, "bengali"),  # Bengali: Bengali or Assamese, see below
    (0x0A00, 0x0A7F, "pa"),  # Gurmukhi
    (0x0A80, 0x0AFF, "gu"),  # Gujarati
    (0x0B00, 0x0B7F, "or"),  # Oriya
    (0x0B80, 0x0BFF, "ta"),  # Tamil
    (0x0C00, 0x0C7F, "te"),  # Telugu
    (0x0C80, 0x0CFF, "kn"),  # Kannada
    (0x0D00, 0x0D7F, "ml"),  # Malayalam
    (0x0D80, 0x0DFF, "si"),  # Sinhala
    (0x0E00, 0x0E7F, "th"),  # Thai
    (0x0E80, 0x0EFF, "lo"),  # Lao
    (0x1000, 0x104F, "my"),  # Myanmar, the Burmese core
    (0x1050, 0x109F, "myanmar-other"),  # Myanmar letters of Shan, Mon, Karen …
    (0xA9E0, 0xA9FF, "myanmar-other"),  # Myanmar Extended-B
    (0xAA60, 0xAA7F, "myanmar-other"),  # Myanmar Extended-A
    (0x10A0, 0x10FF, "ka"),  # Georgian
    (0x1C90, 0x1CBF, "ka"),  # Georgian Extended (Mtavruli capitals)
    (0x1780, 0x17FF, "km"),  # Khmer
    (0x19E0, 0x19FF, "km"),  # Khmer Symbols
    (0x1100, 0x11FF, "ko"),  # Hangul Jamo
    (0x3130, 0x318F, "ko"),  # Hangul Compatibility Jamo
    (0xAC00, 0xD7AF, "ko"),  # Hangul Syllables
    (0x3040, 0x309F, "kana"),  # Hiragana
    (0x30A0, 0x30FF, "kana"),  # Katakana
    (0x31F0, 0x31FF, "kana"),  # Katakana Phonetic Extensions
    (0xFF66, 0xFF9F, "kana"),  # halfwidth Katakana
    (0x3400, 0x4DBF, "han"),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF, "han"),  # CJK Unified Ideographs
    (0xF900, 0xFAFF, "han"),  # CJK Compatibility Ideographs
    (0x20000, 0x3FFFF, "han"),  # the supplementary ideographic planes
)

ASSAMESE_LETTERS: Final = frozenset("\u09f0\u09f1")  # ৰ ৱ
BENGALI_RA: Final = "\u09b0"  # র

# Kana must be at least this share of a Han-and-kana text for it to be read as Japanese: a
# Chinese text may carry a stray の, Japanese prose has far more.
MIN_KANA_SHARE: Final = 0.2


def infer_language(text: str) -> str | None:
    """The language the script of ``text`` names unambiguously, or None (see the module doc)."""
    if text.isascii():
        return None  # the common case, decided without looking at each character
    counts: Counter[str] = Counter()
    letters = 0
    for char in text:
        category = unicodedata.category(char)
        if category[0] not in "LM" or _is_shared_mark(char, category):
            continue
        letters += 1
        script = _script(ord(char))
        if script is not None:
            counts[script] += 1
    if not counts:
        return None
    return _language(counts, letters, text)


def _is_shared_mark(char: str, category: str) -> bool:
    """A combining accent of the Combining Diacritical Marks blocks, used by many scripts."""
    return category[0] == "M" and 0x0300 <= ord(char) <= 0x036F


def _script(code_point: int) -> str | None:
    for first, last, script in BLOCKS:
        if first <= code_point <= last:
            return script
    return None


def _language(counts: Counter[str], letters: int, text: str) -> str | None:
    """The language of the most frequent script, if it holds more than half the letters."""
    japanese = counts["kana"] + counts["han"]
    if counts["kana"] and counts["kana"] >= MIN_KANA_SHARE * japanese and 2 * japanese > letters:
        return "ja"
    korean = counts["ko"] + counts["han"]
    if counts["ko"] and counts["ko"] * 2 > korean and 2 * korean > letters:
        return "ko"
    script, count = counts.most_common(1)[0]
    if 2 * count <= letters or script in ("han", "kana", "myanmar-other"):
        return None
    if script == "my" and counts["myanmar-other"]:
        return None
    if script == "bengali":
        return _bengali_or_assamese(text)
    return script


def _bengali_or_assamese(text: str) -> str | None:
    if any(char in ASSAMESE_LETTERS for char in text):
        return "as"
    return "bn" if BENGALI_RA in text else None


__all__ = ["infer_language"]
