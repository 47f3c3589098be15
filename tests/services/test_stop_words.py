"""Function words of non-Latin scripts leave the duplicate check's content words; negators and
Latin words do not change."""

from __future__ import annotations

from claimtracker.services.matching import content_words, similarity


def test_telugu_and_hindi_function_words_leave_the_content_words() -> None:
    assert content_words("ఈ కలం చాలా బాగుంది") == ["కలం", "బాగుంది"]
    assert content_words("यह दावा गलत है") == ["दावा", "गलत"]


def test_negators_stay_content_words() -> None:
    assert "नहीं" in content_words("यह दावा सही नहीं है")
    assert "не" in content_words("Путин не говорил этого")


def test_latin_words_keep_the_english_list_only() -> None:
    # "die" and "son" are function words of German and French: English content words here.
    assert content_words("the son will die") == ["son", "die"]


def test_one_different_telugu_word_is_another_claim() -> None:
    assert similarity("ఈ కలం చాలా బాగుంది", "ఈ కాలం చాలా బాగుంది") < 0.5
