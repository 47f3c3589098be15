"""The duplicate stop of `claim add` on labelled pairs: ``python -m benchmarks.duplicates``.

``python -m benchmarks.duplicates [--split train|dev|test|all] [--backend sqlite|postgresql]
[--pg-url URL]``

Every existing claim of benchmarks/data/duplicate_pairs.tsv (the 10,375 CheckThat! verified
claims, the ClaimsKG claims and the hand-written ones) is loaded into a fresh database, as
benchmarks/checkthat.py loads them but with the claim's own text as its review page's title:
the Snopes titles are the new texts of the "paraphrases" pairs and must not be in the index.
The verified claims that are new texts of "same topic" pairs are left out (each would find
itself first). Then each new text goes through ``matching.check_duplicates`` as `claim add`
would pass it, and the pair counts as stopped when the check names its existing claim as a
duplicate. Printed per split and category: pairs, stops, the stop rate (recall for the
categories that should stop, false stops for the others) and how often the existing claim is
listed as related; then the stop's precision and recall over the split, with the polarity
rule and without it (the score alone, as before). docs/matching.md has the figures.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from benchmarks.checkthat import DEFAULT_PG_URL, VerifiedClaim, fresh_database, load
from benchmarks.duplicate_pairs import OUT, SHOULD_STOP
from claimtracker.services import matching
from claimtracker.text import clean_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sqlalchemy.engine import Engine


@dataclass
class Tally:
    """Counts for one (split, category)."""

    pairs: int = 0
    stops: int = 0
    baseline_stops: int = 0
    related: int = 0


@dataclass
class Totals:
    """The stop's confusion counts over one split, with and without polarity."""

    counts: dict[str, list[int]] = field(default_factory=dict)  # rule -> [tp, fp, fn]

    def add(self, rule: str, should: bool, stopped: bool) -> None:
        """Count one pair."""
        tp_fp_fn = self.counts.setdefault(rule, [0, 0, 0])
        if stopped and should:
            tp_fp_fn[0] += 1
        elif stopped:
            tp_fp_fn[1] += 1
        elif should:
            tp_fp_fn[2] += 1

    def line(self, rule: str) -> str:
        """Precision and recall of ``rule`` in words."""
        tp, fp, fn = self.counts.get(rule, [0, 0, 0])
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return f"{rule:28} precision {precision:.3f}  recall {recall:.3f}  (stops {tp + fp})"


def read_pairs(path: Path = OUT) -> list[dict[str, str]]:
    """The labelled pairs, as rows of the TSV file."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def existing_claims(pairs: Sequence[dict[str, str]]) -> list[VerifiedClaim]:
    """What the database holds: every existing claim of the file, each once, in file order.

    Read from the file itself, and the full CheckThat! collection added, so that candidates
    compete as they would in a real database.
    """
    from benchmarks import shared_data
    from benchmarks.checkthat import DATA_FOLDER, read_verified_claims

    left_out = {p["new_text"] for p in pairs if p["category"] == "same topic"}
    found: dict[str, str] = {}
    for claim in read_verified_claims(shared_data.shared_data_dir() / DATA_FOLDER):
        found[claim.vclaim_id] = claim.text
    for pair in pairs:
        found.setdefault(pair["existing"], pair["existing_text"])
    return [VerifiedClaim(key, text, text) for key, text in found.items() if text not in left_out]


def run(engine: Engine, pairs: Sequence[dict[str, str]], claim_of: dict[str, int]) -> None:
    """Check every pair and print the tallies (see the module's docstring)."""
    tallies: dict[tuple[str, str], Tally] = {}
    totals: dict[str, Totals] = {}
    with Session(engine) as session:
        for pair in pairs:
            text = clean_text(pair["new_text"])
            target = claim_of[pair["existing"]]
            matches = matching.find_matches(session, text)
            check = matching.classify(text, matches)
            stopped = any(m.claim_id == target for m in check.duplicates)
            baseline = any(
                m.claim_id == target and (m.exact or m.score >= matching.DUPLICATE_THRESHOLD)
                for m in matches
            )
            tally = tallies.setdefault((pair["split"], pair["category"]), Tally())
            tally.pairs += 1
            tally.stops += stopped
            tally.baseline_stops += baseline
            tally.related += any(r.match.claim_id == target for r in check.related)
            should = SHOULD_STOP[pair["category"]]
            split_totals = totals.setdefault(pair["split"], Totals())
            split_totals.add("with polarity (claim add)", should, stopped)
            split_totals.add("score alone (before)", should, baseline)
    for split in ("train", "dev", "test"):
        if split not in totals:
            continue
        print(f"\n## {split}")
        print(
            f"{'category':12} {'stop?':5} {'pairs':>5} {'stops':>5} {'rate':>6} "
            f"{'before':>6} {'related':>7}"
        )
        for category, should in SHOULD_STOP.items():
            t = tallies.get((split, category))
            if t is None:
                continue
            print(
                f"{category:12} {'yes' if should else 'no':5} {t.pairs:5} {t.stops:5} "
                f"{t.stops / t.pairs:6.3f} {t.baseline_stops / t.pairs:6.3f} "
                f"{t.related / t.pairs:7.3f}"
            )
        for rule in ("with polarity (claim add)", "score alone (before)"):
            print(totals[split].line(rule))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, load the database, check the pairs."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.duplicates", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--split", choices=["train", "dev", "test", "all"], default="dev")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args(argv)
    pairs = read_pairs()
    claims = existing_claims(pairs)
    chosen = [p for p in pairs if args.split == "all" or p["split"] == args.split]
    chosen = [p for p in chosen if p["existing"] in {c.vclaim_id for c in claims}]
    print(f"# duplicate stop, split {args.split}, backend {args.backend}: {len(chosen)} pairs")
    with fresh_database(args.backend, args.pg_url) as engine:
        vclaim_of = load(engine, claims)
        run(engine, chosen, {key: claim_id for claim_id, key in vclaim_of.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
