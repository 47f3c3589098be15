"""The reporting views of migration 0002: documented, created and dropped by the migration, with
the meaning docs/reports.md gives them, and the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import bindparam, inspect, select, text, update
from sqlalchemy.orm import Session

from claimtracker.cli.seed import bundled_seed
from claimtracker.dates import parse_date
from claimtracker.db import migrate
from claimtracker.db.base import Base
from claimtracker.db.engine import WRITE_OPTION, make_engine
from claimtracker.db.url import resolve
from claimtracker.enums import (
    ClaimKind,
    DismissalReason,
    EntityKind,
    LinkType,
    ReviewStatus,
    SourceKind,
    Stance,
    VerdictState,
)
from claimtracker.importers.seed import read_dossier
from claimtracker.models import Appearance, Claim, ClaimLink, Verdict
from claimtracker.reports.catalog import REPORTS
from claimtracker.services import entities, review, settings, sources
from claimtracker.services.claims import ClaimInput, add_claim
from claimtracker.services.evidence import add_evidence
from claimtracker.services.links import link_claims
from claimtracker.services.seed import load_dossier

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Connection, Engine

    from tests.conftest import PgServer

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"
VIEWS = (
    "claim_overview",
    "review_queue",
    "verdicts_by_month",
    "claimant_record",
    "rebuttal_map",
    "review_turnaround",
    "evidence_sources",
)
TABLES = Base.metadata.tables


# ------------------------------------------------------------------ documentation and catalog


def documented_columns(markdown: str) -> dict[str, list[str]]:
    """The views documented in ``markdown`` and their columns, in the order of their tables.

    A view is a heading whose whole text is a name in backticks (``### `claim_overview```); its
    columns are the table rows under it that start with a name in backticks.
    """
    views: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        heading = re.fullmatch(r"#{2,4}\s+`([a-z_]+)`\s*", line)
        if heading:
            current = views.setdefault(heading.group(1), [])
        elif line.startswith("#"):
            current = None
        elif current is not None:
            row = re.match(r"\|\s*`([a-z_]+)`\s*\|", line)
            if row:
                current.append(row.group(1))
    return views


def database_views(connection: Connection) -> dict[str, list[str]]:
    """Every view in the database and its columns, in order, read by SQLAlchemy."""
    inspector = inspect(connection)
    return {
        view: [column["name"] for column in inspector.get_columns(view)]
        for view in inspector.get_view_names()
    }


def test_every_view_and_column_is_documented(engine: Engine) -> None:
    documented = documented_columns(DOCS.read_text(encoding="utf-8"))
    with engine.connect() as conn:
        actual = database_views(conn)
    assert set(actual) == set(VIEWS)
    for view, columns in actual.items():
        assert view in documented, f"view {view} is not documented in {DOCS.name}"
        missing = [c for c in columns if c not in documented[view]]
        assert not missing, f"{view}: columns missing from {DOCS.name}: {missing}"
        assert documented[view] == columns, f"{view}: {DOCS.name} lists stale or misordered rows"
    stale = set(documented) - set(actual)
    assert not stale, f"{DOCS.name} documents views that do not exist: {sorted(stale)}"


def test_every_view_has_a_report_with_its_exact_columns(engine: Engine) -> None:
    with engine.connect() as conn:
        actual = database_views(conn)
        assert {r.view for r in REPORTS.values()} == set(actual)
        for name, report in REPORTS.items():
            assert name == report.view.replace("_", "-")
            assert report.columns == tuple(actual[report.view])
            assert report.description
            assert "\n" not in report.description
            named = (
                report.date_column,
                report.claimant_column,
                report.claimant_id_column,
                report.chart_label,
                report.chart_value,
            )
            assert {c for c in named if c is not None} <= set(report.columns)
            assert (report.chart_label is None) == (report.chart_value is None)
            if report.claimant_id_column:
                assert report.claimant_column
            if report.date_is_month:
                assert report.date_column == "month"
            # The ORDER BY text is valid SQL on this backend.
            conn.execute(text(f"SELECT * FROM {report.view} ORDER BY {report.order_by}")).all()


def test_example_queries_of_the_documentation_run(engine: Engine) -> None:
    queries = re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    assert len(queries) >= 6
    with engine.connect() as conn:
        for query in queries:
            conn.execute(text(query.strip().rstrip(";"))).all()


# ------------------------------------------------------------------------------ migration


@pytest.fixture
def empty_engine(empty_db_url: str) -> Iterator[Engine]:
    eng = make_engine(resolve(empty_db_url))
    yield eng
    eng.dispose()


def test_upgrade_creates_the_views_and_downgrade_to_0001_drops_them(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine, "0001")
    with empty_engine.connect() as conn:
        assert inspect(conn).get_view_names() == []
        # Later revisions may add tables too; the downgrade must give back exactly these.
        tables_at_0001 = set(inspect(conn).get_table_names())
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert set(inspect(conn).get_view_names()) == set(VIEWS)
        for view in VIEWS:
            assert conn.execute(text(f"SELECT count(*) FROM {view}")).scalar() == 0
    migrate.downgrade(empty_engine, "0001")
    with empty_engine.connect() as conn:
        assert inspect(conn).get_view_names() == []
        assert set(inspect(conn).get_table_names()) == tables_at_0001
        assert migrate.current_revision(conn) == "0001"
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert set(inspect(conn).get_view_names()) == set(VIEWS)


# -------------------------------------------------------------------------- shared helpers


def write_session(engine: Engine) -> Session:
    """A session that writes, as the tool opens one (BEGIN IMMEDIATE on SQLite)."""
    return Session(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)


def set_values(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """UPDATE ``table`` row by row: each dict holds ``id`` and the new column values.

    Goes through the models' column types, so aware datetimes are stored as each backend
    stores them (naive UTC text on SQLite).
    """
    if not rows:
        return
    tbl = TABLES[table]
    columns = [c for c in rows[0] if c != "id"]
    stmt = (
        update(tbl)
        .where(tbl.c.id == bindparam("b_id"))
        .values({c: bindparam(f"b_{c}") for c in columns})
    )
    conn.execute(stmt, [{f"b_{k}": v for k, v in row.items()} for row in rows])


def rows_of(conn: Connection, view: str) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(text(f"SELECT * FROM {view}"))]


def at(text_value: str) -> datetime:
    """An aware UTC datetime from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text_value).replace(tzinfo=UTC)


# ------------------------------------------------------------- meaning, on a small scenario


@dataclass
class Scenario:
    a: int  # rated false, then corrected to misleading
    b: int  # rated true, approved by two people
    c: int  # an imported-style verdict published before the claim was captured
    d: int  # new, captured three and a half days ago
    rebuttal: int  # rebuts a, appears in two sources
    support: int  # supports a, appears nowhere
    correction: int  # the verdict that superseded a's first one


def build_scenario(engine: Engine) -> Scenario:
    with write_session(engine) as s, s.begin():
        ann = entities.add_entity(s, "Ann Claimant", actor="ed", kind=EntityKind.PERSON)
        notes = entities.add_entity(
            s, "Community Notes contributors", actor="ed", kind=EntityKind.COLLECTIVE
        )
        src = [
            sources.add_source(
                s,
                sources.SourceInput(
                    url=f"https://news.example/{n}",
                    title=f"Story {n}",
                    publisher="Daily Ledger" if n < 3 else None,
                    kind=SourceKind.NEWS_ARTICLE,
                ),
                actor="ed",
            )
            for n in range(6)
        ]

        def claim(body: str, claimant: str | None) -> Claim:
            data = ClaimInput(text=body, claimant=claimant)
            return add_claim(s, data, actor="ed", force=True).claim

        a = claim("Wind power output tripled in 2024.", f"#{ann.id}")
        b = claim("The city budget is balanced this year.", f"#{ann.id}")
        c = claim("Average rents fell by a tenth.", None)
        d = claim("Broadband reaches every village.", None)
        rebuttal = claim("Wind output rose by a third, not threefold.", f"#{notes.id}")
        support = claim("Wind output tripled, says the ministry.", None)
        appearances = [
            Appearance(claim_id=a.id, source_id=src[0].id, created_by="ed"),
            Appearance(claim_id=a.id, source_id=src[1].id, created_by="ed"),
            Appearance(claim_id=b.id, source_id=src[0].id, created_by="ed"),
            Appearance(claim_id=b.id, source_id=src[2].id, is_first=True, created_by="ed"),
            Appearance(claim_id=rebuttal.id, source_id=src[3].id, created_by="ed"),
            Appearance(claim_id=rebuttal.id, source_id=src[4].id, created_by="ed"),
        ]
        s.add_all(appearances)
        link_claims(s, rebuttal, a, LinkType.REBUTS, actor="ed")
        link_claims(s, support, a, LinkType.SUPPORTS, actor="ed")
        link_claims(s, d, b, LinkType.DUPLICATES, actor="ed")

        review.assign(s, a.id, "bob", actor="ed")
        first = review.verify(
            s, a.id, rating="false", rationale="r", evidence=[src[5]], actor="bob"
        ).verdict
        review.approve(s, a.id, actor="carol")
        review.reopen(s, a.id, reason="new figures", actor="ed")
        correction = review.verify(
            s, a.id, rating="misleading", rationale="r", evidence=[src[3]], actor="bob"
        ).verdict
        review.approve(s, a.id, actor="carol")
        settings.set_value(s, "review.approvals", "2", actor="ed")
        verdict_b = review.verify(
            s, b.id, rating="true", rationale="r", evidence=[src[1]], actor="bob"
        ).verdict
        review.approve(s, b.id, actor="zed")
        review.approve(s, b.id, actor="carol")
        settings.set_value(s, "review.approvals", "1", actor="ed")
        verdict_c = review.verify(
            s, c.id, rating="mostly-false", rationale="r", evidence=[src[0]], actor="dave"
        ).verdict
        review.approve(s, c.id, actor="carol")
        scenario = Scenario(a.id, b.id, c.id, d.id, rebuttal.id, support.id, correction.id)
        approvals = {
            (row.verdict_id, row.approver): row.id
            for row in s.execute(select(TABLES["verdict_approval"]))
        }
        appearance_ids = [x.id for x in appearances]

    now = datetime.now(UTC)
    with engine.begin() as conn:
        claims = {
            a.id: at("2025-03-01 00:00"),
            b.id: at("2025-03-10 00:00"),
            c.id: at("2025-05-10 00:00"),
            d.id: now - timedelta(days=3, hours=12),
        }
        set_values(
            conn,
            "claim",
            [{"id": i, "created_at": t, "updated_at": t} for i, t in claims.items()],
        )
        # 3 h = 0.125 days and 36 min = 0.025 days: ties that must round away from zero.
        published = {
            first.id: at("2025-03-01 03:00"),
            correction.id: at("2025-04-02 00:36"),
            verdict_b.id: at("2025-03-10 00:36"),
            verdict_c.id: at("2025-05-09 21:00"),
        }
        set_values(
            conn,
            "verdict",
            [{"id": i, "published_at": t, "created_at": t} for i, t in published.items()],
        )
        set_values(conn, "verdict", [{"id": verdict_c.id, "original_rating": "Pants on Fire"}])
        # zed approved first, carol second: approvers are listed in that order.
        set_values(
            conn,
            "verdict_approval",
            [
                {"id": approvals[verdict_b.id, "zed"], "approved_at": at("2025-03-10 00:10")},
                {"id": approvals[verdict_b.id, "carol"], "approved_at": at("2025-03-10 00:36")},
            ],
        )
        # The second appearance of claim a is the earlier one; it is the first appearance.
        set_values(
            conn,
            "appearance",
            [
                {
                    "id": appearance_ids[0],
                    "appeared_at": at("2025-02-20 00:00"),
                    "appeared_precision": "day",
                },
                {
                    "id": appearance_ids[1],
                    "appeared_at": at("2025-02-10 00:00"),
                    "appeared_precision": "day",
                },
            ],
        )
    return scenario


def test_views_mean_what_the_documentation_says(engine: Engine) -> None:
    sc = build_scenario(engine)
    with engine.connect() as conn:
        overview = {r["claim_id"]: r for r in rows_of(conn, "claim_overview")}
        queue = {r["claim_id"]: r for r in rows_of(conn, "review_queue")}
        by_month = rows_of(conn, "verdicts_by_month")
        record = {r["claimant"]: r for r in rows_of(conn, "claimant_record")}
        rebuttals = rows_of(conn, "rebuttal_map")
        turnaround = rows_of(conn, "review_turnaround")
        evidence = rows_of(conn, "evidence_sources")

    a = overview[sc.a]
    assert (a["verdict_id"], a["verdict_label"], a["verdict_normalised"]) == (
        sc.correction,
        "misleading",
        "MIXTURE",
    )
    assert (a["reviewer"], a["approvers"], a["status"]) == ("bob", "carol", "published")
    assert (a["first_source_title"], a["appearances"], a["rebuttals"]) == ("Story 1", 2, 1)
    assert normalise(a["first_appeared_at"]) == "2025-02-10T00:00:00+00:00"
    assert a["evidence_contextualizes"] == 1
    assert a["evidence_refutes"] == 1
    assert a["claimant"] == "Ann Claimant"
    b = overview[sc.b]
    # zed approved before carol: approval order, not alphabetical order.
    assert (b["first_source_title"], b["first_appeared_at"], b["approvers"]) == (
        "Story 2",
        None,
        "zed, carol",
    )
    assert overview[sc.d]["verdict_id"] is None
    assert overview[sc.d]["approvers"] is None

    assert set(queue) == {sc.d, sc.rebuttal, sc.support}
    d = queue[sc.d]
    assert (d["status"], d["age_days"], d["last_event_action"]) == ("new", 3, "claim.linked")
    assert d["proposed_verdict_label"] is None

    counted = {(r["month"], r["label"], r["original_rating"]): r["verdicts"] for r in by_month}
    assert counted == {
        ("2025-03", "false", None): 1,
        ("2025-03", "true", None): 1,
        ("2025-04", "misleading", None): 1,
        ("2025-05", "mostly-false", "Pants on Fire"): 1,
    }

    ann = record["Ann Claimant"]
    assert (ann["claims"], ann["published"], ann["new"]) == (2, 2, 0)
    assert (ann["rated_true"], ann["rated_mixture"], ann["rated_false"]) == (1, 1, 0)
    assert ann["false_or_misleading"] == 1
    assert float(ann["share_false_or_misleading"]) == 0.5
    notes = record["Community Notes contributors"]
    assert notes["share_false_or_misleading"] is None
    assert notes["new"] == 1

    answers = sorted(
        (r["link_type"], r["responding_claim_id"], r["appears_in_title"]) for r in rebuttals
    )
    assert answers == [
        ("rebuts", sc.rebuttal, "Story 3"),
        ("rebuts", sc.rebuttal, "Story 4"),
        ("supports", sc.support, None),
    ]
    assert {r["claim_id"] for r in rebuttals} == {sc.a}

    days = {
        (r["month"], r["reviewer"]): (
            r["verdicts"],
            float(r["avg_days"]),
            float(r["min_days"]),
            float(r["max_days"]),
        )
        for r in turnaround
    }
    assert days == {
        # 0.125 and 0.025 days: average 0.075, all three ties rounded away from zero.
        ("2025-03", "bob"): (2, 0.08, 0.03, 0.13),
        ("2025-04", "bob"): (1, 32.03, 32.03, 32.03),
        ("2025-05", "dave"): (1, -0.13, -0.13, -0.13),
    }

    used = {
        (r["publisher"], r["verdict_normalised"], r["stance"]): (r["evidence"], r["claims"])
        for r in evidence
    }
    assert used == {
        ("(none)", "MIXTURE", "refutes"): (1, 1),
        ("(none)", "MIXTURE", "contextualizes"): (1, 1),
        ("Daily Ledger", "TRUE", "supports"): (1, 1),
        ("Daily Ledger", "FALSE", "refutes"): (1, 1),
    }


# ------------------------------------------------------------- same answers on both backends

TIMESTAMP_TEXT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")


def normalise(value: Any) -> Any:
    """A value as both backends must agree on it, whatever Python type the driver gave."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal | float):
        return round(float(value), 6)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str) and TIMESTAMP_TEXT.fullmatch(value):
        # SQLite gives timestamps back from a view as the naive UTC text it stores.
        return datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()
    return value


def view_answers(engine: Engine, view: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows of ``view``, normalised and in one total order."""
    with engine.connect() as conn:
        result = conn.execute(text(f"SELECT * FROM {view}"))
        columns = list(result.keys())
        rows = [tuple(normalise(v) for v in row) for row in result]
    # Sorted here rather than by ORDER BY: the two backends collate text differently.
    rows.sort(key=lambda row: tuple((v is None, type(v).__name__, v) for v in row))
    return columns, rows


REVIEWERS = ("ann", "bob", "carol", "dave", "erin", "zed")
LABELS = (
    "true",
    "mostly-true",
    "mixed",
    "missing-context",
    "misleading",
    "mostly-false",
    "false",
    "false",
    "unproven",
    "opinion",
)
CLAIMANTS = (
    ("Ada Moreau", EntityKind.PERSON),
    ("Bruno Keller", EntityKind.PERSON),
    ("Chloé Martin", EntityKind.PERSON),
    ("Dmitri Volkov", EntityKind.PERSON),
    ("Eva Lindqvist", EntityKind.PERSON),
    ("Farid Haddad", EntityKind.PERSON),
    ("Grace Okafor", EntityKind.PERSON),
    ("Acme Energy", EntityKind.ORGANISATION),
    ("Ministry of Housing", EntityKind.ORGANISATION),
    ("Citizens for Clean Air", EntityKind.COLLECTIVE),
    ("@truthteller2024", EntityKind.PLATFORM_ACCOUNT),
    ("@le_vrai_debat", EntityKind.PLATFORM_ACCOUNT),
    ("Le Quotidien", EntityKind.OUTLET),
    ("Harbor Post", EntityKind.OUTLET),
)
PUBLISHERS = ("Daily Ledger", "Le Quotidien", "Open Science Review", "Statistics Office", None)
SOURCE_KINDS = (
    SourceKind.NEWS_ARTICLE,
    SourceKind.NEWS_ARTICLE,
    SourceKind.SOCIAL_POST,
    SourceKind.PAPER,
    SourceKind.OFFICIAL_STATEMENT,
    SourceKind.FACT_CHECK,
    SourceKind.VIDEO,
    SourceKind.DATASET,
)
SUBJECTS = (
    "Unemployment",
    "Vaccination coverage",
    "The city budget deficit",
    "Average rent",
    "Wind power output",
    "The prison population",
    "Broadband coverage",
    "Hospital waiting time",
    "Teacher pay",
    "Carbon emissions",
)
SUJETS = ("Le chômage", "La dette publique", "Le prix du pain", "La fréquentation des musées")
PLACES = ("in Lyon", "in Ohio", "nationwide", "across the EU", "in Lagos", "in the capital")
ORIGINAL_RATINGS = ("Pants on Fire", "Faux", "Half True", "Four Pinocchios")
# What happens to each generated claim in the review workflow, and how often.
OUTCOMES = (
    "new",
    "dismissed",
    "in_review",
    "pending_approval",
    "sent_back",
    "published",
    "reopened",
    "corrected",
)
OUTCOME_WEIGHTS = (18, 10, 8, 8, 6, 42, 3, 5)
GENERATED = uuid.UUID("0e1c4d2a-7b44-4c1e-9d7e-2b1f3f7a9c10")


def _rating_for(claim: Claim, label: str) -> str:
    """The label drawn, or "unproven" for a non-factual claim: it takes no truth rating."""
    return label if claim.kind == ClaimKind.FACTUAL else "unproven"


def _claim_text(rng: random.Random, i: int) -> tuple[str, str]:
    if rng.random() < 0.15:
        sujet = rng.choice(SUJETS)
        return "fr", f"{sujet} a augmenté de {rng.randint(2, 90)} % depuis {2010 + i % 14}."
    subject = rng.choice(SUBJECTS)
    verb = rng.choice(("rose by", "fell by", "doubled, gaining", "stayed within"))
    place = rng.choice(PLACES)
    return "en", f"{subject} {verb} {rng.randint(2, 90)}% {place} between {2000 + i % 20} and 2024."


def _workflow_on_seed(s: Session) -> None:
    """The seed dossier taken through the review workflow, as a newsroom would."""
    ids = load_dossier(s, read_dossier(bundled_seed()), actor="alice").claim_ids

    def evidence(url: str, title: str, publisher: str | None, kind: SourceKind) -> Any:
        data = sources.SourceInput(title=title, publisher=publisher, kind=kind)
        return sources.resolve(s, url, data, actor="bob")

    v3 = evidence(
        "https://arxiv.org/abs/2412.19437",
        "DeepSeek-V3 Technical Report",
        "DeepSeek",
        SourceKind.PAPER,
    )
    r1 = evidence(
        "https://arxiv.org/abs/2501.12948",
        "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs",
        "DeepSeek",
        SourceKind.PAPER,
    )
    note = evidence(
        "https://x.com/i/status/1883291525478129828",
        "Community Note on the psyop post",
        "X",
        SourceKind.COMMUNITY_NOTE,
    )
    rule = evidence(
        "https://www.bis.doc.gov/advanced-computing-rule",
        "Export controls on advanced computing items",
        "Bureau of Industry and Security",
        SourceKind.OFFICIAL_STATEMENT,
    )
    costs = evidence(
        "https://semianalysis.example/deepseek-total-cost",
        "DeepSeek's total cost of ownership",
        None,
        SourceKind.NEWS_ARTICLE,
    )

    def publish(key: str, reviewer: str, rating: str, ev: list[Any], approver: str) -> None:
        review.assign(s, ids[key], reviewer, actor="ann")
        review.verify(s, ids[key], rating=rating, rationale="Checked.", evidence=ev, actor=reviewer)
        review.approve(s, ids[key], actor=approver)

    publish("deepseek-training-cost-5-6m", "bob", "missing-context", [v3], "carol")
    publish("r1-rivals-openai-benchmarks", "carol", "mostly-true", [r1], "bob")
    publish("khosla-psyop", "bob", "false", [note], "dave")
    publish("us-chip-sanctions", "dave", "true", [rule], "carol")
    publish("community-note-psyop", "carol", "true", [note], "zed")
    # Verified straight from new: verify takes the claim.
    review.verify(
        s,
        ids["deepseek-r1-open-release"],
        rating="true",
        rationale="Release notes.",
        evidence=[r1],
        actor="erin",
    )
    review.approve(s, ids["deepseek-r1-open-release"], actor="bob")
    # A correction: reopened, re-rated with more evidence, approved.
    key = "deepseek-training-cost-5-6m"
    review.reopen(s, ids[key], reason="total cost analysis published", actor="dave")
    review.verify(
        s,
        ids[key],
        rating="misleading",
        rationale="Excludes research costs.",
        evidence=[v3, costs],
        actor="bob",
        correction_reason="the figure omits prior research",
    )
    review.approve(s, ids[key], actor="carol")
    for key in ("andreessen-breakthrough", "tan-good-news-us-competitors"):
        review.dismiss(s, ids[key], reason=DismissalReason.OPINION, actor="ann")
    review.dismiss(
        s,
        ids["wsj-liang-told-premier"],
        reason=DismissalReason.DUPLICATE,
        duplicate_of=s.get_one(Claim, ids["liang-us-restrictions-major-obstacle"]),
        actor="ann",
    )
    review.assign(s, ids["zschaepitz-market-threat"], "carol", actor="ann")
    review.verify(
        s,
        ids["zschaepitz-market-threat"],
        rating="unproven",
        rationale="Too early.",
        evidence=[costs],
        actor="carol",
    )
    review.send_back(s, ids["zschaepitz-market-threat"], reason="say why", actor="bob")
    review.assign(s, ids["app-store-most-downloaded"], "bob", actor="ann")
    review.verify(
        s,
        ids["app-store-most-downloaded"],
        rating="true",
        rationale="Chart checked.",
        evidence=[
            evidence(
                "https://apps.apple.com/us/charts/iphone",
                "Top free apps",
                "Apple",
                SourceKind.OTHER,
            )
        ],
        actor="bob",
    )
    review.assign(s, ids["lecun-published-open-source"], "dave", actor="ann")


def _generated(s: Session, rng: random.Random, count: int = 200) -> None:
    """``count`` claims with claimants, sources, evidence, links and a whole workflow."""
    claimants = [
        entities.add_entity(s, name, actor="ann", kind=kind, role=f"role {n}" if n % 3 else None)
        for n, (name, kind) in enumerate(CLAIMANTS)
    ]
    pool = []
    for n in range(40):
        published = rng.choice((None, f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d}", "2024-06"))
        pool.append(
            sources.add_source(
                s,
                sources.SourceInput(
                    url=None if n % 13 == 5 else f"https://site{n % 7}.example/story/{n}",
                    title=f"Story number {n}" if n % 4 else None,
                    publisher=rng.choice(PUBLISHERS),
                    kind=rng.choice(SOURCE_KINDS),
                    published=parse_date(published) if published else None,
                ),
                actor="ann",
            )
        )
    claims: list[Claim] = []
    seen: set[str] = set()
    for i in range(count):
        language, body = _claim_text(rng, i)
        if body in seen:
            body = f"{body[:-1]}, by one count ({i})."
        seen.add(body)
        claimed = rng.choice((None, f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "2023-11"))
        where = rng.choice(pool) if rng.random() < 0.85 else None
        data = ClaimInput(
            text=body,
            claimant=f"#{rng.choice(claimants).id}" if rng.random() < 0.9 else None,
            claimed=parse_date(claimed) if claimed else None,
            language=language,
            kind=rng.choices(list(ClaimKind), weights=(80, 10, 5, 5))[0],
            public_id=str(uuid.uuid5(GENERATED, str(i))),
        )
        if where is not None:
            data.source = sources.SourceInput(url=where.url, title=where.title)
            data.quote = body[: rng.randint(10, len(body))]
            data.first_appearance = rng.random() < 0.5
        claim = add_claim(s, data, actor=rng.choice(REVIEWERS), force=True).claim
        claims.append(claim)
        if rng.random() < 0.3:
            other = rng.choice(pool)
            if other is not where:
                s.add(Appearance(claim_id=claim.id, source_id=other.id, created_by="ann"))
        if rng.random() < 0.25:
            add_evidence(s, claim, rng.choice(pool), rng.choice(list(Stance)), actor="ann")
    s.flush()

    for i, claim in enumerate(claims):
        # The middle fifth of the claims is reviewed under a two-approval rule.
        if i in (80, 120):
            settings.set_value(s, "review.approvals", "2" if i == 80 else "1", actor="admin")
        outcome = rng.choices(OUTCOMES, weights=OUTCOME_WEIGHTS)[0]
        if outcome == "new":
            continue
        if outcome == "dismissed":
            reason = rng.choice([r for r in DismissalReason if r != DismissalReason.DUPLICATE])
            if i and rng.random() < 0.3:
                duplicate_of = claims[rng.randrange(i)]
                review.dismiss(
                    s,
                    claim.id,
                    reason=DismissalReason.DUPLICATE,
                    duplicate_of=duplicate_of,
                    actor="ann",
                )
            else:
                review.dismiss(s, claim.id, reason=reason, actor="ann")
            continue
        reviewer = rng.choice(REVIEWERS)
        others = [u for u in REVIEWERS if u != reviewer]
        rng.shuffle(others)
        review.assign(s, claim.id, reviewer, actor="ann")
        if outcome == "in_review":
            continue
        refs = [f"#{src.id}" for src in rng.sample(pool, rng.randint(1, 2))]
        review.verify(
            s,
            claim.id,
            rating=_rating_for(claim, rng.choice(LABELS)),
            rationale="Checked against the sources.",
            evidence=[
                sources.resolve(s, ref, sources.SourceInput(), actor=reviewer) for ref in refs
            ],
            actor=reviewer,
        )
        if outcome == "pending_approval":
            if rng.random() < 0.5:
                review.approve(s, claim.id, actor=others.pop())  # under two approvals: one more
            continue
        if outcome == "sent_back":
            review.send_back(s, claim.id, reason="needs a better source", actor=others.pop())
            continue
        while not review.approve(s, claim.id, actor=others.pop()).published:
            pass
        if outcome in ("reopened", "corrected"):
            review.reopen(s, claim.id, reason="reader complaint", actor="ann")
        if outcome == "corrected":
            review.verify(
                s,
                claim.id,
                rating=_rating_for(claim, rng.choice(LABELS)),
                rationale="Corrected.",
                evidence=[rng.choice(pool)],
                actor=reviewer,
            )
            while not review.approve(s, claim.id, actor=others.pop()).published:
                pass

    everyone = s.scalars(select(Claim).order_by(Claim.id)).all()
    existing = {
        (link.from_claim_id, link.to_claim_id, link.link_type)
        for link in s.scalars(select(ClaimLink))
    }
    types = list(LinkType)
    for _ in range(80):
        a, b = rng.sample(everyone, 2)
        link_type = rng.choices(types, weights=(35, 25, 8, 20, 6, 6))[0]
        if (a.id, b.id, link_type) not in existing:
            existing.add((a.id, b.id, link_type))
            link_claims(s, a, b, link_type, actor=rng.choice(REVIEWERS), reason="generated")


def _fix_timestamps(conn: Connection, base: datetime) -> None:
    """Give every timestamp a fixed value derived from ids, the same on both backends.

    Claims are captured one a day at the same time of day as ``base``, so the whole days of
    ``review_queue.age_days`` never change while the two backends are queried.
    """

    def ids(table: str) -> list[int]:
        return list(conn.scalars(select(TABLES[table].c.id).order_by(TABLES[table].c.id)))

    for table in ("entity", "source", "evidence", "claim_link"):
        set_values(
            conn, table, [{"id": i, "created_at": base + timedelta(minutes=i)} for i in ids(table)]
        )
    set_values(
        conn,
        "event",
        [{"id": i, "occurred_at": base + timedelta(minutes=3 * i)} for i in ids("event")],
    )
    conn.execute(update(TABLES["setting"]).values(updated_at=base))

    created = {i: base + timedelta(days=i) for i in ids("claim")}
    set_values(
        conn,
        "claim",
        [
            {"id": i, "created_at": t, "updated_at": t + timedelta(hours=(i * 7) % 100)}
            for i, t in created.items()
        ],
    )
    set_values(
        conn,
        "appearance",
        [
            {
                "id": i,
                "created_at": base + timedelta(minutes=i),
                "appeared_at": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=(i * 37) % 300)
                if i % 3 == 0
                else None,
                "appeared_precision": "day" if i % 3 == 0 else None,
            }
            for i in ids("appearance")
        ],
    )

    verdicts = conn.execute(
        select(Verdict.id, Verdict.claim_id, Verdict.state, Verdict.supersedes_id).order_by(
            Verdict.id
        )
    ).all()
    in_chain = {v.supersedes_id for v in verdicts} | {v.id for v in verdicts if v.supersedes_id}
    published: dict[int, datetime] = {}
    rows = []
    for v in verdicts:
        # Whole minutes, some multiples of 36 (0.025 days): ties for the 2-place rounding.
        minutes = (v.id * 7919) % (60 * 24 * 20) + 36 * (v.id % 5)
        row: dict[str, Any] = {
            "id": v.id,
            "created_at": created[v.claim_id] + timedelta(minutes=minutes // 2),
            "published_at": None,
            "original_rating": None,
        }
        if v.state == VerdictState.PUBLISHED:
            when = created[v.claim_id] + timedelta(minutes=minutes)
            if v.supersedes_id is not None:
                when = max(when, published[v.supersedes_id] + timedelta(days=1, minutes=36))
            elif v.id % 13 == 0 and v.id not in in_chain:
                # An imported review, published before the claim was captured here.
                when = created[v.claim_id] - timedelta(minutes=(v.id * 31) % 5000 + 1)
                row["original_rating"] = ORIGINAL_RATINGS[v.id % len(ORIGINAL_RATINGS)]
            published[v.id] = row["published_at"] = when
        rows.append(row)
    set_values(conn, "verdict", rows)

    approvals = conn.execute(
        select(TABLES["verdict_approval"].c.id, TABLES["verdict_approval"].c.verdict_id).order_by(
            TABLES["verdict_approval"].c.id.desc()
        )
    ).all()
    step: dict[int, int] = {}
    approved = []
    for approval_id, verdict_id in approvals:
        # Newest approval first: the last one published the verdict, earlier ones came before.
        k = step[verdict_id] = step.get(verdict_id, -1) + 1
        anchor = published.get(verdict_id)
        if anchor is None:
            anchor = base + timedelta(days=verdict_id, hours=1)
        approved.append({"id": approval_id, "approved_at": anchor - timedelta(hours=5 * k)})
    set_values(conn, "verdict_approval", approved)


def build_dataset(engine: Engine, base: datetime) -> None:
    """The seed dossier through the workflow plus 200 generated claims, with fixed times."""
    with write_session(engine) as s, s.begin():
        _workflow_on_seed(s)
        _generated(s, random.Random(7))
    with engine.begin() as conn:
        _fix_timestamps(conn, base)


@pytest.mark.sqlite
@pytest.mark.postgresql
@pytest.mark.slow
def test_views_give_the_same_answers_on_sqlite_and_postgresql(
    sqlite_template: Path, pg_server: PgServer, pg_template: str, tmp_path: Path
) -> None:
    # Times of day 12 hours away from now: no age in days can tick over during the test.
    tod = (datetime.now(UTC) + timedelta(hours=12)).replace(second=0, microsecond=0)
    base = datetime.combine(date(2025, 1, 1), tod.timetz())
    lite_path = tmp_path / "same.db"
    shutil.copyfile(sqlite_template, lite_path)
    pg_name = f"ct_same_{uuid.uuid4().hex[:12]}"
    lite = make_engine(resolve(str(lite_path)))
    pg = make_engine(resolve(pg_server.create(pg_name, template=pg_template)))
    try:
        for engine in (lite, pg):
            build_dataset(engine, base)
        identity = "SELECT id, public_id, text FROM claim ORDER BY id"
        with lite.connect() as a, pg.connect() as b:
            assert a.execute(text(identity)).all() == b.execute(text(identity)).all(), (
                "the two loads gave claims different ids: rows cannot be compared"
            )
            statuses: dict[str, int] = dict(
                a.execute(text("SELECT status, count(*) FROM claim GROUP BY status")).all()
            )
        assert len(statuses) == len(ReviewStatus), statuses
        for view in VIEWS:
            lite_columns, lite_rows = view_answers(lite, view)
            pg_columns, pg_rows = view_answers(pg, view)
            assert lite_columns == pg_columns, view
            assert lite_rows, f"{view} is empty: the data set does not exercise it"
            only_lite = [r for r in lite_rows if r not in pg_rows][:3]
            only_pg = [r for r in pg_rows if r not in lite_rows][:3]
            assert lite_rows == pg_rows, (
                f"{view} differs: {len(lite_rows)} rows on SQLite, {len(pg_rows)} on "
                f"PostgreSQL; only on SQLite: {only_lite}; only on PostgreSQL: {only_pg}"
            )
    finally:
        lite.dispose()
        pg.dispose()
        pg_server.drop(pg_name)
