"""`claim report NAME`: every named report in every format, its filters, charts and row limits."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtracker.cli import report as report_module
from claimtracker.cli.report import SCREEN_ROWS
from claimtracker.reports.catalog import REPORTS
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids


def _publish(claim: Claim, claim_id: str, rating: str) -> None:
    for args, user in (
        (("assign", claim_id, "--to", "bob"), "ann"),
        (
            (
                "verify",
                claim_id,
                "--rating",
                rating,
                "--rationale",
                "Checked against the sources.",
                "--evidence",
                "https://x.com/i/status/1883291525478129828",
            ),
            "bob",
        ),
        (("approve", claim_id), "carol"),
    ):
        result = claim(*args, user=user)
        assert result.exit_code == 0, result.stderr


@pytest.fixture
def dossier(claim: Claim) -> dict[str, str]:
    """The seed dossier with two published verdicts."""
    ids = seed_ids(claim)
    _publish(claim, ids["khosla-psyop"], "false")
    _publish(claim, ids["deepseek-training-cost-5-6m"], "misleading")
    return ids


def _json(claim: Claim, *args: str) -> list[dict[str, object]]:
    result = claim("report", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def test_without_a_name_every_report_is_listed(claim: Claim) -> None:
    listed = claim("report", "--format", "table").stdout.splitlines()
    assert [line.split()[0] for line in listed] == list(REPORTS)
    assert "[--since/--until: the month the verdict was published" in listed[2]
    catalogue = json.loads(claim("report", "--format", "json").stdout)
    assert [r["name"] for r in catalogue] == list(REPORTS)
    overview = catalogue[0]
    assert overview["columns"][:2] == ["claim_id", "public_id"]
    assert overview["dates"].startswith("the day the claim was captured")
    assert (overview["claimant_filter"], overview["chart"]) == (True, False)
    tsv = list(csv.reader(io.StringIO(claim("report", "--format", "tsv").stdout), "excel-tab"))
    assert tsv[0][:4] == ["name", "view", "description", "dates"]


def test_the_date_each_report_filters_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    for report in REPORTS.values():
        said = report.dates or "no date: refused"
        assert f"| `{report.name}` | {said} |" in docs, report.name
        # Every report with dates is named in the command's own help.
        if report.dates:
            assert report.name in (report_module.report.help or "")


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_gives_the_same_rows_in_every_format(
    claim: Claim, dossier: dict[str, str], name: str
) -> None:
    columns = list(REPORTS[name].columns)
    rows = _json(claim, name)
    assert rows, f"{name} is empty after the seed dossier went through review"
    assert all(list(row) == columns for row in rows)
    jsonl = claim("report", name, "--format", "jsonl").stdout
    assert [json.loads(line) for line in jsonl.splitlines()] == rows
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = claim("report", name, "--format", fmt).stdout
        parsed = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert parsed[0] == columns
        assert len(parsed) == len(rows) + 1
    table = claim("report", name, "--format", "table").stdout.splitlines()
    assert table[0].split() == columns
    assert len(table) == len(rows) + 2  # header, rule, one line per row


def test_the_rebuttal_map_shows_the_note_against_the_psyop_claim(
    claim: Claim, dossier: dict[str, str]
) -> None:
    rows = _json(claim, "rebuttal-map")
    psyop = int(dossier["khosla-psyop"])
    answers = [r for r in rows if r["claim_id"] == psyop and r["link_type"] == "rebuts"]
    assert answers, rows
    assert {r["responding_claimant"] for r in answers} == {"Community Notes contributors"}


def test_claimant_filter_is_case_insensitive_and_exact(
    claim: Claim, dossier: dict[str, str]
) -> None:
    rows = _json(claim, "claim-overview", "--claimant", "neal khosla")
    assert [r["claim_id"] for r in rows] == [int(dossier["khosla-psyop"])]
    assert _json(claim, "claim-overview", "--claimant", "Neal") == []
    # Reports with and without the claimant's id in their view filter alike.
    for name in ("claimant-record", "review-queue", "rebuttal-map"):
        every = _json(claim, name)
        who = str(next(r["claimant"] for r in every if r["claimant"]))
        wanted = [r for r in every if str(r["claimant"]).lower() == who.lower()]
        assert _json(claim, name, "--claimant", who.upper()) == wanted


def test_date_filters_follow_the_dates_people_type(claim: Claim, dossier: dict[str, str]) -> None:
    everything = _json(claim, "verdicts-by-month")
    assert sum(int(str(r["verdicts"])) for r in everything) == 2
    assert _json(claim, "verdicts-by-month", "--since", "2999") == []
    assert _json(claim, "verdicts-by-month", "--until", "January 2000") == []
    assert _json(claim, "claim-overview", "--since", "yesterday") == _json(claim, "claim-overview")
    assert _json(claim, "claim-overview", "--until", "1 Jan 2001") == []


def test_filters_a_report_cannot_take_are_refused(claim: Claim, dossier: dict[str, str]) -> None:
    assert_one_line_error(
        claim("report", "claimant-record", "--since", "2025"), "has no dates to filter"
    )
    assert_one_line_error(
        claim("report", "verdicts-by-month", "--claimant", "x"), "has no claimant to filter"
    )
    assert_one_line_error(
        claim("report", "claim-overview", "--since", "the day after never"), "the day after never"
    )
    assert claim("report", "claim-overview", "--chart").exit_code == 2
    assert claim("report", "claim-overview", "--limit", "0").exit_code == 2


def test_chart_draws_one_bar_per_label(claim: Claim, dossier: dict[str, str]) -> None:
    result = claim("report", "claimant-record", "--chart")
    assert result.exit_code == 0, result.stderr
    bars = {line.split("  ")[0].strip(): line for line in result.stdout.splitlines()}
    # Neal Khosla has one claim rated false: the longest bar; claimants with none have no bar.
    assert "█" in bars["Neal Khosla"]
    assert bars["Neal Khosla"].rstrip().endswith(" 1")
    assert "█" not in bars["Yann LeCun"]


def test_a_limit_stops_early_and_says_so_on_stderr(claim: Claim, dossier: dict[str, str]) -> None:
    everything = _json(claim, "claim-overview")
    result = claim("report", "claim-overview", "--limit", "3", "--format", "jsonl")
    assert [json.loads(line) for line in result.stdout.splitlines()] == everything[:3]
    assert "stopped at 3 rows" in result.stderr
    exact = claim("report", "claim-overview", "--limit", str(len(everything)), "--format", "csv")
    assert "stopped" not in exact.stderr


def test_a_table_shows_one_screenful_by_default_and_other_formats_every_row(
    claim: Claim, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_module, "SCREEN_ROWS", 2)
    for text in ("One claim", "Another claim", "A third claim"):
        assert claim("add", text).exit_code == 0
    table = claim("report", "claim-overview", "--format", "table")
    assert len(table.stdout.splitlines()) == 2 + 2
    assert "stopped at 2 rows" in table.stderr
    assert "--format csv" in table.stderr
    assert len(_json(claim, "claim-overview")) == 3
    assert len(_json(claim, "claim-overview", "--limit", "2")) == 2
    assert SCREEN_ROWS >= 100  # a real screenful, not the test's two


def test_ad_hoc_sql_streams_every_row_unless_limited(claim: Claim) -> None:
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
        "SELECT i FROM n ORDER BY i"
    )
    lines = claim("report", "--sql", query, "--format", "tsv").stdout.splitlines()
    assert lines[0] == "i"
    assert lines[1:] == [str(i) for i in range(1, 2501)]
    limited = claim("report", "--sql", query, "--format", "csv", "--limit", "1500")
    assert limited.stdout.splitlines()[-1] == "1500"
    assert "stopped at 1,500 rows" in limited.stderr


def test_cells_are_written_alike_in_every_format(claim: Claim) -> None:
    # Numbers, text, empty cells and timestamps (SQLite gives them as text; a column whose
    # name ends in _at is read as a UTC time, a date alone as its midnight).
    query = (
        "SELECT 1 AS i, 2.5 AS f, 'text, with a comma' AS s, NULL AS n, "
        "'2025-01-27 10:00:00.000000' AS created_at, '2025-01-27' AS day_at, "
        "'not a time' AS other_at"
    )
    expected = {
        "i": 1,
        "f": 2.5,
        "s": "text, with a comma",
        "n": None,
        "created_at": "2025-01-27T10:00:00+00:00",
        "day_at": "2025-01-27T00:00:00+00:00",
        "other_at": "not a time",
    }
    assert _json(claim, "--sql", query) == [expected]
    jsonl = claim("report", "--sql", query, "--format", "jsonl").stdout
    assert [json.loads(line) for line in jsonl.splitlines()] == [expected]
    as_text = ["1", "2.5", "text, with a comma", "", *list(expected.values())[4:]]
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = claim("report", "--sql", query, "--format", fmt).stdout
        assert list(csv.reader(io.StringIO(text), delimiter=delimiter)) == [
            list(expected),
            as_text,
        ]


def test_an_error_while_reading_rows_is_one_line(claim: Claim, backend: str) -> None:
    # The division fails on the 1,500th row, after the first batches went out.
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
        "SELECT 1 / (1500 - i) AS x FROM n"
    )
    if backend == "sqlite":
        # SQLite divides by zero into NULL; a malformed JSON argument is its runtime error.
        query = query.replace("1 / (1500 - i)", "json(CASE WHEN i = 1500 THEN '{' ELSE '1' END)")
    result = claim("report", "--sql", query, "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: SQL error")
    assert "Traceback" not in result.stderr


def test_command_line_mistakes_are_found_before_the_database_is_opened(tmp_path: Path) -> None:
    nowhere = Claim(db=str(tmp_path / "no such folder" / "claims.db"), runner=CliRunner())
    assert nowhere("report", "claim-overview", "--chart").exit_code == 2
    assert nowhere("report", "--sql", "SELECT 1", "--since", "2025").exit_code == 2
    assert_one_line_error(nowhere("report", "no-such-report"), "no report 'no-such-report'")
    assert_one_line_error(nowhere("report", "claim-overview", "--since", "never ever"), "never")


def test_a_reader_that_stops_early_ends_the_command_quietly(db_url: str) -> None:
    # `claim report … | head -1`: the pipe closes while rows are still being written.
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
        "SELECT i, 'a row long enough to fill the pipe quickly' AS padding FROM n"
    )
    command = [sys.executable, "-m", "claimtracker", "--db", db_url, "report", "--sql", query]
    process = subprocess.Popen(
        [*command, "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"i,padding\n"
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stderr == b""
