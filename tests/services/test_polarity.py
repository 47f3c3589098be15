"""The polarity lexicon of the duplicate check (no database)."""

from __future__ import annotations

import pytest

from claimtracker.services.polarity import Polarity, opposed, polarity, polarity_towards

AFFIRMS, NEGATES, DOUBTS = Polarity.AFFIRMS, Polarity.NEGATES, Polarity.DOUBTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DeepSeek is a Chinese state psyop", AFFIRMS),
        ("DeepSeek is not a Chinese state psyop", NEGATES),
        ("DeepSeek isn’t a Chinese state psyop", NEGATES),
        ("There is no evidence that DeepSeek is a psyop", DOUBTS),
        ("Aucune preuve n’étaye l’idée que DeepSeek soit une opération", DOUBTS),
        ("DeepSeek n'est pas une opération de l'État chinois", NEGATES),
        ("DeepSeek no es una operación del Estado chino", NEGATES),
        ("Es falso que DeepSeek sea una operación", DOUBTS),
        ("O DeepSeek não é uma operação do Estado chinês", NEGATES),
        ("DeepSeek ist keine Operation des chinesischen Staates", NEGATES),
        ("Es ist falsch, dass DeepSeek eine Operation ist", DOUBTS),
        # "sans" alone does not negate: the model was trained, without the chips.
        ("DeepSeek a créé un modèle de pointe sans puces avancées", AFFIRMS),
        # Another script passes through and affirms.
        ("ఈ కలం చాలా బాగుంది", AFFIRMS),
    ],
)
def test_polarity(text: str, expected: Polarity) -> None:
    assert polarity(text) is expected


def test_a_negation_and_a_doubt_are_not_opposed() -> None:
    assert opposed(AFFIRMS, NEGATES)
    assert opposed(DOUBTS, AFFIRMS)
    assert not opposed(NEGATES, DOUBTS)
    assert not opposed(AFFIRMS, AFFIRMS)


def test_a_post_is_read_in_its_sentence_about_the_other_claim() -> None:
    post = "I don't usually share these. Minecraft is shutting down in 2020, sad."
    assert polarity(post) is NEGATES
    assert polarity_towards(post, "Minecraft is shutting down in 2020") is AFFIRMS
