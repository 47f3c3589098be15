"""docs/architecture.md names modules, files and folders: each of them must exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "src" / "claimtracker"
# Names written as code: a path from the repository root, a path inside the package, a module.
CODE = re.compile(r"`([^`\s]+)`")
ROOT_PATH = re.compile(r"(?:src|tests|migrations|docs|benchmarks)/[\w./-]*")
PACKAGE_PATH = re.compile(
    r"(?:cli|services|transfer|reports|semantic|importers|exporters|formats|db|models)/[\w./]*"
)
MODULE = re.compile(r"claimtracker(?:\.\w+)+")


def named(page: str) -> tuple[list[str], list[str], list[str]]:
    """The repository paths, package paths and dotted modules ``page`` names."""
    roots, inside, modules = [], [], []
    for token in CODE.findall(page):
        # A module's attribute ("claimtracker.cli:main") names the module before the colon.
        token = token.split(":")[0].rstrip(".,")
        if "<" in token:
            continue  # a pattern such as migrations/views/<revision>/
        if ROOT_PATH.fullmatch(token):
            roots.append(token)
        elif PACKAGE_PATH.fullmatch(token):
            inside.append(token)
        elif MODULE.fullmatch(token):
            modules.append(token)
    return roots, inside, modules


def test_the_page_names_many_modules() -> None:
    roots, inside, modules = named(DOC.read_text(encoding="utf-8"))
    # A check that finds nothing to check proves nothing.
    assert len(roots) > 40
    assert len(inside) > 10
    assert modules


def test_every_path_the_page_names_exists() -> None:
    roots, inside, _ = named(DOC.read_text(encoding="utf-8"))
    missing = [p for p in roots if not (ROOT / p).exists()]
    missing += [p for p in inside if not (PACKAGE / p).exists()]
    assert missing == []


def test_every_module_the_page_names_exists() -> None:
    _, _, modules = named(DOC.read_text(encoding="utf-8"))
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    assert missing == []


def test_a_module_that_no_longer_exists_is_caught() -> None:
    """The check itself: a page naming a module that is gone fails it."""
    page = "`src/claimtracker/services/gone.py`, `services/also_gone.py`, `claimtracker.gone`"
    roots, inside, modules = named(page)
    assert [p for p in roots if not (ROOT / p).exists()] == ["src/claimtracker/services/gone.py"]
    assert [p for p in inside if not (PACKAGE / p).exists()] == ["services/also_gone.py"]
    assert [m for m in modules if importlib.util.find_spec(m) is None] == ["claimtracker.gone"]
