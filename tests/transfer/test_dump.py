"""Dump and restore on both backends: byte-identical round trips, refusals, bad input."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from claimtracker.db.base import Base
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.errors import Conflict, DumpFormatError, InvalidInput
from claimtracker.importers.jsonl import DumpReader
from claimtracker.services import events, search
from claimtracker.transfer import dump, restore, search_index
from claimtracker.transfer.copy import copy
from tests.conftest import Claim, pg_admin_url
from tests.reports.test_summaries import assert_views_match_reference
from tests.reports.test_views import VIEWS, normalise

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from tests.conftest import PgServer

TARGETS = [
    pytest.param("sqlite", marks=pytest.mark.sqlite),
    pytest.param("postgresql", marks=pytest.mark.postgresql),
]
PSYOP_POST = "https://x.com/i/status/1883291525478129828"
# A line separator inside a claim: JSON allows it raw, and a reader splitting on it would
# cut the record in two.
TRICKY_TEXT = 'Ligne\u2028séparée « guillemets » 😀 "quoted" \\ back\tslash'


def seed_ids(claim: Claim) -> dict[str, str]:
    """Load the seed dossier; its claims' ids by key."""
    out = claim("seed", "load").stdout
    return {key: cid for cid, key in (line.split("\t") for line in out.splitlines())}


def ok(result: Any) -> str:
    """The stdout of a command that must succeed."""
    assert result.exit_code == 0, (result.output, result.stderr)
    out: str = result.stdout
    return out


def build_rich_database(claim: Claim) -> dict[str, str]:
    """Everything a dump must carry: the seed dossier, a full review cycle with a correction,
    a dismissal as a duplicate of a *later* claim, links, evidence, a custom label, a changed
    setting, unusual text, and Community Notes rows written directly."""
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    ok(claim("assign", psyop, "--to", "bob", user="ann"))
    ok(
        claim(
            "verify",
            psyop,
            "--rating",
            "false",
            "--rationale",
            "No evidence of state involvement was produced.",
            "--evidence",
            PSYOP_POST,
            user="bob",
        )
    )
    ok(claim("approve", psyop, user="carol"))
    ok(claim("reopen", psyop, "--reason", "new statement by Curai", user="dave"))
    ok(
        claim(
            "verify",
            psyop,
            "--rating",
            "unproven",
            "--rationale",
            "Still no evidence either way.",
            "--evidence",
            PSYOP_POST,
            "--correction-reason",
            "the first rating overstated",
            user="bob",
        )
    )
    ok(claim("approve", psyop, user="carol"))
    # A forward self-reference: claim 1 is a duplicate of a claim with a higher id.
    ok(
        claim(
            "dismiss",
            ids["deepseek-r1-open-release"],
            "--reason",
            "duplicate",
            "--of",
            ids["app-store-most-downloaded"],
        )
    )
    ok(claim("link", ids["lecun-published-open-source"], "--supports", ids["tan-inference-demand"]))
    ok(
        claim(
            "evidence",
            ids["deepseek-training-cost-5-6m"],
            "https://arxiv.org/abs/2412.19437",
            "--contextualizes",
            "--quote",
            "2.788M H800 GPU hours",
        )
    )
    # A second passage of the same report, with where it is (migration 0013).
    ok(
        claim(
            "evidence",
            ids["deepseek-training-cost-5-6m"],
            "https://arxiv.org/abs/2412.19437",
            "--contextualizes",
            "--locator",
            "§1, Table 1",
            "--quote",
            "our total training costs amount to only $5.576M",
        )
    )
    ok(
        claim(
            "scale",
            "add-label",
            "needs-context",
            "--normalised",
            "MIXTURE",
            "--claimreview-value",
            "3",
        )
    )
    ok(claim("config", "set", "review.approvals", "1", user="admin"))
    ok(claim("add", TRICKY_TEXT, "--tag", "édition", "--tag", "Zeta", "--lang", "fr"))
    add_community_notes(claim.db, int(ids["community-note-psyop"]))
    return ids


def add_community_notes(db: str, claim_id: int) -> None:
    """Community Notes rows as an importer would write them (19-digit ids kept as text)."""
    tables = Base.metadata.tables
    engine = make_engine(resolve(db))
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(tables["community_note"]).values(
                    id=1,
                    claim_id=claim_id,
                    note_id="1883412386393739542",
                    tweet_id="1883291525478129828",
                    author_participant_id="A1B2C3D4E5",
                    classification="MISINFORMED_OR_POTENTIALLY_MISLEADING",
                    reasons="factualError,missingImportantContext",
                    note_created_at=datetime(2025, 1, 26, 9, 14, 3, 512000, tzinfo=UTC),
                    current_status="CURRENTLY_RATED_HELPFUL",
                    status_changed_at=datetime(2025, 1, 26, 18, 0, tzinfo=UTC),
                    helpful_count=41,
                    somewhat_helpful_count=3,
                    not_helpful_count=0,
                )
            )
            conn.execute(
                insert(tables["community_note_status"]),
                [
                    {
                        "community_note_id": 1,
                        "status": "NEEDS_MORE_RATINGS",
                        "changed_at": None,
                        "recorded_at": datetime(2025, 1, 26, 9, 14, 3, tzinfo=UTC),
                    },
                    {
                        "community_note_id": 1,
                        "status": "CURRENTLY_RATED_HELPFUL",
                        "changed_at": datetime(2025, 1, 26, 18, 0, 0, 1, tzinfo=UTC),
                        "recorded_at": datetime(2025, 1, 27, tzinfo=UTC),
                    },
                ],
            )
    finally:
        engine.dispose()


def dump_text(engine: Engine) -> str:
    """The dump of ``engine``'s database, without a timestamp."""
    with dump.snapshot(engine) as connection:
        return "".join(dump.dump_lines(connection))


def reader_for(content: str, name: str = "dump.jsonl") -> DumpReader:
    """A reader over ``content`` as a file opened in binary mode would give it."""
    return DumpReader(io.BytesIO(content.encode("utf-8")), name)


@pytest.fixture
def fresh_target(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Any]:
    """Make new databases at the current schema, on either backend, dropped afterwards."""
    created: list[str] = []
    server: PgServer | None = None

    def make(kind: str) -> str:
        nonlocal server
        if kind == "sqlite":
            path = tmp_path / f"target-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(sqlite_template, path)
            return str(path)
        if pg_admin_url() is None:
            pytest.skip("CLAIM_TEST_POSTGRES_URL is not set")
        server = request.getfixturevalue("pg_server")
        template: str = request.getfixturevalue("pg_template")
        name = f"ct_dump_{uuid.uuid4().hex[:12]}"
        created.append(name)
        return server.create(name, template=template)

    yield make
    for name in created:
        assert server is not None
        server.drop(name)


@pytest.fixture(scope="module")
def seed_dump(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> str:
    """The dump of a SQLite database holding the seed dossier (made once per module)."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    shutil.copyfile(sqlite_template, path)
    seed_ids(Claim(db=str(path), runner=CliRunner()))
    engine = make_engine(resolve(str(path)))
    try:
        return dump_text(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def scratch_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """One empty database per backend for the whole module, for restores that must fail:
    each test checks it is still empty afterwards, so a leak would show."""
    made: dict[str, str] = {}
    server: PgServer | None = None
    name = f"ct_dump_{uuid.uuid4().hex[:12]}"

    def make(kind: str) -> str:
        nonlocal server
        if kind not in made:
            if kind == "sqlite":
                template: Path = request.getfixturevalue("sqlite_template")
                path = tmp_path_factory.mktemp("scratch") / "scratch.db"
                shutil.copyfile(template, path)
                made[kind] = str(path)
            else:
                if pg_admin_url() is None:
                    pytest.skip("CLAIM_TEST_POSTGRES_URL is not set")
                server = request.getfixturevalue("pg_server")
                made[kind] = server.create(name, template=request.getfixturevalue("pg_template"))
        return made[kind]

    yield make
    if server is not None:
        server.drop(name)


def assert_still_empty(url: str) -> None:
    """Nothing but the seeded rows: a failed restore rolled back as a whole."""
    target = make_engine(resolve(url))
    try:
        with target.connect() as connection:
            assert restore.occupied_tables(connection) == []
            assert connection.execute(text("SELECT count(*) FROM rating_scale")).scalar() == 1
    finally:
        target.dispose()


def _restore_file(url: str, content: str, **kwargs: Any) -> restore.RestoreReport:
    engine = make_engine(resolve(url))
    try:
        with Session(engine) as session, session.begin():
            return restore.restore(session, reader_for(content), **kwargs)
    finally:
        engine.dispose()


@pytest.mark.parametrize("target_kind", TARGETS)
def test_round_trip_is_byte_identical_and_usable(
    claim: Claim, engine: Engine, fresh_target: Any, target_kind: str
) -> None:
    build_rich_database(claim)
    original = dump_text(engine)
    lines = original.splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "claimtracker-jsonl"
    assert header["exported_at"] is None
    tables = [json.loads(line)["table"] for line in lines[1:-1]]
    assert "claim_search" not in tables
    for table in ("community_note", "community_note_status", "verdict_approval", "event"):
        assert table in tables
    # Tables come once each, in dependency order.
    order = [t.name for t in dump.dumped_tables()]
    assert tables == sorted(tables, key=order.index)

    url = fresh_target(target_kind)
    report = _restore_file(url, original)
    assert report.records["claim"] == tables.count("claim")
    assert report.search_documents == tables.count("claim")
    target = make_engine(resolve(url))
    try:
        assert dump_text(target) == original
        with Session(target) as session:
            count, chain_break = events.verify_chain(session)
            assert chain_break is None
            assert count == tables.count("event")
            found = {hit.claim_id for hit in search.search(session, "psyop état chinois")}
        with Session(engine) as session:
            expected = {hit.claim_id for hit in search.search(session, "psyop état chinois")}
        assert found == expected
        assert found
        with Session(target) as session:
            # Accent-folded text, tags and quotes made it into the rebuilt index.
            assert search.search(session, "separee edition zeta")
        # The report summaries, filled once after the load, give the reports of the source.
        assert _reports(target) == _reports(engine)
        assert_views_match_reference(target, "after a restore", allow_empty=True)
    finally:
        target.dispose()


def _reports(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    with engine.connect() as conn:
        for view in VIEWS:
            rows = conn.execute(text(f"SELECT * FROM {view}"))
            found[view] = sorted((tuple(normalise(v) for v in row) for row in rows), key=repr)
    return found


def _stored(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every dumped table of a SQLite file as the file holds it (no type processing)."""
    with sqlite3.connect(path) as connection:
        return {
            table.name: connection.execute(
                f"SELECT * FROM {table.name} ORDER BY "
                + ", ".join(c.name for c in table.primary_key.columns)
            ).fetchall()
            for table in dump.dumped_tables()
        }


@pytest.mark.sqlite
def test_restore_and_copy_store_values_as_the_application_wrote_them(
    tmp_path: Path, fresh_target: Any, sqlite_template: Path
) -> None:
    # SQLite keeps datetimes as text and compares them as text: a restored '2025-01-01
    # 00:00:00' is not the application's '2025-01-01 00:00:00.000000', and `claim list
    # --since 2025-01-01` would miss the claim.
    source = tmp_path / "source.db"
    shutil.copyfile(sqlite_template, source)
    seed_ids(Claim(db=str(source), runner=CliRunner()))
    engine = make_engine(resolve(str(source)))
    restored, copied = fresh_target("sqlite"), fresh_target("sqlite")
    target = make_engine(resolve(copied))
    try:
        _restore_file(restored, dump_text(engine))
        with dump.snapshot(engine) as reading, target.begin() as writing:
            copy(reading, writing)
    finally:
        engine.dispose()
        target.dispose()
    original = _stored(str(source))
    assert original["claim"]
    assert _stored(restored) == original
    assert _stored(copied) == original


def test_restored_database_takes_new_records_after_the_restored_ids(
    claim: Claim, engine: Engine, fresh_target: Any, backend: str
) -> None:
    ids = seed_ids(claim)
    url = fresh_target(backend)
    _restore_file(url, dump_text(engine))
    copy = Claim(db=url, runner=claim.runner)
    new_id = ok(copy("add", "A claim captured after the restore")).strip()
    assert int(new_id) == max(int(i) for i in ids.values()) + 1
    ok(copy("verify", new_id, "--rating", "true", "--rationale", "ok", "--evidence", PSYOP_POST))
    assert "hash chain verified" in ok(copy("audit", "verify"))


@pytest.mark.parametrize("target_kind", TARGETS)
def test_copy_streams_between_backends(
    claim: Claim, engine: Engine, fresh_target: Any, target_kind: str
) -> None:
    build_rich_database(claim)
    url = fresh_target(target_kind)
    target = make_engine(resolve(url))
    try:
        with dump.snapshot(engine) as source, Session(target) as session, session.begin():
            report = copy(source, session)
        assert dump_text(target) == dump_text(engine)
        with dump.snapshot(engine) as source:
            assert report.records == dump.counts(source)
    finally:
        target.dispose()


def test_restore_refuses_a_database_with_data(claim: Claim, engine: Engine) -> None:
    seed_ids(claim)
    content = dump_text(engine)
    before = dump_text(engine)
    with Session(engine) as session, session.begin(), pytest.raises(Conflict) as caught:
        restore.restore(session, reader_for(content))
    assert "not empty" in str(caught.value)
    assert "claim" in str(caught.value)
    assert dump_text(engine) == before


def test_restore_refuses_changed_settings_but_replace_overwrites(
    claim: Claim, engine: Engine, fresh_target: Any, backend: str
) -> None:
    seed_ids(claim)
    content = dump_text(engine)
    url = fresh_target(backend)
    target = make_engine(resolve(url))
    try:
        with Session(target) as session, session.begin():
            # A setting changed behind the tool's back: not a seeded row any more.
            session.execute(text("UPDATE setting SET updated_by = 'someone'"))
        with Session(target) as session, session.begin(), pytest.raises(Conflict, match="setting"):
            restore.restore(session, reader_for(content))
        with Session(target) as session, session.begin():
            restore.restore(session, reader_for(content), replace=True)
        assert dump_text(target) == content
        # Replacing again over the full copy gives the same again (nothing doubled).
        with Session(target) as session, session.begin():
            restore.restore(session, reader_for(content), replace=True)
        assert dump_text(target) == content
    finally:
        target.dispose()


def _miscount(trailer: str) -> str:
    value = json.loads(trailer)
    value["end"]["records"]["claim"] += 1
    return json.dumps(value)


def _broken(content: str, line: int, new: str) -> str:
    lines = content.splitlines(keepends=True)
    lines[line - 1] = new + "\n"
    return "".join(lines)


def _row_line(content: str, table: str) -> tuple[int, dict[str, Any]]:
    for number, line in enumerate(content.splitlines(), start=1):
        value = json.loads(line)
        if value.get("table") == table:
            return number, value
    raise AssertionError(f"no {table} record")


@pytest.mark.parametrize(
    ("table", "change", "reason"),
    [
        ("claim", {"created_at": "yesterday"}, "claim: created_at: 'yesterday' is not"),
        ("claim", {"created_at": "2025-01-27T10:00:00"}, "has no time zone"),
        ("claim", {"status": "maybe"}, "status: 'maybe' is not one of"),
        ("claim", {"text": None}, "text: must not be null"),
        ("claim", {"id": "7"}, "id: expected an integer"),
        ("appearance", {"is_first": 1}, "is_first: expected true or false"),
        ("claim", {"language": "x" * 36}, "language: longer than 35"),
        ("claim", {"colour": "red"}, "no column colour in table claim"),
        ("appearance", {"source_id": 9999}, "breaks a rule of the database"),
        ("claim", {"status": "dismissed"}, "breaks a rule of the database"),
    ],
)
def test_a_bad_record_is_named_by_line_and_nothing_is_written(
    seed_dump: str,
    scratch_target: Any,
    backend: str,
    table: str,
    change: dict[str, Any],
    reason: str,
) -> None:
    number, record = _row_line(seed_dump, table)
    record["row"].update(change)
    bad = _broken(seed_dump, number, json.dumps(record, ensure_ascii=False))
    url = scratch_target(backend)
    with pytest.raises(DumpFormatError) as caught:
        _restore_file(url, bad)
    assert str(caught.value).startswith(f"dump.jsonl:{number}: ")
    assert reason in str(caught.value)
    assert_still_empty(url)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda ls: ls[:-1], "ends without its trailer line"),
        (lambda ls: [*ls, "{}"], "text after the end of the dump"),
        (lambda ls: [ls[0], "not json", *ls[1:]], "2: not valid JSON"),
        (lambda ls: [ls[0], "[1, 2]", *ls[1:]], "2: expected a JSON object, got list"),
        (lambda ls: [ls[0], '{"table": "claim"}', *ls[1:]], '2: expected {"table"'),
        (lambda ls: [ls[0], "", *ls[1:]], "2: empty line"),
        (lambda ls: [*ls[:-1], _miscount(ls[-1])], "records read differ from the trailer"),
        (lambda ls: [ls[0], ls[-2], *ls[1:]], "records must come in table dependency order"),
        (
            lambda ls: [ls[0], '{"table": "claim_search", "row": {}}', *ls[1:]],
            "2: table claim_search is rebuilt, not restored",
        ),
        (lambda ls: [ls[0], '{"table": "nope", "row": {}}', *ls[1:]], "2: no table 'nope'"),
        (lambda ls: [ls[0], '{"table": "entity", "row": {"x": NaN}}', *ls[1:]], "NaN"),
    ],
)
def test_malformed_dumps_are_refused(
    seed_dump: str, scratch_target: Any, mutate: Any, reason: str
) -> None:
    url = scratch_target("sqlite")
    with pytest.raises(DumpFormatError) as caught:
        _restore_file(url, "\n".join(mutate(seed_dump.splitlines())) + "\n")
    assert reason in str(caught.value)
    assert str(caught.value).startswith("dump.jsonl:")
    assert_still_empty(url)


@pytest.mark.parametrize(
    ("first", "reason"),
    [
        ("", "1: empty file"),
        ('{"format": "csv"}', "1: not a claimtracker dump"),
        ('{"format": "claimtracker-jsonl", "version": 2}', "version 2 is not supported"),
        ('{"format": "claimtracker-jsonl", "version": 1}', "no schema_revision"),
        ("\xff", "1: not valid JSON"),
    ],
)
def test_header_is_checked_before_anything_else(first: str, reason: str) -> None:
    with pytest.raises(DumpFormatError) as caught:
        reader_for(first + "\n")
    assert reason in str(caught.value)


def test_invalid_utf8_is_named() -> None:
    content = b'{"format":"claimtracker-jsonl","version":1,"schema_revision":"0001"}\n\xff\xfe\n'
    reader = DumpReader(io.BytesIO(content), "x.jsonl")
    with pytest.raises(DumpFormatError, match=r"x\.jsonl:2: not UTF-8"):
        list(reader.records())


def test_schema_revision_must_match(seed_dump: str, scratch_target: Any) -> None:
    lines = seed_dump.splitlines()
    header = json.loads(lines[0])
    current = header["schema_revision"]
    header["schema_revision"] = "9999"
    url = scratch_target("sqlite")
    with pytest.raises(DumpFormatError) as caught:
        _restore_file(url, "\n".join([json.dumps(header), *lines[1:]]) + "\n")
    message = str(caught.value)
    assert message.startswith("dump.jsonl:1: ")
    assert "9999" in message
    assert current in message


def test_copy_refuses_mismatched_revisions(engine: Engine, tmp_path: Path) -> None:
    other = make_engine(resolve(str(tmp_path / "other.db")))
    try:
        with other.begin() as connection:
            connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
            connection.execute(text("INSERT INTO alembic_version VALUES ('0000')"))
        with (
            dump.snapshot(engine) as source,
            other.begin() as target,
            pytest.raises(Exception, match="schema revision"),
        ):
            copy(source, target)
    finally:
        other.dispose()


def test_dump_reads_text_keys_in_byte_order(engine: Engine) -> None:
    # PostgreSQL's locale collation would put "b" before "B" or ignore punctuation; a dump must
    # sort text keys the same way on both backends.
    keys = ["b", "B", "a-z", "az", "É", "e"]
    with Session(engine) as session, session.begin():
        session.execute(
            insert(Base.metadata.tables["setting"]),
            [
                {"key": k, "value": "1", "updated_at": datetime.now(UTC), "updated_by": "t"}
                for k in keys
            ],
        )
    with dump.snapshot(engine) as connection:
        got = [r["key"] for r in dump.iter_table(connection, Base.metadata.tables["setting"])]
    assert got == sorted([*keys, "review.approvals"], key=lambda k: k.encode())


def test_datetimes_written_by_hand_dump_like_the_others(engine: Engine) -> None:
    # SQLite holds datetimes as text: one written without microseconds by plain SQL must come
    # out in the same form as those SQLAlchemy wrote.
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO setting (key, value, updated_at, updated_by) "
                "VALUES ('by.hand', '1', '2025-01-27 10:00:00', 'someone')"
            )
        )
    with dump.snapshot(engine) as connection:
        lines = [json.loads(line) for line in dump.dump_lines(connection)]
    rows = {r["row"]["key"]: r["row"] for r in lines if r.get("table") == "setting"}
    assert rows["by.hand"]["updated_at"] == "2025-01-27T10:00:00.000000Z"
    assert rows["review.approvals"]["updated_at"].endswith("Z")
    assert len(rows["review.approvals"]["updated_at"]) == len("2025-01-27T10:00:00.000000Z")


def test_bad_deferred_reference_is_named(scratch_target: Any) -> None:
    url = scratch_target("sqlite")
    empty = make_engine(resolve(url))
    try:
        with Session(empty) as session:
            content = "".join(dump.dump_lines(session))
    finally:
        empty.dispose()
    lines = content.splitlines()
    claim_row = {
        "id": 5,
        "public_id": str(uuid.uuid4()),
        "text": "t",
        "text_hash": "0" * 64,
        "language": None,
        "language_inferred": False,
        "claimant_id": None,
        "claimant_role": None,
        "claimed_at": None,
        "claimed_precision": None,
        "kind": "factual",
        "status": "dismissed",
        "assignee": None,
        "dismissal_reason": "duplicate",
        # Refers forward to a claim that never comes.
        "duplicate_of_id": 77,
        "created_at": "2025-01-27T10:00:00.000000Z",
        "created_by": "a",
        "updated_at": "2025-01-27T10:00:00.000000Z",
        "updated_by": "a",
        "retracted_at": None,
        "retracted_by": None,
        "retraction_reason": None,
    }
    trailer = json.loads(lines[-1])
    trailer["end"]["records"]["claim"] = 1
    setting_at = next(i for i, line in enumerate(lines) if '"table":"setting"' in line)
    new = [
        *lines[: setting_at + 1],
        json.dumps({"table": "claim", "row": claim_row}),
        *lines[setting_at + 1 : -1],
        json.dumps(trailer),
    ]
    with pytest.raises(DumpFormatError) as caught:
        _restore_file(url, "\n".join(new) + "\n")
    assert str(caught.value).startswith(f"dump.jsonl:{setting_at + 2}: breaks a rule")
    assert_still_empty(url)


def test_rebuild_search_matches_the_service(claim: Claim, engine: Engine) -> None:
    build_rich_database(claim)
    table = Base.metadata.tables["claim_search"]
    with Session(engine) as session:
        written_by_app = dict(session.execute(select(table.c.claim_id, table.c.document)).all())
    with Session(engine) as session, session.begin():
        assert search_index.rebuild_search(session) == len(written_by_app)
        rebuilt = dict(session.execute(select(table.c.claim_id, table.c.document)).all())
    assert rebuilt == written_by_app


def test_copy_errors_name_the_record(engine: Engine, fresh_target: Any) -> None:
    url = fresh_target("sqlite")
    target = make_engine(resolve(url))
    try:
        with target.begin() as connection:
            connection.execute(text("DROP TABLE setting"))
            connection.execute(
                text(
                    "CREATE TABLE setting (key VARCHAR(100) PRIMARY KEY, "
                    "value TEXT NOT NULL CHECK (value <> '1'), "
                    "updated_at DATETIME NOT NULL, updated_by VARCHAR(100) NOT NULL)"
                )
            )
        with (
            dump.snapshot(engine) as source,
            Session(target) as session,
            session.begin(),
            pytest.raises(InvalidInput, match=r"cannot copy setting row key='review\.approvals'"),
        ):
            copy(source, session)
    finally:
        target.dispose()
