"""The console script's pause of garbage collection during start-up, and its end."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import pytest

from claimtracker import collector
from claimtracker.app import App
from claimtracker.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    """Whatever a test does, the test process collects again afterwards, nothing frozen."""
    yield
    collector.resume()
    gc.unfreeze()
    gc.enable()


def test_opening_the_database_resumes_collection(db_url: str) -> None:
    # Long commands (imports, exports, copies) run after this point and must not grow
    # without bound: collection is back on, with what was loaded frozen out of its way.
    collector.pause()
    assert not gc.isenabled()
    app = App(db_option=db_url)
    try:
        assert app.engine is not None
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        app.close()


def test_resume_without_pause_changes_nothing() -> None:
    # The library used in-process (tests, notebooks) keeps the host's collector as it is.
    gc.disable()
    collector.resume()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_console_script_leaves_collection_on_even_without_a_database() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert gc.isenabled()


def test_console_script_leaves_collection_on_after_a_failure() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["show", "--no-such-option"])
    assert exit_info.value.code == 2
    assert gc.isenabled()
