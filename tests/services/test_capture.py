"""Capture services on both backends: claims, claimants, sources, links, evidence, search."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from claimtracker.dates import parse_date
from claimtracker.enums import ClaimKind, DatePrecision, EntityKind, LinkType, Stance
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import Appearance, Claim, ClaimLink, Entity, Event, Source
from claimtracker.services import dossier, entities, events, links, matching, search, sources
from claimtracker.services.claims import (
    ClaimFilter,
    ClaimInput,
    PossibleDuplicate,
    add_claim,
    get_claim,
    list_claims,
)
from claimtracker.services.evidence import add_evidence
from claimtracker.services.sources import SourceInput

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

PSYOP = "DeepSeek is a Chinese state psyop meant to undermine American AI competitiveness."


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s, s.begin():
        yield s


def _add(session: Session, text: str, **kw: object) -> Claim:
    return add_claim(session, ClaimInput(text=text, **kw), actor="alice").claim  # type: ignore[arg-type]


def test_add_finds_or_creates_claimant_and_source(session: Session) -> None:
    src = SourceInput(url="HTTPS://X.com/nealkhosla/status/1?utm_source=tw#reply")
    first = _add(
        session,
        PSYOP,
        claimant="Neal Khosla",
        role="CEO of Curai",
        source=src,
        quote="state psyop",
        first_appearance=True,
    )
    second = _add(
        session,
        "R1 was trained for only $5.6 million.",
        claimant="neal khosla",
        source=SourceInput(url="https://x.com/nealkhosla/status/1"),
    )
    assert first.claimant_id == second.claimant_id
    claimant = session.get_one(Entity, first.claimant_id)
    assert claimant.role == "CEO of Curai"
    assert session.scalar(select(func.count(Source.id))) == 1
    assert session.scalar(select(Source.url)) == "https://x.com/nealkhosla/status/1"
    appearance = session.scalar(select(Appearance).where(Appearance.claim_id == first.id))
    assert appearance is not None
    assert appearance.quote == "state psyop"
    assert appearance.is_first


def test_claimant_found_by_alias(session: Session) -> None:
    entity = entities.add_entity(
        session, "Marc Andreessen", actor="a", aliases=["pmarca"], kind=EntityKind.PERSON
    )
    claim = _add(session, "R1 is one of the most amazing breakthroughs", claimant="PMarca")
    assert claim.claimant_id == entity.id


def test_exact_duplicate_is_refused_then_forced_and_linked(session: Session) -> None:
    original = _add(session, PSYOP)
    variant = "  deepseek is a chinese STATE psyop meant to undermine american AI competitiveness"
    with pytest.raises(PossibleDuplicate, match=f"looks like #{original.id}") as info:
        _add(session, variant)
    assert info.value.matches[0].exact
    result = add_claim(
        session, ClaimInput(text=variant), actor="bob", force=True, link_duplicate=True
    )
    assert result.duplicate_of == original.id
    link = session.scalar(select(ClaimLink).where(ClaimLink.from_claim_id == result.claim.id))
    assert link is not None
    assert (link.to_claim_id, link.link_type) == (original.id, LinkType.DUPLICATES)


def test_near_duplicate_is_found_but_a_different_claim_is_not(session: Session) -> None:
    original = _add(session, PSYOP)
    near = "DeepSeek is a Chinese state psyop meant to undermine US AI competitiveness"
    assert matching.find_duplicates(session, near)[0].claim_id == original.id
    other = "DeepSeek's assistant is the most downloaded free app on Apple's App Store"
    assert matching.find_duplicates(session, other) == []


def test_search_is_ranked_accent_and_case_insensitive_with_matched_words(
    session: Session,
) -> None:
    psyop = _add(session, "DeepSeek serait une « opération psychologique de l’État chinois »")
    _add(session, "Le modèle R1 rivalise avec OpenAI sur certains benchmarks")
    _add(
        session,
        "Les restrictions américaines restent un frein majeur",
        source=SourceInput(title="WSJ report"),
        quote="un frein majeur pour l'etat",
    )
    hits = search.search(session, "ETAT chinois")
    assert hits[0].claim_id == psyop.id
    assert set(hits[0].matched) >= {"etat", "chinois"}
    assert [h.claim_id for h in search.search(session, "operation psychologique")] == [psyop.id]
    # Quotes are searched too.
    assert len(search.search(session, "etat")) == 2
    assert search.search(session, "  ") == []


def test_search_weighs_a_rare_word_above_a_common_one(session: Session) -> None:
    # BM25 on both backends: "vaccine" is in most claims and says little about which one is
    # meant; "ivermectin" is in one. PostgreSQL's ts_rank_cd, with no IDF, tied them.
    for region in range(1, 7):
        text = f"The vaccine rollout in region {region} was delayed by weeks"
        add_claim(session, ClaimInput(text=text), actor="alice", force=True)
    rare = _add(session, "Ivermectin sales rose sharply in the spring")
    hits = search.search(session, "vaccine ivermectin", limit=3)
    assert hits[0].claim_id == rare.id
    assert hits[0].matched == ("ivermectin",)
    assert hits[0].score > hits[1].score


def test_search_ranks_the_claim_that_repeats_the_word_first(session: Session) -> None:
    # Term frequency counts, as in FTS5's BM25, for claims of about the same length.
    once = _add(session, "Tariffs on steel imports were raised again this year")
    text = "Tariffs on steel, then tariffs on aluminium, were raised"
    twice = add_claim(session, ClaimInput(text=text), actor="alice", force=True).claim
    hits = search.search(session, "tariffs", limit=2)
    assert [h.claim_id for h in hits] == [twice.id, once.id]


def test_search_reads_tags(session: Session) -> None:
    claim = _add(session, "DeepSeek serait une opération de l'État", tags=["Psyop"])
    assert [h.claim_id for h in search.search(session, "psyop")] == [claim.id]


def test_link_rules(session: Session) -> None:
    note = _add(session, "There is no evidence that DeepSeek is a state operation.")
    psyop = _add(session, PSYOP)
    links.link_claims(session, note, psyop, LinkType.REBUTS, actor="a", reason="note")
    with pytest.raises(Conflict, match="already rebuts"):
        links.link_claims(session, note, psyop, LinkType.REBUTS, actor="a")
    with pytest.raises(InvalidInput, match="itself"):
        links.link_claims(session, note, note, LinkType.SUPPORTS, actor="a")
    data = dossier.gather(session, psyop)
    assert data.links[0].words == "rebutted by"
    assert data.links[0].claim_id == note.id
    assert links.unlink_claims(session, note, psyop, LinkType.REBUTS, actor="a")
    with pytest.raises(NotFound):
        links.unlink_claims(session, note, psyop, LinkType.REBUTS, actor="a")


def test_evidence_is_grouped_by_stance(session: Session) -> None:
    claim = _add(session, "DeepSeek trained V3 for $5.6 million.")
    report = sources.find_or_create(
        session,
        SourceInput(url="https://arxiv.org/abs/2412.19437", title="DeepSeek-V3 Report"),
        actor="a",
    )[0]
    add_evidence(
        session, claim, report, Stance.CONTEXTUALIZES, actor="a", quote="2.788M H800 GPU hours"
    )
    # The same passage again is refused; another passage of the report is more evidence.
    with pytest.raises(Conflict, match="already has this passage of source"):
        add_evidence(
            session, claim, report, Stance.CONTEXTUALIZES, actor="a", quote="2.788M H800 GPU hours"
        )
    add_evidence(session, claim, report, Stance.CONTEXTUALIZES, actor="a", locator="Table 1")
    data = dossier.gather(session, claim)
    assert data.evidence["contextualizes"][0].source.title == "DeepSeek-V3 Report"
    assert data.evidence["refutes"] == []


def test_list_filters_by_claimant_tag_kind_and_claimed_period(session: Session) -> None:
    a = _add(
        session,
        "Claim one about chips",
        claimant="Ann",
        tags=["chips"],
        claimed=parse_date("27 janvier 2025"),
    )
    _add(
        session,
        "Claim two about markets",
        claimant="Bob",
        kind=ClaimKind.OPINION,
        claimed=parse_date("2024-12-30"),
    )
    rows = list_claims(session, ClaimFilter(claimant="ann"))
    assert [r.id for r in rows] == [a.id]
    assert [r.id for r in list_claims(session, ClaimFilter(tag=["CHIPS"]))] == [a.id]
    assert len(list_claims(session, ClaimFilter(kind=[ClaimKind.OPINION]))) == 1
    january = ClaimFilter(since=parse_date("January 2025"), until=parse_date("January 2025"))
    assert [r.id for r in list_claims(session, january)] == [a.id]
    assert rows[0].claimed == "2025-01-27"
    page = list_claims(session, ClaimFilter(), sort="id", limit=1, offset=1)
    assert len(page) == 1
    assert page[0].id != a.id


def test_claimed_date_keeps_its_precision(session: Session) -> None:
    claim = _add(session, "A month-precision claim", claimed=parse_date("janvier 2025"))
    assert claim.claimed_precision == DatePrecision.MONTH
    assert dossier.gather(session, claim).claimed == "2025-01"


def test_entity_merge_moves_claims_and_keeps_the_name_as_alias(session: Session) -> None:
    keep = entities.add_entity(session, "Yann LeCun", actor="a", kind=EntityKind.PERSON)
    other = entities.add_entity(session, "Y. LeCun", actor="a", wikidata_id="Q3571662")
    claim = _add(session, "Open source models are getting ahead", claimant=f"#{other.id}")
    entities.merge_entities(session, keep, other, actor="a")
    assert session.get_one(Claim, claim.id).claimant_id == keep.id
    assert entities.get_entity(session, "y. lecun").id == keep.id
    assert keep.wikidata_id == "Q3571662"
    with pytest.raises(NotFound):
        entities.get_entity(session, f"#{other.id}")


def test_every_change_is_an_event_and_the_chain_holds(session: Session) -> None:
    a = _add(session, "First claim", claimant="Ann", source=SourceInput(url="https://e.org/a"))
    b = _add(session, "Second claim")
    links.link_claims(session, a, b, LinkType.SUPPORTS, actor="a")
    actions = list(session.scalars(select(Event.action).order_by(Event.id)))
    assert actions[:3] == ["entity.created", "source.created", "claim.created"]
    assert actions.count("claim.linked") == 2
    assert list(events.iter_breaks(session)) == []


def test_get_claim_by_number_hash_or_public_id(session: Session) -> None:
    claim = _add(session, "Findable claim")
    assert get_claim(session, f"#{claim.id}") is claim
    assert get_claim(session, claim.public_id.upper()) is claim
    with pytest.raises(NotFound, match="no claim #999"):
        get_claim(session, "999")


NARROWING_CORPUS = [
    *(f"Vaccine rollout in region {n} was delayed by {n} weeks, officials say" for n in range(24)),
    *(f"Vaccine causes autism in {n} percent of children, a blog claims" for n in range(3)),
    "Vaccine makers hid autism data from regulators in 2021",
    "Officials say the region lost power for weeks",
    "A blog claims the moon landing was staged",
]


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("vaccine autism children", "Vaccine causes autism in 0 percent"),
        # Common words only: their AND keeps the claims that have them all.
        ("region officials weeks delayed 7", "Vaccine rollout in region 7 was delayed by 7"),
        ("Vaccine makers hid autism data from regulators", "Vaccine makers hid autism data"),
        ("officials blog moon landing", "A blog claims the moon landing was staged"),
    ],
)
def test_search_narrowed_by_common_words_finds_the_same_best_claim(
    session: Session, monkeypatch: pytest.MonkeyPatch, query: str, best: str
) -> None:
    for text in NARROWING_CORPUS:
        add_claim(session, ClaimInput(text=text), actor="alice", force=True)
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL reads word frequencies from the planner's statistics.
        session.execute(text_sql("ANALYZE claim_search"))
    everything = search.search(session, query, limit=5)
    narrowings: list[object] = []
    narrowed = search._narrowed

    def spy(terms: list[str], frequency: dict[str, int], claims: int) -> object:
        narrowings.append(narrowed(terms, frequency, claims))
        return narrowings[-1]

    # As if the database were large: "vaccine" (28 claims) and friends are common words.
    monkeypatch.setattr(search, "SMALL_DATABASE", 20)
    monkeypatch.setattr(search, "RARE_CAP", 10)
    monkeypatch.setattr(search, "_narrowed", spy)
    found = search.search(session, query, limit=5)
    assert narrowings
    assert narrowings[0] is not None
    texts = {c.id: c.text for c in session.scalars(select(Claim))}
    assert texts[found[0].claim_id].startswith(best)
    assert found[0].claim_id == everything[0].claim_id
