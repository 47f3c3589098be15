"""Polarity of a claim's text: does it affirm something, negate it, or doubt it?

The duplicate check stops only for the same assertion (Full Fact's test: the same truth
conditions). "DeepSeek is not a Chinese state psyop" shares every content word with
"DeepSeek is a Chinese state psyop", and "Aucune preuve n'étaye l'idée que DeepSeek soit une
opération de l'État chinois" most of them, yet each answers the other: the duplicate check
lists such a candidate as related instead of stopping on it (services/matching.py).

This is a small lexicon, not a parser. A text *doubts* when it holds a rebuttal cue ("no
evidence", "aucune preuve", "it is not true", "myth", "debunked"…), else *negates* when it
holds a negator ("not", "n't", "ne … pas", "aucun", "jamais", "nunca", "não", "nicht",
"kein"…), else *affirms*. Cues are counted as present or absent, not by parity: "ne … pas" is
two words of one negation, and so is "aucune preuve n'étaye". Two texts are opposed when one
affirms and the other does not; a negation and a doubt of the same thing are not opposed.
English, French, Spanish, Portuguese and German; docs/matching.md has the measurements.

Left out on purpose: "without" / "sans" / "sin" / "sem" / "ohne" alone ("a model trained
without advanced chips" affirms that it was), and words that are also nouns ("personne").
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Polarity(StrEnum):
    """What a text does with the proposition it states."""

    AFFIRMS = "affirms"
    NEGATES = "negates"
    DOUBTS = "doubts"


# Single words that negate the clause they are in, folded (lower case, no accents). "n" is
# French elision ("n'étaye"); English "n't" is rewritten as "not" before splitting.
_NEGATORS = """
    not no never none nobody nothing neither nor cannot
    ne n pas jamais aucun aucune aucuns aucunes rien nullement guere ni
    nunca jamas ningun ninguno ninguna nadie nada tampoco
    nao nenhum nenhuma nem ninguem
    nicht kein keine keinen keinem keiner keines nie niemals nichts niemand
"""
NEGATORS = frozenset(_NEGATORS.split())

# Rebuttal and doubt cues, folded, as word sequences; a trailing "*" matches any ending
# ("debunk*": debunked, debunks). They say the text answers a claim rather than makes one.
_DOUBT_CUES = """
    no evidence | no proof | not true | untrue | false that | is false | false claim
    | myth* | debunk* | hoax* | contrary to | there is nothing to suggest | baseless
    | aucune preuve | pas de preuve | sans preuve | rien ne prouve | est faux | faux que
    | pas vrai | contrairement a | mythe* | intox | infox | canular* | dement*
    | no hay pruebas | sin pruebas | ninguna prueba | es falso | falso que | no es cierto
    | no es verdad | al contrario | contrariamente a | mito | mitos | bulo* | desmient*
    | nao ha provas | sem provas | nenhuma prova | e falso | nao e verdade | ao contrario
    | boato* | desment*
    | kein beweis | keine beweise | keine belege | ohne beweis* | ist falsch | nicht wahr
    | entgegen | mythos | widerleg*
"""
DOUBT_CUES: tuple[tuple[str, ...], ...] = tuple(
    tuple(cue.split()) for cue in _DOUBT_CUES.split("|") if cue.strip()
)

# Where one sentence (or clause of a post) ends and another begins.
_SENTENCE = re.compile(r"(?<=[.!?;…])\s+|\n+|\s[—–]\s|\s-\s")
_APOSTROPHES = re.compile(r"[’‘`´]")
_NT = re.compile(r"n't\b")


def words(text: str) -> list[str]:
    """The words of ``text`` as the lexicon spells them: lower case, without accents.

    Accents are removed for Latin letters only (the lexicon is Latin-script); other scripts
    pass through unchanged and match no cue.
    """
    text = _NT.sub(" not", _APOSTROPHES.sub("'", text.lower()))
    # A word is a run of letters, marks and digits: marks included, so that the vowel signs
    # of Brahmic scripts stay inside their words.
    spaced = "".join(
        _unaccented(ch) if unicodedata.category(ch)[0] in "LMN" else " " for ch in text
    )
    return spaced.split()


def _unaccented(ch: str) -> str:
    # Only Latin letters lose their marks; every other character is kept exactly as it is.
    if ch.isascii() or not unicodedata.name(ch, "").startswith("LATIN"):
        return ch
    return unicodedata.normalize("NFD", ch)[0]


def _cue_at(tokens: list[str], start: int, cue: tuple[str, ...]) -> bool:
    if start + len(cue) > len(tokens):
        return False
    for token, part in zip(tokens[start : start + len(cue)], cue, strict=True):
        if part.endswith("*"):
            if not token.startswith(part[:-1]):
                return False
        elif token != part:
            return False
    return True


def cue_spans(tokens: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every doubt cue among ``tokens``."""
    return [
        (start, start + len(cue))
        for start in range(len(tokens))
        for cue in DOUBT_CUES
        if _cue_at(tokens, start, cue)
    ]


def polarity(text: str) -> Polarity:
    """Whether ``text`` affirms, negates or doubts what it states."""
    tokens = words(text)
    if cue_spans(tokens):
        return Polarity.DOUBTS
    if any(token in NEGATORS for token in tokens):
        return Polarity.NEGATES
    return Polarity.AFFIRMS


def polarity_towards(text: str, other: str) -> Polarity:
    """The polarity of the sentence of ``text`` that has most words of ``other``.

    A post often says more than one thing ("Minecraft is NOT stopping. Don't believe the
    hoax article"); a negation in another sentence says nothing about the one that repeats
    or answers the other claim. Measured on the train pairs: polarity of the whole text
    kept 0.50 of the CheckThat! duplicates stopping, this 0.57 (docs/matching.md).
    """
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    if len(sentences) <= 1:
        return polarity(text)
    theirs = {w for w in words(other) if len(w) > 3}
    best = max(sentences, key=lambda s: len(theirs.intersection(words(s))))
    return polarity(best)


def opposed(one: Polarity, other: Polarity) -> bool:
    """True when one text affirms and the other negates or doubts: they answer each other."""
    return (one is Polarity.AFFIRMS) != (other is Polarity.AFFIRMS)


def without_cues(text: str) -> str:
    """``text``'s words with negators and doubt cues taken out: the proposition it is about.

    "There is no evidence that DeepSeek is a psyop" -> "there is that deepseek is a psyop",
    which can be compared with the claim it answers.
    """
    tokens = words(text)
    dropped = {i for start, end in cue_spans(tokens) for i in range(start, end)}
    return " ".join(
        token for i, token in enumerate(tokens) if i not in dropped and token not in NEGATORS
    )


def relation(new: Polarity, existing: Polarity) -> str:
    """How a new text stands to an opposed existing one, in words: "negates it"…"""
    if new is Polarity.AFFIRMS:
        return f"it {existing} this claim"
    return f"{new} it"
