"""Figures as rows: one flat record per figure, with the interval of values its qualifier allows.

The interval is what `compare` judges by; a spreadsheet or a script gets it as `low` and `high`
(`high` null when open-ended).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
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
    """The values a figure allows (see the module docstring)."""
    if qualifier == "dozens" or count is None:
        return Interval(*DOZENS)
    n = float(count)
    match qualifier:
        case "about":
            return Interval(n * (1 - ABOUT_TOLERANCE), n * (1 + ABOUT_TOLERANCE))
        case "at_least":
            return Interval(n, math.inf)
        case "more_than":
            return Interval(n, math.inf, low_open=True)
        case "up_to":
            return Interval(0.0, n)
        case _:
            return Interval(n, n)


# The keys of a figure row, in order (`kzcrisis figures`, `Corpus.figures`).
FIGURE_FIELDS = (
    "claim",
    "source",
    "outlet",
    "metric",
    "group",
    "count",
    "qualifier",
    "low",
    "high",
    "as_of",
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
    iv = interval(figure["count"], figure["qualifier"])
    reporter = record.get("reported_by")
    return {
        "claim": record["id"],
        "source": record["source"],
        "outlet": record.get("outlet"),
        "metric": figure["metric"],
        "group": figure["group"],
        "count": figure["count"],
        "qualifier": figure["qualifier"],
        "low": _number(iv.low),
        "high": None if math.isinf(iv.high) else _number(iv.high),
        "as_of": figure["as_of"],
        "reported_by": reporter,
        "reported_by_name": record["names"].get(reporter) if reporter else None,
        "quote": record.get("quote"),
        "text_en": record["text_en"],
        "note": figure.get("note"),
    }


def figure_rows(
    records: Iterable[dict[str, Any]], metrics: Sequence[str] = (), groups: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Every figure of the records that counts one of `metrics` among `groups` (all when empty)."""
    return [
        figure_row(record, figure)
        for record in records
        for figure in record.get("figures") or []
        if (not metrics or figure["metric"] in metrics) and (not groups or figure["group"] in groups)
    ]


def only_figures(
    records: Iterable[dict[str, Any]], metrics: Sequence[str] = (), groups: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The records with only the figures that count one of `metrics` among `groups` (all when
    empty); a record left without a figure is dropped. What `casualties --metric killed` prints."""
    out = []
    for record in records:
        kept = [
            f
            for f in record.get("figures") or []
            if (not metrics or f["metric"] in metrics) and (not groups or f["group"] in groups)
        ]
        if kept:
            out.append({**record, "figures": kept})
    return out
