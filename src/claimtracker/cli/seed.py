"""`claim seed load`: load a seed dossier (the DeepSeek R1 dossier by default)."""

from __future__ import annotations

from pathlib import Path

import click

from claimtracker.cli.context import CommandGroup, get_app


def bundled_seed() -> Path:
    """The dossier shipped with the package, else the source checkout's."""
    packaged = Path(__file__).resolve().parent.parent / "seeds" / "deepseek_r1.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "seeds" / "deepseek_r1.toml"


@click.group("seed", cls=CommandGroup)
def seed_group() -> None:
    """Example dossiers to start from."""


@seed_group.command("load")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def load(ctx: click.Context, path: Path | None) -> None:
    """Load a seed dossier (default: the DeepSeek R1 dossier). Loading twice adds nothing."""
    from claimtracker.importers.seed import read_dossier
    from claimtracker.services.seed import load_dossier

    app = get_app(ctx)
    dossier = read_dossier(path or bundled_seed())
    with app.session() as session:
        report = load_dossier(session, dossier, actor=app.user)
    created = ", ".join(f"{n} {k}" for k, n in report.created.items())
    unchanged = ", ".join(f"{n} {k}" for k, n in report.unchanged.items())
    click.echo(f"{dossier.title}: created {created}; unchanged {unchanged}", err=True)
    for key, claim_id in report.claim_ids.items():
        click.echo(f"{claim_id}\t{key}")
