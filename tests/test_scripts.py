"""The language a script names: inferred only when the script names one language.

The texts are real: Article 1 of the Universal Declaration of Human Rights from the Unicode
Consortium's "UDHR in Unicode" (tests/data/languages/README.md), and claims checked by Vishvas
News (shared data, claimskg_samples/output_sample_vishvasnews.csv).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimtracker.scripts import infer_language

UDHR = Path(__file__).parent / "data" / "languages" / "udhr_article1.tsv"


def article_1() -> dict[str, str]:
    with UDHR.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {
            row["file"].removeprefix("udhr_").removesuffix(".xml"): row["article_1"] for row in rows
        }


@pytest.mark.parametrize(
    ("sample", "language"),
    [
        ("tel", "te"),
        ("sin", "si"),
        ("tam", "ta"),
        ("ell_monotonic", "el"),
        ("kat", "ka"),
        ("ben", "bn"),
        ("kor", "ko"),
        ("jpn", "ja"),
    ],
)
def test_a_script_of_one_language_names_it(sample: str, language: str) -> None:
    assert infer_language(article_1()[sample]) == language


@pytest.mark.parametrize("sample", ["hin", "arb", "rus"])
def test_a_script_of_many_languages_names_none(sample: str) -> None:
    assert infer_language(article_1()[sample]) is None


@pytest.mark.parametrize(
    ("claim", "language"),
    [
        # Vishvas News fact-check titles, as published (extra_title of the sample).
        ("Fact Check: 2009 નો યુએસ કેપિટલનો ફોટો ભ્રામક દાવાઓ સાથે વાયરલ થઈ રહ્યો છે", "gu"),
        (
            "వాస్తవ తనిఖీ: కేవలం మాస్క్\u200cలతో మాత్రమే COVID-19ను నివారించలేం, కీలక సందర్భం "
            "లోపించిన వైరల్\u200c పోస్ట్\u200c",
            "te",
        ),
        ("உண்மை சரிபார்ப்பு: மன்னர் ஹென்றி VIII இந்த கவசத்தை உருவாக்கவில்லை", "ta"),
    ],
)
def test_a_claim_naming_things_in_latin_letters_keeps_its_script_language(
    claim: str, language: str
) -> None:
    assert infer_language(claim) == language


def test_a_few_foreign_letters_do_not_make_a_language() -> None:
    assert infer_language("The word ἀλήθεια (truth) was quoted by the minister") is None
    assert infer_language("Café owners in Paris say prices rose") is None
    assert infer_language("2024 — 100%") is None


def test_bengali_script_tells_assamese_by_its_own_letters() -> None:
    # "Assam" written in Assamese (অসম is ambiguous; ৰাজ্য has the Assamese ra).
    assert infer_language("অসম ৰাজ্য") == "as"
    assert infer_language("অসম") is None


def test_han_without_kana_is_not_inferred() -> None:
    # Chinese and Japanese both write 東京大学; only kana would say Japanese.
    assert infer_language("東京大学研究") is None
