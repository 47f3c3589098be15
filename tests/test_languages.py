"""Language tags in BCP 47 canonical form; a code that is not one is refused."""

from __future__ import annotations

import pytest

from claimtracker.errors import InvalidInput
from claimtracker.languages import normalise_language, stored_language


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" fr ", "fr"),
        ("pt_BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("zh_hant_tw", "zh-Hant-TW"),
        ("sr_Latn_RS", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("eng", "en"),  # the ISO 639-2 code of a language with a two-letter one
        ("iw", "he"),  # deprecated codes give way to their preferred ones
        ("in", "id"),
        ("en-Latn-US", "en-US"),  # a script that goes without saying is dropped
        ("i-klingon", "tlh"),
        ("und", "und"),
    ],
)
def test_a_code_is_stored_in_its_canonical_form(typed: str, canonical: str) -> None:
    assert normalise_language(typed) == canonical


@pytest.mark.parametrize("bad", ["xx-!!", "english", "English", "xx", "en-Abcd", "", "C.UTF-8"])
def test_what_is_not_a_language_code_is_refused_by_name(bad: str) -> None:
    with pytest.raises(InvalidInput, match="is not a language code") as caught:
        normalise_language(bad, what="inLanguage")
    assert f"inLanguage {bad!r}" in str(caught.value)


def test_a_stored_code_is_normalised_when_it_can_be_and_kept_when_not() -> None:
    assert stored_language("pt_BR") == "pt-BR"
    assert stored_language("english") == "english"
