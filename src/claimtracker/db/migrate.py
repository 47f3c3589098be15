"""Schema migrations through Alembic. Imported only by commands that migrate or check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


def script_location() -> Path:
    """The migrations folder: inside the installed package, else the source checkout's."""
    packaged = Path(__file__).resolve().parent.parent / "migrations"
    if (packaged / "env.py").is_file():
        return packaged
    # Running from a source tree (editable install, tests): src/claimtracker/db -> repo root.
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(connection: Connection | None = None, location: Path | None = None) -> Config:
    """An Alembic config that runs on ``connection`` (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(location or script_location()))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory(location: Path | None = None) -> ScriptDirectory:
    """The revision scripts."""
    return ScriptDirectory.from_config(alembic_config(location=location))


def upgrade(engine: Engine, revision: str = "head", location: Path | None = None) -> None:
    """Upgrade to ``revision``; each revision runs in its own transaction."""
    with engine.connect() as connection:
        command.upgrade(alembic_config(connection, location), revision)


def downgrade(engine: Engine, revision: str, location: Path | None = None) -> None:
    """Downgrade to ``revision`` (``base`` empties the schema)."""
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection, location), revision)


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or None."""
    return MigrationContext.configure(connection).get_current_revision()


def check(engine: Engine) -> None:
    """Raise if the models and the migrated schema differ (``alembic check``)."""
    with engine.connect() as connection:
        command.check(alembic_config(connection))
