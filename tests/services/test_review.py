"""The review workflow on both backends: transitions, approvals, corrections, concurrency."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from claimtracker.db.engine import WRITE_OPTION
from claimtracker.enums import DismissalReason, ReviewStatus, VerdictState
from claimtracker.errors import Conflict, InvalidInput, InvalidTransition
from claimtracker.models import Claim, Verdict
from claimtracker.services import events, history, review, settings, sources, verdicts
from claimtracker.services.claims import ClaimInput, add_claim

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    # No `begin()` block: these tests commit and roll back to check what a failure left.
    with Session(engine) as s:
        yield s


def _claim(session: Session, text: str = "DeepSeek trained R1 for $5.6 million") -> int:
    return add_claim(session, ClaimInput(text=text), actor="ann").claim.id


def _source(session: Session, url: str = "https://arxiv.org/abs/2412.19437") -> object:
    return sources.resolve(session, url, sources.SourceInput(), actor="ann")


def _verify(session: Session, claim_id: int, actor: str = "bob", rating: str = "false") -> int:
    result = review.verify(
        session,
        claim_id,
        rating=rating,
        rationale="Checked.",
        evidence=[_source(session)],
        actor=actor,
    )  # type: ignore[list-item]
    return result.verdict.id


def test_full_cycle_with_correction(session: Session) -> None:
    claim_id = _claim(session)
    review.assign(session, claim_id, "bob", actor="ann")
    first = _verify(session, claim_id)
    assert session.get_one(Claim, claim_id).status == ReviewStatus.PENDING_APPROVAL
    outcome = review.approve(session, claim_id, actor="carol")
    assert outcome.published
    assert session.get_one(Claim, claim_id).status == ReviewStatus.PUBLISHED
    review.reopen(session, claim_id, reason="the report gives GPU hours", actor="dave")
    # The published verdict stays current while the correction is prepared.
    assert verdicts.current(session, claim_id).id == first  # type: ignore[union-attr]
    second = _verify(session, claim_id, rating="missing-context")
    assert verdicts.current(session, claim_id).id == first  # type: ignore[union-attr]
    review.approve(session, claim_id, actor="carol")
    current = verdicts.current(session, claim_id)
    assert current is not None
    assert current.id == second
    assert current.supersedes_id == first
    old = session.get_one(Verdict, first)
    assert (old.state, old.label.label) == (VerdictState.PUBLISHED, "false")
    told = [row.description for row in history.history(session, session.get_one(Claim, claim_id))]
    assert told[1] == "assigned the claim to bob (new → in review)"
    assert "reopened the claim (published → in review): the report gives GPU hours" in told
    assert told[-1] == f"published verdict #{second} (pending approval → published)"
    assert events.verify_chain(session)[1] is None


@pytest.mark.parametrize(
    ("setup", "step", "message"),
    [
        ("dismissed", "verify", "cannot verify claim #{id}: it is dismissed"),
        ("new", "approve", "cannot approve claim #{id}: it is new, not pending approval"),
        ("pending", "approve_own", "bob wrote verdict"),
        ("published", "dismiss", "cannot dismiss claim #{id}: it is published"),
        ("new", "send_back", "cannot send back claim #{id}: it is new"),
        ("new", "reopen", "cannot reopen claim #{id}: it is new"),
    ],
)
def test_invalid_transitions_change_nothing(
    session: Session, setup: str, step: str, message: str
) -> None:
    claim_id = _claim(session)
    if setup == "dismissed":
        review.dismiss(session, claim_id, reason=DismissalReason.OPINION, actor="ann")
    if setup in ("pending", "published"):
        review.assign(session, claim_id, "bob", actor="ann")
        _verify(session, claim_id)
    if setup == "published":
        review.approve(session, claim_id, actor="carol")
    session.commit()
    status_before = session.get_one(Claim, claim_id).status
    events_before = events.verify_chain(session)[0]
    steps = {
        "verify": lambda: _verify(session, claim_id),
        "approve": lambda: review.approve(session, claim_id, actor="carol"),
        "approve_own": lambda: review.approve(session, claim_id, actor="bob"),
        "dismiss": lambda: review.dismiss(
            session, claim_id, reason=DismissalReason.OPINION, actor="ann"
        ),
        "send_back": lambda: review.send_back(session, claim_id, reason="x", actor="ann"),
        "reopen": lambda: review.reopen(session, claim_id, reason="x", actor="ann"),
    }
    with pytest.raises(Conflict, match=message.format(id=claim_id)):
        steps[step]()
    session.rollback()
    assert session.get_one(Claim, claim_id).status == status_before
    assert events.verify_chain(session)[0] == events_before


def test_verify_needs_evidence_rationale_and_a_known_rating(session: Session) -> None:
    claim_id = _claim(session)
    with pytest.raises(InvalidInput, match="at least one evidence source"):
        review.verify(session, claim_id, rating="false", rationale="x", evidence=[], actor="b")
    with pytest.raises(InvalidInput, match="rationale is empty"):
        review.verify(
            session,
            claim_id,
            rating="false",
            rationale="  ",
            evidence=[_source(session)],
            actor="b",
        )  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="unknown rating 'pants-on-fire'"):
        review.verify(
            session,
            claim_id,
            rating="pants-on-fire",
            rationale="x",
            evidence=[_source(session)],
            actor="b",
        )  # type: ignore[list-item]


def test_approvals_setting(session: Session) -> None:
    settings.set_value(session, "review.approvals", "0", actor="admin")
    solo = _claim(session)
    _verify(session, solo, actor="solo")
    assert session.get_one(Claim, solo).status == ReviewStatus.PUBLISHED
    settings.set_value(session, "review.approvals", "2", actor="admin")
    team = _claim(session, "A different claim about chips sanctions")
    _verify(session, team)
    assert not review.approve(session, team, actor="carol").published
    with pytest.raises(Conflict, match="carol already approved"):
        review.approve(session, team, actor="carol")
    assert review.approve(session, team, actor="dave").published
    with pytest.raises(InvalidInput, match="between 0 and 5"):
        settings.set_value(session, "review.approvals", "9", actor="admin")


def test_send_back_sets_the_verdict_aside(session: Session) -> None:
    claim_id = _claim(session)
    verdict_id = _verify(session, claim_id)
    review.send_back(session, claim_id, reason="cite the paper", actor="carol")
    assert session.get_one(Verdict, verdict_id).state == VerdictState.SENT_BACK
    assert session.get_one(Claim, claim_id).status == ReviewStatus.IN_REVIEW


def test_dismiss_as_duplicate_links_it(session: Session) -> None:
    original = _claim(session)
    copy = _claim(session, "Another claim entirely about App Store ranking")
    with pytest.raises(InvalidInput, match="needs the claim it duplicates") as refused:
        review.dismiss(session, copy, reason=DismissalReason.DUPLICATE, actor="ann")
    assert refused.value.inputs == ("duplicate_of",)
    review.dismiss(
        session,
        copy,
        reason=DismissalReason.DUPLICATE,
        actor="ann",
        duplicate_of=session.get_one(Claim, original),
    )
    claim = session.get_one(Claim, copy)
    assert (claim.status, claim.duplicate_of_id) == (ReviewStatus.DISMISSED, original)
    review.reopen(session, copy, reason="not the same", actor="ann")
    assert session.get_one(Claim, copy).status == ReviewStatus.NEW


def test_state_at_a_past_moment(session: Session) -> None:
    claim_id = _claim(session)
    _verify(session, claim_id)
    review.approve(session, claim_id, actor="carol")
    claim = session.get_one(Claim, claim_id)
    published_at = verdicts.current(session, claim_id).published_at  # type: ignore[union-attr]
    assert published_at is not None
    from datetime import timedelta

    before = history.state_at(session, claim, published_at - timedelta(microseconds=1))
    assert before.status == ReviewStatus.PENDING_APPROVAL
    assert before.verdict_id is None
    after = history.state_at(session, claim, published_at + timedelta(seconds=1))
    assert (after.status, after.verdict_rating) == (ReviewStatus.PUBLISHED, "false")


def test_state_as_of_a_day_is_its_end(session: Session) -> None:
    from datetime import timedelta

    from claimtracker.dates import parse_date

    claim_id = _claim(session)
    review.assign(session, claim_id, "bob", actor="ann")
    claim = session.get_one(Claim, claim_id)
    day = claim.created_at.date().isoformat()
    # The whole day the claim was captured and assigned on, up to its last microsecond.
    state = history.state_as_of(session, claim, parse_date(day))
    assert state.moment == parse_date(day).end() - timedelta(microseconds=1)
    assert state.status == ReviewStatus.IN_REVIEW
    # A moment means itself: just after the claim was captured, it was not assigned yet.
    instant = parse_date(claim.created_at.isoformat())
    assert history.state_as_of(session, claim, instant).moment == instant.value
    with pytest.raises(InvalidInput, match="did not exist yet"):
        history.state_as_of(session, claim, parse_date("2000-01-01"))


def test_tampering_is_detected(engine: Engine, session: Session) -> None:
    claim_id = _claim(session)
    _verify(session, claim_id)
    session.commit()
    _count, broken = events.verify_chain(session)
    assert broken is None
    target, actor = session.execute(
        text("SELECT id, actor FROM event ORDER BY id LIMIT 1 OFFSET 2")
    ).one()
    with engine.begin() as conn:
        conn.execute(text("UPDATE event SET actor = 'mallory' WHERE id = :id"), {"id": target})
    session.rollback()
    broken = events.verify_chain(session)[1]
    assert broken is not None
    assert broken.event_id == target
    assert "edited" in broken.reason
    with engine.begin() as conn:
        conn.execute(text("UPDATE event SET actor = :a WHERE id = :id"), {"a": actor, "id": target})
        conn.execute(text("DELETE FROM event WHERE id = :id"), {"id": target + 1})
    session.rollback()
    broken = events.verify_chain(session)[1]
    assert broken is not None
    assert broken.event_id == target + 2
    assert "removed" in broken.reason


def test_concurrent_approvals_serialise_and_exactly_one_wins(engine: Engine) -> None:
    writer = engine.execution_options(**{WRITE_OPTION: True})
    with Session(writer) as s, s.begin():
        claim_id = _claim(s)
        _verify(s, claim_id)
    outcome: dict[str, object] = {}

    def second_reviewer() -> None:
        try:
            with Session(writer) as s2, s2.begin():
                review.approve(s2, claim_id, actor="dave")
            outcome["dave"] = "won"
        except InvalidTransition as exc:
            outcome["dave"] = exc

    with Session(writer) as first, first.begin():
        review.approve(first, claim_id, actor="carol")
        thread = threading.Thread(target=second_reviewer)
        thread.start()
        time.sleep(0.5)
        # dave waits on carol's lock: he cannot decide before she commits.
        assert thread.is_alive()
    thread.join(timeout=20)
    assert isinstance(outcome["dave"], InvalidTransition)
    assert "it is published, not pending approval" in str(outcome["dave"])
    with Session(engine) as check:
        verdict = check.scalars(select(Verdict).where(Verdict.claim_id == claim_id)).one()
        assert [a.approver for a in verdict.approvals] == ["carol"]
        assert events.verify_chain(check)[1] is None


def test_a_correction_sent_back_can_be_proposed_again(session: Session) -> None:
    claim_id = _claim(session)
    first = _verify(session, claim_id)
    review.approve(session, claim_id, actor="carol")
    review.reopen(session, claim_id, reason="new data", actor="dave")
    _verify(session, claim_id, rating="mostly-false")
    review.send_back(session, claim_id, reason="weak evidence", actor="carol")
    retry = _verify(session, claim_id, rating="missing-context")
    review.approve(session, claim_id, actor="carol")
    current = verdicts.current(session, claim_id)
    assert current is not None
    assert (current.id, current.supersedes_id) == (retry, first)
