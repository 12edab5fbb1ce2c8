"""The table view of `kzcrisis compare`: one table per quantity, with a small interval chart."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kzcrisis.render.formats import format_value, format_when
from kzcrisis.render.sanitize import clean
from kzcrisis.render.tables import RICH_MAX_ROWS, Column, _wrap, fill_table, render_plain

if TYPE_CHECKING:  # rich only where a rich renderable is made: a large comparison is laid out plain
    from rich.console import RenderableType

    from kzcrisis.index.records import QuantityRecord

CHART_WIDTH = 24
VERDICT_STYLE = {
    "conflict": "bold red",
    "undetermined": "magenta",
    "reported_differently": "cyan",
    "updated": "yellow",
    "consistent": "green",
    "single": "dim",
}


def chart(figure: dict[str, Any], scale: float, width: int = CHART_WIDTH) -> str:
    """The figure's interval on a 0..scale axis: '●' an exact value, '━' a range, '▶' open-ended."""

    def pos(value: float) -> int:
        return max(0, min(width - 1, round(value / scale * (width - 1)))) if scale else 0

    cells = ["·"] * width
    low = pos(figure["low"])
    high = pos(figure["high"]) if figure["high"] is not None else width - 1
    for i in range(low, high + 1):
        cells[i] = "━"
    if figure["high"] is None:
        cells[width - 1] = "▶"
    if figure["qualifier"] == "up_to":
        cells[high] = "●"
    elif figure["qualifier"] in ("exact", "about", "projected"):
        cells[pos(float(figure["count"]))] = "●"
    else:
        cells[low] = "○" if figure["qualifier"] == "more_than" else "●"
    return "".join(cells)


def _scale(figures: Sequence[dict[str, Any]]) -> float:
    finite = [f["high"] if f["high"] is not None else f["low"] for f in figures]
    return max(finite, default=0.0) * 1.25 or 1.0


def _stacked_text(q: QuantityRecord, scale: float) -> str:
    lines = [f"{q['metric']} · {q['group'].replace('_', ' ')} — {q['verdict']}: {q['reason']}", *_notes(q)]
    for f in q["figures"]:
        value = format_value(f["count"], f["qualifier"])
        who = f["reported_by_name"] or "(unattributed)"
        lines.append(f"  {_when(f)}  {value}  {chart(f, scale, 12)}")
        lines.append(f"    {who}; {f['outlet'] or '(outlet not named)'}; {_claim(f, ' ')}")
    return clean("\n".join(lines) + "\n")


def _title(q: QuantityRecord) -> str:
    return f"{q['metric']} · {q['group'].replace('_', ' ')} — "


def _when(f: dict[str, Any]) -> str:
    return format_when(f["as_of"], f.get("known_by"))


def _claim(f: dict[str, Any], between: str = "\n") -> str:
    """The claim, and its statement when it has one ('= slug'): one report carried by several outlets."""
    return f"{f['claim']}{between}= {f['statement']}" if f.get("statement") else str(f["claim"])


def _notes(q: QuantityRecord) -> list[str]:
    """The lines under a quantity's title: its latest figure, and the subgroups beside a total."""
    if "latest_reason" not in q:
        return []
    lines = [f"Latest: {q['latest_reason']}" if q["latest"] else f"No latest: {q['latest_reason']}"]
    if q.get("subgroups"):
        parts = ", ".join(f"{q['metric']} · {g.replace('_', ' ')}" for g in q["subgroups"])
        lines.append(f"Beside it: {parts} (subgroups: context for this total, never added to it)")
    return lines


def _columns(scale: float) -> list[Column]:
    """The columns of a quantity's table, for rich's table and the plain layout alike."""
    return [
        Column("As of", _when, no_wrap=True),
        Column("Value", lambda f: format_value(f["count"], f["qualifier"]), no_wrap=True, justify="right"),
        Column(f"0 … {scale:,.0f}", lambda f: chart(f, scale), no_wrap=True),
        Column("Reported by", lambda f: f["reported_by_name"] or "(unattributed)", max_width=22),
        Column(
            "Outlet · claim",
            lambda f: f"{clean(f['outlet'] or '(outlet not named)', newlines=False)}\n{_claim(f)}",
        ),
    ]


def is_large(quantities: Sequence[QuantityRecord]) -> bool:
    """More figures than rich lays out in good time (`tables.RICH_MAX_ROWS`): then `plain_comparison`."""
    return sum(len(q["figures"]) for q in quantities) > RICH_MAX_ROWS


def _fold(line: str, width: int) -> list[str]:
    """A stacked line within `width`, as rich folds it: the indent kept, the rest wrapped under it."""
    if len(line) <= width:
        return [line]
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    first = _wrap(body, max(width - len(indent), 1))[0]
    rest = body[len(first) :].lstrip(" ")
    # rich wraps the lines after the first from the margin: the whole width
    return [indent + first, *(_wrap(rest, width) if rest else [])]


def plain_comparison(
    quantities: Sequence[QuantityRecord], width: int, *, narrow: bool = False
) -> Iterator[str]:
    """`render_comparison` laid out in plain text, a quantity at a time: linear in the figures.

    rich measures every cell of every table (16 s for the 29,600 figures of 100,000 claims); this
    writes the same columns and words as `render_plain` does for the listings.
    """
    for q in quantities:
        scale = _scale(q["figures"])
        if narrow:
            lines = _stacked_text(q, scale).split("\n")
            yield "\n".join(piece for line in lines for piece in _fold(line, width)) + "\n"
            continue
        title = clean(f"{_title(q)}{q['verdict']}: {q['reason']}", newlines=False)
        notes = [clean(line, newlines=False) for line in _notes(q)]
        yield "\n".join(piece for line in (title, *notes) for piece in _wrap(line, width)) + "\n"
        yield render_plain(q["figures"], _columns(scale), width)


def render_comparison(quantities: Sequence[QuantityRecord], *, narrow: bool = False) -> RenderableType:
    """One table per quantity; in a narrow terminal, the same as stacked lines."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if narrow:
        return Group(*(Text(_stacked_text(q, _scale(q["figures"])), overflow="fold") for q in quantities))
    tables: list[RenderableType] = []
    for q in quantities:
        scale = _scale(q["figures"])
        # Text, never markup: the reason names claims, and every cell below comes from the corpus.
        title = Text.assemble(
            clean(_title(q)),
            (q["verdict"], VERDICT_STYLE[q["verdict"]]),
            clean(f": {q['reason']}", newlines=False),
            *(clean(f"\n{line}", newlines=True) for line in _notes(q)),
        )
        table = Table(title=title, title_justify="left", expand=False)
        fill_table(table, q["figures"], _columns(scale))
        tables.append(table)
    return Group(*tables)
