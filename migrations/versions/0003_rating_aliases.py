"""Rating aliases: the textual ratings of other fact-checkers mapped to the default scale.

Adds the ``unrated`` label (normalised OTHER, no ClaimReview number) to the default scale, for
imported reviews whose rating matches no alias, and seeds ``rating_alias`` with the ratings
that fact-checkers publish in English, French, Spanish, Portuguese, German and Italian (the
ClaimsKG samples, PolitiFact, Snopes, The Washington Post, AFP, Les Décodeurs, Maldita, Newtral,
Chequeado, Lupa, Aos Fatos, Polígrafo, Correctiv, dpa, Pagella Politica, Facta …).

Every alias stays editable (`claim scale alias add|list|remove`): these are defaults, not rules.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 17:10:00.000000
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the seed data: a migration must not depend on code that changes later.
UNRATED_LABEL = (
    "unrated",
    "Unrated",
    None,
    "OTHER",
    "Imported rating that matches no label of this scale; the publisher's own wording is "
    "kept as the verdict's original rating.",
)

# Default scale label -> the ratings other fact-checkers publish for it. Judgement calls are
# noted: a newsroom that reads a rating differently changes the alias, not this file.
DEFAULT_ALIASES: dict[str, list[str]] = {
    "true": [
        # English: the label itself, PolitiFact, Snopes, Africa Check, Washington Post.
        "True",
        "Correct",
        "Accurate",
        "Verified",
        "Fact",
        "Correct Attribution",
        "Geppetto Checkmark",
        # French, Spanish, Portuguese, German, Italian.
        "Vrai",
        "Exact",
        "Verdadero",
        "Cierto",
        "Verdad",
        "Verdadeiro",
        "Comprovado",
        "Richtig",
        "Wahr",
        "Stimmt",
        "Vero",
        "Notizia vera",
    ],
    "mostly-true": [
        "Mostly True",
        "Mostly Correct",
        "Mostly Accurate",
        "Largely Accurate",
        "Somewhat True",
        "One Pinocchio",
        "Plutôt vrai",
        "Vrai mais",
        "Mayormente verdadero",
        "Mayormente cierto",
        "Verdadero pero",
        "Verdadeiro, mas",
        "Maioritariamente verdadeiro",
        "Subestimado",
        "Größtenteils richtig",
        "Überwiegend richtig",
        "In gran parte vero",
        "C'eri quasi",
    ],
    "mixed": [
        "Half True",
        "Half-true",
        "Mixed",
        "Mixture",
        "Partly True",
        "Partially True",
        "Partly False",
        "Partially False",
        "Partlyfalse",
        "Two Pinocchios",
        "À moitié vrai",
        "Partiellement vrai",
        "Partiellement faux",
        "Mitigé",
        "Verdad a medias",
        "A medias",
        "Parcialmente verdadero",
        "Parcialmente falso",
        "Discutible",
        "Impreciso",
        "Meia verdade",
        "Parcialmente verdadeiro",
        "Contraditório",
        "Halbwahr",
        "Teilweise richtig",
        "Teilweise falsch",
        "Nì",
        "Parzialmente vero",
        "Parzialmente falso",
    ],
    "missing-context": [
        "Missing Context",
        "Lacks Context",
        "Needs Context",
        "Out of Context",
        "Decontextualized",
        "Cherry Picks",
        "Manque de contexte",
        "Contexte manquant",
        "Sorti de son contexte",
        "Hors contexte",
        "Sin contexto",
        "Falta contexto",
        "Fuera de contexto",
        "Sacado de contexto",
        "Sem contexto",
        "Fora de contexto",
        "Tirado de contexto",
        "Fehlender Kontext",
        "Kontext fehlt",
        "Aus dem Zusammenhang gerissen",
        "Contesto mancante",
        "Manca di contesto",
        "Senza contesto",
        "Decontestualizzato",
    ],
    "misleading": [
        "Misleading",
        "Miscaptioned",
        "Exaggerated",
        "Distorted",
        "Spin",
        "Trompeur",
        "Exagéré",
        "Engañoso",
        "Exagerado",
        "Enganoso",
        "Distorcido",
        "Não é bem assim",
        "Irreführend",
        "Übertrieben",
        "Fuorviante",
        "Esagerato",
    ],
    "mostly-false": [
        "Mostly False",
        "Largely False",
        "Somewhat False",
        "Mostly Inaccurate",
        "Three Pinocchios",
        "Plutôt faux",
        "Mayormente falso",
        "Maioritariamente falso",
        "Größtenteils falsch",
        "Überwiegend falsch",
        "In gran parte falso",
        "Pinocchio andante",
    ],
    "false": [
        "False",
        "Incorrect",
        "Inaccurate",
        "Not True",
        "Untrue",
        "Wrong",
        "Fake",
        "Fake News",
        "Hoax",
        "Fabricated",
        "Scam",
        "Debunked",
        "Pants on Fire",
        "Four Pinocchios",
        "Bottomless Pinocchio",
        # An altered image or a quote never said makes the claim false, not merely misleading.
        "Altered",
        "Altered Image",
        "Altered Photo",
        "Altered Video",
        "Altered Photo/Video",
        "Manipulated",
        "Manipulated Media",
        "Doctored",
        "Misattributed",
        "Faux",
        "Intox",
        "Fausse information",
        "Infox",
        "Arnaque",
        "Montage",
        "Image retouchée",
        "Falso",
        "Bulo",
        "Montaje",
        "Manipulado",
        "Alterado",
        "Timo",
        "Pimenta na língua",
        "Montagem",
        "Golpe",
        "Falsch",
        "Frei erfunden",
        "Manipuliert",
        "Fälschung",
        "Bufala",
        "Notizia falsa",
        "Panzana pazzesca",
        "Manipolato",
        "Truffa",
    ],
    "unproven": [
        "Unproven",
        "Unverified",
        "Unsupported",
        "Unsubstantiated",
        "Unfounded",
        "No Evidence",
        "Not Enough Evidence",
        "Insufficient Evidence",
        "Unknown",
        "Unclear",
        "Undetermined",
        "Research in Progress",
        "Non prouvé",
        "Infondé",
        "Invérifiable",
        "Sans preuve",
        "Sin evidencia",
        "Sin pruebas",
        "No hay pruebas",
        "Inchequeable",
        "Insostenible",
        "Apresurado",
        "Sem provas",
        "Não comprovado",
        "Insustentável",
        "Inconclusivo",
        "Ainda é cedo para dizer",
        "Unbelegt",
        "Unbewiesen",
        "Nicht belegt",
        "Non provato",
        "Non dimostrato",
        "Senza prove",
    ],
    "satire": [
        "Satire",
        "Originated as Satire",
        "Labeled Satire",
        "Parody",
        "Satirique",
        "Parodie",
        "Sátira",
        "Parodia",
        "Parodie",
        "Satira",
    ],
    "opinion": [
        "Opinion",
        "Opinión",
        "Opinião",
        "Meinung",
        "Opinione",
    ],
    # Ratings that say something other than how true the claim is: Full Fact's free-text
    # verdicts collapsed to "Other" by ClaimsKG, Snopes' "Legend", PolitiFact's Flip-O-Meter.
    "unrated": [
        "Unrated",
        "Not Rated",
        "No Rating",
        "Other",
        "Legend",
        "Outdated",
        "Explainer",
        "Full Flop",
        "Half Flip",
        "No Flip",
        "De olho",
    ],
}


def alias_key(text: str) -> str:
    """Frozen copy of ``claimtracker.services.rating_aliases.alias_key`` as of this revision.

    Accents, case and punctuation do not count: "Pants on Fire!" and "pants-on-fire" share a key.
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def seed_rows() -> dict[str, str]:
    """Alias key -> label slug; the label's own slug and name are aliases of it too."""
    rows: dict[str, str] = {}
    for slug, texts in DEFAULT_ALIASES.items():
        for text in [slug, *texts]:
            key = alias_key(text)
            # A key listed under two labels would make the seed depend on dict order.
            if rows.setdefault(key, slug) != slug:
                raise ValueError(f"alias {text!r} is listed for {rows[key]!r} and {slug!r}")
    return rows


_scale = sa.table("rating_scale", sa.column("id", sa.Integer), sa.column("is_default", sa.Boolean))
_label = sa.table(
    "rating_label",
    sa.column("id", sa.Integer),
    sa.column("scale_id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("name", sa.String),
    sa.column("position", sa.Integer),
    sa.column("claimreview_value", sa.Integer),
    sa.column("normalised", sa.String),
    sa.column("description", sa.Text),
)
_alias = sa.table(
    "rating_alias",
    sa.column("alias_key", sa.String),
    sa.column("label_id", sa.Integer),
)


def upgrade() -> None:
    bind = op.get_bind()
    scale_id = bind.execute(sa.select(_scale.c.id).where(_scale.c.is_default)).scalar()
    if scale_id is None:
        return  # no default scale (removed by hand): nothing to map the aliases onto
    labels = dict(
        bind.execute(
            sa.select(_label.c.label, _label.c.id).where(_label.c.scale_id == scale_id)
        ).all()
    )
    if UNRATED_LABEL[0] not in labels:
        last = bind.execute(
            sa.select(sa.func.max(_label.c.position)).where(_label.c.scale_id == scale_id)
        ).scalar()
        slug, name, value, normalised, description = UNRATED_LABEL
        labels[slug] = bind.execute(
            sa.insert(_label)
            .values(
                scale_id=scale_id,
                label=slug,
                name=name,
                position=(last or 0) + 1,
                claimreview_value=value,
                normalised=normalised,
                description=description,
            )
            .returning(_label.c.id)
        ).scalar_one()
    existing = set(bind.execute(sa.select(_alias.c.alias_key)).scalars())
    rows = [
        {"alias_key": key, "label_id": labels[slug]}
        # A label renamed or removed by hand, or an alias someone already set, is left alone.
        for key, slug in seed_rows().items()
        if slug in labels and key not in existing
    ]
    if rows:
        op.bulk_insert(_alias, rows)


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.delete(_alias).where(_alias.c.alias_key.in_(list(seed_rows()))))
    verdict = sa.table("verdict", sa.column("label_id", sa.Integer))
    # The unrated label goes only if no verdict uses it; a verdict is never rewritten.
    bind.execute(
        sa.delete(_label).where(
            _label.c.label == UNRATED_LABEL[0],
            _label.c.scale_id.in_(sa.select(_scale.c.id).where(_scale.c.is_default)),
            ~sa.exists().where(verdict.c.label_id == _label.c.id),
        )
    )
