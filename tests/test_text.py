"""Cleaning claim texts, and the keys names and claims are compared by."""

# These tests are about look-alike characters (typographic quotes, full-width forms).

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from claimtracker.errors import InvalidInput
from claimtracker.text import (
    ACCENT_RANGES,
    MAX_CLAIM_LENGTH,
    clean_text,
    excerpt,
    fold,
    normalise_claim,
    search_terms,
    text_hash,
)

# clean_text


def test_max_claim_length_is_ten_thousand() -> None:
    assert MAX_CLAIM_LENGTH == 10_000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  The earth is flat.  ", "The earth is flat."),
        ("\n\t The earth is flat.\r\n", "The earth is flat."),
        ("\u00a0\u3000Text\u2003", "Text"),
        (
            "line one\r\nline two\rline three\nline four",
            "line one\nline two\nline three\nline four",
        ),
        ("tab\tinside", "tab\tinside"),
        ("  two  spaces  inside  ", "two  spaces  inside"),
        ("Quotes “kept” as ‘typed’ — and dashes", "Quotes “kept” as ‘typed’ — and dashes"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_composes_to_nfc() -> None:
    decomposed = "perce\u0301e"  # "e" followed by a combining acute accent
    assert clean_text(decomposed) == "percée"
    assert unicodedata.is_normalized("NFC", clean_text(decomposed))
    assert len(clean_text(decomposed)) == 6


def test_clean_text_keeps_compatibility_characters() -> None:
    # NFC, not NFKC: the stored text keeps ligatures, superscripts and full-width forms.
    assert clean_text("ﬁnal 10² ＡＢＣ") == "ﬁnal 10² ＡＢＣ"


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE claims; --",
        "Robert'); DROP TABLE students;--",
        "1 OR 1=1",
        "SELECT * FROM claims WHERE text LIKE '%' ESCAPE '\\'",
        '" OR ""="',
        "<script>alert('x')</script>",
        "%s %d {0} {text} $1 :name ?",
    ],
)
def test_sql_looking_text_is_kept_verbatim(text: str) -> None:
    assert clean_text(text) == text


@pytest.mark.parametrize("text", ["", " ", "   \t  ", "\n\r\n", "\u00a0\u2003\u3000", "\r"])
def test_rejects_empty_and_whitespace_only(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text(text)
    assert str(caught.value) == "claim text is empty"


def test_what_names_the_value_in_messages() -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text("  ", what="source title")
    assert str(caught.value) == "source title is empty"


def test_longest_text_is_accepted() -> None:
    text = "a" * MAX_CLAIM_LENGTH
    assert clean_text(text) == text


def test_length_counts_characters_not_bytes() -> None:
    text = "é" * MAX_CLAIM_LENGTH  # 20,000 bytes in UTF-8
    assert clean_text(text) == text


def test_length_is_measured_after_cleaning() -> None:
    # Surrounding whitespace is stripped and decomposed accents composed before counting.
    assert clean_text("  " + "a" * MAX_CLAIM_LENGTH + "  \n") == "a" * MAX_CLAIM_LENGTH
    assert clean_text("e\u0301" * MAX_CLAIM_LENGTH) == "é" * MAX_CLAIM_LENGTH


def test_rejects_too_long_text() -> None:
    text = "Lorem ipsum " + "x" * (12_345 - 12)
    with pytest.raises(InvalidInput) as caught:
        clean_text(text)
    assert str(caught.value) == (
        f"claim text is 12,345 characters; the maximum is 10,000 (it starts '{text[:77]}...')"
    )


def test_rejects_text_over_a_custom_maximum() -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text("a" * 1_001, what="tag", max_length=1_000)
    assert str(caught.value) == (
        f"tag is 1,001 characters; the maximum is 1,000 (it starts '{'a' * 77}...')"
    )


@pytest.mark.parametrize(
    ("text", "code", "position", "shown"),
    [
        ("Bell\x07 in text", "U+0007", 5, "Bell\\x07 in text"),
        ("\x00nul first", "U+0000", 1, "\\x00nul first"),
        ("escape\x1b[31m", "U+001B", 7, "escape\\x1b[31m"),
        ("vertical\x0btab", "U+000B", 9, "vertical\\x0btab"),
        ("form\x0cfeed", "U+000C", 5, "form\\x0cfeed"),
        ("delete\x7f", "U+007F", 7, "delete\\x7f"),
        ("c1 \x85 next line", "U+0085", 4, "c1 \\x85 next line"),
        ("c1 \x9f", "U+009F", 4, "c1 \\x9f"),
    ],
)
def test_rejects_control_characters(text: str, code: str, position: int, shown: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text(text)
    assert str(caught.value) == (
        f"claim text contains control character {code} at position {position}: '{shown}'"
    )


def test_control_character_position_counts_from_the_text_as_given() -> None:
    # Leading whitespace is not yet stripped, and trailing controls are not stripped away.
    with pytest.raises(InvalidInput, match="U\\+000C at position 6:"):
        clean_text("  abc\x0c")


def test_control_character_message_shows_only_the_surroundings() -> None:
    text = "a" * 100 + "\x07" + "b" * 100
    with pytest.raises(InvalidInput) as caught:
        clean_text(text)
    assert str(caught.value) == (
        f"claim text contains control character U+0007 at position 101: "
        f"'...{'a' * 20}\\x07{'b' * 20}'"
    )


def test_rejects_unpaired_surrogate() -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text("bad \ud800 decoding")
    assert str(caught.value) == (
        "claim text contains unpaired surrogate U+D800 at position 5: 'bad \\ud800 decoding'"
    )


@pytest.mark.parametrize(
    "text",
    [
        "zero\u200bwidth",  # format characters are not control characters
        "emoji 👩\u200d🔬 with joiner",
        "فارسی\u200cنیم‌فاصله",
        "line\u2028separator",
        "right-to-left \u05e9\u05dc\u05d5\u05dd",
    ],
)
def test_other_characters_are_accepted(text: str) -> None:
    assert clean_text(text) == text


# excerpt


def test_excerpt_quotes_short_values_whole() -> None:
    assert excerpt("abc") == "'abc'"
    assert excerpt("") == "''"


def test_excerpt_truncates_to_eighty_characters() -> None:
    assert excerpt("x" * 80) == "'" + "x" * 80 + "'"
    assert excerpt("x" * 81) == "'" + "x" * 77 + "...'"


def test_excerpt_escapes_what_would_break_the_line_or_hide() -> None:
    assert excerpt("a\nb\tc\rd\x00e\u00a0f\u200bg\U000e0001") == (
        "'a\\nb\\tc\\rd\\x00e\\xa0f\\u200bg\\U000e0001'"
    )
    assert excerpt("percée l’IA 👍") == "'percée l’IA 👍'"


# fold


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yann LeCun", "yann lecun"),
        ("Yánn  LeCun", "yann lecun"),
        ("  YANN\tLECUN\n", "yann lecun"),
        ("percée", "percee"),
        ("PERCÉE", "percee"),
        ("perce\u0301e", "percee"),  # decomposed accent
        ("l’IA", "l'ia"),
        ("L‘IA", "l'ia"),
        ("l´IA", "l'ia"),
        ("l`IA", "l'ia"),
        ("lʼIA", "l'ia"),
        ("“Macron”", '"macron"'),
        ("«Macron»", '"macron"'),
        ("„Macron“", '"macron"'),
        ("Jean–Luc", "jean-luc"),
        ("Jean—Luc", "jean-luc"),
        ("Jean‐Luc", "jean-luc"),
        ("Jean\u2011Luc", "jean-luc"),
        ("Jean\u00a0Luc", "jean luc"),
        ("Jean\u202fLuc", "jean luc"),
        ("Jean\u3000Luc", "jean luc"),
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),
        ("ＷＨＯ", "who"),
        ("Ærø", "ærø"),
        ("Zoë Ça Señor Dvořák Łódź Ægir", "zoe ca senor dvorak łodz ægir"),
        ("Ελληνικά", "ελληνικα"),
        ("ΣΊΣΥΦΟΣ", "σισυφοσ"),
        ("Ёлка", "елка"),
        ("Jean\u00adLuc", "jeanluc"),  # soft hyphen
        ("Jean\u200bLuc", "jeanluc"),  # zero-width space
    ],
)
def test_fold_equalities(a: str, b: str) -> None:
    assert fold(a) == b
    assert fold(b) == b


@pytest.mark.parametrize(("a", "b"), [("Paris", "Pâris Hilton"), ("Le Pen", "Lepen")])
def test_fold_keeps_different_names_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


# Words that differ only by a mark that is part of their spelling: the two are different words
# (and claims built on them are different claims).
DIFFERENT_WORDS = [
    ("కలం", "కాలం"),  # Telugu: pen, time (vowel sign aa)
    ("कमल", "कमला"),  # Hindi: lotus, Kamala (vowel sign aa, a spacing mark)
    ("कुल", "कल"),  # Hindi: total, tomorrow (vowel sign u, a nonspacing mark)
    ("दिन", "दन"),  # Hindi: day; the vowel sign i is the only difference
    ("हिन्दी", "हिनदी"),  # a virama joins two consonants: not an accent
    ("পানি", "পনি"),  # Bengali vowel sign aa
    ("ਪੰਜਾਬ", "ਪਜਾਬ"),  # Gurmukhi tippi
    ("ગુજરાત", "ગજરાત"),  # Gujarati vowel sign u
    ("ଓଡ଼ିଆ", "ଓଡଆ"),  # Oriya nukta and vowel sign i
    ("தமிழ்", "தமிழ"),  # Tamil pulli (virama)
    ("ಕನ್ನಡ", "ಕನನಡ"),  # Kannada virama
    ("മലയാളം", "മലയളം"),  # Malayalam vowel sign aa
    ("සිංහල", "සංහල"),  # Sinhala vowel sign i
    ("ไม่", "ไม้"),  # Thai: not, wood (tone marks)
    ("ບໍ່", "ບ"),  # Lao
    ("བོད", "བད"),  # Tibetan vowel sign o
    ("မြန်မာ", "မြနမာ"),  # Myanmar asat
    ("ខ្មែរ", "ខមែរ"),  # Khmer coeng
    ("がっこう", "かっこう"),  # Japanese: school, cuckoo (voicing mark)
    ("мой", "мои"),  # Russian: my, my (plural); й is a letter
    ("їжак", "іжак"),  # Ukrainian ї
]

# Marks people type or leave out for the same word: accents, Greek tonos, vowel points.
SAME_WORDS = [
    ("Ёлка", "елка"),  # Russian prints е for ё
    ("Ελληνικά", "ελληνικα"),
    ("مُحَمَّد", "محمد"),  # Arabic harakat and shadda
    ("שָׁלוֹם", "שלום"),  # Hebrew niqqud
    ("Tiếng Việt", "tieng viet"),  # Latin accents, Vietnamese included
    ("I ❤\ufe0f NY", "I ❤ NY"),  # an emoji's presentation selector
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_WORDS)
def test_fold_keeps_the_marks_that_spell_a_word(a: str, b: str) -> None:
    assert fold(a) != fold(b)
    assert text_hash(a) != text_hash(b)
    # Composed or decomposed, the same word has the same key, and a key folds to itself.
    assert fold(unicodedata.normalize("NFD", a)) == fold(a) == fold(fold(a))
    assert search_terms(a) == [fold(a)]


@pytest.mark.parametrize(("a", "b"), SAME_WORDS)
def test_fold_drops_optional_accents_and_vowel_points(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_telugu_claims_apart() -> None:
    pen, time = "ఈ కలం చాలా బాగుంది", "ఈ కాలం చాలా బాగుంది"
    assert text_hash(pen) != text_hash(time)
    assert fold(time) == time  # nothing of it is an accent


def test_fold_keeps_punctuation_inside() -> None:
    assert fold("  Dr. Anthony S. Fauci, M.D.  ") == "dr. anthony s. fauci, m.d."


@pytest.mark.parametrize(
    "text",
    [
        "Yánn  LeCun",
        "Straße",
        "İstanbul",
        "ŉ",
        "´quoted´",
        "ﬃ ½ ² ㎏",
        "Ωmega ΐ ǅ",
        "l’IA fait une percée",
        "  ",
        "",
    ],
)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_fold_of_blank_is_empty() -> None:
    assert fold("") == ""
    assert fold(" \t\n\u00a0") == ""


_TYPOGRAPHIC_CHARS = "\u2018\u2019\u201a\u201b\u2032\u2035\u00b4\u0060\u02bc\u2039\u203a"


def _fold_character_by_character(text: str) -> str:
    """fold as first written: every character looked up, for the fast paths to match."""
    table = str.maketrans(
        {
            **dict.fromkeys(_TYPOGRAPHIC_CHARS, "'"),
            **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
            **dict.fromkeys(
                "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d", "-"
            ),
            **dict.fromkeys("\u00ad\u200b\u2060\ufeff", None),
        }
    )
    decomposed = unicodedata.normalize("NFKD", text.translate(table)).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    for pair, letter in (("и\u0306", "й"), ("у\u0306", "ў"), ("і\u0308", "ї")):
        decomposed = decomposed.replace(pair, letter)
    for pair, letter in (("г\u0301", "ѓ"), ("к\u0301", "ќ")):
        decomposed = decomposed.replace(pair, letter)
    bare = "".join(ch for ch in decomposed if not _an_accent(ch))
    return unicodedata.normalize("NFC", " ".join(bare.translate(table).split()))


def _an_accent(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn" and any(
        low <= ord(ch) <= high for low, high in ACCENT_RANGES
    )


def test_fold_fast_paths_agree_with_the_character_by_character_fold() -> None:
    # ASCII text and runs of non-ASCII are folded by shortcuts; every character of the Basic
    # Multilingual Plane, alone and between ASCII letters, folds as the plain loop folds it.
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        for text in (chr(code), f"A{chr(code)}b `c", chr(code) * 2):
            assert fold(text) == _fold_character_by_character(text), hex(code)
    for text in ("Ça coûte 5,6 M€ — «\u00a0vraiment\u00a0» ?", "e\u0301te\u0301", "`Quoted`"):
        assert fold(text) == _fold_character_by_character(text)


# normalise_claim and text_hash

SAME_CLAIMS = [
    ("L’IA a fait une percée.", "l'ia a fait une percee"),
    ("L'IA a fait une percée !", "l’IA a fait une percée"),
    ("«L’IA a fait une percée»", '"L\'IA a fait une percee"'),
    ("The earth is flat.", "the earth is flat"),
    ("The earth is flat!!!", "THE EARTH IS FLAT?"),
    ("The  earth\nis\tflat", "The earth is flat"),
    ("The\u00a0earth\u202fis flat", "The earth is flat"),
    ("“The earth is flat.”", "The earth is flat"),
    ("...The earth is flat…", "The earth is flat"),
    ("— The earth is flat —", "The earth is flat"),
    ("(The earth is flat)", "The earth is flat"),
    ("Covid–19 is a hoax", "COVID-19 is a hoax"),
    ("It’s “fake”", 'It\'s "fake"'),
    ("It´s fake", "It`s fake"),
]


@pytest.mark.parametrize(("a", "b"), SAME_CLAIMS)
def test_normalise_claim_equalities(a: str, b: str) -> None:
    assert normalise_claim(a) == normalise_claim(b)
    assert text_hash(a) == text_hash(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The earth is flat", "The earth is not flat"),
        ("Unemployment fell 5%", "Unemployment fell 5"),  # "%" is a sign, not punctuation
        ("It costs $5", "It costs 5"),
        ("It was -5 degrees", "It was 5 degrees"),
        ("-5 degrees", "5 degrees"),
        ("#1 cause", "1 cause"),
        ("Dr. Smith lied", "Dr Smith lied"),  # punctuation inside is kept
        ("Let's eat, grandma", "Let's eat grandma"),
        ("?", "!"),
    ],
)
def test_normalise_claim_keeps_different_claims_apart(a: str, b: str) -> None:
    assert normalise_claim(a) != normalise_claim(b)
    assert text_hash(a) != text_hash(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« L’IA a fait une percée ! »", "l'ia a fait une percee"),
        ("“Vaccines—cause autism.”", "vaccines-cause autism"),
        ("   The   earth is flat...   ", "the earth is flat"),
        ("The earth is flat 😱", "the earth is flat 😱"),
        ("- The earth is flat", "the earth is flat"),  # a pasted list item
        ("-5 degrees in Paris.", "-5 degrees in paris"),  # but a sign stays with its number
        (".45 calibre", ".45 calibre"),
        ("Unemployment fell 5%.", "unemployment fell 5%"),
        ("#StopTheSteal", "#stopthesteal"),
        ("@user lied", "@user lied"),
        ("?!", "?!"),  # nothing but punctuation: kept, so such texts do not all collide
    ],
)
def test_normalise_claim(text: str, expected: str) -> None:
    assert normalise_claim(text) == expected


def test_normalise_claim_is_idempotent() -> None:
    for a, b in SAME_CLAIMS:
        for text in (a, b):
            assert normalise_claim(normalise_claim(text)) == normalise_claim(text)


def test_text_hash_is_sha256_of_the_normalised_text() -> None:
    text = "« L’IA a fait une percée ! »"
    expected = hashlib.sha256(b"l'ia a fait une percee").hexdigest()
    assert text_hash(text) == expected
    assert len(text_hash(text)) == 64
    assert text_hash(text) == text_hash(text)


def test_text_hash_does_not_fail_on_surrogates() -> None:
    assert len(text_hash("bad \ud800")) == 64


# search_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l’IA", ["l", "ia"]),
        ("l'ia", ["l", "ia"]),
        ("L’IA a fait une percée.", ["l", "ia", "a", "fait", "une", "percee"]),
        ("Yann LeCun, Meta", ["yann", "lecun", "meta"]),
        ("COVID-19 vaccines: 95% effective?", ["covid", "19", "vaccines", "95", "effective"]),
        ("Straße", ["strasse"]),
        ("ＷＨＯ ２０２０", ["who", "2020"]),
        ("the The THE thé", ["the"]),  # distinct terms, in order of first appearance
        ("a_b", ["a", "b"]),
        ("'; DROP TABLE claims; --", ["drop", "table", "claims"]),
        ("Ελληνικά και русский", ["ελληνικα", "και", "русский"]),
        ("中文 日本語", ["中文", "日本語"]),
        ("हिन्दी", ["हिन्दी"]),  # a virama is part of the word, not an accent
        ("love ❤\ufe0f it", ["love", "it"]),  # a presentation selector is not a word
        ("ఈ కాలం చాలా బాగుంది", ["ఈ", "కాలం", "చాలా", "బాగుంది"]),
        ("...!?", []),
        ("", []),
    ],
)
def test_search_terms(text: str, expected: list[str]) -> None:
    assert search_terms(text) == expected


def test_search_terms_contain_only_letters_digits_and_marks() -> None:
    text = 'Quote "this" [and] (that) {x} *y* l’IA — 2024/05/01 a+b=c @user #tag'
    for term in search_terms(text):
        assert all(unicodedata.category(ch)[0] in "LNM" for ch in term), term


# Real sentences in many scripts (tests/data/scripts/README.md has their provenance)

SAMPLES_FILE = Path(__file__).parent / "data" / "scripts" / "udhr_article1.tsv"
# Scripts whose marks are all part of the spelling, and scripts without marks.
MARKS_SPELL = ("te", "hi", "ta", "kn", "bn", "th", "km", "ja", "zh", "ko", "he")


def udhr_samples() -> dict[str, str]:
    """Language tag -> a sentence of the Universal Declaration of Human Rights."""
    lines = SAMPLES_FILE.read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t") for line in lines)


@pytest.mark.parametrize("language", MARKS_SPELL)
def test_fold_keeps_every_letter_of_scripts_whose_marks_spell(language: str) -> None:
    sentence = udhr_samples()[language]
    expected = " ".join(unicodedata.normalize("NFKC", sentence).casefold().split())
    assert fold(sentence) == expected
    assert fold(unicodedata.normalize("NFD", sentence)) == expected


@pytest.mark.parametrize(("language", "letter"), [("ru", "й"), ("uk", "ї"), ("be", "ў")])
def test_fold_keeps_cyrillic_letters_that_decompose(language: str, letter: str) -> None:
    sentence = udhr_samples()[language]
    assert letter in fold(sentence)
    assert fold(unicodedata.normalize("NFD", sentence)) == fold(sentence)


@pytest.mark.parametrize("language", ["el", "vi", "ar"])
def test_fold_drops_the_accents_of_real_sentences(language: str) -> None:
    folded = fold(udhr_samples()[language])
    decomposed = unicodedata.normalize("NFD", folded)
    assert not any(unicodedata.category(ch) == "Mn" for ch in decomposed), folded
    assert fold(folded) == folded
