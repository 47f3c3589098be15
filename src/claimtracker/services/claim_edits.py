"""Correcting a claim: its text, claimant, role, language, kind or date, in one audited event.

`claim edit` changes the record of a claim in place and says, in one ``claim.edited`` event,
what each changed field was before and what it became::

    {"changes": {"text": {"before": "Deepseek a…", "after": "DeepSeek a…"},
                 "claimant": {"before": {"id": 3, "name": "…"}, "after": null}, …}}

The fields are those of :data:`FIELDS`; the claimant is given by id and name, the date of the
claim at its precision (``2025-01``), the kind and language as stored. That event is what the
history tells and what ``claim show --as-of`` replays backwards to give the text, claimant,
role and kind as they stood at an earlier moment (services/claim_edit_story.py).

A claim whose current verdict is published has been read as it stood: correcting it needs a
reason, and the ClaimReview export then gives the review a ``dateModified``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtracker.db.base import utcnow
from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.languages import normalise_language
from claimtracker.scripts import infer_language
from claimtracker.services import entities, events, search, semantic, verdicts
from claimtracker.services.claim_edit_story import FIELDS, snapshot
from claimtracker.services.claims import clean_role, get_claim
from claimtracker.services.refs import parse_id
from claimtracker.services.transitions import lock_claim
from claimtracker.text import clean_text, text_hash

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.dates import ParsedDate
    from claimtracker.enums import ClaimKind
    from claimtracker.models import Claim, Entity

MAX_REASON_LENGTH = 5000

# What a user gives: the options of `claim edit`, by the names errors list them under.
_ASKED = ("text", "claimant", "role", "language", "kind", "claimed")


@dataclass
class ClaimEdit:
    """What to correct in a claim; None leaves a field as it is."""

    text: str | None = None
    # A name, alias or id as typed ("" takes the claimant away, and the role with it).
    claimant: str | None = None
    # The claimant's role when they said it ("" forgets it).
    role: str | None = None
    language: str | None = None
    kind: ClaimKind | None = None
    claimed: ParsedDate | None = None
    reason: str | None = None

    def asks_nothing(self) -> bool:
        """No field is to change (a reason alone changes nothing)."""
        return all(getattr(self, name) is None for name in _ASKED)


@dataclass(frozen=True)
class EditResult:
    """The claim corrected, what changed (as the event records it) and the event's id."""

    claim_id: int
    changes: dict[str, dict[str, Any]]
    event_id: int


@dataclass
class _Plan:
    """The values an edit will write, worked out before anything is written."""

    values: dict[str, Any] = field(default_factory=dict)  # column name → new value
    claimant: Entity | None = None
    new_claimant: str | None = None  # the name of a claimant to create
    claimant_changes: bool = False


def edit_claim(session: Session, ref: str, edit: ClaimEdit, *, actor: str) -> EditResult:
    """Correct the claim named by ``ref`` as ``edit`` says, holding its row while it does.

    Refuses (and writes nothing) when nothing is asked, when what is asked is already so, and
    when the claim's current verdict is published and no reason is given.
    """
    if edit.asks_nothing():
        raise InvalidInput("say what to correct", inputs=list(_ASKED))
    claim = lock_claim(session, get_claim(session, ref).id)
    reason = None
    if edit.reason is not None:
        reason = clean_text(edit.reason, what="reason", max_length=MAX_REASON_LENGTH)
    plan = _plan(session, claim, edit)
    before = snapshot(claim)
    if not plan.values and not plan.claimant_changes:
        raise InvalidInput(f"nothing to change: claim #{claim.id} already says so")
    if reason is None and verdicts.current(session, claim.id) is not None:
        raise Conflict(
            f"claim #{claim.id} has a published verdict: a correction needs its reason",
            inputs=["reason"],
        )
    _apply(session, claim, plan, actor)
    after = snapshot(claim)
    changes = {
        name: {"before": before[name], "after": after[name]}
        for name in FIELDS
        if before[name] != after[name]
    }
    if "text" in changes:
        search.refresh(session, claim)
        semantic.refresh(session, claim)
    event = events.record(
        session,
        actor=actor,
        action=EventAction.CLAIM_EDITED,
        record_type=RecordType.CLAIM,
        record_id=claim.id,
        claim_id=claim.id,
        reason=reason,
        payload={"changes": changes},
    )
    return EditResult(claim_id=claim.id, changes=changes, event_id=event.id)


def _plan(session: Session, claim: Claim, edit: ClaimEdit) -> _Plan:
    """What the edit changes; checks every value first, so a bad one leaves all as it was."""
    plan = _Plan(claimant=claim.claimant)
    if edit.text is not None:
        body = clean_text(edit.text)
        if body != claim.text:
            plan.values.update(text=body, text_hash=text_hash(body))
    _plan_claimant(session, claim, edit, plan)
    _plan_language(claim, edit, plan)
    if edit.kind is not None and edit.kind != claim.kind:
        plan.values["kind"] = edit.kind
    if edit.claimed is not None and (claim.claimed_at, claim.claimed_precision) != (
        edit.claimed.value,
        edit.claimed.precision,
    ):
        plan.values.update(claimed_at=edit.claimed.value, claimed_precision=edit.claimed.precision)
    return plan


def _plan_claimant(session: Session, claim: Claim, edit: ClaimEdit, plan: _Plan) -> None:
    """Who made the claim and their role then. A new claimant does not inherit the role of the
    one it replaces: without ``--role`` their role is unknown."""
    if edit.claimant is not None:
        if not edit.claimant.strip():
            plan.claimant = None
        else:
            try:
                plan.claimant = entities.get_entity(session, edit.claimant)
            except NotFound:
                if parse_id(edit.claimant) is not None:
                    raise
                plan.claimant, plan.new_claimant = None, entities.clean_name(edit.claimant)
        plan.claimant_changes = plan.new_claimant is not None or plan.claimant is not claim.claimant
    role = claim.claimant_role
    if edit.role is not None:
        role = clean_role(edit.role)
    elif plan.claimant_changes:
        role = None
    if role and plan.claimant is None and plan.new_claimant is None:
        raise InvalidInput(
            "a role describes the claimant: name the claimant too", inputs=["role", "claimant"]
        )
    if role != claim.claimant_role:
        plan.values["claimant_role"] = role


def _plan_language(claim: Claim, edit: ClaimEdit, plan: _Plan) -> None:
    """A language given is the claim's, no longer inferred; a new text whose language nobody
    gave has it read off its script again, as `claim add` does."""
    language: str | None
    if edit.language is not None:
        language, inferred = normalise_language(edit.language), False
    elif "text" in plan.values and (claim.language is None or claim.language_inferred):
        language = infer_language(plan.values["text"])
        inferred = language is not None
    else:
        return
    if language != claim.language:
        plan.values["language"] = language
    if inferred != claim.language_inferred:
        plan.values["language_inferred"] = inferred


def _apply(session: Session, claim: Claim, plan: _Plan, actor: str) -> None:
    if plan.new_claimant is not None:
        # Created with the role given, as `claim add` creates a claimant.
        plan.claimant = entities.add_entity(
            session,
            plan.new_claimant,
            actor=actor,
            role=plan.values.get("claimant_role", claim.claimant_role),
            allow_same_name=True,
        )
    if plan.claimant_changes:
        claim.claimant = plan.claimant
    for name, value in plan.values.items():
        setattr(claim, name, value)
    claim.updated_by = actor
    claim.updated_at = utcnow()
    session.flush()
