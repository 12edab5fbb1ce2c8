"""The `figures` table: one row per figure, with its flat record (`figure_row`) as JSON text.

Why: `compare` and `figures` used to parse the whole JSON record of every claim with figures
(26,000 records at 100,000 claims, most of their time) to read five values of each figure.
The table holds those values as columns (what `compare` judges by and filters on) and the
figure's output record as stored text, so `--json` splices text and parses nothing.

The row is made from the claim's model at build time, with the same values its JSON record
holds: `figure_row(json.loads(record), figure)` equals `json.loads(row)` (tests check it).
Each figure's interval (`interval`) is defined here, below the query layer, because its bounds
(`low`, `high`) are part of the stored row.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

ABOUT_TOLERANCE = 0.10
DOZENS = (10.0, 99.0)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above_low = self.low < value or (self.low == value and not self.low_open)
        below_high = value < self.high or (value == self.high and not self.high_open)
        return above_low and below_high

    def overlaps(self, other: Interval) -> bool:
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low != high:
            return low < high
        # They touch at one point: they overlap only if both include it.
        return self.contains(low) and other.contains(low)

    def above(self, other: Interval) -> bool:
        """Every value of self is higher than every value of other."""
        return self.low > other.high or (self.low == other.high and (self.low_open or other.high_open))


@lru_cache(maxsize=4096)  # figures repeat their values; compare asks for each twice
def interval(count: int | None, qualifier: str) -> Interval:
    """The values a figure allows (see `kzcrisis.query.compare`)."""
    if qualifier == "dozens" or count is None:
        return Interval(*DOZENS)
    n = float(count)
    bounds: dict[str, tuple[float, float, bool, bool]] = {
        "about": (n * (1 - ABOUT_TOLERANCE), n * (1 + ABOUT_TOLERANCE), False, False),
        "at_least": (n, math.inf, False, False),
        "more_than": (n, math.inf, True, False),
        "up_to": (0.0, n, False, False),
        "projected": (0.0, math.inf, False, False),  # a forecast: neither a floor nor a ceiling
    }
    return Interval(*bounds.get(qualifier, (n, n, False, False)))


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


def _number(value: float) -> int | float:
    """5220.0 -> 5220: a whole bound is written as an integer (in JSON and CSV alike)."""
    value = round(value, 6)  # 5800 * 1.1 is 6380.000000000001
    return int(value) if value.is_integer() else value


def figure_row(record: dict[str, Any], figure: dict[str, Any]) -> dict[str, Any]:
    """One figure of a claim record, flat: every value a cell of its own (keys: FIGURE_FIELDS)."""
    reporter = record.get("reported_by")
    return _row(
        record["id"],
        record.get("statement"),
        record["source"],
        record.get("outlet"),
        figure["metric"],
        figure["group"],
        figure.get("label"),
        figure["count"],
        figure["qualifier"],
        figure["as_of"],
        record.get("known_by"),
        reporter,
        record["names"].get(reporter) if reporter else None,
        record.get("quote"),
        record["text_en"],
        figure.get("note"),
    )


def _row(
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
) -> dict[str, Any]:
    """The figure row from its values, in FIGURE_FIELDS order, with the interval as `low` and `high`:
    one definition for a record (`figure_row`) and a claim model (`figure_table_rows`)."""
    iv = interval(count, qualifier)
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
        "low": _number(iv.low),
        "high": None if math.isinf(iv.high) else _number(iv.high),
        "as_of": as_of,
        "known_by": known_by,
        "reported_by": reported_by,
        "reported_by_name": reported_by_name,
        "quote": quote,
        "text_en": text_en,
        "note": note,
    }


@lru_cache(maxsize=1)
def _encoder() -> Any:
    """The encoder of `kzcrisis.render.formats.dumps` (a stored row is printed as it is), made once:
    json.dumps with options makes a new one per call, a third of the cost of a row."""
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# What `claims`' rows are to a claim, these are to a figure: (seq, pos) is the claim's seq and the
# figure's place in its list; claim its id (a query of figures then reads no claim row, only the
# claims' indexes); grp is the group (GROUP is an SQL keyword).
# statement and known_by: what compare reads a figure's report and its bound by.
COLUMNS = "seq, pos, claim, metric, grp, count, qualifier, as_of, statement, known_by, row"


def figure_table_rows(
    claims: Sequence[Any], corpus: Any, first_seq: int, written: Any = None
) -> list[tuple[Any, ...]]:
    """The `figures` rows of `claims` (models of `corpus`, numbered from `first_seq` as in `claims`).

    Each row's text is `figure_row` of the claim's record, made from the model directly (a record
    is not parsed back): the same keys in the same order, with the values the record holds.
    """
    out: list[tuple[Any, ...]] = []
    encode = _encoder().encode
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
            row = _row(
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
