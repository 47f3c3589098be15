"""Start-up cost: `claim --help` and `claim db current` against minimal programs."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Comparison, claim_command, compare_processes

# The smallest program that does what `claim db current` does: click parses, SQLAlchemy opens
# the SQLite file and reads one row.
MINIMAL_READER = """
import click
from sqlalchemy import create_engine, text

@click.command()
@click.argument("path")
def main(path):
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        click.echo(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())

main()
"""


def run(runs: int) -> list[Comparison]:
    """Measure both start-up figures; returns the comparisons."""
    claim = claim_command()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "claims.db"
        reader = Path(tmp) / "minimal_reader.py"
        reader.write_text(MINIMAL_READER)
        import subprocess

        subprocess.run([*claim, "--db", str(db), "db", "upgrade"], check=True, capture_output=True)
        return [
            compare_processes(
                "claim --help",
                [*claim, "--help"],
                'python -c "import click"',
                [sys.executable, "-c", "import click"],
                runs,
                target=1.3,
            ),
            compare_processes(
                "claim db current (existing db)",
                [*claim, "--db", str(db), "db", "current"],
                "minimal click+SQLAlchemy reader",
                [sys.executable, str(reader), str(db)],
                runs,
                target=1.2,
            ),
        ]
