"""The export tables and their columns: names, types, keys and meanings, defined once.

SQLite's schema, Parquet's types and docs/export-tables.md all come from `TABLES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kzcrisis.corpus.vocab import Group, Metric, Qualifier

# One cell, one value: a spreadsheet or a parquet reader gets lists of ids as JSON arrays in
# SQLite (Datasette's array facets read them) and joined with LIST_SEPARATOR in CSV.
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # SQLite affinity: TEXT, INTEGER or REAL
    description: str
    references: str | None = None  # "table.column" for a foreign key
    not_null: bool = False
    is_list: bool = False  # a JSON array of strings or integers (SQLite TEXT)
    is_date: bool = False  # an ISO date, YYYY-MM-DD (SQLite TEXT; a date in Parquet)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    facets: tuple[str | dict[str, str], ...] = ()
    label_column: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, type_: str, description: str, **extra: Any) -> Column:
    return Column(name, type_, description, **extra)


_ISO = "ISO date (YYYY-MM-DD)"


def _one_of(values: Any) -> str:
    """'a, b or c': a vocabulary in words, from its enum (one list: corpus/vocab.py)."""
    names = [v.value for v in values]
    return f"{', '.join(names[:-1])} or {names[-1]}"


TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "The archived articles the claims are taken from.",
        (
            _c("slug", "TEXT", "The source's slug (`kzcrisis sources`).", not_null=True),
            _c("seq", "INTEGER", "Position of the source in the corpus (0-based).", not_null=True),
            _c("outlet", "TEXT", "The outlet; null where the article does not name it (see outlet_note)."),
            _c("outlet_note", "TEXT", "What the text shows about its outlet."),
            _c("title", "TEXT", "The article's title, in Vietnamese."),
            _c("title_note", "TEXT", "Why the title is null, where it is."),
            _c("language", "TEXT", "Language of the article (ISO 639-1).", not_null=True),
            _c(
                "published",
                "TEXT",
                f"Publication date, {_ISO}; null where the text gives none.",
                is_date=True,
            ),
            _c("published_note", "TEXT", "How the date was read, or why there is none."),
            _c("author", "TEXT", "The author, where the article names one."),
            _c("url", "TEXT", "The article's URL where known; never invented."),
            _c("url_note", "TEXT", "Why the URL is null, where it is."),
            _c("file", "TEXT", "The archived text, relative to the corpus folder.", not_null=True),
            _c("sha256", "TEXT", "SHA-256 of the archived text's bytes.", not_null=True),
            _c("notes", "TEXT", "What was left out of the archive (page chrome) and why."),
            _c("claims", "INTEGER", "Number of exported claims taken from this article.", not_null=True),
        ),
        ("slug",),
        label_column="slug",
    ),
    Table(
        "source_texts",
        "The archived text of each article, as stored (UTF-8, NFC); quotes stand in it, white space folded.",
        (
            _c("source", "TEXT", "The source's slug.", references="sources.slug", not_null=True),
            _c("text", "TEXT", "The whole archived text.", not_null=True),
        ),
        ("source",),
    ),
    Table(
        "entities",
        "Countries, organisations and people the claims refer to.",
        (
            _c("id", "TEXT", "The entity's id (`kzcrisis entities`).", not_null=True),
            _c("type", "TEXT", "country, organisation or person.", not_null=True),
            _c("name", "TEXT", "English name.", not_null=True),
            _c("iso", "TEXT", "ISO 3166-1 alpha-2 code (countries only)."),
            _c("speaks_for", "TEXT", "Whom this entity speaks for.", references="entities.id"),
            _c("role", "TEXT", "A person's or body's role, as the articles give it."),
        ),
        ("id",),
        facets=("type",),
        label_column="name",
    ),
    Table(
        "entity_names",
        "Every name of an entity: its English name, its Vietnamese names and its aliases.",
        (
            _c("entity", "TEXT", "The entity.", references="entities.id", not_null=True),
            _c("form", "TEXT", "name (English), vi (Vietnamese) or alias.", not_null=True),
            _c("name", "TEXT", "The name as written.", not_null=True),
        ),
        ("entity", "form", "name"),
        facets=("form",),
    ),
    Table(
        "claims",
        "One row per claim: its verbatim Vietnamese quote, its English rendering, date and parties.",
        (
            _c("id", "TEXT", "Stable id, <source slug>-NNN.", not_null=True),
            _c(
                "seq",
                "INTEGER",
                "Position in date order (undated last), as the listings print.",
                not_null=True,
            ),
            _c("kind", "TEXT", "casualty, arrest, deployment, reaction or event.", not_null=True),
            _c(
                "source", "TEXT", "The article the quote stands in.", references="sources.slug", not_null=True
            ),
            _c(
                "date",
                "TEXT",
                f"The day the fact refers to, {_ISO}; null where the text gives none.",
                is_date=True,
            ),
            _c("date_note", "TEXT", "How a relative date was resolved, or why there is none."),
            _c(
                "known_by",
                "TEXT",
                f"The day its article (or piece) was written, {_ISO}: an upper bound of an undated claim.",
            ),
            _c(
                "reported_by",
                "TEXT",
                "Who made the statement; null: the article's own voice.",
                references="entities.id",
            ),
            _c("speaker", "TEXT", "Who spoke (reactions).", references="entities.id"),
            _c("quote", "TEXT", "The verbatim Vietnamese words of the article.", not_null=True),
            _c("text_en", "TEXT", "The English rendering, written by a curator.", not_null=True),
            _c("note", "TEXT", "What a careful reader should know."),
            _c("stances", "TEXT", "Stance tags of a reaction (JSON array).", is_list=True),
            _c(
                "countries",
                "TEXT",
                "Countries that act, speak or report in the claim, directly or through someone who "
                "speaks for them (what --country matches; JSON array of entity ids).",
                is_list=True,
            ),
            _c(
                "parties",
                "TEXT",
                "Every country, organisation or person that acts, speaks or reports in the claim, and "
                "whom they speak for (what --actor matches; JSON array of entity ids).",
                is_list=True,
            ),
            _c("mission", "TEXT", "A deployment's mission, as the article gives it."),
            _c("legal_basis", "TEXT", "A deployment's legal basis."),
            _c("command", "TEXT", "Who commands a deployment.", references="entities.id"),
            _c("place", "TEXT", "Where an event took place."),
            _c("statement", "TEXT", "Shared by claims of different articles that report one statement."),
            _c(
                "section",
                "TEXT",
                "body, or caption for a photo caption (what --section matches).",
                not_null=True,
            ),
        ),
        ("id",),
        facets=("source", "kind", {"array": "countries"}, {"array": "parties"}, {"array": "stances"}),
        label_column="id",
    ),
    Table(
        "figures",
        "One row per number a claim gives: a count with its qualifier, what it counts and as of when.",
        (
            _c("id", "INTEGER", "Row id (0-based, in claim order).", not_null=True),
            _c("claim", "TEXT", "The claim that gives the figure.", references="claims.id", not_null=True),
            _c(
                "position",
                "INTEGER",
                "The figure's position among its claim's figures (0-based).",
                not_null=True,
            ),
            _c(
                "source",
                "TEXT",
                "The claim's source (repeated here to facet on).",
                references="sources.slug",
                not_null=True,
            ),
            _c("metric", "TEXT", f"{_one_of(Metric)}.", not_null=True),
            _c("group", "TEXT", f"Whom a reader compares it with: {_one_of(Group)}.", not_null=True),
            _c("label", "TEXT", "The text's own word for whom it counts, where the group is not that word."),
            _c("count", "INTEGER", "The number; null only for 'dozens'."),
            _c("qualifier", "TEXT", f"{_one_of(Qualifier)}.", not_null=True),
            _c("low", "REAL", "Lowest value the figure allows (what compare judges by).", not_null=True),
            _c("high", "REAL", "Highest value the figure allows; null when open-ended."),
            _c(
                "components",
                "TEXT",
                "The parts the article gives when the count is their sum (JSON array).",
                is_list=True,
            ),
            _c("as_of", "TEXT", f"The day the figure counts up to, {_ISO}.", is_date=True),
            _c("as_of_note", "TEXT", "Why as_of is null, or how it was read."),
            _c("known_by", "TEXT", f"The day its article (or piece) was written, {_ISO}: reported by then."),
            _c("statement", "TEXT", "The claim's statement: figures of one statement are one report."),
            _c("note", "TEXT", "What a careful reader should know about this figure."),
        ),
        ("id",),
        facets=("source", "metric", "group", "qualifier"),
    ),
    Table(
        "claim_entities",
        "Who a claim refers to, and as what.",
        (
            _c("claim", "TEXT", "The claim.", references="claims.id", not_null=True),
            _c("entity", "TEXT", "The entity.", references="entities.id", not_null=True),
            _c(
                "role",
                "TEXT",
                "reported_by, actor, mention, speaker, contributor, command or on_behalf_of.",
                not_null=True,
            ),
        ),
        ("claim", "entity", "role"),
        facets=("role",),
    ),
    Table(
        "statements",
        "Claims of different articles that report the same statement (empty when the corpus does not say).",
        (
            _c("statement", "TEXT", "The statement's id.", not_null=True),
            _c("claim", "TEXT", "A claim that reports it.", references="claims.id", not_null=True),
        ),
        ("statement", "claim"),
    ),
)

TABLE = {t.name: t for t in TABLES}


def tables_markdown() -> str:
    """The tables as Markdown: docs/export-tables.md (a test keeps the file up to date)."""
    lines = [
        "# The export tables",
        "",
        "What `kzcrisis export sqlite` and `export parquet` write (generated from",
        "`kzcrisis/export/schema.py`; `tests/export/test_sqlite.py` checks this file is current).",
        "Dates are ISO `YYYY-MM-DD` text; lists are JSON arrays in a text column.",
    ]
    for table in TABLES:
        lines += ["", f"## `{table.name}`", "", table.description, ""]
        lines += [f"Primary key: `{', '.join(table.primary_key)}`.", ""]
        lines += ["| column | type | key | description |", "|---|---|---|---|"]
        for col in table.columns:
            key = "primary" if table.primary_key == (col.name,) else ""
            if col.references:
                key = f"→ `{col.references}`"
            null = "" if col.not_null else " (nullable)"
            lines.append(f"| `{col.name}` | {col.type}{null} | {key} | {col.description} |")
    return "\n".join(lines) + "\n"
