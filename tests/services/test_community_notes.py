"""Applying Community Notes files to the database, on SQLite and PostgreSQL.

Real slices of the public files (tests/data/community_notes/); newer files are the same real
rows under the current headers with the values a later snapshot would carry.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from claimtracker.db import summaries
from claimtracker.db.base import Base
from claimtracker.enums import ClaimKind, EntityKind, LinkType, RecordType, SourceKind, Stance
from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes import (
    BadRow,
    FileKind,
    find_urls,
    note_url,
    open_file,
    post_url,
)
from claimtracker.models import (
    Appearance,
    Claim,
    ClaimLink,
    ClaimSearch,
    CommunityNote,
    CommunityNoteStatus,
    Entity,
    Event,
    Evidence,
    Source,
)
from claimtracker.services import community_notes as community_notes_service
from claimtracker.services import search
from claimtracker.services.claims import ClaimInput, add_claim
from claimtracker.services.community_notes import (
    CONTRIBUTORS,
    EVENT_ACTION,
    ImportResult,
    import_files,
    post_claim_text,
)
from claimtracker.services.sources import SourceInput
from claimtracker.text import text_hash
from tests.importers.test_community_notes import (
    CURRENT_RATINGS,
    CURRENT_STATUS,
    NOTES,
    RATINGS,
    STATUS,
    relayout,
    table,
    write,
)
from tests.reports.test_summaries import assert_views_match_reference

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

MISLEADING = "MISINFORMED_OR_POTENTIALLY_MISLEADING"
# A post with one "not misleading" and three "misleading" notes in the slice… and the reverse.
MIXED_POST = "1362089913823461376"


def run(engine: Engine, *paths: Path, **options: Any) -> ImportResult:
    """One import in one transaction, as the command runs it."""
    rejected: list[str] = options.pop("rejected", [])
    with Session(engine) as session, session.begin():
        return import_files(
            session,
            [open_file(p) for p in paths],
            actor="importer",
            on_rejected=lambda bad: rejected.append(str(bad)),
            **options,
        )


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def slice_notes() -> list[dict[str, str]]:
    header, rows = table(NOTES)
    return [dict(zip(header, row, strict=True)) for row in rows]


# ---------------------------------------------------------------------------------- notes


def test_notes_become_claims_linked_to_their_posts(engine: Engine) -> None:
    result = run(engine, NOTES)
    notes = slice_notes()
    tweets = {n["tweetId"] for n in notes}
    counts = result.counts[FileKind.NOTES]
    assert (counts.rows, counts.inserted, counts.updated, counts.unchanged) == (26, 26, 0, 0)
    with Session(engine) as session:
        contributors = session.scalars(select(Entity).where(Entity.name == CONTRIBUTORS)).one()
        assert contributors.kind is EntityKind.COLLECTIVE
        assert session.scalar(select(func.count(Claim.id))) == len(notes) + len(tweets)

        for note in notes:
            record = session.scalars(
                select(CommunityNote).where(CommunityNote.note_id == note["noteId"])
            ).one()
            assert record.tweet_id == note["tweetId"]
            assert record.author_participant_id == note["participantId"]
            assert record.note_created_at == datetime.fromtimestamp(
                int(note["createdAtMillis"]) / 1000, UTC
            )
            claim = session.get_one(Claim, record.claim_id)
            assert claim.claimant_id == contributors.id
            assert claim.kind is ClaimKind.FACTUAL
            assert claim.claimed_at == record.note_created_at
            (appearance,) = claim.appearances
            assert appearance.is_first
            assert appearance.quote == claim.text
            assert appearance.source.url == note_url(note["noteId"])
            assert appearance.source.kind is SourceKind.COMMUNITY_NOTE

            post_source = session.scalars(
                select(Source).where(Source.url == post_url(note["tweetId"]))
            ).one()
            assert post_source.kind is SourceKind.SOCIAL_POST
            post_claim = session.scalars(
                select(Claim).join(Appearance).where(Appearance.source_id == post_source.id)
            ).one()
            assert post_claim.text == post_claim_text(note["tweetId"])
            assert post_claim.kind is ClaimKind.OTHER
            (link,) = session.scalars(select(ClaimLink).where(ClaimLink.from_claim_id == claim.id))
            assert link.to_claim_id == post_claim.id
            expected = (
                LinkType.REBUTS if note["classification"] == MISLEADING else LinkType.SUPPORTS
            )
            assert link.link_type is expected


def test_one_post_is_rebutted_and_supported_by_its_notes(engine: Engine) -> None:
    run(engine, NOTES)
    with Session(engine) as session:
        post = session.scalars(
            select(Claim).join(Appearance).join(Source).where(Source.url == post_url(MIXED_POST))
        ).one()
        links = session.scalars(select(ClaimLink).where(ClaimLink.to_claim_id == post.id)).all()
        assert sorted(link.link_type for link in links) == [
            LinkType.REBUTS,
            LinkType.SUPPORTS,
            LinkType.SUPPORTS,
            LinkType.SUPPORTS,
        ]


def test_cited_urls_are_evidence_on_the_post_claim(engine: Engine) -> None:
    run(engine, NOTES)
    expected = set()
    for note in slice_notes():
        stance = Stance.REFUTES if note["classification"] == MISLEADING else Stance.SUPPORTS
        summary = note["summary"].replace("&amp;", "&").replace("&quot;", '"')
        for url in find_urls(summary):
            expected.add((post_url(note["tweetId"]), url, stance))
    assert len(expected) > 10
    with Session(engine) as session:
        post_sources = dict(
            session.execute(select(Appearance.claim_id, Source.url).join(Source)).all()
        )
        found = {
            (post_sources[evidence.claim_id], evidence.source.url, evidence.stance)
            for evidence in session.scalars(select(Evidence))
        }
    assert found == expected


def test_search_documents_are_those_of_build_document(engine: Engine) -> None:
    run(engine, NOTES)
    with Session(engine) as session:
        claims = session.scalars(
            select(Claim).options(selectinload(Claim.appearances), selectinload(Claim.tags))
        ).all()
        documents = dict(session.execute(select(ClaimSearch.claim_id, ClaimSearch.document)).all())
        assert len(documents) == len(claims)
        for claim in claims:
            quotes = [a.quote for a in claim.appearances if a.quote]
            assert documents[claim.id] == search.build_document(
                claim.text, [t.tag for t in claim.tags], quotes, []
            )
        # The full-text index was kept in step (SQLite's trigger is back in place).
        hits = search.search(session, "Electric Reliability Council of Texas")
        note = session.scalars(
            select(CommunityNote).where(CommunityNote.note_id == "1362117911503069186")
        ).one()
        assert hits[0].claim_id == note.claim_id
        if engine.dialect.name == "sqlite":
            triggers = session.scalars(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            ).all()
            assert "claim_search_ai" in triggers


def test_reimporting_the_same_files_changes_nothing(engine: Engine) -> None:
    first = run(engine, NOTES, STATUS, RATINGS)
    before = row_counts(engine)
    with Session(engine) as session:
        claims_before = session.execute(select(Claim.id, Claim.text, Claim.updated_at)).all()
    second = run(engine, RATINGS, STATUS, NOTES)
    assert row_counts(engine) == before
    with Session(engine) as session:
        assert session.execute(select(Claim.id, Claim.text, Claim.updated_at)).all() == (
            claims_before
        )
    assert first.changed
    assert not second.changed
    assert second.event_id is None
    for kind, counts in second.counts.items():
        assert (counts.inserted, counts.updated, counts.rejected) == (0, 0, 0), kind
    assert second.counts[FileKind.NOTES].unchanged == 26
    assert second.total.unchanged == sum(c.unchanged for c in second.counts.values())


def test_one_event_records_the_whole_import(engine: Engine) -> None:
    result = run(engine, NOTES, STATUS, RATINGS)
    with Session(engine) as session:
        imports = session.scalars(select(Event).where(Event.action == EVENT_ACTION)).all()
        assert [e.id for e in imports] == [result.event_id]
        (event,) = imports
        assert event.record_type is RecordType.IMPORT
        assert event.actor == "importer"
        assert event.payload is not None
        assert '"notes":{"inserted":26' in event.payload
        assert str(NOTES) in event.payload
        assert str(RATINGS) in event.payload
        # Besides it, only the contributors entity's creation: no event per note.
        others = session.scalars(select(Event.action).where(Event.action != EVENT_ACTION)).all()
        assert others == ["entity.created"]


def test_small_batches_and_a_repeated_note_give_the_same_result(
    engine: Engine, tmp_path: Path
) -> None:
    header, rows = table(NOTES)
    repeated = write(tmp_path / "notes.tsv", header, *rows, rows[3], rows[0])
    result = run(engine, repeated, batch_size=4)
    counts = result.counts[FileKind.NOTES]
    assert (counts.rows, counts.inserted, counts.unchanged) == (28, 26, 2)
    with Session(engine) as session:
        assert session.scalar(select(func.count(CommunityNote.id))) == 26
        assert session.scalar(select(func.count(ClaimLink.id))) == 26


def test_notes_attach_to_a_claim_captured_from_the_post(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        captured = add_claim(
            session,
            ClaimInput(
                text="Photo shows BLM tweet about starting to get the feeling",
                source=SourceInput(url=post_url("1353031711349739523")),
            ),
            actor="alice",
        ).claim.id
    run(engine, NOTES)
    with Session(engine) as session:
        note = session.scalars(
            select(CommunityNote).where(CommunityNote.note_id == "1354870745806086150")
        ).one()
        link = session.scalars(
            select(ClaimLink).where(ClaimLink.from_claim_id == note.claim_id)
        ).one()
        assert link.to_claim_id == captured
        assert not session.scalars(
            select(Claim).where(Claim.text == post_claim_text("1353031711349739523"))
        ).all()


def test_imported_claims_start_as_captured_claims_do(engine: Engine) -> None:
    # The import writes its claims and appearances in bulk, add_claim through the ORM: both
    # take their columns and first values from services.claim_values.
    with Session(engine) as session, session.begin():
        add_claim(
            session,
            ClaimInput(
                text="A claim captured by hand", source=SourceInput(url="https://a.example/")
            ),
            actor="importer",
        )
    run(engine, NOTES)

    def start(claim: Claim) -> tuple[Any, ...]:
        return (
            claim.status,
            claim.language,
            claim.assignee,
            claim.dismissal_reason,
            claim.duplicate_of_id,
            claim.created_by,
            claim.updated_by,
            claim.text_hash == text_hash(claim.text),
            str(uuid.UUID(claim.public_id)) == claim.public_id,
        )

    with Session(engine) as session:
        claims = session.scalars(select(Claim).order_by(Claim.id)).all()
        captured, imported = claims[0], claims[1:]
        assert len(imported) > 26  # the notes' claims and their posts'
        assert {start(claim) for claim in imported} == {start(captured)}
        assert len({claim.public_id for claim in claims}) == len(claims)
        appearances = session.scalars(select(Appearance).order_by(Appearance.id)).all()
        assert {(a.created_by, a.is_first) for a in appearances[1:]} == {("importer", True)}


def test_a_changed_note_is_updated_in_place(engine: Engine, tmp_path: Path) -> None:
    run(engine, NOTES)
    header, rows = table(NOTES)
    row = next(r for r in rows if r[0] == "1354891631980204040")
    # A later release restores the character the 2021 file lost, and the note was reclassified.
    fixed = [*row[:4], "NOT_MISLEADING", *row[5:21], row[21].replace("one?s", "one’s")]
    fixed[21] += " https://example.org/free-speech"
    run(engine, write(tmp_path / "notes.tsv", header, fixed))
    with Session(engine) as session:
        note = session.scalars(
            select(CommunityNote).where(CommunityNote.note_id == "1354891631980204040")
        ).one()
        claim = session.get_one(Claim, note.claim_id)
        assert claim.text.startswith("No one’s free speech")
        assert claim.appearances[0].quote == claim.text
        link = session.scalars(select(ClaimLink).where(ClaimLink.from_claim_id == claim.id)).one()
        assert link.link_type is LinkType.SUPPORTS
        assert search.search(session, "free speech")[0].claim_id == claim.id
        assert session.scalars(
            select(Evidence.stance)
            .join(Source)
            .where(Source.url == "https://example.org/free-speech")
        ).all() == [Stance.SUPPORTS]
        (event,) = session.scalars(
            select(Event).where(Event.action == EVENT_ACTION).order_by(Event.id.desc()).limit(1)
        )
        assert event.payload is not None
        assert '"updated":1' in event.payload


def test_a_note_without_text_gets_a_placeholder(engine: Engine, tmp_path: Path) -> None:
    header, rows = table(NOTES)
    run(engine, write(tmp_path / "n.tsv", header, [*rows[0][:21], ""]))
    with Session(engine) as session:
        claim = session.scalars(select(Claim).where(Claim.claimant_id.is_not(None))).one()
        assert claim.text == f"Community Note {rows[0][0]} (published without text)"
        assert claim.appearances[0].quote is None


# ---------------------------------------------------------------------------- bad rows


def bad_notes(tmp_path: Path) -> Path:
    header, rows = table(NOTES)
    return write(
        tmp_path / "notes.tsv",
        header,
        rows[0],
        rows[1][:-1],  # a column short
        ["x" + rows[2][0], *rows[2][1:]],  # not a number
        [*rows[3][:4], "MISLEADING", *rows[3][5:]],  # unknown classification
        rows[4],
    )


def test_bad_rows_are_skipped_and_reported(engine: Engine, tmp_path: Path) -> None:
    path = bad_notes(tmp_path)
    rejected: list[str] = []
    result = run(engine, path, rejected=rejected)
    assert rejected == [
        f"{path}:3: expected 22 columns, found 21",
        f"{path}:4: noteId 'x{table(NOTES)[1][2][0]}' is not a number",
        f"{path}:5: unknown classification 'MISLEADING'",
    ]
    counts = result.counts[FileKind.NOTES]
    assert (counts.rows, counts.inserted, counts.rejected) == (5, 2, 3)


def test_strict_stops_at_the_first_bad_row_and_nothing_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    before = row_counts(engine)
    path = bad_notes(tmp_path)
    with pytest.raises(InvalidInput) as caught:
        # Batches of one: the good first row is already flushed when the bad one comes.
        run(engine, NOTES, path, strict=True, batch_size=1)
    assert str(caught.value) == f"{path}:3: expected 22 columns, found 21"
    assert row_counts(engine) == before


def test_a_note_moved_to_another_post_is_rejected(engine: Engine, tmp_path: Path) -> None:
    run(engine, NOTES)
    header, rows = table(NOTES)
    moved = write(
        tmp_path / "n.tsv", header, [rows[0][0], rows[0][1], rows[0][2], "1", *rows[0][4:]]
    )
    rejected: list[str] = []
    result = run(engine, moved, rejected=rejected)
    assert rejected == [f"{moved}:2: note {rows[0][0]} is recorded on post {rows[0][3]}, not 1"]
    assert result.counts[FileKind.NOTES].rejected == 1


# ------------------------------------------------------------------------------ statuses


def statuses(engine: Engine) -> dict[str, tuple[str | None, datetime | None, list[Any]]]:
    with Session(engine) as session:
        notes = session.scalars(select(CommunityNote)).all()
        history: dict[int, list[Any]] = {}
        for status in session.scalars(select(CommunityNoteStatus).order_by(CommunityNoteStatus.id)):
            history.setdefault(status.community_note_id, []).append(
                (status.status, status.changed_at)
            )
        return {
            n.note_id: (n.current_status, n.status_changed_at, history.get(n.id, [])) for n in notes
        }


def test_statuses_of_imported_notes_are_kept(engine: Engine) -> None:
    result = run(engine, STATUS, NOTES)  # applied after the notes whatever the order
    counts = result.counts[FileKind.STATUS]
    _header, rows = table(STATUS)
    in_slice = {n["noteId"] for n in slice_notes()}
    about_slice = [r for r in rows if r[0] in in_slice]
    with_status = [r for r in about_slice if r[6]]
    assert counts.inserted == len(with_status)
    assert counts.unchanged == len(about_slice) - len(with_status)  # empty status: no change
    assert counts.skipped == len(rows) - len(about_slice)
    found = statuses(engine)
    for row in about_slice:
        current, changed_at, history = found[row[0]]
        assert current == (row[6] or None)
        assert changed_at is None  # -1 in the 2022 file
        assert history == ([(row[6], None)] if row[6] else [])


def newer_status_file(tmp_path: Path, when: datetime) -> Path:
    """The slice's rows in the current layout, as a later snapshot: every note scored."""
    path = relayout(STATUS, tmp_path / "noteStatusHistory-00000.tsv", CURRENT_STATUS)
    header, rows = table(path)
    at = {name: header.index(name) for name in header}
    millis = str(int(when.timestamp() * 1000))
    for row in rows:
        row[at["firstNonNMRStatus"]] = "CURRENTLY_RATED_HELPFUL"
        row[at["timestampMillisOfFirstNonNMRStatus"]] = millis
        row[at["currentStatus"]] = "CURRENTLY_RATED_HELPFUL"
        row[at["timestampMillisOfCurrentStatus"]] = millis
        row[at["lockedStatus"]] = "CURRENTLY_RATED_HELPFUL"
    return write(path, header, *rows)


def test_a_newer_status_file_moves_statuses_and_keeps_history(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, NOTES, STATUS)
    before = statuses(engine)
    when = datetime(2024, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)
    newer = newer_status_file(tmp_path, when)
    result = run(engine, newer)
    counts = result.counts[FileKind.STATUS]
    in_file = {r[0] for r in table(STATUS)[1]}
    scored = [n for n in before if n in in_file]
    had_status = [n for n in scored if before[n][0]]
    assert counts.updated == len(had_status)
    assert counts.inserted == len(scored) - len(had_status)
    after = statuses(engine)
    for note_id, (current, changed_at, history) in after.items():
        if note_id not in in_file:
            continue
        assert (current, changed_at) == ("CURRENTLY_RATED_HELPFUL", when)
        # What the note held before stays, followed by the new status.
        assert history == [*before[note_id][2], ("CURRENTLY_RATED_HELPFUL", when)]
    # The same newer file again: nothing changes.
    again = run(engine, newer).counts[FileKind.STATUS]
    assert (again.inserted, again.updated) == (0, 0)
    # An older snapshot imported late cannot move a dated status back.
    (tmp_path / "old").mkdir()
    older = newer_status_file(tmp_path / "old", when - timedelta(days=30))
    older.write_text(
        older.read_text().replace("CURRENTLY_RATED_HELPFUL", "CURRENTLY_RATED_NOT_HELPFUL")
    )
    run(engine, older)
    moved_back = statuses(engine)
    assert {c for c, _, _ in moved_back.values() if c} == {"CURRENTLY_RATED_HELPFUL"}
    assert any(
        ("CURRENTLY_RATED_NOT_HELPFUL", when - timedelta(days=30)) in h
        for _, _, h in moved_back.values()
    )


# ------------------------------------------------------------------------------- ratings


def expected_ratings() -> dict[str, tuple[int, int, int]]:
    header, rows = table(RATINGS)
    helpful, not_helpful = header.index("helpful"), header.index("notHelpful")
    tally: dict[str, list[int]] = {}
    for row in rows:
        counts = tally.setdefault(row[0], [0, 0, 0])
        counts[0] += row[helpful] == "1"
        counts[2] += row[helpful] != "1" and row[not_helpful] == "1"
    return {note: (h, s, n) for note, (h, s, n) in tally.items()}


def helpfulness(engine: Engine) -> dict[str, tuple[int, int, int]]:
    with Session(engine) as session:
        return {
            n.note_id: (n.helpful_count, n.somewhat_helpful_count, n.not_helpful_count)
            for n in session.scalars(select(CommunityNote))
        }


def test_ratings_are_tallied_per_note(engine: Engine) -> None:
    result = run(engine, RATINGS, NOTES)
    expected = expected_ratings()
    found = helpfulness(engine)
    imported = {note: counts for note, counts in expected.items() if note in found}
    assert len(imported) >= 6
    for note, counts in found.items():
        assert counts == imported.get(note, (0, 0, 0)), note
    counts = result.counts[FileKind.RATINGS]
    assert counts.rows == 65
    assert counts.skipped == len(expected) - len(imported)  # rated notes not imported
    assert counts.updated + counts.unchanged == len(imported)


def test_a_newer_ratings_file_replaces_the_counts(engine: Engine, tmp_path: Path) -> None:
    run(engine, NOTES, RATINGS)
    path = relayout(RATINGS, tmp_path / "ratings-00000.tsv", CURRENT_RATINGS)
    header, rows = table(path)
    level = header.index("helpfulnessLevel")
    note = "1362116840307236864"
    mine = [r for r in rows if r[0] == note]
    for row in mine:
        row[level] = "SOMEWHAT_HELPFUL"
    write(path, header, *mine)
    result = run(engine, path)
    assert helpfulness(engine)[note] == (0, len(mine), 0)
    assert (result.counts[FileKind.RATINGS].updated, result.counts[FileKind.RATINGS].rows) == (
        1,
        len(mine),
    )


def test_rejected_rows_print_as_file_line_reason(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "r.tsv", ["noteId", "helpfulnessLevel"], ["12", "HELPFUL"], ["1e3", ""])
    seen: list[BadRow] = []
    with Session(engine) as session, session.begin():
        import_files(session, [open_file(path)], actor="a", on_rejected=seen.append)
    assert [str(b) for b in seen] == [f"{path}:3: noteId '1e3' is not a number"]


def test_progress_reaches_every_byte_of_every_file(engine: Engine) -> None:
    # What the command's progress bar is fed: it must end at the files' total size.
    seen: list[int] = []
    run(engine, NOTES, STATUS, RATINGS, on_progress=seen.append, batch_size=7)
    assert sum(seen) == sum(path.stat().st_size for path in (NOTES, STATUS, RATINGS))
    assert len(seen) > 6  # reported batch by batch, not once at the end
    assert all(step > 0 for step in seen)


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "row_by_row"])
def test_report_summaries_follow_an_import_in_bulk_or_row_by_row(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    refills: list[bool] = []
    real_refill = summaries.refill

    def refill(connection: Any, *, recompute: bool = True) -> None:
        refills.append(recompute)
        real_refill(connection, recompute=recompute)

    monkeypatch.setattr(summaries, "refill", refill)
    if not bulk:
        # A database far larger than the files: the triggers keep the summaries.
        monkeypatch.setattr(community_notes_service, "BYTES_PER_NOTE", 10**12)
    run(engine, NOTES, STATUS, RATINGS)
    assert refills == ([True] if bulk else [])
    # Again: nothing changes, nothing is recomputed; the triggers come back all the same.
    run(engine, NOTES, STATUS, RATINGS)
    assert refills == ([True, False] if bulk else [])
    assert_views_match_reference(engine, "after a Community Notes import", allow_empty=True)
    # The triggers are in place after the run: a later edit reaches the summaries.
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM claim_link WHERE id = (SELECT min(id) FROM claim_link)"))
    assert_views_match_reference(engine, "after an edit that followed", allow_empty=True)
