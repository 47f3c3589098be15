"""Folding (``text.fold``), which runs on every claim, name and search document at import:
the script-aware fold of issue 13 against the fold it replaced, over the same texts.

The texts are the CheckThat! 2020 verified claims and tweets of the shared data (English,
half of them with a non-ASCII character: quotes, dashes, emoji, accents) and, apart, the
non-ASCII ones alone and a few sentences in Indic scripts and French repeated (the case the
new fold changes). Each run folds all the texts of a corpus once; sides alternate.
"""

from __future__ import annotations

import re
import time
import unicodedata
from typing import TYPE_CHECKING

from benchmarks.checkthat import DATA_FOLDER, read_queries, read_verified_claims
from benchmarks.harness import Comparison
from benchmarks.shared_data import shared_data_dir
from claimtracker.text import fold

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

SENTENCES = [
    "ఈ కాలం చాలా బాగుంది, ప్రభుత్వం ఈ పథకాన్ని ప్రకటించింది",
    "प्रधानमंत्री ने कहा कि देश में बेरोजगारी घट रही है",
    "இந்த செய்தி தவறானது என்று அரசு அறிவித்தது",
    "DeepSeek a entraîné l’un de ses modèles pour seulement 5,6 millions de dollars.",
]

# The fold before issue 13, as text.py had it (its fast paths included): every nonspacing
# mark dropped. Kept here as the baseline.
_OLD_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u00b4\u0060\u02bc\u2039\u203a", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
        **dict.fromkeys(
            "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d", "-"
        ),
        **dict.fromkeys("\u00ad\u200b\u2060\ufeff", None),
    }
)
_NON_ASCII = re.compile("[^\x00-\x7f]+")


class _Marks(dict[int, int | None]):
    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def _old_typographic(value: str) -> str:
    return _NON_ASCII.sub(
        lambda run: run.group().translate(_OLD_TYPOGRAPHIC), value.replace("`", "'")
    )


def old_fold(value: str) -> str:
    """``text.fold`` before issue 13."""
    if value.isascii():
        return " ".join(value.replace("`", "'").lower().split())
    decomposed = unicodedata.normalize("NFKD", _old_typographic(value)).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    bare = _NON_ASCII.sub(lambda run: run.group().translate(_MARKS), decomposed)
    return " ".join(_old_typographic(bare).split())


def _corpora() -> dict[str, list[str]]:
    data = shared_data_dir() / DATA_FOLDER
    texts = [c.text for c in read_verified_claims(data)] + [
        c.title for c in read_verified_claims(data)
    ]
    for split in ("train", "dev"):
        texts.extend(read_queries(data, split).values())
    return {
        f"CheckThat! 2020 texts ({len(texts):,})": texts,
        "their non-ASCII texts": [t for t in texts if not t.isascii()],
        "Telugu, Hindi, Tamil, French (x500)": SENTENCES * 500,
    }


def _time(function: Callable[[str], str], texts: Sequence[str]) -> float:
    start = time.perf_counter()
    for value in texts:
        function(value)
    return time.perf_counter() - start


def run(runs: int) -> list[Comparison]:
    """The new fold against the old, per corpus; target: at most 1.5 times as long."""
    comparisons = []
    for name, texts in _corpora().items():
        for function in (fold, old_fold):  # fill the translation caches first
            _time(function, texts)
        subject: list[float] = []
        baseline: list[float] = []
        for _ in range(runs):
            subject.append(_time(fold, texts))
            baseline.append(_time(old_fold, texts))
        comparisons.append(
            Comparison(f"fold, {name}", subject, baseline, "fold before issue 13", target=1.5)
        )
    return comparisons
