"""The labelled pairs of the duplicate-stop benchmark: ``python -m benchmarks.duplicate_pairs``.

Writes ``benchmarks/data/duplicate_pairs.tsv`` from the shared data (benchmarks/data/README.md
says how each category is made). Deterministic: the same data gives the same file.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import shared_data
from benchmarks.checkthat import DATA_FOLDER, read_qrels, read_queries, read_verified_claims
from claimtracker.errors import InvalidInput
from claimtracker.services import polarity
from claimtracker.text import clean_text

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from benchmarks.checkthat import VerifiedClaim

OUT = Path(__file__).resolve().parent / "data" / "duplicate_pairs.tsv"
COLUMNS = ("pair", "split", "category", "stop", "new_text", "existing", "existing_text", "origin")
# The categories, whether the check should stop on the existing claim, and how many pairs of
# each are drawn from the verified claims (duplicates take every qrels pair).
SHOULD_STOP = {
    "duplicates": True,
    "paraphrases": True,
    "negations": False,
    "rebuttals": False,
    "same topic": False,
}
PER_CATEGORY = 300
SPLITS = ("train", "dev", "test")
_AUXILIARY = re.compile(
    r"\b(is|are|was|were|has|have|had|will|can|could|should|would|does|did|do)\b", re.I
)
_REBUTTAL_TEMPLATES = (
    "There is no evidence that {lower}",
    "It is not true that {lower}",
    "Debunked: {text}",
)


@dataclass(frozen=True)
class Pair:
    """One labelled pair: a new text and an existing claim (a verified claim id or a text key)."""

    pair: str
    split: str
    category: str
    stop: str
    new_text: str
    existing: str
    existing_text: str
    origin: str


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode()).hexdigest()


def _split_of(vclaim_id: str, qrels_split: dict[str, str]) -> str:
    """The CheckThat! split of the claim's tweets, else 60/20/20 by a hash of its id."""
    if vclaim_id in qrels_split:
        return qrels_split[vclaim_id]
    bucket = int(_digest(vclaim_id)[:8], 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def negation_of(text: str) -> str:
    """A rewrite of ``text`` that negates it: "not" after its first auxiliary, else a prefix."""
    found = _AUXILIARY.search(text)
    if found:
        return text[: found.end()] + " not" + text[found.end() :]
    return "It is not true that " + text[:1].lower() + text[1:]


def _checkthat_pairs(data: Path) -> Iterator[Pair]:
    claims = {c.vclaim_id: c for c in read_verified_claims(data)}
    qrels_split: dict[str, str] = {}
    for split in SPLITS:
        tweets = read_queries(data, split)
        for tweet_id, vclaim_ids in read_qrels(data, split).items():
            for vclaim_id in dict.fromkeys(vclaim_ids):
                qrels_split.setdefault(vclaim_id, split)
                yield _pair(split, "duplicates", tweets[tweet_id], claims[vclaim_id], "qrels")
    # Claims without a usable statement (too short to be one) are left out of the rewrites.
    usable = sorted(
        (c for c in claims.values() if len(c.text.split()) >= 5 and polarity_affirms(c.text)),
        key=lambda c: _digest(c.vclaim_id),
    )
    chunks = [usable[i * PER_CATEGORY : (i + 1) * PER_CATEGORY] for i in range(4)]
    for claim in chunks[0]:
        title = claim.title.strip()
        if title and title.lower() != claim.text.lower():
            yield _pair(
                _split_of(claim.vclaim_id, qrels_split),
                "paraphrases",
                title,
                claim,
                "fact-check article title",
            )
    for claim in chunks[1]:
        yield _pair(
            _split_of(claim.vclaim_id, qrels_split),
            "negations",
            negation_of(claim.text),
            claim,
            "rewrite: negation inserted (written here)",
        )
    for i, claim in enumerate(chunks[2]):
        template = _REBUTTAL_TEMPLATES[i % len(_REBUTTAL_TEMPLATES)]
        text = template.format(text=claim.text, lower=claim.text[:1].lower() + claim.text[1:])
        yield _pair(
            _split_of(claim.vclaim_id, qrels_split),
            "rebuttals",
            text,
            claim,
            "rewrite: rebuttal template (written here)",
        )
    yield from _same_topic(chunks[3], list(claims.values()), qrels_split)


def polarity_affirms(text: str) -> bool:
    """Whether the lexicon reads ``text`` as affirming (negations are made of those only)."""
    return polarity.polarity(text) is polarity.Polarity.AFFIRMS


def _same_topic(
    seeds: Sequence[VerifiedClaim], claims: Sequence[VerifiedClaim], qrels_split: dict[str, str]
) -> Iterator[Pair]:
    """Another verified claim sharing the most (at least 3) words of length >= 4 with each seed.

    Two Snopes articles are two claims, so the pair is about the same topic, not the same
    assertion; a claim contained in the other is skipped (it may be a rewording).
    """
    index: dict[str, set[str]] = {}
    words = {c.vclaim_id: _topic_words(c.text) for c in claims}
    for claim in claims:
        for word in words[claim.vclaim_id]:
            index.setdefault(word, set()).add(claim.vclaim_id)
    by_id = {c.vclaim_id: c for c in claims}
    for seed in seeds:
        counts: dict[str, int] = {}
        for word in words[seed.vclaim_id]:
            for other in index[word]:
                if other != seed.vclaim_id and len(index[word]) < 200:
                    counts[other] = counts.get(other, 0) + 1
        best = sorted(counts.items(), key=lambda item: (-item[1], _digest(item[0])))
        for other_id, shared in best[:1]:
            other = by_id[other_id]
            if shared >= 3 and seed.text.lower() not in other.text.lower():
                yield Pair(
                    f"same topic {seed.vclaim_id}",
                    _split_of(other_id, qrels_split),
                    "same topic",
                    "no",
                    seed.text,
                    other_id,
                    other.text,
                    f"verified claim {seed.vclaim_id} (another article)",
                )


def _topic_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 4}


def _pair(split: str, category: str, new_text: str, claim: VerifiedClaim, origin: str) -> Pair:
    key = f"{category} {claim.vclaim_id} {_digest(new_text)[:8]}"
    stop = "yes" if SHOULD_STOP[category] else "no"
    return Pair(key, split, category, stop, new_text, claim.vclaim_id, claim.text, origin)


def _claimskg_rebuttals(folder: Path) -> Iterator[Pair]:
    """A fact-check's headline against the claim it rates false: real rebuttals.

    Only rows whose headline differs from the claim (some sites repeat the claim as title).
    """
    for path in sorted(folder.glob("output_sample_*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                claim = " ".join(row["claimReview_claimReviewed"].split()).strip('"“” ')
                title = " ".join(row["extra_title"].split()).strip('"“” ')
                rating = row["rating_alternateName"].strip().lower()
                if not claim or not title or claim.lower() == title.lower():
                    continue
                if rating not in {"false", "incorrect", "pants on fire", "fake", "misleading"}:
                    continue
                if not (_recordable(claim) and _recordable(title)):
                    continue
                key = f"claimskg {path.stem[14:]} {_digest(row['claimReview_url'])[:10]}"
                yield Pair(
                    f"rebuttals {key}",
                    _split_of(key, {}),
                    "rebuttals",
                    "no",
                    title,
                    key,
                    claim,
                    f"ClaimsKG sample {path.name}: review headline vs claimReviewed",
                )


def _recordable(text: str) -> bool:
    # A few scraped texts hold control characters, which `claim add` refuses.
    try:
        clean_text(text)
    except InvalidInput:
        return False
    return True


def build(data_root: Path) -> list[Pair]:
    """Every pair, in a stable order."""
    pairs = list(_checkthat_pairs(data_root / DATA_FOLDER))
    pairs += _claimskg_rebuttals(data_root / "claimskg_samples")
    pairs += _hand_written()
    return pairs


def _hand_written() -> list[Pair]:
    """Pairs in French, Spanish, Portuguese and German (benchmarks/data/hand_pairs.tsv)."""
    path = OUT.parent / "hand_pairs.tsv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Pair(
            f"{row['category']} hand {n}",
            row["split"],
            row["category"],
            "yes" if SHOULD_STOP[row["category"]] else "no",
            row["new_text"],
            f"hand {_digest(row['existing_text'])[:10]}",
            row["existing_text"],
            row["origin"],
        )
        for n, row in enumerate(rows, start=1)
    ]


def main() -> int:
    """Write the pairs file and say how many pairs of each category and split it holds."""
    pairs = build(shared_data.shared_data_dir())
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(astuple(p) for p in pairs)
    counts: dict[tuple[str, str], int] = {}
    for p in pairs:
        counts[p.category, p.split] = counts.get((p.category, p.split), 0) + 1
    for (category, split), n in sorted(counts.items()):
        print(f"{category:12} {split:6} {n:5}")
    print(f"{len(pairs)} pairs -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
