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

from collections.abc import Sequence
from itertools import combinations
from typing import Any

from kzcrisis.query.figures import figure_row, interval

CUMULATIVE = frozenset({"killed", "injured", "detained"})
VERDICT_ORDER = ("conflict", "updated", "consistent", "single")


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
            groups.setdefault((figure["metric"], figure["group"]), []).append(figure_row(record, figure))
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
