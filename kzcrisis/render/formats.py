"""Renderers: data in, text or a rich renderable out. No I/O, no click.

JSON and JSONL keep each record's stored JSON text as is (no parse, no re-encode) unless
fields are picked. The rich table renderers are in `kzcrisis.render.tables`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import Any

from kzcrisis.corpus.text import format_count

Record = dict[str, Any]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


def dumps(value: Any) -> str:
    import json  # not needed by the plain --json path, which passes stored JSON text through

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_json(records: Sequence[str]) -> str:
    """A JSON array, one record a line: valid JSON for `jq`, and diffable."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


def render_jsonl(records: Sequence[str]) -> str:
    return "".join(r + "\n" for r in records)


def iter_json(records: Sequence[str], batch: int = 1000) -> Iterator[str]:
    """`render_json` in pieces of `batch` records, for large answers."""
    if not records:
        yield "[]\n"
        return
    yield "[\n"
    for start in range(0, len(records), batch):
        tail = "\n]\n" if start + batch >= len(records) else ",\n"
        yield ",\n".join(records[start : start + batch]) + tail


def iter_jsonl(records: Sequence[str], batch: int = 1000) -> Iterator[str]:
    for start in range(0, len(records), batch):
        yield "".join(r + "\n" for r in records[start : start + batch])


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
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for rec in records:
        writer.writerow([_flat(rec.get(f)) for f in fields])
    return out.getvalue()


# --- values ------------------------------------------------------------------------------

QUALIFIER_SIGNS = {"exact": "", "about": "~", "at_least": "≥", "more_than": ">", "up_to": "≤"}


def format_value(count: int | None, qualifier: str) -> str:
    """26, ≥18, >1,300, ~1,000, ≤2,500; 'dozens' has no number."""
    if count is None:
        return "dozens" if qualifier == "dozens" else "?"
    return QUALIFIER_SIGNS.get(qualifier, "") + format_count(count)


def format_figure(fig: Record) -> str:
    group = str(fig["group"]).replace("_", " ")
    return f"{format_value(fig['count'], fig['qualifier'])} {fig['metric']} ({group})"
