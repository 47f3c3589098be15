"""Language codes on SQLite and PostgreSQL: typed and imported codes stored in BCP 47 canonical
form, a code that is not one refused, and the language a script names inferred and marked.

Texts are real: Article 1 of the Universal Declaration of Human Rights from "UDHR in Unicode"
(tests/data/languages/README.md says where from).
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from claimtracker.models import Claim as ClaimRow
from claimtracker.models import Source
from tests.conftest import PgServer, assert_one_line_error
from tests.test_scripts import article_1

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from click.testing import Result
    from sqlalchemy.engine import Engine

    from tests.conftest import Claim

UDHR = article_1()


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _stored(engine: Engine, claim_id: str) -> tuple[str | None, bool]:
    with Session(engine) as session:
        row = session.get(ClaimRow, int(claim_id))
        assert row is not None
        return row.language, row.language_inferred


def _show(claim: Claim, claim_id: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_ok(claim("show", claim_id, "--format", "json")).stdout)
    return document


def test_a_typed_code_is_stored_and_shown_in_canonical_form(claim: Claim, engine: Engine) -> None:
    english = _ok(claim("add", "The vaccine was tested on 40,000 people", "--lang", "EN"))
    brazil = _ok(
        claim(
            "add",
            "A vacina foi testada em 40 mil pessoas",
            "--lang",
            "pt_BR",
            "--source",
            "https://www.example.com.br/vacina",
        )
    )
    english_id, brazil_id = english.stdout.strip(), brazil.stdout.strip()
    assert _stored(engine, english_id) == ("en", False)
    assert _stored(engine, brazil_id) == ("pt-BR", False)
    shown = _show(claim, brazil_id)
    assert (shown["language"], shown["language_inferred"]) == ("pt-BR", False)
    assert "· language: pt-BR" in _ok(claim("show", brazil_id)).stdout
    with Session(engine) as session:
        assert session.scalars(select(Source.language)).all() == ["pt-BR"]
    # The filter is normalised too: "En" finds the claim typed "EN".
    listed = json.loads(_ok(claim("list", "--lang", "En", "--format", "json")).stdout)
    assert [row["id"] for row in listed] == [int(english_id)]
    assert [
        r["id"]
        for r in json.loads(_ok(claim("list", "--lang", "pt-br", "--format", "json")).stdout)
    ] == [int(brazil_id)]


@pytest.mark.parametrize("bad", ["xx-!!", "english"])
def test_a_value_that_is_not_a_code_is_a_usage_error(
    claim: Claim, engine: Engine, bad: str
) -> None:
    result = claim("add", "The vaccine was tested on 40,000 people", "--lang", bad)
    assert_one_line_error(result, "'--lang'", repr(bad), "not a language code", exit_code=2)
    assert_one_line_error(claim("list", "--lang", bad), "not a language code", exit_code=2)
    with Session(engine) as session:
        assert session.scalars(select(ClaimRow)).all() == []


@pytest.mark.parametrize(
    ("sample", "language"),
    [("tel", "te"), ("sin", "si"), ("tam", "ta"), ("ell_monotonic", "el"), ("kat", "ka")],
)
def test_a_script_of_one_language_gives_it_inferred(
    claim: Claim, engine: Engine, sample: str, language: str
) -> None:
    claim_id = _ok(claim("add", UDHR[sample])).stdout.strip()
    assert _stored(engine, claim_id) == (language, True)
    shown = _show(claim, claim_id)
    assert (shown["language"], shown["language_inferred"]) == (language, True)
    assert f"language: {language} (inferred)" in _ok(claim("show", claim_id)).stdout
    table = _ok(claim("list", "--format", "table")).stdout
    assert f"{language} (inferred)" in table
    listed = json.loads(_ok(claim("list", "--lang", language, "--format", "json")).stdout)
    assert [row["id"] for row in listed] == [int(claim_id)]


@pytest.mark.parametrize("sample", ["hin", "arb", "rus"])
def test_a_shared_script_leaves_the_language_unknown(
    claim: Claim, engine: Engine, sample: str
) -> None:
    claim_id = _ok(claim("add", UDHR[sample])).stdout.strip()
    assert _stored(engine, claim_id) == (None, False)
    assert "language" not in _ok(claim("show", claim_id)).stdout.split("public id")[0]


def test_a_given_language_is_never_overridden_by_the_script(claim: Claim, engine: Engine) -> None:
    # A Telugu text catalogued as Sanskrit by its user stays so.
    claim_id = _ok(claim("add", UDHR["tel"], "--lang", "SA")).stdout.strip()
    assert _stored(engine, claim_id) == ("sa", False)


def _review(text: str, url: str, language: Any = None) -> dict[str, Any]:
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "datePublished": "2025-07-01",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "claimReviewed": text,
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    if language is not None:
        review["inLanguage"] = language
    return review


def test_claimreview_languages_are_normalised_or_inferred(
    claim: Claim, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.json"
    reviews = [
        _review("The vaccine was tested on 40,000 people", "https://f.example.org/1", "EN"),
        _review(UDHR["sin"], "https://f.example.org/2"),
        _review(UDHR["ben"], "https://f.example.org/3", {"@type": "Language", "name": "Bengali"}),
        _review(
            UDHR["rus"], "https://f.example.org/4", {"@type": "Language", "alternateName": "ru_RU"}
        ),
    ]
    path.write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    _ok(claim("import", "claimreview", str(path)))
    with Session(engine) as session:
        rows = session.execute(
            select(ClaimRow.language, ClaimRow.language_inferred).order_by(ClaimRow.id)
        ).all()
        pages = session.scalars(select(Source.language).order_by(Source.id)).all()
    # A Language node's name in words is not read as a code: the script speaks instead.
    assert [tuple(r) for r in rows] == [("en", False), ("si", True), ("bn", True), ("ru-RU", False)]
    assert pages == ["en", None, None, "ru-RU"]


def test_an_invalid_code_in_an_import_is_a_bad_item(
    claim: Claim, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.json"
    reviews = [
        _review("The vaccine was tested on 40,000 people", "https://f.example.org/1", "en"),
        _review("Masks do not work", "https://f.example.org/2", "english"),
    ]
    path.write_text(json.dumps(reviews), encoding="utf-8")
    result = claim("import", "claimreview", str(path))
    assert_one_line_error(result, f"{path} item 2", "inLanguage 'english' is not a language code")
    with Session(engine) as session:
        assert session.scalars(select(ClaimRow)).all() == []


def test_fact_check_tools_language_code_is_normalised(
    claim: Claim, engine: Engine, tmp_path: Path
) -> None:
    response = {
        "claims": [
            {
                "text": "A vacina foi testada em 40 mil pessoas",
                "claimReview": [
                    {
                        "publisher": {"name": "Example Checagem", "site": "checagem.example.org"},
                        "url": "https://checagem.example.org/vacina",
                        "textualRating": "Falso",
                        "languageCode": "pt_BR",
                    }
                ],
            },
            {
                "text": "Masks do not work",
                "claimReview": [
                    {
                        "publisher": {"name": "Example Check", "site": "check.example.org"},
                        "url": "https://check.example.org/masks",
                        "textualRating": "False",
                        "languageCode": "xx",
                    }
                ],
            },
        ]
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    result = claim("import", "claimreview", str(path))
    assert_one_line_error(result, f"{path} item 2", "languageCode 'xx' is not a language code")
    _ok(claim("import", "claimreview", str(path), "--skip-invalid"))
    with Session(engine) as session:
        assert session.scalars(select(ClaimRow.language)).all() == ["pt-BR"]


@pytest.fixture
def other_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, empty database on the same backend."""
    if backend == "sqlite":
        yield str(tmp_path / "other.db")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    yield server.create(name)
    server.drop(name)


def test_a_dump_restores_with_canonical_codes(
    claim: Claim, engine: Engine, tmp_path: Path, other_db: str
) -> None:
    claim_id = _ok(claim("add", "The vaccine was tested on 40,000 people", "--lang", "en")).stdout
    dump = tmp_path / "dump.jsonl"
    _ok(claim("export", "jsonl", "-o", str(dump)))
    # A dump written before this revision, or by hand, may hold "EN".
    text = dump.read_text(encoding="utf-8").replace('"language":"en"', '"language":"EN"')
    assert '"language":"EN"' in text
    dump.write_text(text, encoding="utf-8")
    target = type(claim)(db=other_db, runner=claim.runner)
    _ok(target("db", "upgrade"))
    _ok(target("import", "jsonl", str(dump)))
    assert _show(target, claim_id.strip())["language"] == "en"


def test_a_seed_with_an_invalid_language_names_the_item(claim: Claim, tmp_path: Path) -> None:
    seed = tmp_path / "seed.toml"
    seed.write_text(
        '[dossier]\nkey = "languages"\ntitle = "Languages"\n\n'
        '[[claims]]\nkey = "c1"\ntext = "The vaccine was tested on 40,000 people"\n'
        'language = "english"\n',
        encoding="utf-8",
    )
    result = claim("seed", "load", str(seed))
    assert_one_line_error(result, str(seed), "claim 'c1'", "'english' is not a language code")
