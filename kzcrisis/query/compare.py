"""Where the sources disagree: figures of the same quantity side by side, with a verdict.

A quantity is (metric, group): 'killed / security_forces'. Figures of different groups are
never compared: a count of protesters says nothing about a count of police. A subgroup's figure
is context for the `all` figure of its metric, never added to it: each `all` quantity names the
subgroups beside it (`subgroups`).

Each figure is read as the interval of the values it allows (`kzcrisis.corpus.interval`): a
`projected` figure ("could reach n") allows [0, inf), so it is never read as a ceiling.

**One statement is one report.** The figures of claims that share a `statement` are one report
carried by several outlets: among themselves they are `consistent` or, where their intervals do
not overlap (75 and more than 75), `reported_differently`, never `undetermined` or `conflict`.
Against other figures the report allows every value one of its figures allows (the hull), as of
its earliest date, known by its earliest bound.

**Dates and bounds.** A figure's `as_of` is its date; an undated figure's `known_by` (the day its
text was written) is an upper bound: it is earlier than a figure dated after that day.

Two reports are `consistent` when their intervals overlap. When they do not:
    the same date                                     conflict
    one known to be earlier (dates, or a bound before a date), the later higher
      (or any order for troops and aircraft, which may go down)
                                                      updated
    one known to be earlier, a cumulative count (killed, injured, detained) lower later
                                                      conflict
    neither known to be earlier                       undetermined: the reason names the bounds
A quantity's verdict is the worst relation among its pairs (VERDICT_ORDER); one figure alone is
`single`. The verdict is found without listing the pairs, in O(F log F) for F figures (sorted by
date, with running extremes and prefix extremes by date); the pairs themselves, F^2/2 of them,
are listed only on request (`--pairs`). Each quantity names its `latest` report (by date, then
bound), or says in `latest_reason` why none can be named.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import combinations, islice
from typing import TYPE_CHECKING, Any, TypeVar, cast

from kzcrisis.corpus.interval import Interval, interval
from kzcrisis.corpus.text import with_article
from kzcrisis.corpus.vocab import QUALIFIER_READING
from kzcrisis.index.jsontext import decode, key_prefix
from kzcrisis.index.store import Index
from kzcrisis.query.figures import FigureRow, read_figures
from kzcrisis.query.select import Filters

if TYPE_CHECKING:
    from kzcrisis.index.records import Pair, Quantity, QuantityRecord

CUMULATIVE = frozenset({"killed", "injured", "detained"})
VERDICT_ORDER = ("conflict", "undetermined", "reported_differently", "updated", "consistent", "single")
METRIC_ORDER = ("killed", "injured", "detained", "troops", "aircraft")
# The keys of a quantity before its figures (and pairs), in order.
QUANTITY_FIELDS = ("metric", "group", "verdict", "reason", "latest", "latest_reason", "subgroups")

# A quantity as the query holds it or as a record: what `filter_quantities` reads of either.
Q = TypeVar("Q", bound=Mapping[str, Any])
Fig = dict[str, Any]


def _iv(f: Fig) -> Interval:
    return interval(f["count"], f["qualifier"])


def _hull(intervals: Sequence[Interval]) -> Interval:
    low = min(intervals, key=lambda i: (i.low, i.low_open))
    high = max(intervals, key=lambda i: (i.high, not i.high_open))
    return Interval(low.low, high.high, low.low_open, high.high_open)


class Report:
    """The figures of one statement (or one figure standing alone) in a quantity."""

    __slots__ = ("as_of", "figures", "iv", "known_by", "name", "statement")

    def __init__(self, figures: list[Fig]) -> None:
        self.figures = figures
        first = figures[0]
        self.statement: str | None = first.get("statement")
        if len(figures) == 1:  # most figures stand alone: no hull, no minimum
            self.iv = interval(first["count"], first["qualifier"])
            self.as_of: str | None = first["as_of"]
            self.known_by: str | None = first.get("known_by")
            self.name = str(first.get("claim"))
            return
        self.iv = _hull([_iv(f) for f in figures])
        self.as_of = min((f["as_of"] for f in figures if f["as_of"]), default=None)
        self.known_by = min((f["known_by"] for f in figures if f.get("known_by")), default=None)
        self.name = f"statement {self.statement} ({', '.join(str(f.get('claim')) for f in figures)})"

    def when(self) -> str:
        if self.as_of:
            return self.as_of
        return f"undated, reported by {self.known_by}" if self.known_by else "undated, no bound"

    def describe(self) -> str:
        """'tokayev-coup-038 (5,000, undated, reported by 2022-01-10)', or 'statement s (a-1 75, b-1 more
        than 75; undated, reported by 2022-01-10)': what a reason names."""
        if len(self.figures) == 1:
            return f"{self.name} ({_value(self.figures[0])}, {self.when()})"
        each = ", ".join(f"{f.get('claim')} {_value(f)}" for f in self.figures)
        return f"statement {self.statement} ({each}; {self.when()})"


def reports_of(figures: Sequence[Fig]) -> list[Report]:
    """The figures grouped into reports: one per statement, one per figure standing alone."""
    by_statement: dict[str, list[Fig]] = {}
    alone: list[list[Fig]] = []
    for f in figures:
        if f.get("statement"):
            by_statement.setdefault(f["statement"], []).append(f)
        else:
            alone.append([f])
    return [Report(members) for members in [*by_statement.values(), *alone]]


def _earlier(a: Report, b: Report) -> int | None:
    """-1 if a is known to be earlier, 1 if b is, 0 for the same date, None if neither is known."""
    if a.as_of and b.as_of:
        return (a.as_of > b.as_of) - (a.as_of < b.as_of)
    if b.as_of and a.known_by and a.known_by < b.as_of:
        return -1
    if a.as_of and b.known_by and b.known_by < a.as_of:
        return 1
    return None


def _report_relation(a: Report, b: Report, metric: str) -> str:
    if a.iv.overlaps(b.iv):
        return "consistent"
    order = _earlier(a, b)
    if order is None:
        return "undetermined"
    if order == 0:
        return "conflict"
    earlier, later = (a.iv, b.iv) if order < 0 else (b.iv, a.iv)
    return "updated" if metric not in CUMULATIVE or later.above(earlier) else "conflict"


def relation(a: Fig, b: Fig, metric: str) -> str:
    """The relation of two figure rows of one quantity (as reports of their own, or one statement)."""
    if a.get("statement") and a.get("statement") == b.get("statement"):
        return "consistent" if _iv(a).overlaps(_iv(b)) else "reported_differently"
    return _report_relation(Report([a]), Report([b]), metric)


# --- the verdict without the pairs -------------------------------------------------------------

Item = tuple[Interval, Report]


def _lowest_top(items: Sequence[Item]) -> Item:
    """The item whose interval ends lowest (an open end first)."""
    return min(items, key=lambda x: (x[0].high, not x[0].high_open))


def _highest_bottom(items: Sequence[Item]) -> Item:
    """The item whose interval starts highest (an open start first)."""
    return max(items, key=lambda x: (x[0].low, x[0].low_open))


def _disjoint(items: Sequence[Item]) -> tuple[Report, Report] | None:
    """Two items that do not overlap, if any do (on a line, all overlap iff these two do)."""
    if len(items) < 2:
        return None
    top, bottom = _highest_bottom(items), _lowest_top(items)
    return None if top[0].overlaps(bottom[0]) else (bottom[1], top[1])


def _apart_from(iv: Interval, extremes: Sequence[Item], this: Report) -> Report | None:
    """One report of `extremes` (a set's highest bottom and lowest top) that `iv` does not overlap."""
    return next((r for other, r in extremes if r is not this and not iv.overlaps(other)), None)


def _across_dates(dated: list[Item], bounded: list[Item], metric: str) -> dict[str, tuple[Report, Report]]:
    """A witness pair (earlier, later) for `updated` and for `conflict` (a cumulative count lower
    later), one sweep over the dated reports in date order; an undated report joins the earlier
    ones from the first date after its bound."""
    found: dict[str, tuple[Report, Report]] = {}
    by_date: dict[str, list[Item]] = {}
    for item in dated:
        by_date.setdefault(str(item[1].as_of), []).append(item)
    waiting = sorted(bounded, key=lambda x: str(x[1].known_by))
    joined = 0
    high_start: Item | None = None  # earlier report starting highest
    low_end: Item | None = None  # earlier report ending lowest

    def add(items: Sequence[Item]) -> None:
        nonlocal high_start, low_end
        top, bottom = _highest_bottom(items), _lowest_top(items)
        high_start = top if high_start is None else _highest_bottom([high_start, top])
        low_end = bottom if low_end is None else _lowest_top([low_end, bottom])

    for day in sorted(by_date):
        start = joined
        while joined < len(waiting) and str(waiting[joined][1].known_by) < day:
            joined += 1
        if joined > start:
            add(waiting[start:joined])
        for iv, r in by_date[day]:
            if high_start and high_start[0].above(iv):  # lower than an earlier report
                found.setdefault("conflict" if metric in CUMULATIVE else "updated", (high_start[1], r))
            if low_end and iv.above(low_end[0]):  # higher than an earlier report
                found.setdefault("updated", (low_end[1], r))
        add(by_date[day])
    return found


def _undated_apart(items: list[Item], dated: list[Item]) -> tuple[Report, Report] | None:
    """An undated report and another that it does not overlap and that is not known to be earlier or
    later: every other undated report, and the dated ones not after its bound (prefix extremes)."""
    undated = [x for x in items if not x[1].as_of]
    top_u = heapq.nlargest(2, undated, key=lambda x: (x[0].low, x[0].low_open))
    bottom_u = heapq.nsmallest(2, undated, key=lambda x: (x[0].high, not x[0].high_open))
    by_day: dict[str, list[Item]] = {}
    for item in dated:
        by_day.setdefault(str(item[1].as_of), []).append(item)
    days = sorted(by_day)
    prefix: list[tuple[Item, Item]] = []  # extremes of the dated reports up to each day
    for day in days:
        top, bottom = _highest_bottom(by_day[day]), _lowest_top(by_day[day])
        if prefix:
            top, bottom = _highest_bottom([prefix[-1][0], top]), _lowest_top([prefix[-1][1], bottom])
        prefix.append((top, bottom))
    for iv, r in undated:
        other = _apart_from(iv, [*top_u, *bottom_u], r)
        if other is None and prefix:
            # dated on or before its bound (all of them without a bound) are not known to be later
            n = bisect_right(days, r.known_by) if r.known_by else len(days)
            other = _apart_from(iv, prefix[n - 1], r) if n else None
        if other is not None:
            return r, other
    return None


def _within_statements(reports: list[Report]) -> tuple[Report, Fig, Fig] | None:
    """A statement whose figures do not all overlap: (its report, two figures of it)."""
    for r in reports:
        if len(r.figures) > 1:
            pair = _disjoint([(_iv(f), Report([f])) for f in r.figures])
            if pair:
                return r, pair[0].figures[0], pair[1].figures[0]
    return None


def _value(f: Fig) -> str:
    """'more than 75': the figure in the words of the reason (vocab.QUALIFIER_READING)."""
    if f["count"] is None:
        return "dozens"
    words = QUALIFIER_READING.get(f["qualifier"], "")
    return f"{words} {f['count']:,}".strip()


Finding = tuple[str, str] | None


def _same_day(dated: list[Item]) -> Finding:
    by_date: dict[str, list[Item]] = {}
    for item in dated:
        by_date.setdefault(str(item[1].as_of), []).append(item)
    pair = next((pair for day in sorted(by_date) if (pair := _disjoint(by_date[day]))), None)
    if pair is None:
        return None
    a, b = pair
    return "conflict", f"{a.describe()} and {b.describe()} cannot both hold for {a.as_of}"


def _lower_later(across: dict[str, tuple[Report, Report]], metric: str) -> Finding:
    if "conflict" not in across:
        return None
    a, b = across["conflict"]
    return (
        "conflict",
        f"{b.describe()} is lower than {a.describe()}, and {with_article(metric)} count does not go down",
    )


def _changed(across: dict[str, tuple[Report, Report]]) -> Finding:
    if "updated" not in across:
        return None
    a, b = across["updated"]
    return "updated", f"the figures change with the date: {a.describe()}, then {b.describe()}"


def _reported_differently(reports: list[Report]) -> Finding:
    within = _within_statements(reports)
    if within is None:
        return None
    r, fa, fb = within
    return "reported_differently", (
        f"one statement, reported differently: {fa['claim']} gives {_value(fa)}, {fb['claim']} "
        f"{_value(fb)} (statement {r.statement}, {len(r.figures)} reports of it)"
    )


def judge(figures: list[Fig], metric: str, reports: list[Report] | None = None) -> tuple[str, str]:
    """The verdict of one quantity's figures (grouped in `reports`, if at hand), and the reason, in
    O(F log F)."""
    if len(figures) == 1:
        return "single", "one figure only"
    reports = reports_of(figures) if reports is None else reports
    items = [(r.iv, r) for r in reports]
    dated = [x for x in items if x[1].as_of]
    bounded = [x for x in items if not x[1].as_of and x[1].known_by]
    across = _across_dates(dated, bounded, metric)
    apart = _undated_apart(items, dated)
    findings = (
        _same_day(dated),
        _lower_later(across, metric),
        ("undetermined", _undetermined_reason(*apart)) if apart else None,
        _reported_differently(reports),
        _changed(across),
    )
    found = next((f for f in findings if f), None)
    if found:
        return found
    if len(reports) == 1:
        return "consistent", f"all {len(figures)} figures are one statement, {reports[0].statement}"
    return "consistent", f"all {len(figures)} figures allow a common value"


def _undetermined_reason(u: Report, other: Report) -> str:
    if other.as_of and u.known_by:
        why = f"{u.known_by} is not before {other.as_of}"
    elif other.as_of:
        why = f"nothing bounds the date of {u.name}"
    else:
        why = "both are undated, and a bound does not order two undated figures"
    return (
        f"{u.describe()} and {other.describe()} do not overlap, and neither is known to be the earlier "
        f"({why}): either may be the later count"
    )


def _not_before(reports: list[Report], last_day: str, top: Report) -> Report | None:
    """An undated report that may be as late as `last_day`: no bound, or a bound not before it."""
    for r in reports:
        if r is not top and not r.as_of and not (r.known_by and r.known_by < last_day):
            return r
    return None


def _why_no_latest(reports: list[Report]) -> tuple[Report | None, str]:
    """The report that is the latest, or None and why none can be named."""
    dated = [r for r in reports if r.as_of]
    if len(reports) == 1:
        return reports[0], ""
    if not dated:
        return None, "no figure is dated: a bound says when a figure was known, not which is the later"
    last_day = max(str(r.as_of) for r in dated)
    top = [r for r in dated if r.as_of == last_day]
    if len(top) > 1:
        return None, f"{top[0].name} and {top[1].name} are both as of {last_day}"
    other = _not_before(reports, last_day, top[0])
    if other is None:
        return top[0], ""
    bound = f"reported by {other.known_by}, not before" if other.known_by else "undated, with no bound before"
    return None, f"{other.name} may be later: {bound} {last_day} ({top[0].name})"


def latest(
    figures: list[Fig], who: Callable[[Fig], str | None], reports: list[Report] | None = None
) -> tuple[list[str], str]:
    """The claims of the latest report (by date, then bound) and why, or [] and why none can be named."""
    found, why = _why_no_latest(reports_of(figures) if reports is None else reports)
    if found is None:
        return [], why
    given = next((name for f in found.figures if (name := who(f))), None)
    by = f"given by {given}" if given else "attributed to no one"
    return [f["claim"] for f in found.figures], f"{found.describe()}, {by}"


def list_pairs(figures: list[Fig], metric: str, most: int | None = None) -> list[Pair]:
    """The pairs with their relation, in order (the first `most`, if given): F^2/2 of them, so only
    on request. Figures of one statement are compared as such; figures of different reports as
    their reports (the verdict's reading)."""
    if most == 0:
        return []
    reports = reports_of(figures)
    report_of = {id(f): r for r in reports for f in r.figures}
    out: list[Pair] = []
    for a, b in islice(combinations(figures, 2), most):
        ra, rb = report_of[id(a)], report_of[id(b)]
        if ra is rb:
            found = "consistent" if _iv(a).overlaps(_iv(b)) else "reported_differently"
        else:
            found = _report_relation(ra, rb, metric)
        out.append({"a": a["claim"], "b": b["claim"], "relation": found})
    return out


# Pairs listed in one answer: F^2/2 a quantity, so a quantity of 20,000 figures would list 200
# million (gigabytes of JSON, and a MemoryError). The quantities get their pairs in the answer's
# order until this many are listed; a quantity whose list is cut (or empty) then carries
# `pairs_total`, how many it has (a key present only then).
MAX_PAIRS = 100_000


def attach_pairs(quantities: Sequence[Quantity | QuantityRecord]) -> None:
    """Give each quantity (as `compare_rows` or `compare_figures` left it, with its figures kept
    under `_pairs`) its pairs, `MAX_PAIRS` in all the answer, in the answer's order."""
    left = MAX_PAIRS
    for quantity in quantities:
        figures = quantity.pop("_pairs")
        quantity["pairs"] = list_pairs(figures, quantity["metric"], max(left, 0))
        left -= len(quantity["pairs"])
        total = len(figures) * (len(figures) - 1) // 2
        if total > len(quantity["pairs"]):
            quantity["pairs_total"] = total


def _quantity_order(q: Quantity) -> tuple[int, str]:
    return (METRIC_ORDER.index(q["metric"]) if q["metric"] in METRIC_ORDER else 99, q["group"])


def judge_quantity(
    key: tuple[str, str],
    figures: list[Fig],
    shown: list[Any],
    groups: dict[str, set[str]],
    who: Callable[[Fig], str | None],
    pairs: bool,
) -> dict[str, Any]:
    """One quantity's record: verdict, reason, latest report, the subgroups beside an `all`, and
    `shown` as its figures (rows, or their stored text)."""
    metric, group = key
    reports = reports_of(figures)
    verdict, reason = judge(figures, metric, reports)
    last, last_reason = latest(figures, who, reports)
    quantity: dict[str, Any] = {
        "metric": metric,
        "group": group,
        "verdict": verdict,
        "reason": reason,
        "latest": last,
        "latest_reason": last_reason,
        # parts of the total, context for it and never added to it (corpus/README.md, Groups)
        "subgroups": sorted(groups[metric] - {"all"}) if group == "all" else [],
        "figures": shown,
    }
    if pairs:
        quantity["_pairs"] = figures  # listed by `attach_pairs`, once the answer is chosen
    return quantity


def _row_reporter(f: Fig) -> str | None:
    name: str | None = decode(f["row"])["reported_by_name"]
    return name


def compare_quantities(
    index: Index,
    filters: Filters,
    metrics: Sequence[str] = (),
    groups: Sequence[str] = (),
    *,
    conflicts: bool = False,
    pairs: bool = False,
    limit: int | None = None,
) -> list[Quantity]:
    """The comparison: each quantity (of `metrics` among `groups`, all when empty) of the figures of
    the claims that pass `filters`, judged (`compare_rows`); only conflicts with `conflicts`; the
    first `limit` of them. With `pairs`, MAX_PAIRS pairs in all the answer.

    What `kzcrisis compare`, `Corpus.compare` and the static site's quantity pages all show. Every
    group of the metrics is read: an `all` quantity names the subgroups beside it.
    """
    found = read_figures(index, filters, metrics, (), ordered=False)

    def choose(quantities: list[Quantity]) -> list[Quantity]:
        kept = filter_quantities(quantities, metrics, groups, conflicts)
        return kept if limit is None else kept[:limit]

    return compare_rows(found, pairs=pairs, choose=choose)


def compare_rows(
    found: Sequence[FigureRow],
    *,
    pairs: bool = False,
    choose: Callable[[list[Quantity]], list[Quantity]] | None = None,
) -> list[Quantity]:
    """Group figure rows by quantity (metric, group) and judge each: each quantity's `figures` is the
    list of its rows' JSON text (see `quantity_json`, `quantity_record`); only the latest's row is
    parsed, for who gave it. `choose` picks the quantities of the answer before their pairs are
    listed (MAX_PAIRS in all of it)."""
    quantities: dict[tuple[str, str], list[FigureRow]] = {}
    groups: dict[str, set[str]] = {}
    for f in found:
        quantities.setdefault((f.metric, f.group), []).append(f)
        groups.setdefault(f.metric, set()).add(f.group)
    out: list[Quantity] = []
    for key, members in quantities.items():
        # By date (undated last), claim, then the figure's place in its claim.
        members.sort(key=lambda f: (f.as_of is None, f.as_of or "", f.claim, f.pos))
        figures = [
            {
                "claim": f.claim,
                "as_of": f.as_of,
                "count": f.number,
                "qualifier": f.qualifier,
                "statement": f.statement,
                "known_by": f.known_by,
                "row": f.row,
            }
            for f in members
        ]
        judged = judge_quantity(key, figures, [f.row for f in members], groups, _row_reporter, pairs)
        out.append(cast("Quantity", judged))
    out.sort(key=_quantity_order)
    if choose is not None:
        out = choose(out)
    if pairs:
        attach_pairs(out)
    return out


def quantity_json(quantity: Quantity, dumps: Any) -> str:
    """A quantity of `compare_rows` as the JSON text of its record: its rows' text spliced in as it
    is stored (`dumps` is the output's encoder, `kzcrisis.render.formats.dumps`)."""
    return "".join(quantity_pieces(quantity, dumps))


def quantity_pieces(quantity: Quantity, dumps: Any, batch: int = 1000) -> Iterator[str]:
    """`quantity_json` in pieces, `batch` figures at a time: a large answer is never held whole."""
    head = dumps({k: quantity[k] for k in QUANTITY_FIELDS})  # type: ignore[literal-required]
    figures = quantity["figures"]
    yield key_prefix(head, "figures") + "["
    for start in range(0, len(figures), batch):
        yield ("," if start else "") + ",".join(figures[start : start + batch])
    # pairs are F^2/2 (cut at MAX_PAIRS): written a batch at a time too
    if "pairs" in quantity:
        pairs = quantity["pairs"]
        yield '],"pairs":['
        for start in range(0, len(pairs), batch):
            yield ("," if start else "") + ",".join(dumps(p) for p in pairs[start : start + batch])
        if "pairs_total" in quantity:
            yield f'],"pairs_total":{quantity["pairs_total"]}}}'
            return
    yield "]}"


def quantity_record(quantity: Quantity) -> QuantityRecord:
    """A quantity of `compare_rows` as a record (its rows parsed): what `Corpus.compare` returns."""
    q = quantity
    record: QuantityRecord = {
        "metric": q["metric"],
        "group": q["group"],
        "verdict": q["verdict"],
        "reason": q["reason"],
        "latest": q["latest"],
        "latest_reason": q["latest_reason"],
        "subgroups": q["subgroups"],
        "figures": decode(f"[{','.join(q['figures'])}]"),
    }
    if "pairs" in q:
        record["pairs"] = q["pairs"]
    if "pairs_total" in q:
        record["pairs_total"] = q["pairs_total"]
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
