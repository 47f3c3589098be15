"""Rating aliases: the words other fact-checkers rate with, mapped to our labels.

"Pants on Fire", "Faux" and "Falso" all mean *false*; ``rating_alias`` says so, one row per
folded wording. The table is data, edited with `claim scale alias add|list|remove`; migration
0003 seeds the common ratings of English, French, Spanish, Portuguese, German and Italian
fact-checkers. Importers look wordings up here; a wording found nowhere lands on the default
scale's ``unrated`` label, with the wording itself kept as the verdict's original rating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EventAction, Normalised, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import RatingAlias, RatingLabel, RatingScale
from claimtracker.services import events
from claimtracker.services.scales import default_scale, find_label, get_scale
from claimtracker.text import clean_text, fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_ALIAS_LENGTH = 200
UNRATED = "unrated"
_NOT_WORD = re.compile(r"[\W_]+")


def alias_key(text: str) -> str:
    """The lookup key of a textual rating: folded (case, accents) and without punctuation.

    ``alias_key("Pants on Fire!") == alias_key("pants-on-fire") == "pants on fire"``.
    Migration 0003 holds a frozen copy of this function; a test keeps the two equal on the
    aliases it seeds (fold has changed since for marks that spell words: migration 0010).
    """
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class AliasRow:
    """One alias in a listing."""

    alias: str
    label: str
    name: str
    scale: str
    normalised: str

    def as_dict(self) -> dict[str, Any]:
        """Stable snake_case keys for output."""
        return self.__dict__.copy()


def _key_or_error(text: str) -> str:
    cleaned = clean_text(text, what="rating alias", max_length=MAX_ALIAS_LENGTH)
    key = alias_key(cleaned)
    if not key:
        raise InvalidInput(f"rating alias {cleaned!r} has no letters or digits")
    return key


def add_alias(
    session: Session,
    text: str,
    label: str,
    *,
    actor: str,
    scale_name: str | None = None,
    replace: bool = False,
) -> RatingAlias:
    """Map the wording ``text`` to ``label`` (of ``scale_name``, else the default scale).

    A wording already mapped to another label is a conflict unless ``replace``; mapping it to
    the label it already has changes nothing.
    """
    key = _key_or_error(text)
    scale = _scale(session, scale_name)
    target = find_label(session, label, scale)
    existing = session.scalar(select(RatingAlias).where(RatingAlias.alias_key == key))
    if existing is not None:
        if existing.label_id == target.id:
            return existing
        if not replace:
            current = session.get(RatingLabel, existing.label_id)
            named = current.label if current else f"label #{existing.label_id}"
            raise Conflict(
                f"rating alias {key!r} already maps to {named!r}; replace it to change it",
                inputs=["replace"],
            )
        before = existing.label_id
        existing.label_id = target.id
        session.flush()
        _record(
            session, EventAction.SCALE_ALIAS_CHANGED, actor, key, target, previous_label_id=before
        )
        return existing
    alias = RatingAlias(alias_key=key, label_id=target.id)
    session.add(alias)
    session.flush()
    _record(session, EventAction.SCALE_ALIAS_ADDED, actor, key, target)
    return alias


def remove_alias(session: Session, text: str, *, actor: str) -> str:
    """Forget the wording ``text``; returns the key removed."""
    key = _key_or_error(text)
    alias = session.scalar(select(RatingAlias).where(RatingAlias.alias_key == key))
    if alias is None:
        raise NotFound(f"no rating alias {key!r}")
    target = session.get(RatingLabel, alias.label_id)
    session.delete(alias)
    session.flush()
    if target is not None:
        _record(session, EventAction.SCALE_ALIAS_REMOVED, actor, key, target)
    return key


def list_aliases(
    session: Session, *, label: str | None = None, scale_name: str | None = None
) -> list[AliasRow]:
    """Aliases by label order then wording; only those of ``label`` when given."""
    stmt = (
        select(RatingAlias.alias_key, RatingLabel, RatingScale.name)
        .join(RatingLabel, RatingLabel.id == RatingAlias.label_id)
        .join(RatingScale, RatingScale.id == RatingLabel.scale_id)
        .order_by(RatingScale.name, RatingLabel.position, RatingAlias.alias_key)
    )
    if label is not None or scale_name is not None:
        scale = _scale(session, scale_name)
        stmt = stmt.where(RatingLabel.scale_id == scale.id)
        if label is not None:
            stmt = stmt.where(RatingLabel.id == find_label(session, label, scale).id)
    return [
        AliasRow(
            alias=key,
            label=row_label.label,
            name=row_label.name,
            scale=scale_name_,
            normalised=row_label.normalised.value,
        )
        for key, row_label, scale_name_ in session.execute(stmt).all()
    ]


class AliasTable:
    """The aliases loaded once, for importers that look up many wordings.

    Lookup order: the alias table, then the default scale's own slugs and display names (so a
    label added later with `claim scale add-label` is recognised without an alias).
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._by_key: dict[str, RatingLabel] = {}
        rows = session.execute(
            select(RatingAlias.alias_key, RatingLabel).join(
                RatingLabel, RatingLabel.id == RatingAlias.label_id
            )
        ).all()
        for key, label in rows:
            self._by_key[key] = label
        self._scale = default_scale(session)
        for label in self._scale.labels:
            for wording in (label.label, label.name):
                self._by_key.setdefault(alias_key(wording), label)
        self._unrated: RatingLabel | None = None

    def lookup(self, text: str) -> RatingLabel | None:
        """The label ``text`` maps to, or None when nothing matches."""
        return self._by_key.get(alias_key(text))

    def by_value(self, value: float, best: float, worst: float) -> RatingLabel | None:
        """The default-scale label nearest a numeric rating on another scale, if any.

        Used only for reviews that give a number and no wording. Among labels sharing the
        number, a TRUE/FALSE one wins over a MIXTURE one ("2 of 5" is *mostly false*, not
        *misleading*), then the first in scale order.
        """
        if best <= worst or not worst <= value <= best:
            return None
        ours = self._scale.worst_value + (value - worst) / (best - worst) * (
            self._scale.best_value - self._scale.worst_value
        )
        candidates = [
            label for label in self._scale.labels if label.claimreview_value == round(ours)
        ]
        candidates.sort(key=lambda label: (label.normalised == Normalised.MIXTURE, label.position))
        return candidates[0] if candidates else None

    def unrated(self) -> RatingLabel:
        """The label for wordings that match nothing: the default scale's ``unrated``."""
        if self._unrated is None:
            found = next((x for x in self._scale.labels if x.label == UNRATED), None)
            if found is None:
                raise NotFound(
                    f"the default scale {self._scale.name!r} has no {UNRATED!r} label for "
                    "ratings that match no alias; add one with `claim scale add-label "
                    f"{UNRATED} --normalised OTHER`, or map the rating with `claim scale alias "
                    "add`"
                )
            self._unrated = found
        return self._unrated


def _scale(session: Session, name: str | None) -> RatingScale:
    return get_scale(session, name)


def _record(
    session: Session,
    action: EventAction,
    actor: str,
    key: str,
    label: RatingLabel,
    **extra: Any,
) -> None:
    events.record(
        session,
        actor=actor,
        action=action,
        record_type=RecordType.RATING_SCALE,
        record_id=label.scale_id,
        payload={"alias": key, "label": label.label, **extra},
    )
