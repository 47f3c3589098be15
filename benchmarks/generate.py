"""Build a realistic claimtracker database of any size, for benchmarks.

``python -m benchmarks.generate PATH_OR_URL --claims 1000000 [--seed 42] [--jobs N]``

The database is created at the current schema by the project's own migrations, then filled by
the project's own bulk writer (``db/bulk.insert_records``: ``executemany`` on SQLite, ``COPY``
on PostgreSQL) in batches of about 20,000 rows with ids assigned here, never through the ORM:
at a million claims the ORM would take hours.

What it holds, for N claims (default proportions):

* N/20 entities (people, organisations, outlets, accounts, collectives), a tenth with aliases;
* N/5 sources with unique normalised URLs (news articles, posts, fact-checks, videos…), a few
  with a title only;
* N claims, about a fifth in French, made of one to three sentences: real claim texts from the
  shared data sets (ClaimBuster, LIAR, FEVER, CheckThat!, AVeriTeC, ClaimsKG; their numbers
  changed so repeats are near and not exact duplicates), template sentences filled from
  vocabularies and from phrases of real claims, and a small share of exact repeats;
* appearances with verbatim quotes, evidence with stances, N/10 claim links, tags;
* statuses as in a working newsroom: about N/10 open (new, in review, pending approval), mostly
  among recent claims, a few dismissed, the rest published with a published verdict (labels of
  the default scale, a few corrections that supersede an earlier verdict, approvals);
* one ``claim_search`` document per claim built by ``services.search.build_document`` itself,
  and the full-text index built once after the load (``db/fulltext.set_aside``: SQLite's FTS5
  triggers, PostgreSQL's GIN index), the report summaries filled once too (``db/summaries``).

The audit log (``event``) and Community Notes tables are left empty: no benchmark reads them.

Everything random comes from ``--seed``: the same seed and size give the same rows whatever
``--jobs`` is, because each chunk of claims has its own generator seeded from its position.

The real texts come from the shared data sets: ``--data DIR``, else ``$CLAIM_SHARED_DATA``,
else ``../shared/data`` from the repository root (``benchmarks/shared_data.py``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
import tomllib
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from benchmarks import shared_data

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from multiprocessing.pool import AsyncResult

    from sqlalchemy.engine import Connection, Engine


# Bump whenever the rows produced for a given (claims, seed) change: cached databases carry it.
GENERATOR_VERSION = 1
BATCH = 20_000
REPO = Path(__file__).resolve().parent.parent
WORK_DIR = Path(__file__).resolve().parent / ".work"
# Only databases with this prefix may be dropped and recreated by the generator.
PG_PREFIX = "ct_bench_"

# Tables in load order (parents before children), each with the chunk-local ids that the main
# process shifts by a running offset: workers number rows from 1 within their chunk.
LOCAL_IDS: dict[str, dict[str, str]] = {
    "claim": {},
    "claim_tag": {},
    "appearance": {"id": "appearance"},
    "evidence": {"id": "evidence"},
    "verdict": {"id": "verdict", "supersedes_id": "verdict"},
    "verdict_evidence": {"verdict_id": "verdict", "evidence_id": "evidence"},
    "verdict_approval": {"id": "verdict_approval", "verdict_id": "verdict"},
    "claim_search": {},
}

Row = dict[str, Any]
C = TypeVar("C")
T = TypeVar("T")
Chunk = dict[str, list[Row]]


# --------------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Plan:
    """How big a database to build; everything else is in proportion to ``claims``."""

    claims: int
    seed: int = 42

    @property
    def entities(self) -> int:
        """About 20 claims per entity (a long tail: most entities make one or two)."""
        return max(50, self.claims // 20)

    @property
    def sources(self) -> int:
        """About 5 claims per source."""
        return max(200, self.claims // 5)

    @property
    def links(self) -> int:
        """One claim link per ten claims."""
        return self.claims // 10

    @property
    def key(self) -> str:
        """Names a cached database: size, seed and generator version."""
        return f"{self.claims}c_s{self.seed}_v{GENERATOR_VERSION}"


# ------------------------------------------------------------------------------ vocabulary

USERS = [
    "alice", "bruno", "chloe", "dmitri", "elodie", "farid", "grace", "hugo", "ines", "jonas",
    "karim", "lea", "malik", "nadia", "oscar", "pauline", "quentin", "rosa", "samir", "tess",
    "ulrich", "valerie", "wen", "xavier", "yasmine", "zoe", "importer", "cn-sync",
]  # fmt: skip
FIRST_EN = [
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark",
    "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna",
    "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George",
    "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Laura", "Ryan", "Helen",
    "Jacob", "Sharon", "Gary", "Cynthia", "Nicholas", "Kathleen", "Eric", "Amy", "Jonathan",
    "Angela", "Kamala", "Ilhan", "Marco", "Ted", "Nikki", "Pete", "Alexandria", "Rand", "Elon",
]  # fmt: skip
LAST_EN = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
    "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
    "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz",
    "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy",
    "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed",
    "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez",
    "Wood", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
]  # fmt: skip
FIRST_FR = [
    "Jean", "Marie", "Pierre", "Nathalie", "Michel", "Isabelle", "Philippe", "Sylvie", "Alain",
    "Catherine", "Nicolas", "Françoise", "Christophe", "Valérie", "Stéphane", "Sandrine",
    "Frédéric", "Céline", "Sébastien", "Hélène", "Laurent", "Aurélie", "Jérôme", "Émilie",
    "François", "Élodie", "Olivier", "Mélanie", "Julien", "Anaïs", "Thierry", "Agnès", "Gérard",
    "Clémence", "Benoît", "Maëlle", "Raphaël", "Léa", "Noël", "Chloé", "Loïc", "Zoé", "Hervé",
    "Inès", "Rémi", "Solène", "Yannick", "Bérénice", "Joël", "Cécile", "Gaël", "Éric", "Ségolène",
    "Amélie", "Jérémie", "Héloïse", "Anne", "Bruno", "Rachida", "Gabriel", "Yaël", "Aurore",
]  # fmt: skip
LAST_FR = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
    "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez",
    "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche",
    "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard",
    "Brun", "Barbier", "Arnaud", "Giraud", "Aubert", "Bourgeois", "Benoît", "Hébert", "Besnard",
]  # fmt: skip
PLACES_EN = [
    "Texas", "Florida", "California", "Ohio", "Georgia", "Michigan", "Arizona", "Wisconsin",
    "Pennsylvania", "New York", "Virginia", "Oregon", "Nevada", "Iowa", "Minnesota", "Colorado",
    "North Carolina", "Tennessee", "Illinois", "Kentucky", "Chicago", "Houston", "Atlanta",
    "Detroit", "Miami", "Phoenix", "Milwaukee", "Portland", "Boston", "Seattle", "Denver",
    "the United States", "Canada", "Mexico", "the United Kingdom", "Ireland", "Australia",
    "New Zealand", "India", "Nigeria", "Kenya", "South Africa", "Ghana", "China", "Russia",
    "Ukraine", "Germany", "Italy", "Spain", "Brazil", "Argentina", "Japan", "Israel", "Gaza",
    "Iran", "Sweden", "Norway", "Poland", "Turkey", "Pakistan", "the Philippines", "Indonesia",
    "London", "Manchester", "Glasgow", "Sydney", "Lagos", "Nairobi", "Toronto", "Delhi",
]  # fmt: skip
PLACES_FR = [
    "France", "Île-de-France", "Bretagne", "Occitanie", "Provence-Alpes-Côte d'Azur", "Normandie",
    "Hauts-de-France", "Auvergne-Rhône-Alpes", "Grand Est", "Nouvelle-Aquitaine", "Corse",
    "Guadeloupe", "Martinique", "La Réunion", "Mayotte", "Belgique", "Suisse", "Québec",
    "Sénégal", "Côte d'Ivoire", "Maroc", "Algérie", "Tunisie", "Cameroun", "Paris", "Marseille",
    "Lyon", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux", "Lille",
    "Rennes", "Reims", "Saint-Étienne", "Le Havre", "Grenoble", "Dijon", "Angers", "Nîmes",
]  # fmt: skip
CITIES_FR = [p for p in PLACES_FR if p[0] != "Î" and " " not in p][-18:]
METRICS_EN = [
    "unemployment", "inflation", "the crime rate", "the murder rate", "gas prices", "the deficit",
    "the national debt", "wages", "health insurance premiums", "carbon emissions", "rents",
    "vaccination rates", "college tuition", "electricity prices", "the poverty rate", "exports",
    "GDP growth", "illegal immigration", "homelessness", "childhood obesity", "opioid deaths",
    "teen pregnancy", "school funding", "property taxes", "the trade deficit", "border crossings",
    "manufacturing jobs", "food prices", "hospital waiting times", "broadband coverage",
    "violent crime", "gun deaths", "mortgage rates", "the minimum wage", "drug overdoses",
    "traffic deaths", "measles cases", "life expectancy", "household income", "coal production",
]  # fmt: skip
MOVES_EN = [
    "rose", "fell", "jumped", "dropped", "increased", "decreased", "doubled", "tripled",
    "surged", "plunged", "went up", "went down", "climbed", "declined",
]  # fmt: skip
GROUPS_EN = [
    "teachers", "nurses", "veterans", "seniors", "children", "immigrants", "small businesses",
    "farmers", "students", "women", "workers", "police officers", "refugees", "taxpayers",
    "families", "doctors", "voters", "truck drivers", "retirees", "young people", "miners",
    "federal employees", "undocumented immigrants", "Medicaid recipients", "gun owners",
]  # fmt: skip
THINGS_EN = [
    "taxes", "healthcare", "housing", "childcare", "fuel", "education", "defense", "foreign aid",
    "prisons", "public transport", "research", "Social Security", "pensions", "renewable energy",
    "border security", "roads", "the police", "Medicare", "food stamps", "student loans",
]  # fmt: skip
AGENTS_EN = [
    "5G", "the COVID-19 vaccine", "fluoride in tap water", "vitamin D", "microwaved food",
    "ibuprofen", "wind turbines", "chemtrails", "raw milk", "sunscreen", "energy drinks",
    "hydroxychloroquine", "ivermectin", "garlic", "aspartame", "the HPV vaccine", "face masks",
    "glyphosate", "mRNA vaccines", "cell phones", "smart meters", "bleach", "baking soda",
]  # fmt: skip
CONDITIONS_EN = [
    "cancer", "autism", "infertility", "heart attacks", "long COVID", "diabetes", "asthma",
    "depression", "memory loss", "strokes", "blood clots", "dementia", "myocarditis",
]  # fmt: skip
ROLES_EN = [
    "the governor", "the president", "the senator", "the mayor", "a state lawmaker",
    "the White House", "the prime minister", "the health minister", "a viral Facebook post",
    "a TikTok video", "an Instagram post", "the campaign", "the opposition leader",
    "a widely shared tweet", "the former president", "a congressman", "the party chairman",
]  # fmt: skip
INSTITUTIONS_EN = [
    "federal government", "state", "city council", "Pentagon", "European Union", "World Bank",
    "United Nations", "NHS", "World Health Organization", "school board", "Department of Energy",
    "CDC", "FBI", "Supreme Court", "Federal Reserve", "county", "administration",
]  # fmt: skip
EN_TEMPLATES = [
    "{who} said {metric} {move} by {pct}% in {place} since {year}.",
    "{Metric} in {place} {move} to {num} in {year}, the highest level in {span} years.",
    "{who} claims that {group} pay {pct}% more in {thing} than they did in {year}.",
    "{place} has more {group} than any other state in the country.",
    "Under {who}, {metric} {move} {pct}% while {metric2} {move2}.",
    "{small} out of 10 {group} in {place} have {condition}.",
    "The {institution} spent ${money} million on {thing} last year.",
    "{who} voted {small} times to cut {thing}.",
    "{Phrase}, according to {who}.",
    "A viral post says {phrase}.",
    "{Agent} causes {condition} in {group}, a new study shows.",
    "More than {num} {group} lost their jobs in {place} in {year}.",
    "{who} never supported {thing} for {group}.",
    "Photos show flooding in {place} after the storm.",
    "The {institution} will ban {agent} by {year2}.",
    "{who} says {phrase}.",
    "In {year}, {pct}% of {group} in {place} lived in poverty.",
    "{Agent} is more dangerous than {agent2}, says {who}.",
    "{place} now spends more on {thing} than on {thing2}.",
    "{Metric} has {move} every year since {who} took office.",
]  # fmt: skip
EN_EXTRA = [
    "That is what {who} told reporters on {weekday}.",
    "The figure was repeated in a post shared {num} times.",
    "{who} made the claim during a debate in {place}.",
    "The same numbers appeared in a campaign ad.",
    "Official data from {year} tell a different story.",
    "{Phrase}.",
    "It was first posted on {platform} in {year}.",
    "The claim has circulated since at least {year}.",
]  # fmt: skip
PLATFORMS = ["Facebook", "X", "TikTok", "Instagram", "YouTube", "Telegram", "WhatsApp", "Reddit"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

METRICS_FR = [
    "le chômage", "l'inflation", "la dette publique", "le prix de l'électricité", "le déficit",
    "les dépenses de santé", "la délinquance", "le pouvoir d'achat", "les loyers", "la natalité",
    "le prix du carburant", "les émissions de CO2", "le nombre de fonctionnaires", "les salaires",
    "l'immigration", "les faillites d'entreprises", "la pauvreté", "les impôts", "les agressions",
    "le taux d'emploi des seniors", "les violences faites aux femmes", "les arrêts maladie",
    "le prix du pain", "les dépenses militaires", "la consommation de viande", "les cambriolages",
]  # fmt: skip
MOVES_FR = [
    "augmenté", "baissé", "diminué", "progressé", "reculé", "doublé", "explosé", "chuté",
    "triplé", "grimpé",
]  # fmt: skip
GROUPS_FR = [
    "retraités", "enseignants", "infirmières", "agriculteurs", "étudiants", "chômeurs",
    "médecins", "policiers", "migrants", "jeunes", "fonctionnaires", "élèves", "salariés",
    "artisans", "commerçants", "étrangers", "bénéficiaires du RSA", "mineurs isolés",
]  # fmt: skip
THINGS_FR = [
    "l'hôpital public", "l'éducation nationale", "la défense", "l'aide au développement",
    "les prisons", "les transports en commun", "la recherche", "les retraites", "le logement",
    "l'énergie nucléaire", "les éoliennes", "la police", "l'audiovisuel public", "la culture",
]  # fmt: skip
AGENTS_FR = [
    "la 5G", "le vaccin contre le Covid-19", "le fluor dans l'eau du robinet", "la vitamine D",
    "les micro-ondes", "l'ibuprofène", "les éoliennes", "les traînées de condensation",
    "le lait cru", "la crème solaire", "les boissons énergisantes", "l'aspartame",
    "le glyphosate", "les compteurs Linky", "les masques", "le bicarbonate de soude",
]  # fmt: skip
CONDITIONS_FR = [
    "le cancer", "l'autisme", "l'infertilité", "des crises cardiaques", "le diabète", "l'asthme",
    "la dépression", "des pertes de mémoire", "des AVC", "la maladie d'Alzheimer", "des caillots",
]  # fmt: skip
ROLES_FR = [
    "le ministre de l'Économie", "la maire de Paris", "le Premier ministre", "un député européen",
    "la porte-parole du gouvernement", "le président de la République", "une sénatrice",
    "une publication virale sur Facebook", "une vidéo TikTok", "le chef de l'opposition",
    "un élu local", "la ministre de la Santé", "un syndicat", "un économiste sur un plateau télé",
]  # fmt: skip
FR_TEMPLATES = [
    "Selon {qui}, {metrique} a {variation} de {pct} % en {lieu} depuis {annee}.",
    "{Qui} affirme que les {groupe} paient {pct} % d'impôts de plus qu'en {annee}.",
    "{Metrique} a atteint un record en {annee}, du jamais vu depuis {span} ans.",
    "La France compte {num} {groupe} de plus qu'en {annee}.",
    "{Qui} établit un lien entre {agent} et {condition}.",
    "Le gouvernement a dépensé {argent} millions d'euros pour {chose} l'an dernier.",
    "Une publication virale accuse {agent} de provoquer {condition} chez les {groupe}.",
    "{Qui} n'a jamais soutenu {chose}.",
    "En {annee}, {pct} % des {groupe} vivaient sous le seuil de pauvreté en {lieu}.",
    "Des images montrent des inondations à {ville} après la tempête.",
    "L'État va supprimer {num} postes dans {chose} d'ici {annee2}.",
    "{Metrique} a {variation} depuis l'arrivée de {qui} au pouvoir.",
    "Les {groupe} de {lieu} touchent {argent} euros par mois, selon {qui}.",
    "Selon {qui}, il est plus risqué de consommer {agent} que {agent2}.",
    "La {lieu_region} dépense davantage pour {chose} que pour {chose2}.",
]  # fmt: skip
FR_EXTRA = [
    "C'est ce qu'a déclaré {qui} sur le plateau d'une chaîne d'information.",
    "Le chiffre a été partagé {num} fois sur {platform}.",
    "L'affirmation circule depuis au moins {annee}.",
    "Les données officielles de {annee} disent pourtant autre chose.",
    "{Qui} l'a répété lors d'un meeting à {ville}.",
]  # fmt: skip
OUTLETS = [
    ("The New York Times", "nytimes.com"), ("The Washington Post", "washingtonpost.com"),
    ("The Guardian", "theguardian.com"), ("BBC News", "bbc.co.uk"), ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"), ("CNN", "cnn.com"), ("Fox News", "foxnews.com"),
    ("The Wall Street Journal", "wsj.com"), ("Le Monde", "lemonde.fr"),
    ("Le Figaro", "lefigaro.fr"), ("Libération", "liberation.fr"),
    ("France Info", "francetvinfo.fr"), ("Ouest-France", "ouest-france.fr"),
    ("20 Minutes", "20minutes.fr"), ("RTBF", "rtbf.be"), ("Radio-Canada", "radio-canada.ca"),
    ("Le Temps", "letemps.ch"), ("Jeune Afrique", "jeuneafrique.com"),
    ("Breitbart", "breitbart.com"), ("The Daily Mail", "dailymail.co.uk"),
    ("Politico", "politico.com"),
    ("NPR", "npr.org"), ("Bloomberg", "bloomberg.com"), ("Al Jazeera", "aljazeera.com"),
]  # fmt: skip
FACT_CHECKERS = [
    ("PolitiFact", "politifact.com"), ("Snopes", "snopes.com"), ("FactCheck.org", "factcheck.org"),
    ("Full Fact", "fullfact.org"), ("AFP Factuel", "factuel.afp.com"),
    ("Les Décodeurs", "lemonde.fr/les-decodeurs"), ("CheckNews", "liberation.fr/checknews"),
    ("AAP FactCheck", "aap.com.au/factcheck"), ("Africa Check", "africacheck.org"),
    ("Lead Stories", "leadstories.com"), ("Science Feedback", "science.feedback.org"),
    ("Check Your Fact", "checkyourfact.com"), ("Truth or Fiction", "truthorfiction.com"),
    ("Les Surligneurs", "lessurligneurs.eu"), ("Vrai ou Fake", "francetvinfo.fr/vrai-ou-fake"),
]  # fmt: skip
PAPER_WORDS = ["Times", "Herald", "Tribune", "Post", "Gazette", "Chronicle", "Courier", "Observer"]
ORG_HEADS = [
    "Ministry of", "Department of", "Office of", "Council of", "Association of", "Federation of",
    "Institute for", "Union of", "Coalition for", "Foundation for", "Alliance for",
]  # fmt: skip
ORG_TOPICS = [
    "Health", "Labour", "Education", "Energy", "Transport", "Agriculture", "Finance", "Defence",
    "Housing", "Justice", "Environment", "Trade", "Science", "Tourism", "Culture", "Taxpayers",
]  # fmt: skip
ORG_FR = [
    "Ministère de la Santé", "Ministère de l'Intérieur", "Syndicat national des enseignants",
    "Fédération des producteurs", "Observatoire de la pauvreté", "Collectif citoyen",
    "Conseil régional", "Agence régionale de santé", "Chambre de commerce",
    "Association des maires",
]  # fmt: skip
EXTRA_TAGS = [
    "economy", "health", "covid-19", "vaccines", "immigration", "elections", "climate", "energy",
    "crime", "education", "taxes", "jobs", "ai", "deepseek", "ukraine", "gaza", "israel", "china",
    "russia", "nato", "europe", "santé", "élections", "retraites", "écologie", "budget", "guns",
    "abortion", "healthcare", "inflation", "housing", "viral", "satire", "deepfake", "scam",
    "conspiracy", "5g", "science", "space", "sport", "religion", "media", "social media",
    "tiktok", "telegram", "politique", "sécurité", "agriculture", "nucléaire", "migrants",
]  # fmt: skip
# Label slug of the default scale and how often a published verdict uses it.
LABEL_WEIGHTS = {
    "false": 35, "mostly-false": 12, "misleading": 10, "missing-context": 8, "mixed": 8,
    "mostly-true": 8, "true": 10, "unproven": 5, "satire": 2, "opinion": 2,
}  # fmt: skip
ORIGINAL_RATINGS = [
    "Pants on Fire", "False", "Faux", "Trompeur", "Mostly False", "Half True", "Incorrect",
    "Partly false", "Misleading", "Manque de contexte", "Vrai", "True", "Miscaptioned",
]  # fmt: skip
RATIONALES = [
    "The figure comes from a {year} report that measured something else.",
    "Official statistics show {metric} {move} over the period, not the reverse.",
    "The photo predates the event by several years.",
    "No study supports this; the cited paper was retracted.",
    "The number is accurate but leaves out that {metric} also {move}.",
    "Le chiffre provient d'un rapport de {year} qui mesurait autre chose.",
    "Les données officielles montrent l'inverse.",
    "The quote was invented; no recording or transcript contains it.",
]  # fmt: skip
LINK_REASONS = [
    "same claim reworded",
    "rebuttal published the next day",
    "translation of the original post",
    "reposted with a new photo",
    "gives the missing context",
    "found by the duplicate check when the claim was added",
    None,
]


# -------------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    """Real texts from the shared data sets, cleaned; any part may be empty."""

    english: list[str] = field(default_factory=list)
    french: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    rationales: list[str] = field(default_factory=list)
    # Real posts that are never loaded: new claims for the duplicate-check benchmark.
    tweets: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many texts of each sort were read."""
        return {k: len(v) for k, v in asdict(self).items()}


_SPACES = re.compile(r"\s+")
_TWEET_TAIL = re.compile(r"\s+(?:—|--)\s+[^—]*\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$")
_PIC = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)")


def _clean(text: str | None, *, lo: int = 15, hi: int = 600) -> str | None:
    if not text:
        return None
    text = _SPACES.sub(" ", text).strip().strip('"').strip()
    return text if lo <= len(text) <= hi else None


def _csv_rows(path: Path, **kwargs: Any) -> Iterator[dict[str, str]]:
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle, **kwargs)


def load_corpus(data_dir: Path | None = None) -> Corpus:
    """Read claim texts, headlines and rationales from ``data_dir`` (default: the shared data;
    files may be missing).

    Duplicates are dropped, order is kept: the corpus is the same on every run.
    """
    data_dir = data_dir if data_dir is not None else shared_data.shared_data_dir()
    csv.field_size_limit(10_000_000)
    english: dict[str, None] = {}
    headlines: dict[str, None] = {}
    rationales: dict[str, None] = {}
    tweets: dict[str, None] = {}

    def add(target: dict[str, None], text: str | None, **limits: int) -> None:
        cleaned = _clean(text, **limits)
        if cleaned:
            target.setdefault(cleaned, None)

    for row in _csv_rows(data_dir / "claimbuster" / "kfold_25ncs.csv"):
        add(english, row.get("text"), lo=30)
    liar = data_dir / "liar" / "test.tsv"
    if liar.is_file():
        with liar.open(encoding="utf-8", newline="") as handle:
            for cells in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(cells) > 2:
                    add(english, cells[2])
    fever = data_dir / "fever" / "paper_dev_first2000.jsonl"
    if fever.is_file():
        for line in fever.read_text(encoding="utf-8").splitlines():
            add(english, json.loads(line).get("claim"))
    task2 = data_dir / "checkthat2020_task2"
    vclaims = task2 / "verified_claims.docs.tsv"
    if vclaims.is_file():
        with vclaims.open(encoding="utf-8", newline="") as handle:
            for cells in csv.reader(handle, delimiter="\t"):
                if len(cells) == 3 and cells[0].isdigit():
                    add(english, cells[1])
                    add(headlines, cells[2], lo=10, hi=300)
    for split in ("train", "dev", "test"):
        path = task2 / split / "tweets.queries.tsv"
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                for cells in csv.reader(handle, delimiter="\t"):
                    if len(cells) == 2 and cells[0].isdigit():
                        text = _PIC.sub("", _TWEET_TAIL.sub("", cells[1]))
                        add(tweets, text, lo=30, hi=400)
    averitec = data_dir / "averitec" / "dev.json"
    if averitec.is_file():
        for item in json.loads(averitec.read_text(encoding="utf-8")):
            add(english, item.get("claim"))
            add(rationales, item.get("justification"), lo=30, hi=1500)
    for path in sorted((data_dir / "claimskg_samples").glob("output_sample_*.csv")):
        if path.stem.endswith(("fatabyyano", "vishvasnews")):
            continue  # Arabic and Hindi: outside the English/French mix of this database
        for row in _csv_rows(path):
            add(english, row.get("claimReview_claimReviewed"))
            add(headlines, row.get("extra_title"), lo=10, hi=300)
    french: dict[str, None] = {}
    seed = REPO / "seeds" / "deepseek_r1.toml"
    if seed.is_file():
        for claim in tomllib.loads(seed.read_text(encoding="utf-8")).get("claims", []):
            add(french, claim.get("text"))
    return Corpus(
        english=list(english),
        french=list(french),
        headlines=list(headlines),
        rationales=list(rationales),
        tweets=list(tweets),
    )


# ------------------------------------------------------------------------------- texts

_DIGITS = re.compile(r"\d+")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _amount(rng: random.Random, sep: str) -> str:
    return f"{rng.randint(2, 999) * 10 ** rng.randint(0, 4):,}".replace(",", sep)


# How each template slot is filled; a slot named with a capital letter is capitalised.
SlotMaker = Callable[[random.Random], str]
EN_SLOTS: dict[str, SlotMaker] = {
    "metric": lambda r: r.choice(METRICS_EN),
    "move": lambda r: r.choice(MOVES_EN),
    "pct": lambda r: str(r.randint(1, 99) if r.random() < 0.8 else r.randint(100, 900)),
    "place": lambda r: r.choice(PLACES_EN),
    "year": lambda r: str(r.randint(1995, 2024)),
    "year2": lambda r: str(r.randint(2025, 2035)),
    "num": lambda r: _amount(r, ","),
    "span": lambda r: str(r.randint(5, 60)),
    "group": lambda r: r.choice(GROUPS_EN),
    "thing": lambda r: r.choice(THINGS_EN),
    "small": lambda r: str(r.randint(2, 9)),
    "condition": lambda r: r.choice(CONDITIONS_EN),
    "institution": lambda r: r.choice(INSTITUTIONS_EN),
    "money": lambda r: str(r.randint(2, 9999)),
    "agent": lambda r: r.choice(AGENTS_EN),
    "platform": lambda r: r.choice(PLATFORMS),
    "weekday": lambda r: r.choice(WEEKDAYS_EN),
}
FR_SLOTS: dict[str, SlotMaker] = {
    "metrique": lambda r: r.choice(METRICS_FR),
    "variation": lambda r: r.choice(MOVES_FR),
    "pct": lambda r: str(r.randint(1, 99)),
    "lieu": lambda r: r.choice(PLACES_FR),
    "lieu_region": lambda r: r.choice(("France", "Bretagne", "Normandie", "Corse", "Belgique")),
    "ville": lambda r: r.choice(CITIES_FR),
    "annee": lambda r: str(r.randint(1995, 2024)),
    "annee2": lambda r: str(r.randint(2025, 2035)),
    "num": lambda r: _amount(r, " "),
    "span": lambda r: str(r.randint(5, 60)),
    "groupe": lambda r: r.choice(GROUPS_FR),
    "chose": lambda r: r.choice(THINGS_FR),
    "agent": lambda r: r.choice(AGENTS_FR),
    "condition": lambda r: r.choice(CONDITIONS_FR),
    "argent": lambda r: str(r.randint(2, 9999)),
    "platform": lambda r: r.choice(PLATFORMS),
}


class _Slots(dict[str, str]):
    """Template values made on first use, so a template costs only the slots it has.

    ``who``/``qui`` is the speaker; ``phrase`` a piece of a real claim; a trailing ``2``
    (``metric2``) is a second, independent draw of the same slot.
    """

    def __init__(
        self,
        rng: random.Random,
        makers: dict[str, SlotMaker],
        who: str,
        phrases: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.rng = rng
        self.makers = makers
        self.who = who
        self.phrases = phrases

    def __missing__(self, key: str) -> str:
        base = key.lower()
        if base in ("who", "qui"):
            value = self.who
        elif base == "phrase":
            value = self.rng.choice(self.phrases or ["the numbers do not add up"])
        else:
            value = self.makers[base.rstrip("2") if base not in self.makers else base](self.rng)
        value = _cap(value) if key[:1].isupper() else value
        self[key] = value
        return value


class TextMaker:
    """Claim texts, quotes and headlines in English and French from one random generator."""

    def __init__(self, rng: random.Random, corpus: Corpus) -> None:
        self.rng = rng
        self.corpus = corpus
        # A few thousand phrases cut from real claims give template sentences a realistic
        # vocabulary (and word frequencies) beyond the hand-written lists.
        step = max(1, len(corpus.english) // 4000)
        phrases = (self._phrase_of(s) for s in corpus.english[::step])
        self.phrases = [p for p in phrases if p] or ["the numbers do not add up"]

    def _phrase_of(self, sentence: str) -> str | None:
        words = sentence.rstrip(".!?").split()
        if len(words) < 5:
            return None
        size = min(len(words), 4 + len(words) % 5)
        start = len(words[0]) % (len(words) - size + 1)
        phrase = " ".join(words[start : start + size])
        return phrase[:1].lower() + phrase[1:] if phrase[1:2].islower() else phrase

    def _number(self, digits: str) -> str:
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(self.rng.randint(1990, 2025))  # a year stays a year
        lo = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
        return str(self.rng.randint(lo, 10 ** len(digits) - 1))

    def mutate(self, sentence: str) -> str:
        """The sentence with most of its numbers changed: a near, not exact, repeat."""
        return _DIGITS.sub(
            lambda m: self._number(m.group()) if self.rng.random() < 0.7 else m.group(), sentence
        )

    def fill_en(self, template: str, who: str) -> str:
        """An English template with its slots filled."""
        return _cap(template.format_map(_Slots(self.rng, EN_SLOTS, who, self.phrases)))

    def fill_fr(self, template: str, qui: str) -> str:
        """A French template with its slots filled."""
        return _cap(template.format_map(_Slots(self.rng, FR_SLOTS, qui)))

    def english(self, who: str) -> str:
        """One to three English sentences; about a third start from a real claim."""
        rng = self.rng
        if self.corpus.english and rng.random() < 0.35:
            first = self.mutate(rng.choice(self.corpus.english))
            # Each real claim comes back a dozen times in a million: mostly as near repeats
            # (another speaker, changed figures), as claims do, rather than exact copies.
            r = rng.random()
            if r < 0.3:
                first = f"{_cap(who)} said: {first}"
            elif r < 0.5:
                first = f"{first} ({who})"
        else:
            first = self.fill_en(rng.choice(EN_TEMPLATES), who)
        sentences = [first]
        for _ in range(rng.choices((0, 1, 2), (55, 35, 10))[0]):
            sentences.append(self.fill_en(rng.choice(EN_EXTRA), who))
        return " ".join(sentences)

    def french(self, qui: str) -> str:
        """One to three French sentences, now and then from a real French claim."""
        rng = self.rng
        if self.corpus.french and rng.random() < 0.05:
            first = self.mutate(rng.choice(self.corpus.french))
        else:
            first = self.fill_fr(rng.choice(FR_TEMPLATES), qui)
        sentences = [first]
        for _ in range(rng.choices((0, 1, 2), (50, 35, 15))[0]):
            sentences.append(self.fill_fr(rng.choice(FR_EXTRA), qui))
        return " ".join(sentences)

    def quote(self, text: str, who: str, french: bool) -> str:
        """How the claim reads in its source: verbatim, its first sentence, or introduced."""
        r = self.rng.random()
        if r < 0.5:
            return text
        if r < 0.7:
            end = text.find(". ")
            return text if end < 0 else text[: end + 1]
        if french:
            return f"{_cap(who)} a déclaré : « {text} »"
        return f"{_cap(who)} said: “{text}”"

    def headline(self, claim_text: str) -> str:
        """A fact-check headline: a real one or one built from the claim."""
        rng = self.rng
        if self.corpus.headlines and rng.random() < 0.6:
            return rng.choice(self.corpus.headlines)
        snippet = " ".join(claim_text.split()[:10]).rstrip(".,;:")
        return rng.choice(("Fact check: ", "Did ", "No, ", "Vrai ou faux : ")) + snippet


# ---------------------------------------------------------------------------- generators


def _pick_tail(rng: random.Random, pool: Sequence[int], skew: float = 2.5) -> int:
    """An item of ``pool`` with a long tail: the first items are picked far more often."""
    return pool[int(len(pool) * rng.random() ** skew)]


def _utc(start: datetime, seconds: float) -> datetime:
    return (start + timedelta(seconds=seconds)).replace(microsecond=0)


def _start_of(value: datetime, precision: str) -> datetime:
    """The first instant of the day, month or year: how the application stores such dates."""
    if precision == "instant":
        return value
    value = value.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "day":
        return value
    value = value.replace(day=1)
    return value if precision == "month" else value.replace(month=1)


EPOCH = datetime(2016, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 9.9 * 365 * 86400  # claims were captured from 2016 to late 2025


_SLUG_WORD = re.compile(r"[a-z0-9]+")


def _slug(text: str, words: int = 6) -> str:
    # Accented letters are dropped rather than folded: a slug only has to look plausible.
    return "-".join(_SLUG_WORD.findall(text.lower())[:words]) or "item"


@dataclass
class EntityPools:
    """What the claim generator needs to know about the generated entities and sources."""

    names: list[str]
    claimants: list[int]
    fact_checkers: list[int]
    outlets: list[int]
    fact_check_sources: list[int]
    source_titles: dict[int, str]
    evidence_sources: list[int]
    n_sources: int


def make_entities(plan: Plan) -> tuple[list[Row], list[Row], EntityPools]:
    """Entities and their aliases; ids 1..plan.entities."""
    from claimtracker.text import fold

    rng = random.Random(f"{plan.seed}/entities")
    entities: list[Row] = []
    aliases: list[Row] = []
    used: set[str] = set()
    fact_checkers: list[int] = []
    outlets: list[int] = []
    claimants: list[int] = []

    def add(name: str, kind: str, role: str | None = None) -> int | None:
        key = fold(name)
        if key in used:
            return None
        used.add(key)
        entity_id = len(entities) + 1
        created = _utc(EPOCH, rng.random() * SPAN_SECONDS)
        entities.append(
            {
                "id": entity_id,
                "name": name,
                "name_key": key,
                "kind": kind,
                "role": role,
                "wikidata_id": f"Q{1_000_000 + entity_id}" if rng.random() < 0.05 else None,
                "description": None,
                "created_at": created,
                "created_by": rng.choice(USERS),
            }
        )
        return entity_id

    for name, _domain in FACT_CHECKERS:
        fact_checkers.append(cast("int", add(name, "outlet", "fact-checker")))
    for name, _domain in OUTLETS:
        outlets.append(cast("int", add(name, "outlet")))
    attempts = 0
    while len(entities) < plan.entities and attempts < plan.entities * 20:
        attempts += 1
        r = rng.random()
        french = rng.random() < 0.3
        if r < 0.72:
            first = rng.choice(FIRST_FR if french else FIRST_EN)
            last = rng.choice(LAST_FR if french else LAST_EN)
            if attempts > len(FIRST_EN) * len(LAST_EN) // 4 or rng.random() < 0.3:
                first = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTVW')}."
            role = rng.choice(ROLES_FR if french else ROLES_EN) if rng.random() < 0.3 else None
            entity_id = add(f"{first} {last}", "person", role)
            if entity_id and rng.random() < 0.12:
                handle = "@" + re.sub(r"[^a-z]", "", fold(first)[:1] + fold(last))
                alias_key = fold(handle)
                aliases.append({"entity_id": entity_id, "alias": handle, "alias_key": alias_key})
                if rng.random() < 0.3:
                    short = f"{first[0]}. {last}"
                    aliases.append(
                        {"entity_id": entity_id, "alias": short, "alias_key": fold(short)}
                    )
        elif r < 0.86:
            if french:
                name = f"{rng.choice(ORG_FR)} {rng.choice(PLACES_FR)}"
            else:
                name = f"{rng.choice(ORG_HEADS)} {rng.choice(ORG_TOPICS)} {rng.choice(PLACES_EN)}"
            entity_id = add(name, "organisation")
        elif r < 0.92:
            city = rng.choice(CITIES_FR if french else PLACES_EN[:31])
            name = (
                f"{rng.choice(('Le Journal de', 'La Voix de', 'Radio'))} {city}"
                if french
                else f"The {city} {rng.choice(PAPER_WORDS)}"
            )
            entity_id = add(
                f"{name} {rng.randint(1, 99)}" if rng.random() < 0.5 else name, "outlet"
            )
            if entity_id:
                outlets.append(entity_id)
                continue
        elif r < 0.99:
            base = re.sub(r"[^a-z0-9]", "", fold(rng.choice(LAST_EN + LAST_FR)))
            entity_id = add(f"@{base}{rng.randint(1, 99999)}", "platform_account")
        else:
            head = rng.choice(("Collectif", "Friends of", "Residents of"))
            name = f"{head} {rng.choice(PLACES_FR + PLACES_EN)}"
            entity_id = add(name, "collective")
        if entity_id:
            claimants.append(entity_id)
    # Aliases: no two for one entity with the same key, and none equal to the entity's name.
    seen: set[tuple[int, str]] = set()
    unique_aliases: list[Row] = []
    for alias in aliases:
        pair = (alias["entity_id"], alias["alias_key"])
        if pair in seen or alias["alias_key"] == entities[alias["entity_id"] - 1]["name_key"]:
            continue
        seen.add(pair)
        unique_aliases.append({"id": len(unique_aliases) + 1, **alias})
    rng.shuffle(claimants)  # the heavy head of the claimant distribution is no one in particular
    pools = EntityPools(
        names=[e["name"] for e in entities],
        claimants=claimants,
        fact_checkers=fact_checkers,
        outlets=outlets,
        fact_check_sources=[],
        source_titles={},
        evidence_sources=[],
        n_sources=0,
    )
    return entities, unique_aliases, pools


SOURCE_KINDS = {
    "news_article": 45, "social_post": 28, "fact_check": 10, "official_statement": 5,
    "video": 5, "paper": 2, "dataset": 1, "other": 4,
}  # fmt: skip


def make_source_chunk(context: SourceContext, start: int) -> list[Row]:
    """Sources ``start``..``start + BATCH - 1`` (at most ``plan.sources``); every URL is stored
    normalised (as the application stores it) and unique (it ends with the source id)."""
    from claimtracker.urls import normalise_url

    plan, corpus, pools = context.plan, context.corpus, context.pools
    rng = random.Random(f"{plan.seed}/sources/{start}")
    texts = TextMaker(rng, corpus)
    kinds = list(SOURCE_KINDS)
    weights = list(SOURCE_KINDS.values())
    outlet_domains = dict(zip(pools.outlets, (d for _n, d in OUTLETS), strict=False))
    checker_domains = dict(zip(pools.fact_checkers, (d for _n, d in FACT_CHECKERS), strict=True))
    english = corpus.english or ["news"]
    rows: list[Row] = []
    for source_id in range(start, min(start + BATCH, plan.sources + 1)):
        kind = rng.choices(kinds, weights)[0]
        published = _utc(EPOCH, rng.random() * SPAN_SECONDS - 30 * 86400)
        french = rng.random() < 0.25
        publisher: int | None = None
        title: str | None = None
        if kind == "fact_check":
            publisher = rng.choice(pools.fact_checkers)
            title = texts.headline(rng.choice(english))
            url = f"https://{checker_domains[publisher]}/{_slug(title)}-{source_id}/"
        elif kind == "social_post":
            name = pools.names[_pick_tail(rng, pools.claimants) - 1]
            handle = re.sub(r"[^A-Za-z0-9_]", "", name) or "user"
            platform = rng.choice(("x.com", "www.facebook.com", "www.tiktok.com", "t.me"))
            url = f"https://{platform}/{handle}/status/{1_500_000_000_000 + source_id * 7919}"
        elif kind == "video":
            code = uuid.UUID(int=rng.getrandbits(128)).hex[:11]
            url = f"https://www.youtube.com/watch?v={code}{source_id}"
            title = texts.headline(rng.choice(english))
        else:
            publisher = rng.choice(pools.outlets)
            domain = outlet_domains.get(publisher) or (
                _slug(pools.names[publisher - 1], 8).replace("-", "")
                + (".fr" if french else ".com")
            )
            section = rng.choice(("politics", "economy", "health", "world", "politique", "sante"))
            seed_text = rng.choice(english)
            title = texts.headline(seed_text) if rng.random() < 0.8 else None
            url = (
                f"https://www.{domain}/{section}/{published:%Y/%m/%d}/"
                f"{_slug(seed_text)}-{source_id}.html"
            )
        no_url = rng.random() < 0.02 and kind not in ("social_post", "fact_check")
        if no_url:
            title = title or f"Printed leaflet {source_id}"
        precision = rng.choices(("day", "instant", "month"), (80, 15, 5))[0]
        published = _start_of(published, precision)
        rows.append(
            {
                "id": source_id,
                "url": None if no_url else normalise_url(url),
                "title": title,
                "publisher_id": publisher,
                "author_id": _pick_tail(rng, pools.claimants) if rng.random() < 0.3 else None,
                "kind": kind,
                "language": "fr" if french else "en",
                "published_at": published,
                "published_precision": precision,
                "retrieved_at": published + timedelta(days=rng.randint(0, 30)),
                "archive_url": None,
                "content_hash": None,
                "created_at": published + timedelta(hours=rng.randint(1, 240)),
                "created_by": rng.choice(USERS),
            }
        )
    return rows


def note_sources(pools: EntityPools, rows: list[Row]) -> None:
    """Remember what claims will refer to: fact-checks and their titles, evidence sources."""
    for row in rows:
        if row["title"]:
            pools.source_titles[row["id"]] = row["title"]
        if row["kind"] == "fact_check":
            pools.fact_check_sources.append(row["id"])
        if row["kind"] != "social_post":
            pools.evidence_sources.append(row["id"])
        pools.n_sources = max(pools.n_sources, row["id"])


@dataclass
class SourceContext:
    """What a worker needs to generate sources (sent to each worker once)."""

    plan: Plan
    corpus: Corpus
    pools: EntityPools


@dataclass
class ClaimContext:
    """Everything a worker needs to generate a chunk of claims (sent to each worker once)."""

    plan: Plan
    corpus: Corpus
    pools: EntityPools
    label_ids: dict[str, int]


# The task of a worker process: a generator function bound to its context (see _in_order).
_TASK: Callable[[int], Any] | None = None


def _init_worker(func: Callable[[Any, int], Any], context: object) -> None:
    global _TASK
    _TASK = partial(func, context)


def _run_task(start: int) -> Any:
    assert _TASK is not None
    return _TASK(start)


def _status_for(rng: random.Random, claim_id: int, total: int) -> str:
    # Open work is mostly recent: 45% of the newest fifth, 1.25% of older claims (stuck ones),
    # about a tenth of all claims; dismissed claims are a small share of the rest.
    recent = claim_id > total * 0.8
    if rng.random() < (0.45 if recent else 0.0125):
        return rng.choices(("new", "in_review", "pending_approval"), (60, 25, 15))[0]
    return "dismissed" if rng.random() < 0.08 else "published"


@dataclass
class _Drawn:
    """One claim as drawn: what the rows around it (appearances, verdicts…) repeat of it."""

    id: int
    created: datetime
    french: bool
    who: str
    status: str
    text: str
    claimed: datetime | None
    precision: str | None
    actor: str


class _ClaimChunk:
    """The rows of one chunk of claims, drawn from one random generator.

    Every draw happens in a fixed order (claim, tags, appearances, evidence, verdicts, one
    claim after the other), so the same seed and start give the same rows: changing that order
    changes the database, which calls for a new ``GENERATOR_VERSION``.
    """

    def __init__(self, context: ClaimContext, start: int) -> None:
        from claimtracker.text import text_hash

        self.text_hash = text_hash
        self.context = context
        self.start = start
        self.pools = context.pools
        self.rng = random.Random(f"{context.plan.seed}/claims/{start}")
        self.texts = TextMaker(self.rng, context.corpus)
        self.labels = list(LABEL_WEIGHTS)
        self.label_weights = list(LABEL_WEIGHTS.values())
        self.tag_pool = [
            *EXTRA_TAGS,
            *(p.lower() for p in PLACES_EN[:40]),
            *map(str, range(2016, 2026)),
        ]
        self.out: Chunk = {name: [] for name in LOCAL_IDS}
        self.counters = dict.fromkeys(("appearance", "evidence", "verdict", "verdict_approval"), 0)
        # Texts already drawn in this chunk, a few of which are captured again.
        self.recent_texts: list[tuple[str, str | None]] = []

    def next_id(self, table: str) -> int:
        """The next chunk-local id of ``table``."""
        self.counters[table] += 1
        return self.counters[table]

    def build(self) -> Chunk:
        """Claims ``start``..``start + BATCH - 1`` (at most ``plan.claims``) and their rows."""
        from claimtracker.services.search import build_document

        end = min(self.start + BATCH, self.context.plan.claims + 1)
        for claim_id in range(self.start, end):
            claim = self.claim(claim_id)
            tags = self.tags(claim)
            quotes = self.appearances(claim)
            evidence_ids = self.evidence(claim)
            headlines = self.verdicts(claim, evidence_ids)
            document = build_document(claim.text, tags, quotes, headlines)
            self.out["claim_search"].append({"claim_id": claim_id, "document": document})
        return self.out

    def _text(self, french: bool, who: str) -> tuple[str, str | None]:
        rng = self.rng
        if self.recent_texts and rng.random() < 0.02:
            return rng.choice(self.recent_texts)  # the same claim captured again
        text = self.texts.french(who) if french else self.texts.english(who)
        language = "fr" if french else ("en" if rng.random() < 0.9 else None)
        if len(self.recent_texts) < 2000:
            self.recent_texts.append((text, language))
        return text, language

    def claim(self, claim_id: int) -> _Drawn:
        """Draw claim ``claim_id`` and add its row."""
        rng, pools, total = self.rng, self.pools, self.context.plan.claims
        created = _utc(EPOCH, SPAN_SECONDS * (claim_id / total) - rng.random() * 3600)
        claimant = _pick_tail(rng, pools.claimants) if rng.random() < 0.92 else None
        french = rng.random() < 0.2
        who = pools.names[claimant - 1] if claimant and rng.random() < 0.4 else None
        who = who or rng.choice(ROLES_FR if french else ROLES_EN)
        status = _status_for(rng, claim_id, total)
        dismissal = (
            rng.choice(("opinion", "not_checkable", "duplicate", "out_of_scope"))
            if status == "dismissed"
            else None
        )
        duplicate_of = rng.randint(max(1, claim_id - 50_000), claim_id - 1) if (
            dismissal == "duplicate" and claim_id > 1
        ) else None  # fmt: skip
        text, language = self._text(french, who)
        claimed: datetime | None = None
        precision: str | None = None
        if rng.random() < 0.85:
            precision = rng.choices(("day", "instant", "month", "year"), (80, 5, 10, 5))[0]
            claimed = _start_of(_utc(created, -rng.random() * 30 * 86400), precision)
        actor = rng.choice(USERS)
        assignee = (
            rng.choice(USERS[:26])
            if status in ("in_review", "pending_approval") or rng.random() < 0.02
            else None
        )
        self.out["claim"].append(
            {
                "id": claim_id,
                "public_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "text": text,
                "text_hash": self.text_hash(text),
                "language": language,
                "claimant_id": claimant,
                "claimed_at": claimed,
                "claimed_precision": precision,
                "kind": rng.choices(("factual", "opinion", "prediction", "other"), (85, 8, 5, 2))[
                    0
                ],
                "status": status,
                "assignee": assignee,
                "dismissal_reason": dismissal,
                "duplicate_of_id": duplicate_of,
                "created_at": created,
                "created_by": actor,
                "updated_at": created + timedelta(seconds=rng.random() * 20 * 86400)
                if status != "new"
                else created,
                "updated_by": rng.choice(USERS) if status != "new" else actor,
            }
        )
        return _Drawn(claim_id, created, french, who, status, text, claimed, precision, actor)

    def tags(self, claim: _Drawn) -> list[str]:
        """Tags for two claims in five; returns them."""
        rng, pool = self.rng, self.tag_pool
        if rng.random() >= 0.4:
            return []
        tags = sorted({pool[int(len(pool) * rng.random() ** 2)] for _ in range(rng.randint(1, 3))})
        self.out["claim_tag"].extend({"claim_id": claim.id, "tag": t} for t in tags)
        return tags

    def appearances(self, claim: _Drawn) -> list[str]:
        """Where the claim appeared (most claims, in one to three sources); returns the quotes."""
        rng = self.rng
        quotes: list[str] = []
        if rng.random() >= 0.92:
            return quotes
        count = rng.choices((1, 2, 3), (82, 15, 3))[0]
        first = rng.random() < 0.5
        for n, source_id in enumerate({rng.randint(1, self.pools.n_sources) for _ in range(count)}):
            quote = (
                self.texts.quote(claim.text, claim.who, claim.french)
                if rng.random() < 0.8
                else None
            )
            if quote:
                quotes.append(quote)
            self.out["appearance"].append(
                {
                    "id": self.next_id("appearance"),
                    "claim_id": claim.id,
                    "source_id": source_id,
                    "quote": quote,
                    "is_first": first and n == 0,
                    "appeared_at": claim.claimed,
                    "appeared_precision": claim.precision,
                    "created_at": claim.created,
                    "created_by": claim.actor,
                }
            )
        return quotes

    def evidence(self, claim: _Drawn) -> list[int]:
        """Evidence for a fifth of the claims past ``new``; returns its chunk-local ids."""
        rng, pools, texts = self.rng, self.pools, self.texts
        evidence_ids: list[int] = []
        if claim.status == "new" or not pools.evidence_sources or rng.random() >= 0.2:
            return evidence_ids
        stances = ("refutes", "supports", "contextualizes", "mentions")
        for source_id in {rng.choice(pools.evidence_sources) for _ in range(rng.randint(1, 3))}:
            evidence_id = self.next_id("evidence")
            evidence_ids.append(evidence_id)
            self.out["evidence"].append(
                {
                    "id": evidence_id,
                    "claim_id": claim.id,
                    "source_id": source_id,
                    "stance": rng.choices(stances, (50, 15, 25, 10))[0],
                    "quote": rng.choice(texts.phrases) if rng.random() < 0.5 else None,
                    "note": rng.choice(texts.phrases) if rng.random() < 0.3 else None,
                    "created_at": claim.created + timedelta(days=1),
                    "created_by": rng.choice(USERS),
                }
            )
        return evidence_ids

    def verdicts(self, claim: _Drawn, evidence_ids: list[int]) -> list[str]:
        """The verdict of a published or pending claim (two for a corrected one), its approval
        and evidence; returns the review headlines for the search document."""
        headlines: list[str] = []
        if claim.status not in ("published", "pending_approval"):
            return headlines
        corrected = claim.status == "published" and self.rng.random() < 0.02
        previous: int | None = None
        for version in range(2 if corrected else 1):
            latest = version == (1 if corrected else 0)
            verdict_id = self.verdict(claim, version, latest, previous, headlines)
            if latest:
                self.out["verdict_evidence"].extend(
                    {"verdict_id": verdict_id, "evidence_id": e} for e in evidence_ids
                )
            previous = verdict_id
        return headlines

    def verdict(
        self, claim: _Drawn, version: int, latest: bool, previous: int | None, headlines: list[str]
    ) -> int:
        """One verdict (and its approval once published); returns its chunk-local id."""
        rng, pools, context = self.rng, self.pools, self.context
        verdict_id = self.next_id("verdict")
        state = "published" if claim.status == "published" else "proposed"
        review_source = None
        if latest and pools.fact_check_sources and rng.random() < 0.3:
            review_source = rng.choice(pools.fact_check_sources)
            title = pools.source_titles.get(review_source)
            if title:
                headlines.append(title)
        at = claim.created + timedelta(days=2 + version * 30, seconds=rng.random() * 86400)
        author = rng.choice(USERS[:26])
        template = rng.choice(RATIONALES)
        rationale = (
            rng.choice(context.corpus.rationales)
            if context.corpus.rationales and rng.random() < 0.3
            else self.texts.fill_en(template, claim.who)
        )
        self.out["verdict"].append(
            {
                "id": verdict_id,
                "public_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "claim_id": claim.id,
                "label_id": context.label_ids[rng.choices(self.labels, self.label_weights)[0]],
                "original_rating": rng.choice(ORIGINAL_RATINGS) if rng.random() < 0.1 else None,
                "rationale": rationale,
                "state": state,
                "author": author,
                "publisher_id": rng.choice(pools.fact_checkers) if rng.random() < 0.3 else None,
                "review_source_id": review_source,
                "created_at": at - timedelta(hours=3),
                "published_at": at if state == "published" else None,
                "published_precision": "instant" if state == "published" else None,
                "supersedes_id": previous,
                "supersede_reason": "corrected figure" if previous else None,
            }
        )
        if state == "published":
            approver = rng.choice([u for u in USERS[:26] if u != author])
            self.out["verdict_approval"].append(
                {
                    "id": self.next_id("verdict_approval"),
                    "verdict_id": verdict_id,
                    "approver": approver,
                    "approved_at": at,
                }
            )
        return verdict_id


def make_claim_chunk(context: ClaimContext, start: int) -> Chunk:
    """Claims ``start``..``start + BATCH - 1`` (at most ``plan.claims``) with their tags,
    appearances, evidence, verdicts and search documents.

    Ids of child rows are local to the chunk (see ``LOCAL_IDS``).
    """
    return _ClaimChunk(context, start).build()


def make_links(plan: Plan) -> Iterator[list[Row]]:
    """Claim links in batches: mostly between claims captured close together in time."""
    rng = random.Random(f"{plan.seed}/links")
    types = ("rebuts", "supports", "duplicates", "contextualizes", "translation_of", "derived_from")
    weights = (30, 15, 25, 15, 10, 5)
    seen: set[tuple[int, int, str]] = set()
    batch: list[Row] = []
    link_id = 0
    if plan.claims < 2:
        return
    while link_id < plan.links:
        source = rng.randint(2, plan.claims)
        target = max(1, source - int(rng.random() ** 3 * min(source - 1, 20_000)) - 1)
        link_type = rng.choices(types, weights)[0]
        if target == source or (source, target, link_type) in seen:
            continue
        seen.add((source, target, link_type))
        link_id += 1
        created = _utc(EPOCH, SPAN_SECONDS * (source / plan.claims) + rng.random() * 86400)
        batch.append(
            {
                "id": link_id,
                "from_claim_id": source,
                "to_claim_id": target,
                "link_type": link_type,
                "reason": rng.choice(LINK_REASONS),
                "created_at": created,
                "created_by": rng.choice(USERS),
            }
        )
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# --------------------------------------------------------------------------------- driver


@dataclass
class Report:
    """What a generation did: rows per table, seconds per phase."""

    plan: Plan
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        """Every row loaded (the migration's seed rows excluded)."""
        return sum(self.rows.values())

    def lines(self) -> list[str]:
        """The report in words, one line per table and phase."""
        total = self.seconds.get("total", 0.0)
        out = [
            f"# generated {self.plan.claims:,} claims (seed {self.plan.seed}) into {self.target}"
        ]
        out += [f"  {t:<18} {n:>10,} rows" for t, n in self.rows.items()]
        out += [f"  {p:<18} {s:>10.1f} s" for p, s in self.seconds.items()]
        load = self.seconds.get("load", 0.0)
        if load:
            out.append(f"  load rate          {self.total_rows / load:>10,.0f} rows/s")
        if total:
            out.append(f"  overall rate       {self.total_rows / total:>10,.0f} rows/s")
        return out


def _default_scale_labels(connection: Connection) -> dict[str, int]:
    from sqlalchemy import text

    rows = connection.execute(
        text(
            "SELECT l.label, l.id FROM rating_label l JOIN rating_scale s ON s.id = l.scale_id "
            "WHERE s.is_default"
        )
    ).all()
    return {str(label): int(label_id) for label, label_id in rows}


def _shift(chunk: Chunk, offsets: dict[str, int]) -> None:
    """Turn chunk-local ids into global ones, then advance the offsets past them."""
    for table, columns in LOCAL_IDS.items():
        for row in chunk[table]:
            for column, owner in columns.items():
                if row[column] is not None:
                    row[column] += offsets[owner]
    for owner in ("appearance", "evidence", "verdict", "verdict_approval"):
        offsets[owner] += len(chunk[owner])


def _in_order(func: Callable[[C, int], T], context: C, starts: range, jobs: int) -> Iterator[T]:
    """``func(context, start)`` for each start, in order; ``jobs`` worker processes work
    ahead of the caller (0: all in this process).

    At most ``jobs + 1`` results are pending, so memory stays bounded when loading is slower
    than generating. Each result depends only on its start (and the seed in ``context``), so
    the rows are the same whatever ``jobs`` is.
    """
    if jobs < 1:
        for start in starts:
            yield func(context, start)
        return
    import multiprocessing

    with multiprocessing.get_context().Pool(
        jobs, initializer=_init_worker, initargs=(func, context)
    ) as pool:
        queue = iter(starts)
        pending: deque[AsyncResult[T]] = deque(
            pool.apply_async(_run_task, (start,)) for start in islice(queue, jobs + 1)
        )
        while pending:
            result = pending.popleft().get()
            following = next(queue, None)
            if following is not None:
                pending.append(pool.apply_async(_run_task, (following,)))
            yield result


def generate(
    target: str,
    plan: Plan,
    *,
    jobs: int = 1,
    corpus: Corpus | None = None,
    progress: bool = True,
) -> Report:
    """Create the schema at ``target`` (an empty database) and fill it according to ``plan``."""
    from sqlalchemy import text

    from claimtracker.db import migrate
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve

    corpus = corpus if corpus is not None else load_corpus()
    resolved = resolve(target)
    engine = make_engine(resolved)
    report = Report(plan=plan, target=resolved.display)
    started = time.perf_counter()
    try:
        migrate.upgrade(engine)
        report.seconds["migrate"] = time.perf_counter() - started
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Durability of a half-built benchmark database does not matter: a crash
                # means generating again. A large page cache keeps index pages in memory.
                # Straight on the driver: these pragmas are refused inside the transaction
                # that SQLAlchemy would begin first.
                dbapi = connection.connection.driver_connection
                assert dbapi is not None
                dbapi.execute("PRAGMA synchronous = OFF")
                dbapi.execute("PRAGMA cache_size = -400000")
            label_ids = _default_scale_labels(connection)
            connection.commit()
            _fill(connection, plan, corpus, label_ids, jobs, report, progress)
        if resolved.backend == "postgresql":
            # VACUUM cannot run in a transaction; it also sets the visibility map that
            # index-only scans need, as autovacuum would on a database in use.
            analyse = time.perf_counter()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
            report.seconds["vacuum_analyze"] = time.perf_counter() - analyse
    finally:
        engine.dispose()
    report.seconds["total"] = time.perf_counter() - started
    return report


def _fill(
    connection: Connection,
    plan: Plan,
    corpus: Corpus,
    label_ids: dict[str, int],
    jobs: int,
    report: Report,
    progress: bool,
) -> None:
    """Load every row, committing as it goes, with what makes a load slow set aside.

    The full-text index (maintained row by row, a load is about ten times slower) is rebuilt
    once at the end (PostgreSQL's GIN index too: one sorted build beats a million updates);
    the report-summary triggers are off during the load and the summaries filled once.
    """
    from claimtracker.db import bulk, fulltext, summaries
    from claimtracker.db.base import Base

    sqlite = connection.dialect.name == "sqlite"
    with fulltext.set_aside(connection, pg_index=True) as aside:
        suspended = summaries.suspend(connection)
        connection.commit()
        load_start = time.perf_counter()
        _load(connection, plan, corpus, label_ids, jobs, report, progress)
        report.seconds["load"] = time.perf_counter() - load_start
        # Ids were assigned here, so the id sequences still stand where the migration left them.
        bulk.reset_sequences(connection, [Base.metadata.tables[name] for name in report.rows])
    report.seconds["fts_rebuild" if sqlite else "gin_index"] = aside.timings["fulltext_index"]
    refill = time.perf_counter()
    if suspended:
        summaries.refill(connection)
    connection.commit()
    report.seconds["report_summaries"] = time.perf_counter() - refill


def _load(
    connection: Connection,
    plan: Plan,
    corpus: Corpus,
    label_ids: dict[str, int],
    jobs: int,
    report: Report,
    progress: bool,
) -> None:
    from claimtracker.db import bulk
    from claimtracker.db.base import Base

    tables = Base.metadata.tables
    # The rows hold aware UTC datetimes and enum values as strings: what psycopg takes as
    # they are. SQLite needs its datetime text, which insert_records's bind processing makes;
    # on PostgreSQL that processing is a function call a value for nothing.
    driver_form = connection.dialect.name == "postgresql"

    def load(table: str, rows: list[Row]) -> None:
        if driver_form:
            bulk.insert_dicts(connection, table, rows)
        else:
            bulk.insert_records(connection, tables[table], rows)
        report.rows[table] = report.rows.get(table, 0) + len(rows)

    entities, aliases, pools = make_entities(plan)
    for i in range(0, len(entities), BATCH):
        load("entity", entities[i : i + BATCH])
    for i in range(0, len(aliases), BATCH):
        load("entity_alias", aliases[i : i + BATCH])
    sources = SourceContext(plan=plan, corpus=corpus, pools=pools)
    for rows in _in_order(make_source_chunk, sources, range(1, plan.sources + 1, BATCH), jobs):
        load("source", rows)
        note_sources(pools, rows)
    connection.commit()
    context = ClaimContext(plan=plan, corpus=corpus, pools=pools, label_ids=label_ids)
    offsets = dict.fromkeys(("appearance", "evidence", "verdict", "verdict_approval"), 0)
    began = time.perf_counter()
    for chunk in _in_order(make_claim_chunk, context, range(1, plan.claims + 1, BATCH), jobs):
        _shift(chunk, offsets)
        for table in LOCAL_IDS:
            load(table, chunk[table])
        connection.commit()
        done = chunk["claim"][-1]["id"] if chunk["claim"] else 0
        if progress:
            rate = done / (time.perf_counter() - began)
            print(f"  {done:>10,} claims  {rate:>8,.0f} claims/s", file=sys.stderr, flush=True)
    for batch in make_links(plan):
        load("claim_link", batch)
    connection.commit()


# -------------------------------------------------------------------------------- caching


def sqlite_cache_path(plan: Plan) -> Path:
    """Where the benchmark suite keeps the generated SQLite database for ``plan``."""
    return WORK_DIR / f"claims_{plan.key}.db"


def ensure_sqlite(plan: Plan, *, jobs: int | None = None) -> Path:
    """The cached SQLite database for ``plan``, generated first if it is not there yet.

    A sidecar ``.json`` (the report) is written only once the database is complete, so an
    interrupted generation is never mistaken for a cached one.
    """
    path = sqlite_cache_path(plan)
    marker = path.with_suffix(".json")
    if path.is_file() and marker.is_file():
        upgrade_cached(str(path))
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), path, marker):
        stale.unlink(missing_ok=True)
    print(f"# generating {plan.claims:,} claims into {path} (cached for later runs)", flush=True)
    report = generate(str(partial), plan, jobs=jobs or default_jobs())
    for line in report.lines():
        print(line, flush=True)
    partial.rename(path)
    marker.write_text(json.dumps({"plan": asdict(plan), **asdict(report)}, default=str, indent=2))
    return path


def upgrade_cached(target: str) -> None:
    """Bring a cached database to the code's schema revision, as a user would upgrade theirs.

    Regenerating a million claims for every new migration would cost minutes; migrations that
    change what the generator writes (a search document, say) call for a new
    ``GENERATOR_VERSION`` instead.
    """
    from claimtracker.db import migrate
    from claimtracker.db.engine import make_engine
    from claimtracker.db.schema import read_state
    from claimtracker.db.url import resolve

    engine = make_engine(resolve(target))
    try:
        with engine.connect() as connection:
            state = read_state(connection)
        if not state.is_current:
            print(f"# upgrading cached database from revision {state.revision}", flush=True)
            migrate.upgrade(engine)
    finally:
        engine.dispose()


def postgres_database_name(plan: Plan) -> str:
    """The benchmark database for ``plan`` on a PostgreSQL server."""
    return f"{PG_PREFIX}{plan.claims}c_s{plan.seed}_v{GENERATOR_VERSION}"


def _server(url: str) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from claimtracker.db.url import resolve

    maintenance = make_url(resolve(url).url).set(database="postgres")
    return create_engine(maintenance, isolation_level="AUTOCOMMIT")


def _comment(plan: Plan) -> str:
    return f"claimtracker benchmark {plan.key} complete"


def ensure_postgresql(server_url: str, plan: Plan, *, jobs: int | None = None) -> str:
    """The URL of the benchmark database for ``plan`` on the server of ``server_url``.

    Generated first if missing or incomplete; a database comment marks a complete load.
    """
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from claimtracker.db.url import resolve

    name = postgres_database_name(plan)
    url = make_url(resolve(server_url).url).set(database=name)
    rendered = url.render_as_string(hide_password=False)
    server = _server(server_url)
    try:
        with server.connect() as conn:
            comment = conn.execute(
                text(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname = :name"
                ),
                {"name": name},
            ).first()
        if comment is not None and comment[0] == _comment(plan):
            upgrade_cached(rendered)
            return rendered
        recreate_database(server, name)
    finally:
        server.dispose()
    print(f"# generating {plan.claims:,} claims into PostgreSQL database {name}", flush=True)
    report = generate(rendered, plan, jobs=jobs or default_jobs())
    for line in report.lines():
        print(line, flush=True)
    server = _server(server_url)
    try:
        with server.connect() as conn:
            conn.exec_driver_sql(f"COMMENT ON DATABASE {name} IS '{_comment(plan)}'")
    finally:
        server.dispose()
    return rendered


def recreate_database(server: Engine, name: str) -> None:
    """Drop (if present) and create database ``name``; only ``ct_bench_`` names are allowed."""
    if not name.startswith(PG_PREFIX) or not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"refusing to drop {name!r}: benchmark databases are named {PG_PREFIX}*")
    with server.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")


def default_jobs() -> int:
    """Worker processes for text generation: one per core but the one that loads the rows.

    Generating a chunk (mostly the Unicode folding of search documents) and loading it take
    similar time, so one worker beside the loader already halves the wall-clock time.
    """
    return max(1, (os.cpu_count() or 1) - 1)


# ------------------------------------------------------------------------------------ CLI


def main(argv: Iterable[str] | None = None) -> int:
    """Command line: generate into a new SQLite file or a ``ct_bench_`` PostgreSQL database."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("target", metavar="PATH_OR_URL", help="SQLite file or postgresql:// URL")
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims to generate")
    parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same rows)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="worker processes generating rows while this one loads them (0: none)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="the shared data sets the real texts come from "
        f"(default ${shared_data.ENV}, else ../shared/data from the repository root)",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="delete the SQLite file, or drop and recreate the ct_bench_ database, first",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    plan = Plan(claims=args.claims, seed=args.seed)

    from sqlalchemy.engine import make_url

    from claimtracker.db.url import resolve

    target = resolve(args.target)
    if target.sqlite_path is not None:
        if target.sqlite_path.exists():
            if not args.replace:
                parser.error(f"{target.display} exists; give --replace to overwrite it")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target.sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        name = make_url(target.url).database or ""
        if args.replace:
            server = _server(args.target)
            try:
                recreate_database(server, name)
            except ValueError as exc:
                parser.error(str(exc))
            finally:
                server.dispose()
    corpus = load_corpus(args.data)
    print(f"# corpus: {corpus.counts()}", file=sys.stderr)
    report = generate(args.target, plan, jobs=args.jobs, corpus=corpus)
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
