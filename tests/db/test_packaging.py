"""The migrations ship inside the installed package."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimtracker
from claimtracker.db import migrate


def test_installed_package_carries_its_migrations() -> None:
    package_dir = Path(claimtracker.__file__).resolve().parent
    if (package_dir.parent.name == "src") and (package_dir.parents[1] / "migrations").is_dir():
        pytest.skip("running from a source checkout (editable install); .ci/run checks the wheel")
    location = migrate.script_location()
    assert location == package_dir / "migrations"
    assert (location / "env.py").is_file()
    assert any((location / "versions").glob("0001_*.py"))
