"""Rating scales: read them, extend them without code changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from claimtracker.enums import EventAction, Normalised, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import RatingLabel, RatingScale
from claimtracker.services import events

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def default_scale(session: Session) -> RatingScale:
    """The scale verdicts are rated on unless another is named."""
    scale = session.scalar(select(RatingScale).where(RatingScale.is_default))
    if scale is None:
        raise NotFound("no default rating scale")
    return scale


def find_label(session: Session, rating: str, scale: RatingScale | None = None) -> RatingLabel:
    """The label ``rating`` of ``scale`` (default scale), by slug or display name."""
    scale = scale or default_scale(session)
    wanted = rating.strip().lower().replace(" ", "-").replace("_", "-")
    for label in scale.labels:
        if wanted in (label.label, label.name.lower().replace(" ", "-")):
            return label
    names = ", ".join(label.label for label in scale.labels)
    raise InvalidInput(f"unknown rating {rating!r} on scale {scale.name!r}; choose from {names}")


def get_scale(session: Session, name: str | None) -> RatingScale:
    """The scale called ``name``, or the default one."""
    if name is None:
        return default_scale(session)
    scale = session.scalar(select(RatingScale).where(RatingScale.name == name))
    if scale is None:
        raise NotFound(f"no rating scale {name!r}")
    return scale


def labels(session: Session, name: str | None = None) -> list[dict[str, Any]]:
    """A scale's labels in order, with their mappings."""
    scale = get_scale(session, name)
    return [
        {
            "scale": scale.name,
            "position": label.position,
            "label": label.label,
            "name": label.name,
            "claimreview_value": label.claimreview_value,
            "normalised": label.normalised.value,
            "description": label.description,
        }
        for label in scale.labels
    ]


def add_scale(
    session: Session,
    name: str,
    *,
    best: int,
    worst: int,
    description: str | None,
    make_default: bool,
    actor: str,
) -> int:
    """Create a scale (empty until labels are added)."""
    if best <= worst:
        raise InvalidInput(
            f"the best value ({best}) must be greater than the worst ({worst})",
            inputs=["best", "worst"],
        )
    if session.scalar(select(RatingScale.id).where(RatingScale.name == name)) is not None:
        raise Conflict(f"a rating scale called {name!r} already exists")
    if make_default:
        session.execute(update(RatingScale).values(is_default=False))
    scale = RatingScale(
        name=name,
        best_value=best,
        worst_value=worst,
        description=description,
        is_default=make_default,
    )
    session.add(scale)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.SCALE_CREATED,
        record_type=RecordType.RATING_SCALE,
        record_id=scale.id,
        payload={"name": name, "best": best, "worst": worst},
    )
    return scale.id


def add_label(
    session: Session,
    label: str,
    *,
    scale_name: str | None,
    name: str | None,
    claimreview_value: int | None,
    normalised: Normalised,
    after: str | None,
    description: str | None,
    actor: str,
) -> int:
    """Add a label, at the end or after another one (later labels move down one place)."""
    scale = get_scale(session, scale_name)
    slug = label.strip().lower().replace(" ", "-").replace("_", "-")
    if not slug:
        raise InvalidInput("the label is empty")
    if any(existing.label == slug for existing in scale.labels):
        raise Conflict(f"scale {scale.name!r} already has label {slug!r}")
    if claimreview_value is not None and not (
        scale.worst_value <= claimreview_value <= scale.best_value
    ):
        raise InvalidInput(
            f"ClaimReview value {claimreview_value} is outside the scale "
            f"({scale.worst_value}..{scale.best_value})"
        )
    if after is None:
        position = (
            session.scalar(
                select(func.max(RatingLabel.position)).where(RatingLabel.scale_id == scale.id)
            )
            or 0
        ) + 1
    else:
        anchor = next((x for x in scale.labels if x.label == after), None)
        if anchor is None:
            raise NotFound(f"scale {scale.name!r} has no label {after!r}")
        position = anchor.position + 1
        # Shift in two steps so the unique (scale, position) index never sees a collision.
        for existing in sorted(scale.labels, key=lambda x: -x.position):
            if existing.position >= position:
                existing.position = -existing.position - 1
                session.flush()
        for existing in scale.labels:
            if existing.position < 0:
                existing.position = -existing.position
        session.flush()
    row = RatingLabel(
        scale_id=scale.id,
        label=slug,
        name=name or slug.replace("-", " ").capitalize(),
        position=position,
        claimreview_value=claimreview_value,
        normalised=normalised,
        description=description,
    )
    session.add(row)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.SCALE_LABEL_ADDED,
        record_type=RecordType.RATING_SCALE,
        record_id=scale.id,
        payload={
            "label": slug,
            "position": position,
            "claimreview_value": claimreview_value,
            "normalised": normalised.value,
        },
    )
    return row.id
