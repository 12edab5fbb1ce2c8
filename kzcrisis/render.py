"""Renderers: data in, text or a rich renderable out. No I/O, no click.

JSON and JSONL keep each record's stored JSON text as is (no parse, no re-encode) unless
fields are picked; rich is imported only by the table renderers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kzcrisis.text import format_count

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

Record = dict[str, Any]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_json(records: Sequence[str]) -> str:
    """A JSON array, one record a line: valid JSON for `jq`, and diffable."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


def render_jsonl(records: Sequence[str]) -> str:
    return "".join(r + "\n" for r in records)


def pick_fields(records: Sequence[Record], fields: Sequence[str]) -> list[Record]:
    """Keep `fields` in that order; a field a record does not have is null (e.g. `figures` of a reaction)."""
    return [{f: rec.get(f) for f in fields} for rec in records]


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return dumps(value)
    return str(value)


def render_csv(records: Sequence[Record], fields: Sequence[str]) -> str:
    """Flat CSV with a header: lists of names joined with '; ', nested values as JSON text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for rec in records:
        writer.writerow([_flat(rec.get(f)) for f in fields])
    return out.getvalue()


# --- cells -------------------------------------------------------------------------------

QUALIFIER_SIGNS = {"exact": "", "about": "~", "at_least": "≥", "more_than": ">", "up_to": "≤"}


def format_value(count: int | None, qualifier: str) -> str:
    """26, ≥18, >1,300, ~1,000, ≤2,500; 'dozens' has no number."""
    if count is None:
        return "dozens" if qualifier == "dozens" else "?"
    return QUALIFIER_SIGNS.get(qualifier, "") + format_count(count)


def format_figure(fig: Record) -> str:
    group = str(fig["group"]).replace("_", " ")
    return f"{format_value(fig['count'], fig['qualifier'])} {fig['metric']} ({group})"


def _name(rec: Record, ref: str | None) -> str:
    return rec["names"].get(ref, ref) if ref else ""


def _names(rec: Record, refs: Sequence[str]) -> str:
    return ", ".join(_name(rec, r) for r in refs)


def _date(rec: Record) -> str:
    return rec.get("date") or "undated"


def _reporter(rec: Record) -> str:
    return _name(rec, rec.get("reported_by")) or "(article)"


def _source(rec: Record) -> str:
    return str(rec["source"])


def cell(value: Any) -> str:
    """A generic cell for `--fields` tables."""
    if isinstance(value, list) and value and isinstance(value[0], dict) and "metric" in value[0]:
        return "\n".join(format_figure(f) for f in value)
    return _flat(value)


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[Record], str]
    ratio: int | None = None
    no_wrap: bool = False


_ID = Column("ID", lambda r: str(r["id"]), no_wrap=True)
_DATE = Column("Date", _date, no_wrap=True)
_SOURCE = Column("Source", _source)
_TEXT = Column("Statement", lambda r: str(r["text_en"]), ratio=5)

VIEWS: dict[str, list[Column]] = {
    "reactions": [
        _DATE,
        Column("Actor", lambda r: _names(r, r["actors"]), ratio=1),
        Column("Speaker", lambda r: _name(r, r.get("speaker")) or _reporter(r), ratio=1),
        Column("Stances", lambda r: "\n".join(r.get("stances") or []), ratio=1),
        _TEXT, _SOURCE, _ID,
    ],
    "figures": [
        Column("As of", lambda r: r["figure"]["as_of"] or "undated", no_wrap=True),
        Column("Count", lambda r: format_value(r["figure"]["count"], r["figure"]["qualifier"]), no_wrap=True),
        Column("Metric", lambda r: str(r["figure"]["metric"])),
        Column("Who", lambda r: str(r["figure"]["group"]).replace("_", " ")),
        Column("Reported by", _reporter, ratio=1),
        Column("Statement", lambda r: str(r["text_en"]), ratio=3),
        _SOURCE, _ID,
    ],
    "deployment": [
        _DATE,
        Column("Contributors", lambda r: _names(r, r.get("contributors") or []), ratio=1),
        Column("Figures", lambda r: "\n".join(format_figure(f) for f in r.get("figures") or [])),
        Column("Mission / legal basis / command", lambda r: "\n".join(
            x for x in (r.get("mission"), r.get("legal_basis"), _name(r, r.get("command"))) if x
        ), ratio=2),
        _TEXT, _SOURCE, _ID,
    ],
    "claims": [_DATE, Column("Kind", lambda r: str(r["kind"])), _TEXT, _SOURCE, _ID],
    "search": [
        Column("Score", lambda r: f"{r['score']:g}", no_wrap=True),
        _DATE, Column("Kind", lambda r: str(r["kind"])), _TEXT, _SOURCE, _ID,
    ],
}
VIEWS["timeline"] = VIEWS["claims"]


def figure_rows(records: Sequence[Record], metrics: Sequence[str]) -> list[Record]:
    """One table row per figure (a claim may give several), keeping the claim's fields."""
    return [
        {**rec, "figure": fig}
        for rec in records
        for fig in rec.get("figures") or []
        if not metrics or fig["metric"] in metrics
    ]


def render_table(records: Sequence[Record], columns: Sequence[Column], title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=False, title_justify="left")
    for col in columns:
        table.add_column(col.header, ratio=col.ratio, no_wrap=col.no_wrap, overflow="fold")
    for rec in records:
        table.add_row(*(col.get(rec) for col in columns))
    return table


def field_columns(fields: Sequence[str]) -> list[Column]:
    return [Column(f, lambda r, f=f: cell(r.get(f))) for f in fields]


def render_key_values(title: str, pairs: Sequence[tuple[str, RenderableType]]) -> RenderableType:
    """A two-column grid, for `show`."""
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in pairs:
        grid.add_row(key, value)
    return Panel(grid, title=title, title_align="left")
