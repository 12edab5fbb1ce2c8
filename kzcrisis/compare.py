"""Where the sources disagree: figures of the same quantity side by side, with a verdict.

A quantity is (metric, group): 'killed / security_forces'. Figures of different groups are
never compared: a count of protesters says nothing about a count of police.

Each figure is read as an interval of the values it allows:
    exact n      [n, n]
    about n      [n - 10%, n + 10%]          (ABOUT_TOLERANCE)
    at_least n   [n, inf)
    more_than n  (n, inf)
    up_to n      [0, n]
    dozens       [10, 99]                   (DOZENS; ACLED would code 12 when forced to one number)

Two figures are `consistent` when their intervals overlap. When they do not, the pair is
`updated` if both have as-of dates, the dates differ, and (for cumulative counts: killed,
injured, detained) the later figure is the higher; otherwise it is a `conflict`. A quantity's
verdict is the worst of its pairs (conflict > updated > consistent); one figure alone is `single`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

ABOUT_TOLERANCE = 0.10
DOZENS = (10.0, 99.0)
CUMULATIVE = frozenset({"killed", "injured", "detained"})
VERDICT_ORDER = ("conflict", "updated", "consistent", "single")


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


def relation(a: dict[str, Any], b: dict[str, Any], metric: str) -> str:
    """consistent, updated or conflict, for two figure rows of one quantity."""
    ia, ib = interval(a["count"], a["qualifier"]), interval(b["count"], b["qualifier"])
    if ia.overlaps(ib):
        return "consistent"
    if a["as_of"] and b["as_of"] and a["as_of"] != b["as_of"]:
        earlier, later = (ia, ib) if a["as_of"] < b["as_of"] else (ib, ia)
        if metric not in CUMULATIVE or later.above(earlier):
            return "updated"
    return "conflict"


def _figure_row(record: dict[str, Any], figure: dict[str, Any]) -> dict[str, Any]:
    iv = interval(figure["count"], figure["qualifier"])
    reporter = record.get("reported_by")
    return {
        "claim": record["id"],
        "source": record["source"],
        "outlet": record.get("outlet"),
        "count": figure["count"],
        "qualifier": figure["qualifier"],
        "low": iv.low,
        "high": None if math.isinf(iv.high) else iv.high,
        "as_of": figure["as_of"],
        "reported_by": reporter,
        "reported_by_name": record["names"].get(reporter) if reporter else None,
        "text_en": record["text_en"],
        "note": figure.get("note"),
    }


def _reason(verdict: str, figures: list[dict[str, Any]], pairs: list[dict[str, Any]]) -> str:
    if verdict == "single":
        return "one figure only"
    if verdict == "consistent":
        return f"all {len(figures)} figures allow a common value"
    bad = [p for p in pairs if p["relation"] == verdict]
    what = "later figures are higher" if verdict == "updated" else "the figures cannot all be true"
    if verdict == "conflict":
        what += " for one as-of date (or the date is unknown)"
    listed = "; ".join(f"{p['a']} vs {p['b']}" for p in bad)
    return f"{what}: {listed}"


def compare_figures(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group every figure of the records by (metric, group) and judge each group."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in records:
        for figure in record.get("figures") or []:
            groups.setdefault((figure["metric"], figure["group"]), []).append(_figure_row(record, figure))
    out = []
    for (metric, group), figures in groups.items():
        figures.sort(key=lambda f: (f["as_of"] is None, f["as_of"] or "", f["claim"]))
        pairs = [
            {"a": a["claim"], "b": b["claim"], "relation": relation(a, b, metric)}
            for a, b in combinations(figures, 2)
        ]
        found = {p["relation"] for p in pairs}
        verdict = "single" if len(figures) == 1 else next(v for v in VERDICT_ORDER if v in found)
        out.append(
            {
                "metric": metric,
                "group": group,
                "verdict": verdict,
                "reason": _reason(verdict, figures, pairs),
                "figures": figures,
                "pairs": pairs,
            }
        )
    metric_order = ("killed", "injured", "detained", "troops", "aircraft")
    out.sort(
        key=lambda q: (metric_order.index(q["metric"]) if q["metric"] in metric_order else 99, q["group"])
    )
    return out


def filter_quantities(
    quantities: list[dict[str, Any]], metrics: Sequence[str], groups: Sequence[str], conflicts_only: bool
) -> list[dict[str, Any]]:
    return [
        q
        for q in quantities
        if (not metrics or q["metric"] in metrics)
        and (not groups or q["group"] in groups)
        and (not conflicts_only or q["verdict"] == "conflict")
    ]
