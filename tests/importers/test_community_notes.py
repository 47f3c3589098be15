"""Reading Community Notes files: layouts, quirks and bad rows, on slices of the real files.

The slices in tests/data/community_notes/ are byte-exact rows of the public files (see the
README there). Other layouts are the same real rows rewritten under another header, as X
published them over the years.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimtracker.enums import NoteClassification
from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes import (
    BadRow,
    FileKind,
    Helpfulness,
    NoteRow,
    RatingRow,
    StatusRow,
    detect_kind,
    find_urls,
    note_url,
    open_file,
    post_url,
    snowflake_time,
)
from claimtracker.urls import normalise_url

DATA = Path(__file__).resolve().parents[1] / "data" / "community_notes"
NOTES = DATA / "notes-2021-slice.tsv"
STATUS = DATA / "noteStatusHistory-2022-slice.tsv"
RATINGS = DATA / "ratings-2021-slice.tsv"

# The current layouts, as the open-source scorer names them (scoring/src/scoring/constants.py).
CURRENT_NOTES = [
    "noteId", "noteAuthorParticipantId", "createdAtMillis", "tweetId", "classification",
    "believable", "harmful", "validationDifficulty", "misleadingOther", "misleadingFactualError",
    "misleadingManipulatedMedia", "misleadingOutdatedInformation",
    "misleadingMissingImportantContext", "misleadingUnverifiedClaimAsFact", "misleadingSatire",
    "notMisleadingOther", "notMisleadingFactuallyCorrect",
    "notMisleadingOutdatedButNotWhenWritten", "notMisleadingClearlySatire",
    "notMisleadingPersonalOpinion", "trustworthySources", "summary", "isMediaNote",
    "isCollaborativeNote",
]  # fmt: skip
CURRENT_STATUS = [
    "noteId", "noteAuthorParticipantId", "createdAtMillis", "timestampMillisOfFirstNonNMRStatus",
    "firstNonNMRStatus", "timestampMillisOfCurrentStatus", "currentStatus",
    "timestampMillisOfLatestNonNMRStatus", "mostRecentNonNMRStatus",
    "timestampMillisOfStatusLock", "lockedStatus", "timestampMillisOfRetroLock",
    "currentCoreStatus", "currentExpansionStatus", "currentGroupStatus", "currentDecidedBy",
    "currentModelingGroup", "timestampMillisOfMostRecentStatusChange",
    "timestampMillisOfNmrDueToMinStableCrhTime", "currentMultiGroupStatus",
    "currentModelingMultiGroup", "timestampMinuteOfFinalScoringOutput",
    "timestampMillisOfFirstNmrDueToMinStableCrhTime", "abovePcrhThresholdTime",
]  # fmt: skip
CURRENT_RATINGS = [
    "noteId", "raterParticipantId", "createdAtMillis", "version", "agree", "disagree", "helpful",
    "notHelpful", "helpfulnessLevel", "helpfulOther", "helpfulInformative", "helpfulClear",
    "helpfulEmpathetic", "helpfulGoodSources", "helpfulUniqueContext", "helpfulAddressesClaim",
    "helpfulImportantContext", "helpfulUnbiasedLanguage", "notHelpfulOther",
    "notHelpfulIncorrect", "notHelpfulSourcesMissingOrUnreliable",
    "notHelpfulOpinionSpeculationOrBias", "notHelpfulMissingKeyPoints", "notHelpfulOutdated",
    "notHelpfulHardToUnderstand", "notHelpfulArgumentativeOrBiased", "notHelpfulOffTopic",
    "notHelpfulSpamHarassmentOrAbuse", "notHelpfulIrrelevantSources",
    "notHelpfulOpinionSpeculation", "notHelpfulNoteNotNeeded", "ratedOnTweetId",
    "ratingSourceBucketed", "suggestion", "suggestionId",
]  # fmt: skip
# Older spellings of the same columns, for rewriting the 2021-2022 rows.
RENAMED = {
    "noteAuthorParticipantId": "participantId",
    "raterParticipantId": "participantId",
    "timestampMillisOfLatestNonNMRStatus": "timestampMillisOfMostRecentNonNMRStatus",
}


def table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a TSV file, split as the format says (tabs, no quoting)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


def relayout(
    source: Path, target: Path, header: list[str], fill: dict[str, str] | None = None
) -> Path:
    """Write the rows of ``source`` under ``header``: columns found by (old) name, others
    from ``fill`` or empty."""
    old_header, rows = table(source)
    where = {name: i for i, name in enumerate(old_header)}
    lines = ["\t".join(header)]
    for row in rows:
        cells = []
        for name in header:
            i = where.get(name, where.get(RENAMED.get(name, "")))
            cells.append(row[i] if i is not None else (fill or {}).get(name, ""))
        lines.append("\t".join(cells))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def write(path: Path, header: list[str], *rows: list[str], end: str = "\n") -> Path:
    path.write_text(end.join("\t".join(r) for r in [header, *rows]) + end, encoding="utf-8")
    return path


def notes_of(path: Path) -> list[NoteRow]:
    rows = list(open_file(path).note_rows())
    assert not [r for r in rows if isinstance(r, BadRow)]
    return [r for r in rows if isinstance(r, NoteRow)]


# ------------------------------------------------------------------------------ detection


def test_each_slice_is_recognised_from_its_header() -> None:
    assert open_file(NOTES).kind is FileKind.NOTES
    assert open_file(STATUS).kind is FileKind.STATUS
    assert open_file(RATINGS).kind is FileKind.RATINGS


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (CURRENT_NOTES, FileKind.NOTES),
        (CURRENT_STATUS, FileKind.STATUS),
        (CURRENT_RATINGS, FileKind.RATINGS),
        # The documentation's spellings.
        (["noteId", "participantId", "latestNonNMRStatus", "currentStatus"], FileKind.STATUS),
        (["participantId", "enrollmentState", "successfulRatingNeededToEarnIn"], None),
        (["noteId", "participantId", "createdAtMillis"], None),
    ],
)
def test_kind_is_detected_from_header_names(header: list[str], kind: FileKind | None) -> None:
    assert detect_kind(header) is kind


def test_a_file_of_another_kind_is_refused_in_one_line(tmp_path: Path) -> None:
    # The header and first row of userEnrollment-00000.tsv (early 2023).
    path = write(
        tmp_path / "userEnrollment-00000.tsv",
        [
            "participantId",
            "enrollmentState",
            "successfulRatingNeededToEarnIn",
            "timestampOfLastStateChange",
            "timestampOfLastEarnOut",
        ],
        [
            "E786F29F77E52D959A2604701A9A4F491B0BA83687E515C1ED08AA9339540B18",
            "earnedIn",
            "5",
            "1677699101556",
            "1",
        ],
    )
    with pytest.raises(InvalidInput, match="not a Community Notes notes") as caught:
        open_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    header, rows = table(NOTES)
    keep = [i for i, name in enumerate(header) if name not in ("noteId", "tweetId")]
    path = write(tmp_path / "notes.tsv", [header[i] for i in keep], [rows[0][i] for i in keep])
    with pytest.raises(InvalidInput) as caught:
        open_file(path)
    assert str(caught.value) == f"{path}: missing required columns: noteId, tweetId"


def test_ratings_need_helpfulness_in_one_of_its_forms(tmp_path: Path) -> None:
    path = write(tmp_path / "r.tsv", ["noteId", "raterParticipantId", "agree", "helpful"])
    with pytest.raises(InvalidInput, match=r"helpfulnessLevel \(or helpful and notHelpful\)"):
        open_file(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.tsv"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty file"):
        open_file(path)


# -------------------------------------------------------------------------------- notes


def test_notes_slice_reads_every_row_exactly() -> None:
    notes = notes_of(NOTES)
    assert len(notes) == 26
    first = notes[0]
    assert first.line == 2
    # 19-digit ids stay exact digit strings (a float would turn them into ...6150 -> ...6144).
    assert first.note_id == "1354870745806086150"
    assert first.tweet_id == "1353031711349739523"
    assert first.author == "7EDD07641861C52611BCEB9F9BE7CD21"
    assert first.created_at == datetime(2021, 1, 28, 19, 15, 32, 737000, tzinfo=UTC)
    assert first.classification is NoteClassification.MISINFORMED_OR_POTENTIALLY_MISLEADING
    assert first.reasons == (
        "misleadingFactualError,misleadingManipulatedMedia,misleadingMissingImportantContext,"
        "misleadingSatire"
    )
    # &amp; in the URL is decoded; the link is kept as a source.
    assert first.urls == (
        "https://twitter.com/search?q=i%27m%20starting%20to%20get%20the%20feelin%27%20"
        "(from%3Ablklivesmatter)&src=typed_query",
    )
    supporting = [n for n in notes if n.classification is NoteClassification.NOT_MISLEADING]
    assert len(supporting) == 6
    assert all(n.reasons and n.reasons.startswith("notMisleading") for n in supporting)


def test_html_entities_are_decoded_and_lost_characters_kept() -> None:
    by_id = {n.note_id: n for n in notes_of(NOTES)}
    quoted = by_id["1362117911503069186"]
    assert quoted.text.startswith('"Officials for the Electric Reliability Council of Texas')
    assert "&quot;" not in quoted.text
    # Early releases replaced every non-ASCII character by "?": kept, there is no way back.
    assert by_id["1354891631980204040"].text.startswith("No one?s free speech")


def test_current_layout_reads_the_same_notes(tmp_path: Path) -> None:
    current = relayout(NOTES, tmp_path / "notes-00000.tsv", CURRENT_NOTES, {"isMediaNote": "0"})
    assert open_file(current).kind is FileKind.NOTES
    assert [(n.note_id, n.author, n.reasons, n.text) for n in notes_of(current)] == [
        (n.note_id, n.author, n.reasons, n.text) for n in notes_of(NOTES)
    ]


def test_optional_columns_may_be_missing_and_extra_ones_are_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path / "n.tsv",
        ["summary", "somethingNew", "classification", "tweetId", "noteId"],
        ['He said "no" &amp; left', "x", "NOT_MISLEADING", "0042", "1354870745806086150"],
    )
    (note,) = notes_of(path)
    # A literal double quote is an ordinary character: the files are never quoted.
    assert note.text == 'He said "no" & left'
    assert note.tweet_id == "42"
    assert note.author is None
    assert note.created_at is None
    assert note.reasons is None  # the file says nothing about reasons


def test_line_endings_bom_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    header, rows = table(NOTES)
    path = tmp_path / "crlf.tsv"
    body = "\r\n".join("\t".join(r) for r in [header, rows[0], rows[1]]) + "\r\n\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    notes = notes_of(path)
    assert [n.note_id for n in notes] == [rows[0][0], rows[1][0]]
    assert not notes[0].text.endswith("\r")


def test_bad_rows_are_reported_with_their_line_and_reading_goes_on(tmp_path: Path) -> None:
    header, rows = table(NOTES)
    short = rows[1][:-1]
    letters = ["12345abc", *rows[2][1:]]
    unknown = [*rows[3][:4], "MAYBE_MISLEADING", *rows[3][5:]]
    flag = [*rows[4][:9], "yes", *rows[4][10:]]
    path = write(tmp_path / "bad.tsv", header, rows[0], short, letters, unknown, flag, rows[5])
    with path.open("ab") as out:
        out.write(b"\t".join(rows[6][i].encode() for i in range(21)) + b"\t\xff\xfe\n")
    result = list(open_file(path).note_rows())
    bad = [str(r) for r in result if isinstance(r, BadRow)]
    assert bad == [
        f"{path}:3: expected 22 columns, found 21",
        f"{path}:4: noteId '12345abc' is not a number",
        f"{path}:5: unknown classification 'MAYBE_MISLEADING'",
        f"{path}:6: misleadingFactualError must be 0 or 1, not 'yes'",
        f"{path}:8: not valid UTF-8 (byte {len(chr(9).join(rows[6][:21])) + 2} of the line)",
    ]
    assert [r.line for r in result if isinstance(r, NoteRow)] == [2, 7]


def test_a_note_without_text_is_read_with_empty_text(tmp_path: Path) -> None:
    header, rows = table(NOTES)
    path = write(tmp_path / "n.tsv", header, [*rows[0][:21], " "])
    (note,) = notes_of(path)
    assert note.text == ""
    assert note.urls == ()


# ----------------------------------------------------------------------------- statuses


def test_status_slice_reads_statuses_and_times() -> None:
    rows = list(open_file(STATUS).status_rows())
    assert all(isinstance(r, StatusRow) for r in rows)
    statuses = [r for r in rows if isinstance(r, StatusRow)]
    assert len(statuses) == 29
    empty = [r for r in statuses if r.current is None]
    assert len(empty) == 12  # an empty status is "no status", not an error
    timed = [r for r in statuses if r.current_at is not None]
    assert timed, "the slice keeps rows with real timestamps"
    for row in statuses:
        if row.current_at is None:
            # -1 means "no timestamp".
            assert row.first_at is None
    decided = next(r for r in timed if r.current == "NEEDS_MORE_RATINGS")
    assert decided.first == "CURRENTLY_RATED_HELPFUL"
    assert decided.history()[0] == ("CURRENTLY_RATED_HELPFUL", decided.first_at)
    assert decided.history()[-1] == ("NEEDS_MORE_RATINGS", decided.current_at)


def test_current_status_layout_and_double_timestamps(tmp_path: Path) -> None:
    path = relayout(STATUS, tmp_path / "noteStatusHistory-00000.tsv", CURRENT_STATUS)
    assert list(open_file(path).status_rows()) == list(open_file(STATUS).status_rows())
    doubles = write(
        tmp_path / "s.tsv",
        ["noteId", "currentStatus", "timestampMillisOfCurrentStatus"],
        ["1", "CURRENTLY_RATED_HELPFUL", "1.653505286808e12"],
        ["2", "CURRENTLY_RATED_HELPFUL", "1653505286808.0"],
        ["3", "", "0"],
        ["4", "", "nan"],
        ["5", "FIRM_REJECT", "-1.0"],
    )
    rows = [r for r in open_file(doubles).status_rows() if isinstance(r, StatusRow)]
    moment = datetime(2022, 5, 25, 19, 1, 26, 808000, tzinfo=UTC)
    assert [(r.current, r.current_at) for r in rows] == [
        ("CURRENTLY_RATED_HELPFUL", moment),
        ("CURRENTLY_RATED_HELPFUL", moment),
        (None, None),
        (None, None),
        # A status this reader has never seen is kept: Community Notes adds statuses.
        ("FIRM_REJECT", None),
    ]


def test_status_rows_with_bad_values_are_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path / "s.tsv",
        ["noteId", "currentStatus", "timestampMillisOfCurrentStatus"],
        ["1", "helpful!", "1"],
        ["2", "NEEDS_MORE_RATINGS", "soon"],
        ["3", "NEEDS_MORE_RATINGS", "9" * 30],
    )
    assert [str(r) for r in open_file(path).status_rows()] == [
        f"{path}:2: unknown currentStatus 'helpful!'",
        f"{path}:3: timestampMillisOfCurrentStatus 'soon' is not a timestamp",
        f"{path}:4: timestampMillisOfCurrentStatus '{'9' * 30}' is out of range",
    ]


# ------------------------------------------------------------------------------ ratings


def test_old_ratings_read_helpful_and_not_helpful() -> None:
    rows = [r for r in open_file(RATINGS).rating_rows() if isinstance(r, RatingRow)]
    assert len(rows) == 65
    levels = [r.level for r in rows]
    assert levels.count(Helpfulness.HELPFUL) == 47
    assert levels.count(Helpfulness.NOT_HELPFUL) == 15
    assert levels.count(None) == 3  # helpful = notHelpful = 0: no answer


def test_current_ratings_prefer_helpfulness_level(tmp_path: Path) -> None:
    path = relayout(RATINGS, tmp_path / "ratings-00000.tsv", CURRENT_RATINGS)
    header, rows = table(path)
    level = header.index("helpfulnessLevel")
    rows[0][level] = "SOMEWHAT_HELPFUL"
    rows[1][level] = "NOT_HELPFUL"  # wins over the old helpful=1 of this row
    rows[2][level] = "VERY_HELPFUL"
    write(path, header, *rows)
    result = list(open_file(path).rating_rows())
    assert str(result[2]) == f"{path}:4: unknown helpfulnessLevel 'VERY_HELPFUL'"
    good = [r for r in result if isinstance(r, RatingRow)]
    assert good[0].level is Helpfulness.SOMEWHAT_HELPFUL
    assert good[1].level is Helpfulness.NOT_HELPFUL
    # An empty level (version 1 ratings in the current file): the old pair decides.
    helpful, not_helpful = rows[3][header.index("helpful")], rows[3][header.index("notHelpful")]
    assert (helpful, not_helpful) == ("0", "1")
    assert good[2].level is Helpfulness.NOT_HELPFUL


# --------------------------------------------------------------------------------- urls


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("See https://example.com/a.", ["https://example.com/a"]),
        ("(source: https://example.com/b)", ["https://example.com/b"]),
        (
            "https://en.wikipedia.org/wiki/Mercury_(planet), also",
            ["https://en.wikipedia.org/wiki/Mercury_(planet)"],
        ),
        (
            "https://twitter.com/SomeOne/status/1353031711349739523?s=20 and "
            "https://mobile.twitter.com/i/web/status/1353031711349739523",
            ["https://x.com/i/status/1353031711349739523"],
        ),
        # What normalise_url refuses cannot be a source: no host, a password in the link.
        ("https://:80/ and https://user:secret@example.com/x", []),
        ("HTTPS://Example.COM/Path?utm_source=x&id=3", ["https://example.com/Path?id=3"]),
    ],
)
def test_urls_are_found_trimmed_and_normalised(text: str, urls: list[str]) -> None:
    assert list(find_urls(text)) == urls


def test_canonical_urls_are_already_normalised() -> None:
    for url in (post_url("1353031711349739523"), note_url("1354870745806086150")):
        assert normalise_url(url) == url


def test_snowflake_ids_carry_their_time() -> None:
    note = notes_of(NOTES)[0]
    assert note.created_at is not None
    made = snowflake_time(note.note_id)
    assert made is not None
    # The note's id was minted when it was written.
    assert abs((made - note.created_at).total_seconds()) < 5
    assert snowflake_time("20") is None  # pre-2010 ids are plain counters
