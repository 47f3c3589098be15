"""Claims in scripts whose vowel signs are marks, as a user captures and searches them, on both
backends: a vowel sign makes another word, and so another claim; an accent does not."""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from claimtracker.services.matching import find_matches
from claimtracker.text import search_terms
from tests.test_text import udhr_samples

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tests.conftest import Claim

PEN = "ఈ కలం చాలా బాగుంది"  # Telugu: "this pen is very good"
TIME = "ఈ కాలం చాలా బాగుంది"  # Telugu: "this time is very good"


def _add(claim: Claim, text: str, *extra: str) -> int:
    result = claim("add", text, "--by", "Test claimant", *extra)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.strip())


def _search(claim: Claim, query: str) -> list[int]:
    result = claim("search", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def test_a_vowel_sign_makes_another_claim_and_search_matches_words_whole(
    claim: Claim, engine: Engine
) -> None:
    pen = _add(claim, PEN)
    # Kalam (pen) and kaalam (time) are different words: the time claim is not the same claim,
    # and the duplicate check does not stop it (ఈ "this" and చాలా "very" are function words,
    # as "this" and "very" are in English: services/stop_words.py).
    with Session(engine) as session:
        assert [m.exact for m in find_matches(session, TIME)] == [False]
        assert [m.exact for m in find_matches(session, PEN)] == [True]
    time = _add(claim, TIME)
    assert _search(claim, "కాలం") == [time]
    assert _search(claim, "కలం") == [pen]
    # The same claim typed again, decomposed or not, is still the same claim.
    again = claim("add", unicodedata.normalize("NFD", TIME), "--by", "Test claimant")
    assert again.exit_code == 1
    assert f"#{time}" in again.stderr


def test_hindi_words_are_whole_and_accents_still_do_not_count(claim: Claim) -> None:
    kamala = _add(claim, "कमला हैरिस ने चुनाव में धांधली का आरोप लगाया")
    lotus = _add(claim, "कमल का फूल राष्ट्रीय फूल है")
    assert _search(claim, "कमला") == [kamala]
    assert _search(claim, "कमल") == [lotus]
    cafe = _add(claim, "Le café coûte plus cher à Paris")
    assert _search(claim, "cafe") == [cafe]
    assert _search(claim, "CAFÉ") == [cafe]


def test_real_sentences_in_many_scripts_are_found_by_their_words(claim: Claim) -> None:
    samples = udhr_samples()
    ids = {language: _add(claim, sentence) for language, sentence in samples.items()}
    for language, sentence in samples.items():
        # The longest word of the sentence, typed decomposed: found, and its claim first.
        word = max(search_terms(sentence), key=len)
        found = _search(claim, unicodedata.normalize("NFD", word))
        assert found[:1] == [ids[language]], (language, word, found)
