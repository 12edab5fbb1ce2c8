"""The table view of `kzcrisis compare`: one table per quantity, with a small interval chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kzcrisis.render.formats import format_value
from kzcrisis.render.sanitize import clean

CHART_WIDTH = 24
VERDICT_STYLE = {
    "conflict": "bold red",
    "undetermined": "magenta",
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
    elif figure["qualifier"] in ("exact", "about"):
        cells[pos(float(figure["count"]))] = "●"
    else:
        cells[low] = "○" if figure["qualifier"] == "more_than" else "●"
    return "".join(cells)


def _scale(figures: Sequence[dict[str, Any]]) -> float:
    finite = [f["high"] if f["high"] is not None else f["low"] for f in figures]
    return max(finite, default=0.0) * 1.25 or 1.0


def _stacked(q: dict[str, Any], scale: float) -> RenderableType:
    lines = [f"{q['metric']} · {q['group'].replace('_', ' ')} — {q['verdict']}: {q['reason']}"]
    for f in q["figures"]:
        value = format_value(f["count"], f["qualifier"])
        who = f["reported_by_name"] or "(unattributed)"
        lines.append(f"  {f['as_of'] or 'undated'}  {value}  {chart(f, scale, 12)}")
        lines.append(f"    {who}; {f['outlet'] or '(outlet not named)'}; {f['claim']}")
    return Text(clean("\n".join(lines) + "\n"), overflow="fold")


def render_comparison(quantities: Sequence[dict[str, Any]], *, narrow: bool = False) -> RenderableType:
    """One table per quantity; in a narrow terminal, the same as stacked lines."""
    if narrow:
        return Group(*(_stacked(q, _scale(q["figures"])) for q in quantities))
    tables: list[RenderableType] = []
    for q in quantities:
        scale = _scale(q["figures"])
        # Text, never markup: the reason names claims, and every cell below comes from the corpus.
        title = Text.assemble(
            clean(f"{q['metric']} · {q['group'].replace('_', ' ')} — "),
            (q["verdict"], VERDICT_STYLE[q["verdict"]]),
            clean(f": {q['reason']}", newlines=False),
        )
        table = Table(title=title, title_justify="left", expand=False)
        for header, kwargs in (
            ("As of", {"no_wrap": True}),
            ("Value", {"no_wrap": True, "justify": "right"}),
            (f"0 … {scale:,.0f}", {"no_wrap": True}),
            ("Reported by", {"max_width": 22}),
            ("Outlet · claim", {}),
        ):
            table.add_column(header, overflow="fold", **kwargs)
        for f in q["figures"]:
            cells = (
                f["as_of"] or "undated",
                format_value(f["count"], f["qualifier"]),
                chart(f, scale),
                f["reported_by_name"] or "(unattributed)",
                f"{clean(f['outlet'] or '(outlet not named)', newlines=False)}\n{f['claim']}",
            )
            table.add_row(*(Text(clean(c)) for c in cells))
        tables.append(table)
    return Group(*tables)
