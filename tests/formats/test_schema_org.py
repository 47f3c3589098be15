"""The schema.org vocabulary shared by the ClaimReview reader and exporter: its two directions
agree, and its length limits are those of what stores the fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import String
from sqlalchemy.orm import Session

from claimtracker import languages
from claimtracker.enums import EntityKind, SourceKind
from claimtracker.errors import InvalidInput
from claimtracker.formats import schema_org
from claimtracker.formats.schema_org import Type, entity_kind, party_type, source_kind, work_type
from claimtracker.models import Claim, ClaimTag, Entity, Source, Verdict
from claimtracker.services import entities, review, sources
from claimtracker.services.sources import SourceInput
from claimtracker.text import MAX_TAG_LENGTH

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import InstrumentedAttribute


@pytest.mark.parametrize("kind", list(SourceKind))
def test_a_work_type_written_reads_back_as_its_kind(kind: SourceKind) -> None:
    written = work_type(kind)
    if written == Type.CREATIVE_WORK:
        assert source_kind({written}) == SourceKind.OTHER
    else:
        assert source_kind({written}) == kind


@pytest.mark.parametrize("kind", list(EntityKind))
def test_a_party_type_written_reads_back_as_a_person_or_an_organisation(kind: EntityKind) -> None:
    written = party_type(kind)
    if written is None:
        # No type rather than a guess; read back, it is of unknown kind again.
        assert kind == EntityKind.UNKNOWN
        return
    read = entity_kind({written}, EntityKind.UNKNOWN)
    expected = EntityKind.PERSON if written == Type.PERSON else EntityKind.ORGANISATION
    if kind == EntityKind.OUTLET:
        expected = EntityKind.OUTLET  # NewsMediaOrganization, an Organization subtype
    assert read == expected
    if kind in (EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.OUTLET):
        assert read == kind


def test_party_types_read_with_their_subtypes() -> None:
    assert entity_kind({"NewsMediaOrganization"}, EntityKind.UNKNOWN) == EntityKind.OUTLET
    assert entity_kind({"GovernmentOrganization"}, EntityKind.UNKNOWN) == EntityKind.ORGANISATION
    assert entity_kind({"Thing"}, EntityKind.ORGANISATION) == EntityKind.ORGANISATION
    assert party_type(None) is None


def _width(column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]) -> int | None:
    kind = column.property.columns[0].type
    assert isinstance(kind, String)
    return kind.length


def test_limits_are_those_of_the_columns_and_services_that_store_the_fields() -> None:
    assert schema_org.MAX_NAME_LENGTH == entities.MAX_NAME_LENGTH == _width(Entity.name)
    assert languages.MAX_LANGUAGE_LENGTH == _width(Claim.language) == _width(Source.language)
    assert _width(Verdict.original_rating) == schema_org.MAX_RATING_LENGTH
    assert schema_org.MAX_EXPLANATION_LENGTH == review.MAX_RATIONALE_LENGTH
    assert _width(ClaimTag.tag) == MAX_TAG_LENGTH


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s, s.begin():
        yield s


def test_the_title_limit_is_the_source_title_limit(session: Session) -> None:
    longest = "t" * schema_org.MAX_TITLE_LENGTH
    assert sources.add_source(session, SourceInput(title=longest), actor="t").title == longest
    with pytest.raises(InvalidInput, match="source title"):
        sources.add_source(session, SourceInput(title=longest + "t"), actor="t")
