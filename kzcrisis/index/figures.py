"""The `figures` table: one row per figure, with its flat record (`figure_row`) as JSON text.

Why: `compare` and `figures` used to parse the whole JSON record of every claim with figures
(26,000 records at 100,000 claims, most of their time) to read five values of each figure.
The table holds those values as columns (what `compare` judges by and filters on) and the
figure's output record as stored text, so `--json` splices text and parses nothing.

The row is made from the claim's model at build time, with the same values its JSON record
holds (tests/oracles.py makes it from the record, and the tests compare).
Each figure's interval and its rounded bounds (`low`, `high`) are defined in
`kzcrisis.corpus.interval`, which the checks, the index and the exports share.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kzcrisis.corpus.interval import ABOUT_TOLERANCE, DOZENS, Interval, bounds, interval
from kzcrisis.index.jsontext import encode

if TYPE_CHECKING:
    from kzcrisis.index.records import FigureRecord

__all__ = [
    "ABOUT_TOLERANCE",
    "COLUMNS",
    "DOZENS",
    "FIGURE_FIELDS",
    "Interval",
    "figure_row",
    "figure_table_rows",
    "insert_figures",
    "interval",
]

# The keys of a figure row, in order (`kzcrisis figures`, `Corpus.figures`).
FIGURE_FIELDS = (
    "claim",
    "statement",
    "source",
    "outlet",
    "metric",
    "group",
    "label",
    "count",
    "qualifier",
    "low",
    "high",
    "as_of",
    "known_by",
    "reported_by",
    "reported_by_name",
    "quote",
    "text_en",
    "note",
)


def figure_row(
    claim: str,
    statement: str | None,
    source: str,
    outlet: str | None,
    metric: str,
    group: str,
    label: str | None,
    count: int | None,
    qualifier: str,
    as_of: str | None,
    known_by: str | None,
    reported_by: str | None,
    reported_by_name: str | None,
    quote: str | None,
    text_en: str,
    note: str | None,
) -> FigureRecord:
    """The one shape of a figure's row (`kzcrisis figures`, `Corpus.figures`, `compare`'s figures):
    its values in FIGURE_FIELDS order, with the interval as `low` and `high`."""
    low, high = bounds(count, qualifier)
    return {
        "claim": claim,
        "statement": statement,
        "source": source,
        "outlet": outlet,
        "metric": metric,
        "group": group,
        "label": label,
        "count": count,
        "qualifier": qualifier,
        "low": low,
        "high": high,
        "as_of": as_of,
        "known_by": known_by,
        "reported_by": reported_by,
        "reported_by_name": reported_by_name,
        "quote": quote,
        "text_en": text_en,
        "note": note,
    }


# What `claims`' rows are to a claim, these are to a figure: (seq, pos) is the claim's seq and the
# figure's place in its list; claim its id (a query of figures then reads no claim row, only the
# claims' indexes); grp is the group (GROUP is an SQL keyword).
# statement and known_by: what compare reads a figure's report and its bound by.
COLUMNS = "seq, pos, claim, metric, grp, count, qualifier, as_of, statement, known_by, row"


def figure_table_rows(
    claims: Sequence[Any], corpus: Any, first_seq: int, written: Any = None
) -> list[tuple[Any, ...]]:
    """The `figures` rows of `claims` (models of `corpus`, numbered from `first_seq` as in `claims`).

    Each row's text is `figure_row` of the claim's values, made from the model directly (a record
    is not parsed back): the same keys in the same order, with the values the record holds.
    """
    out: list[tuple[Any, ...]] = []
    if written is None:
        from kzcrisis.corpus.written import WrittenDays

        written = WrittenDays(corpus.sources, corpus.texts)
    for seq, claim in enumerate(claims, first_seq):
        # __dict__, not getattr: a reaction has no `figures`, and a miss on a model is slow.
        figures = claim.__dict__.get("figures")
        if not figures:
            continue
        source = corpus.sources.get(claim.source)
        outlet = source.outlet if source else None
        reporter = claim.reported_by
        reporter_name = corpus.entities[reporter].name if reporter else None
        day = written.of(claim.source, claim.quote)
        known_by = day.isoformat() if day else None
        for pos, fig in enumerate(figures):
            metric, group, qualifier = fig.metric.value, fig.group.value, fig.qualifier.value
            as_of = fig.as_of.isoformat() if fig.as_of else None
            row = figure_row(
                claim.id,
                claim.statement,
                claim.source,
                outlet,
                metric,
                group,
                fig.label,
                fig.count,
                qualifier,
                as_of,
                known_by,
                reporter,
                reporter_name,
                claim.quote,
                claim.text_en,
                fig.note,
            )
            cells = (seq, pos, claim.id, metric, group, fig.count, qualifier, as_of)
            out.append((*cells, claim.statement, known_by, encode(row)))
    return out


def insert_figures(
    conn: sqlite3.Connection, claims: Sequence[Any], corpus: Any, first_seq: int, written: Any = None
) -> None:
    """Insert the `figures` rows of `claims` (see `figure_table_rows`)."""
    conn.executemany(
        f"INSERT INTO figures ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        figure_table_rows(claims, corpus, first_seq, written),
    )
