"""Renderers: data in, text or a rich renderable out. No I/O, no click.

JSON and JSONL keep each record's stored JSON text as is (no parse, no re-encode) unless
fields are picked. The rich table renderers are in `kzcrisis.render.tables`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from itertools import islice
from typing import Any

from kzcrisis.corpus.text import format_count

Record = dict[str, Any]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


def dumps(value: Any) -> str:
    """JSON as the index stores it (`kzcrisis.index.jsontext.encode`): a stored record is printed as it is."""
    from kzcrisis.index.jsontext import encode

    return encode(value)


def render_json(records: Sequence[str]) -> str:
    """A JSON array, one record a line: valid JSON for `jq`, and diffable."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


def render_jsonl(records: Sequence[str]) -> str:
    return "".join(r + "\n" for r in records)


def iter_json(records: Iterable[str], batch: int = 1000) -> Iterator[str]:
    """`render_json` in pieces of `batch` records, for large answers; `records` is read as it comes
    (a list, or a cursor's records: never held whole)."""
    it = iter(records)
    chunk = list(islice(it, batch))
    if not chunk:
        yield "[]\n"
        return
    yield "[\n"
    while chunk:
        after = list(islice(it, batch))
        yield ",\n".join(chunk) + (",\n" if after else "\n]\n")
        chunk = after


def iter_json_pieces(records: Sequence[Iterable[str]], *, lines: bool = False) -> Iterator[str]:
    """`iter_json` (or `iter_jsonl` with `lines`) of records that each come in pieces."""
    if not records and not lines:
        yield "[]\n"
        return
    for n, pieces in enumerate(records):
        yield "" if lines else ",\n" if n else "[\n"
        yield from pieces
        if lines:
            yield "\n"
    if not lines:
        yield "\n]\n"


def iter_jsonl(records: Iterable[str], batch: int = 1000) -> Iterator[str]:
    """`render_jsonl` in pieces of `batch` records, `records` read as it comes."""
    it = iter(records)
    while chunk := list(islice(it, batch)):
        yield "".join(r + "\n" for r in chunk)


def pick_fields(records: Sequence[Record], fields: Sequence[str]) -> list[Record]:
    """Keep `fields` in that order; a field a record does not have is null (e.g. `figures` of a reaction)."""
    return [{f: rec.get(f) for f in fields} for rec in records]


def _flat(value: Any) -> str:
    """A cell of a `--fields` table (tables.cell): lists joined, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return dumps(value)
    return str(value)


# CSV for spreadsheets: one value per cell. A list is its items joined with LIST_SEPARATOR;
# a figure is one value ("≥18 injured (protesters) as of 2022-01-06"); an object (names) is
# its "key=value" pairs joined with LIST_SEPARATOR. `excel=True` adds a UTF-8 byte order mark
# (Excel then reads Vietnamese as UTF-8) and neutralises formula cells.
LIST_SEPARATOR = "; "
# A cell that starts with one of these is read as a formula by Excel, LibreOffice and Google
# Sheets (OWASP, "CSV Injection"): with excel=True it is prefixed with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def _object(value: dict[str, Any]) -> str:
    if "metric" in value and "qualifier" in value and "group" in value:  # a figure
        text = format_figure(value)
        if value.get("as_of"):
            text += f" as of {value['as_of']}"
        return text + (f" [{value['claim']}]" if value.get("claim") else "")
    if {"a", "b", "relation"} <= value.keys():  # a pair of compared figures
        return f"{value['a']} vs {value['b']}: {value['relation']}"
    return LIST_SEPARATOR.join(f"{k}={_item(v)}" for k, v in value.items())


def _item(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return _object(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_item(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flat_cell(value: Any) -> str:
    """One spreadsheet cell: lists joined with LIST_SEPARATOR, figures and objects as text."""
    return _item(value)


def neutralise_formula(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def render_csv(records: Sequence[Record], fields: Sequence[str], *, excel: bool = False) -> str:
    """Flat CSV with a header, one value per cell (see LIST_SEPARATOR); `excel`: BOM and no formulas."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(fields)
    for rec in records:
        cells = [flat_cell(rec.get(f)) for f in fields]
        writer.writerow([neutralise_formula(c) for c in cells] if excel else cells)
    return (BOM if excel else "") + out.getvalue()


# --- values ------------------------------------------------------------------------------

QUALIFIER_SIGNS = {
    "exact": "",
    "about": "~",
    "at_least": "≥",
    "more_than": ">",
    "up_to": "≤",
    "projected": "→",
}


def format_value(count: int | None, qualifier: str) -> str:
    """26, ≥18, >1,300, ~1,000, ≤2,500, →2,500? (could reach); 'dozens' has no number."""
    if count is None:
        return "dozens" if qualifier == "dozens" else "?"
    value = QUALIFIER_SIGNS.get(qualifier, "") + format_count(count)
    return f"{value}?" if qualifier == "projected" else value


def format_when(day: str | None, known_by: str | None) -> str:
    """A date cell: the date; an undated one's bound ('by 2022-01-10', reported by then); or 'undated'."""
    if day:
        return day
    return f"by {known_by}" if known_by else "undated"


def format_figure(fig: Record) -> str:
    group = str(fig["group"]).replace("_", " ")
    return f"{format_value(fig['count'], fig['qualifier'])} {fig['metric']} ({group})"
