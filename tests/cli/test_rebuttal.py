"""A rebuttal is not a duplicate (issue 13, item 11): `claim add` on both backends."""

from __future__ import annotations

import json

from tests.conftest import Claim, assert_one_line_error

PSYOP_FR = (
    "DeepSeek serait une « opération psychologique de l’État chinois » visant à saper la "
    "compétitivité américaine en IA."
)
NO_EVIDENCE_FR = "Aucune preuve n'étaye l'idée que DeepSeek soit une opération de l'État chinois"
PSYOP_EN = "DeepSeek is a Chinese state psyop"
NOT_PSYOP_EN = "DeepSeek is not a Chinese state psyop"


def _add(claim: Claim, *args: str) -> tuple[int, str]:
    result = claim("add", *args)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.strip()), result.stderr


def _counts(claim: Claim) -> dict[str, int]:
    info = json.loads(claim("db", "info", "--format", "json").stdout)
    return {k: info[k] for k in ("claims", "events")}


def test_a_negation_adds_and_names_the_claim_it_negates(claim: Claim) -> None:
    psyop, _ = _add(claim, PSYOP_EN)
    negation, notes = _add(claim, NOT_PSYOP_EN)
    assert negation != psyop
    assert f"related: #{psyop}, new: '{PSYOP_EN}' (negates it)" in notes


def test_an_affirmation_adds_and_names_the_claim_that_negates_it(claim: Claim) -> None:
    negation, _ = _add(claim, NOT_PSYOP_EN)
    _, notes = _add(claim, PSYOP_EN)
    assert f"related: #{negation}" in notes
    assert "(it negates this claim)" in notes


def test_the_french_rebuttal_adds_and_names_the_claim_it_doubts(claim: Claim) -> None:
    psyop, _ = _add(claim, PSYOP_FR, "--lang", "fr")
    _rebuttal, notes = _add(claim, NO_EVIDENCE_FR, "--lang", "fr")
    assert f"related: #{psyop}" in notes
    assert "(doubts it)" in notes
    assert "note: similar" not in notes


def test_a_true_duplicate_still_stops(claim: Claim) -> None:
    psyop, _ = _add(claim, PSYOP_EN)
    before = _counts(claim)
    assert_one_line_error(
        claim("add", "DeepSeek is a Chinese state psyop!!"), f"looks like #{psyop}"
    )
    negation, _ = _add(claim, NOT_PSYOP_EN)
    assert_one_line_error(
        claim("add", "DeepSeek isn't a Chinese state psyop"), f"looks like #{negation}"
    )
    assert _counts(claim)["claims"] == before["claims"] + 1


def test_the_seed_rebuttal_is_itself_a_duplicate_of_the_new_french_text(claim: Claim) -> None:
    # After `claim seed load`, the Community Note (#11) makes the same assertion as the
    # issue's French text, so the check stops on it, and on it alone: Khosla's claim, which
    # it answers, is not what it repeats.
    assert claim("seed", "load").exit_code == 0
    ids = {c["text"]: c["id"] for c in json.loads(claim("list", "--format", "json").stdout)}
    note = next(i for t, i in ids.items() if t.startswith("Aucune preuve"))
    result = claim("add", NO_EVIDENCE_FR)
    assert_one_line_error(result, f"looks like #{note}")


def test_rebuts_records_the_link_and_never_stops_on_its_target(claim: Claim) -> None:
    psyop, _ = _add(claim, PSYOP_EN)
    # Without --rebuts this text stops on #psyop (same words, no negation cue).
    assert_one_line_error(claim("add", "DeepSeek: a Chinese state psyop?"), f"#{psyop}")
    answer, notes = _add(
        claim, "DeepSeek: a Chinese state psyop?", "--rebuts", str(psyop), "--lang", "en"
    )
    assert f"linked: rebuts #{psyop}" in notes
    assert f"rebutted by #{answer}" in claim("show", str(psyop)).stdout
    assert f"rebuts #{psyop}" in claim("show", str(answer)).stdout


def test_an_unknown_link_target_is_refused_and_nothing_is_written(claim: Claim) -> None:
    psyop, _ = _add(claim, PSYOP_EN)
    before = _counts(claim)
    result = claim("add", NOT_PSYOP_EN, "--rebuts", str(psyop), "--supports", "999")
    assert_one_line_error(result, "no claim #999", "--supports")
    assert _counts(claim) == before
    assert claim("add", "x", "--rebuts", "nope").exit_code == 1
    assert _counts(claim) == before
