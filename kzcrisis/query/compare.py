"""Where the sources disagree: figures of the same quantity side by side, with a verdict.

A quantity is (metric, group): 'killed / security_forces'. Figures of different groups are
never compared: a count of protesters says nothing about a count of police.

Each figure is read as the interval of the values it allows (`kzcrisis.corpus.interval`).

Two figures are `consistent` when their intervals overlap. When they do not:
    both dated, the same date                         conflict
    both dated, different dates, the later higher     updated
      (or any order for troops and aircraft, which may go down)
    both dated, different dates, a cumulative count (killed, injured, detained) lower later
                                                      conflict
    an as-of date unknown                             undetermined: a later count cannot be ruled out
A quantity's verdict is the worst relation among its pairs (conflict > undetermined > updated >
consistent); one figure alone is `single`. The verdict is found without listing the pairs, in
O(F log F) for F figures (sorted by date, with running extremes); the pairs themselves, F^2/2 of
them, are listed only on request (`--pairs`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any, TypeVar

from kzcrisis.corpus.interval import Interval, interval
from kzcrisis.index.jsontext import decode, key_prefix
from kzcrisis.index.store import Index
from kzcrisis.query.figures import FigureRow, read_figures
from kzcrisis.query.select import Filters

if TYPE_CHECKING:
    from kzcrisis.index.records import Pair, Quantity, QuantityRecord

CUMULATIVE = frozenset({"killed", "injured", "detained"})
VERDICT_ORDER = ("conflict", "undetermined", "updated", "consistent", "single")
# A quantity as the query holds it or as a record: what `filter_quantities` reads of either.
Q = TypeVar("Q", bound=Mapping[str, Any])
Fig = dict[str, Any]
METRIC_ORDER = ("killed", "injured", "detained", "troops", "aircraft")


def _iv(f: Fig) -> Interval:
    return interval(f["count"], f["qualifier"])


def relation(a: Fig, b: Fig, metric: str) -> str:
    """consistent, updated, undetermined or conflict, for two figure rows of one quantity."""
    ia, ib = _iv(a), _iv(b)
    if ia.overlaps(ib):
        return "consistent"
    if not (a["as_of"] and b["as_of"]):
        return "undetermined"
    if a["as_of"] == b["as_of"]:
        return "conflict"
    earlier, later = (ia, ib) if a["as_of"] < b["as_of"] else (ib, ia)
    return "updated" if metric not in CUMULATIVE or later.above(earlier) else "conflict"


# --- the verdict without the pairs -------------------------------------------------------------


def _lowest_top(figs: Sequence[tuple[Interval, Fig]]) -> tuple[Interval, Fig]:
    """The figure whose interval ends lowest (an open end first)."""
    return min(figs, key=lambda x: (x[0].high, not x[0].high_open))


def _highest_bottom(figs: Sequence[tuple[Interval, Fig]]) -> tuple[Interval, Fig]:
    """The figure whose interval starts highest (an open start first)."""
    return max(figs, key=lambda x: (x[0].low, x[0].low_open))


def _disjoint_in(figs: Sequence[tuple[Interval, Fig]]) -> tuple[Fig, Fig] | None:
    """Two figures that do not overlap, if any do (on a line, all overlap iff these two do)."""
    if len(figs) < 2:
        return None
    top, bottom = _highest_bottom(figs), _lowest_top(figs)
    return None if top[0].overlaps(bottom[0]) else (bottom[1], top[1])


def _across_dates(dated: list[tuple[Interval, Fig]], metric: str) -> dict[str, tuple[Fig, Fig]]:
    """A witness pair (earlier, later) of different dates for `updated` and for `conflict` (a
    cumulative count lower later), one sweep over the figures in date order."""
    found: dict[str, tuple[Fig, Fig]] = {}
    by_date: dict[str, list[tuple[Interval, Fig]]] = {}
    for item in dated:
        by_date.setdefault(item[1]["as_of"], []).append(item)
    high_start: tuple[Interval, Fig] | None = None  # earlier figure starting highest
    low_end: tuple[Interval, Fig] | None = None  # earlier figure ending lowest
    for day in sorted(by_date):
        group = by_date[day]
        for iv, f in group:
            if high_start and high_start[0].above(iv):  # lower than an earlier figure
                found.setdefault("conflict" if metric in CUMULATIVE else "updated", (high_start[1], f))
            if low_end and iv.above(low_end[0]):  # higher than an earlier figure
                found.setdefault("updated", (low_end[1], f))
        top, bottom = _highest_bottom(group), _lowest_top(group)
        high_start = top if high_start is None else _highest_bottom([high_start, top])
        low_end = bottom if low_end is None else _lowest_top([low_end, bottom])
    return found


def _undated_apart(items: list[tuple[Interval, Fig]]) -> list[tuple[Fig, Fig]]:
    """For each undated figure that some other figure does not overlap: (it, one such figure)."""
    ranked_top = sorted(items, key=lambda x: (x[0].low, x[0].low_open), reverse=True)[:2]
    ranked_bottom = sorted(items, key=lambda x: (x[0].high, not x[0].high_open))[:2]
    out = []
    for iv, f in items:
        if f["as_of"]:
            continue
        for other_iv, other in (*ranked_top, *ranked_bottom):
            if other is not f and not iv.overlaps(other_iv):
                out.append((f, other))
                break
    return out


def judge(figures: list[Fig], metric: str) -> tuple[str, str]:
    """The verdict of one quantity's figures, and the reason, in O(F log F)."""
    if len(figures) == 1:
        return "single", "one figure only"
    items = [(_iv(f), f) for f in figures]
    dated = [x for x in items if x[1]["as_of"]]
    by_date: dict[str, list[tuple[Interval, Fig]]] = {}
    for item in dated:
        by_date.setdefault(item[1]["as_of"], []).append(item)
    same_day = next((pair for day in sorted(by_date) if (pair := _disjoint_in(by_date[day]))), None)
    if same_day:
        a, b = same_day
        return "conflict", f"{a['claim']} and {b['claim']} cannot both hold for {a['as_of']}"
    across = _across_dates(dated, metric)
    if "conflict" in across:
        a, b = across["conflict"]
        return "conflict", (
            f"{b['claim']} ({b['as_of']}) is lower than {a['claim']} ({a['as_of']}), "
            f"and a {metric} count does not go down"
        )
    apart = _undated_apart(items)
    if apart:
        missing = ", ".join(f["claim"] for f, _ in apart)
        return "undetermined", (
            f"the figures do not overlap, and the as-of date of {missing} is unknown: "
            f"a later count cannot be ruled out (e.g. {apart[0][0]['claim']} vs {apart[0][1]['claim']})"
        )
    if "updated" in across:
        a, b = across["updated"]
        return (
            "updated",
            f"the figures change with the date: {a['claim']} ({a['as_of']}) then {b['claim']} ({b['as_of']})",
        )
    return "consistent", f"all {len(figures)} figures allow a common value"


def list_pairs(figures: list[Fig], metric: str) -> list[Pair]:
    """Every pair with its relation: F^2/2 of them, so only on request."""
    return [
        {"a": a["claim"], "b": b["claim"], "relation": relation(a, b, metric)}
        for a, b in combinations(figures, 2)
    ]


def _quantity_order(q: Quantity) -> tuple[int, str]:
    return (METRIC_ORDER.index(q["metric"]) if q["metric"] in METRIC_ORDER else 99, q["group"])


def compare_quantities(
    index: Index,
    filters: Filters,
    metrics: Sequence[str] = (),
    groups: Sequence[str] = (),
    *,
    conflicts: bool = False,
    pairs: bool = False,
) -> list[Quantity]:
    """The comparison: each quantity (of `metrics` among `groups`, all when empty) of the figures of
    the claims that pass `filters`, judged (`compare_rows`); only conflicts with `conflicts`.

    What `kzcrisis compare`, `Corpus.compare` and the static site's quantity pages all show.
    """
    found = read_figures(index, filters, metrics, groups, ordered=False)
    return filter_quantities(compare_rows(found, pairs=pairs), metrics, groups, conflicts)


def compare_rows(found: Sequence[FigureRow], *, pairs: bool = False) -> list[Quantity]:
    """Group figure rows by quantity (metric, group) and judge each: each quantity's `figures` is the
    list of its rows' JSON text (see `quantity_json`, `quantity_record`); nothing is parsed."""
    groups: dict[tuple[str, str], list[FigureRow]] = {}
    for f in found:
        groups.setdefault((f.metric, f.group), []).append(f)
    out = []
    for (metric, group), members in groups.items():
        # By date (undated last), claim, then the figure's place in its claim.
        members.sort(key=lambda f: (f.as_of is None, f.as_of or "", f.claim, f.pos))
        figures = [
            {"claim": f.claim, "as_of": f.as_of, "count": f.number, "qualifier": f.qualifier} for f in members
        ]
        verdict, reason = judge(figures, metric)
        quantity: Quantity = {
            "metric": metric,
            "group": group,
            "verdict": verdict,
            "reason": reason,
            "figures": [f.row for f in members],
        }
        if pairs:
            quantity["pairs"] = list_pairs(figures, metric)
        out.append(quantity)
    out.sort(key=_quantity_order)
    return out


def quantity_json(quantity: Quantity, dumps: Any) -> str:
    """A quantity of `compare_rows` as the JSON text of its record: its rows' text spliced in as it
    is stored (`dumps` is the output's encoder, `kzcrisis.render.formats.dumps`)."""
    return "".join(quantity_pieces(quantity, dumps))


def quantity_pieces(quantity: Quantity, dumps: Any, batch: int = 1000) -> Iterator[str]:
    """`quantity_json` in pieces, `batch` figures at a time: a large answer is never held whole."""
    q = quantity
    head = dumps({"metric": q["metric"], "group": q["group"], "verdict": q["verdict"], "reason": q["reason"]})
    figures = quantity["figures"]
    yield key_prefix(head, "figures") + "["
    for start in range(0, len(figures), batch):
        yield ("," if start else "") + ",".join(figures[start : start + batch])
    # pairs are F^2/2: written a batch at a time too
    if "pairs" in quantity:
        pairs = quantity["pairs"]
        yield '],"pairs":['
        for start in range(0, len(pairs), batch):
            yield ("," if start else "") + ",".join(dumps(p) for p in pairs[start : start + batch])
    yield "]}"


def quantity_record(quantity: Quantity) -> QuantityRecord:
    """A quantity of `compare_rows` as a record (its rows parsed): what `Corpus.compare` returns."""
    q = quantity
    record: QuantityRecord = {
        "metric": q["metric"],
        "group": q["group"],
        "verdict": q["verdict"],
        "reason": q["reason"],
        "figures": decode(f"[{','.join(q['figures'])}]"),
    }
    if "pairs" in q:
        record["pairs"] = q["pairs"]
    return record


def filter_quantities(
    quantities: list[Q], metrics: Sequence[str], groups: Sequence[str], conflicts_only: bool
) -> list[Q]:
    return [
        q
        for q in quantities
        if (not metrics or q["metric"] in metrics)
        and (not groups or q["group"] in groups)
        and (not conflicts_only or q["verdict"] == "conflict")
    ]
