"""The optional semantic matcher, on both backends.

Tests that need the model run only where the ``semantic`` extra is installed and are skipped,
with the reason shown, elsewhere. Tests of what happens *without* it run everywhere: the extra
is made to look missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from claimtracker import semantic as extra
from claimtracker.models import Claim, ClaimEmbedding, Setting
from claimtracker.services import matching, semantic, settings
from claimtracker.services.claims import ClaimInput, add_claim
from tests.conftest import assert_one_line_error

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from tests.conftest import Claim as ClaimCli

needs_model = pytest.mark.skipif(
    not extra.available(),
    reason="the semantic extra is not installed (pip install '.[semantic]'): "
    f"missing {', '.join(extra.missing_modules())}",
)

BLEACH = "Drinking bleach cures the coronavirus."
OTHERS = [
    "The moon landing was filmed in a Hollywood studio.",
    "Bill Gates wants to put microchips in vaccines.",
    "A shark was photographed swimming on a flooded highway after the hurricane.",
    "The Eiffel Tower will be dismantled and moved to Las Vegas.",
]
# Says what BLEACH says with none of its content words.
PARAPHRASE = "Consuming disinfectant is a remedy for COVID-19"


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s, s.begin():
        yield s


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the extra look uninstalled, whatever this environment has."""
    monkeypatch.setattr(extra, "_NEEDED", (*extra._NEEDED, "claimtracker_no_such_module"))


def _add(session: Session, text: str) -> int:
    return add_claim(session, ClaimInput(text=text), actor="alice", force=True).claim.id


def _vectors(session: Session) -> dict[int, str]:
    return dict(
        session.execute(
            select(ClaimEmbedding.claim_id, ClaimEmbedding.input_hash).where(
                ClaimEmbedding.model == extra.MODEL_NAME
            )
        ).all()
    )


# --- without a database ---------------------------------------------------------------------


def test_embedding_text_drops_links_and_the_post_signature_but_keeps_the_name() -> None:
    post = (
        "RT Hurricane Dorian washed up bricks of cocaine on #FloridaCoast "
        "pic.twitter.com/ApEtNvR7tb https://t.co/x — NowThis (@nowthisnews) September 10, 2019"
    )
    assert semantic.embedding_text(post) == (
        "Hurricane Dorian washed up bricks of cocaine on Florida Coast — NowThis"
    )
    assert semantic.embedding_text("Une phrase ordinaire.") == "Une phrase ordinaire."


def test_embedding_inputs_are_the_text_then_each_distinct_headline() -> None:
    headlines = ["Fact check: A claim?", "Fact check: A claim?"]
    assert semantic.embedding_inputs("A claim", headlines) == ["A claim", "Fact check: A claim?"]
    assert semantic.input_hash(["a", "b"]) != semantic.input_hash(["a b"])


def test_vector_index_returns_the_nearest_best_first_ties_to_the_older_claim() -> None:
    np = pytest.importorskip("numpy", reason="numpy comes with the semantic extra")
    from claimtracker.semantic.index import VectorIndex, from_bytes, to_bytes

    rows = [(3, [1.0, 0.0]), (1, [1.0, 0.0]), (2, [0.0, 1.0]), (4, [0.6, 0.8])]
    index = VectorIndex()
    index.update((i, to_bytes(np.array(v))) for i, v in rows)
    assert [c for c, _ in index.nearest(np.array([1.0, 0.0], dtype=np.float32), 3)] == [1, 3, 4]
    assert list(from_bytes(to_bytes(np.array([0.5, -2.0])))) == [0.5, -2.0]
    assert set(index.vectors_of([2, 9])) == {2}
    # A claim embedded again replaces its vector; a new one is added.
    index.update([(2, to_bytes(np.array([1.0, 0.0]))), (5, to_bytes(np.array([0.0, -1.0])))])
    assert len(index) == 5
    assert [c for c, _ in index.nearest(np.array([1.0, 0.0], dtype=np.float32), 3)] == [1, 2, 3]


def test_embed_batches_runs_each_batch_in_a_unit_of_work_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[str] = []

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        steps.append("begin")
        yield cast("Session", object())
        steps.append("commit")

    def fake_embed(session: Session, claim_ids: Sequence[int]) -> int:
        steps.append(f"embed {list(claim_ids)}")
        return len(claim_ids) - 1  # one of each batch was deleted meanwhile

    monkeypatch.setattr(semantic, "embed", fake_embed)
    done = []
    for batch in semantic.embed_batches(unit_of_work, [1, 2, 3, 4, 5], batch=2):
        steps.append("progress")
        done.append(batch)
    assert done == [semantic.Batch(2, 1), semantic.Batch(2, 1), semantic.Batch(1, 0)]
    # Progress is told once a batch's unit of work is over: what it reports is kept.
    assert steps == [
        *("begin", "embed [1, 2]", "commit", "progress"),
        *("begin", "embed [3, 4]", "commit", "progress"),
        *("begin", "embed [5]", "commit", "progress"),
    ]
    assert list(semantic.embed_batches(unit_of_work, [], batch=2)) == []


@needs_model
def test_the_encoder_gives_the_vectors_of_sentence_transformers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The numpy forward pass against the reference implementation of the same model."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("sentence_transformers", reason="sentence-transformers not installed")
    import importlib

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [BLEACH, PARAPHRASE, "x", "Une phrase en français, avec des accents : « déjà »."]
    with warnings.catch_warnings():
        # Third-party deprecation notices are not this project's to fix.
        warnings.simplefilter("ignore")
        model = importlib.import_module(extra.MODEL_PACKAGE).load_model(device="cpu")
        expected = model.encode(texts, normalize_embeddings=True)
    got = extra.encoder().encode(texts)
    assert got.shape == (4, 384)
    assert np.abs(got - expected).max() < 1e-4


@needs_model
def test_a_paraphrase_is_nearer_than_unrelated_claims() -> None:
    vectors = extra.encoder().encode([PARAPHRASE, BLEACH, *OTHERS])
    cosines = vectors[1:] @ vectors[0]
    assert cosines.argmax() == 0
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-5


# --- the setting and the extra -----------------------------------------------------------


def test_turning_it_on_without_the_extra_is_a_clear_error(
    claim: ClaimCli, without_extra: None
) -> None:
    result = claim("config", "set", "matching.semantic", "on")
    assert_one_line_error(result, "semantic", "pip install 'claimtracker[semantic]'")
    assert claim("config", "get", "matching.semantic").output.strip() == "False"
    assert_one_line_error(claim("db", "embed"), "claim db embed", "claimtracker[semantic]")


def test_the_setting_reads_on_and_off(session: Session) -> None:
    assert semantic.enabled(session) is False
    with pytest.raises(Exception, match="expected on or off"):
        settings.set_value(session, "matching.semantic", "maybe", actor="alice")
    settings.set_value(session, "matching.semantic", "off", actor="alice")
    assert semantic.enabled(session) is False


def test_on_in_the_database_but_missing_here_stops_claim_add_and_changes_nothing(
    claim: ClaimCli, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another install, with the extra, turned it on; this one has not got it.
    with Session(engine) as s, s.begin():
        s.add(Setting(key="matching.semantic", value="True", updated_by="bob"))
    monkeypatch.setattr(extra, "_NEEDED", (*extra._NEEDED, "claimtracker_no_such_module"))
    result = claim("add", BLEACH)
    assert_one_line_error(result, "matching.semantic is on", "config set matching.semantic off")
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == 0


def test_lexical_matching_never_imports_numpy(db_url: str, tmp_path: Path) -> None:
    probe = (
        "import json, sys\n"
        "from claimtracker.cli import cli\n"
        "for args in (['add', 'First claim about vaccines'], ['add', 'Second claim']):\n"
        "    try:\n"
        "        cli.main(args=['--db', sys.argv[1], *args], prog_name='claim',"
        " standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(m for m in ('numpy', 'torch', 'tokenizers')"
        " if m in sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, db_url],
        capture_output=True,
        text=True,
        env={**os.environ, "CLAIM_USER": "alice"},
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []


# --- with the model -------------------------------------------------------------------------


@needs_model
def test_claim_add_stores_a_vector_and_db_embed_fills_in_the_rest(
    claim: ClaimCli, engine: Engine
) -> None:
    before = [claim("add", text).output.strip() for text in OTHERS[:2]]
    assert claim("config", "set", "matching.semantic", "on").exit_code == 0
    added = int(claim("add", BLEACH).output.strip())
    with Session(engine) as s:
        assert set(_vectors(s)) == {added}

    result = claim("db", "embed")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2"
    assert claim("db", "embed").stdout.strip() == "0"
    assert claim("db", "embed", "--all").stdout.strip() == "3"
    with Session(engine) as s:
        assert set(_vectors(s)) == {added, *map(int, before)}
        assert semantic.coverage(s) == (3, 3)


@needs_model
def test_a_changed_text_makes_the_vector_stale(session: Session) -> None:
    settings.set_value(session, "matching.semantic", "on", actor="alice")
    claim_id = _add(session, BLEACH)
    assert semantic.pending(session) == []
    session.execute(update(Claim).where(Claim.id == claim_id).values(text=PARAPHRASE))
    assert semantic.pending(session) == [claim_id]
    assert semantic.embed(session, [claim_id]) == 1
    assert semantic.pending(session) == []


@needs_model
def test_embed_off_says_how_to_turn_it_on(claim: ClaimCli) -> None:
    claim("add", BLEACH)
    result = claim("db", "embed")
    assert result.exit_code == 0
    assert result.stdout.strip() == "1"
    assert "config set matching.semantic on" in result.stderr


@needs_model
def test_a_paraphrase_sharing_no_word_is_found_only_by_meaning(session: Session) -> None:
    ids = {text: _add(session, text) for text in [*OTHERS, BLEACH]}
    assert ids[BLEACH] not in [m.claim_id for m in matching.find_matches(session, PARAPHRASE)]

    settings.set_value(session, "matching.semantic", "on", actor="alice")
    assert semantic.embed(session, semantic.pending(session)) == len(ids)
    matches = matching.find_matches(session, PARAPHRASE)
    assert matches[0].claim_id == ids[BLEACH]
    # The duplicate warning still needs shared words: a reworded claim is listed first but
    # does not block `claim add` (docs/matching.md says why).
    assert matching.find_duplicates(session, PARAPHRASE) == []


@needs_model
def test_with_the_matcher_on_a_near_duplicate_is_still_refused(claim: ClaimCli) -> None:
    assert claim("config", "set", "matching.semantic", "on").exit_code == 0
    first = claim("add", "Nvidia lost hundreds of billions of dollars in market value.")
    result = claim("add", "Nvidia's market value fell by hundreds of billions of dollars")
    assert_one_line_error(result, f"looks like #{first.output.strip()}")
    exact = claim("add", "nvidia lost hundreds of billions of dollars in market value")
    assert_one_line_error(exact, f"looks like #{first.output.strip()}")


@needs_model
def test_vectors_added_by_another_session_are_seen_by_the_next_query(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        settings.set_value(s, "matching.semantic", "on", actor="alice")
        others = [_add(s, text) for text in OTHERS]
        # Reads every vector into this process's index.
        assert {m.claim_id for m in matching.find_matches(s, PARAPHRASE)} <= set(others)
    with Session(engine) as s, s.begin():
        bleach = _add(s, BLEACH)
    with Session(engine) as s:
        assert matching.find_matches(s, PARAPHRASE)[0].claim_id == bleach


@needs_model
def test_above_the_scan_limit_the_full_text_hits_are_reranked_by_meaning(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.set_value(session, "matching.semantic", "on", actor="alice")
    ids = [_add(session, text) for text in [*OTHERS, BLEACH]]
    monkeypatch.setattr(semantic, "SCAN_LIMIT", 2)
    monkeypatch.setattr(semantic, "_INDEXES", {})
    monkeypatch.setattr(semantic, "_TOO_MANY", set())
    # Only full-text hits are candidates now: the paraphrase shares no word with BLEACH.
    assert matching.find_matches(session, PARAPHRASE) == []
    found = matching.find_matches(session, "A shark swimming in the coronavirus vaccines")
    assert {m.claim_id for m in found} <= set(ids)
    assert found[0].claim_id == ids[2]
