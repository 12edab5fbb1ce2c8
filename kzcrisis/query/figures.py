"""Figures as rows: one flat record per figure, with the interval of values its qualifier allows.

The interval (`kzcrisis.corpus.interval`) is what `compare` judges by; a spreadsheet or a script
gets it as `low` and `high` (`high` null when open-ended). The rows are read from the index's
`figures` table (`kzcrisis.index.figures` defines the row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from kzcrisis.index.figures import FIGURE_FIELDS
from kzcrisis.index.store import Index, rows
from kzcrisis.query.select import ORDER_COLUMNS, Filters, claims_where

__all__ = ["FIGURE_FIELDS", "FigureRow", "once_per_statement", "only_figures", "read_figures"]


class FigureRow(NamedTuple):
    """A figure as the index stores it: what `compare` judges by, and its row as JSON text."""

    claim: str
    pos: int
    metric: str
    group: str
    number: int | None  # the count (`count` is a tuple method)
    qualifier: str
    as_of: str | None
    statement: str | None  # the claim's statement: figures of one statement are one report
    known_by: str | None  # the day the claim's text was written: an upper bound of an undated as_of
    row: str  # the JSON text of `figure_row(record, figure)`


def read_figures(
    index: Index,
    filters: Filters,
    metrics: Sequence[str] = (),
    groups: Sequence[str] = (),
    *,
    ordered: bool = True,
    limit: int | None = None,
) -> list[FigureRow]:
    """The figures of the claims that pass `filters` (the first `filters.limit` of them, if given)
    that count one of `metrics` among `groups` (all when empty); `ordered`: in claim order
    (`select_claims`), then the figure's place in its claim; `limit` counts figures."""
    where, params = claims_where(filters._replace(limit=None))
    if filters.limit is not None:  # the claims a listing with this limit shows
        where = f"WHERE c.seq IN (SELECT c.seq FROM claims c {where} ORDER BY {ORDER_COLUMNS} LIMIT ?)"
        params.append(filters.limit)
    clauses = [where] if where else []
    for column, values in (("f.metric", metrics), ("f.grp", groups)):
        if values:
            clauses.append(f"{'AND' if clauses else 'WHERE'} {column} IN ({', '.join('?' * len(values))})")
            params += values
    order = f" ORDER BY {ORDER_COLUMNS}, f.pos" if ordered else ""
    if limit is not None:
        order += " LIMIT ?"
        params.append(limit)
    sql = (
        "SELECT f.claim, f.pos, f.metric, f.grp, f.count, f.qualifier, f.as_of, f.statement, f.known_by, "
        "f.row "
        f"FROM claims c JOIN figures f ON f.seq = c.seq {' '.join(clauses)}{order}"
    )
    return [FigureRow(*r) for r in rows(index, sql, params)]


def once_per_statement(found: list[FigureRow]) -> list[FigureRow]:
    """Each statement counted once: of the figures of one statement for one quantity (metric, group),
    only the first in order that has a count (else the first); a figure standing alone is kept.

    The reports of one statement by several outlets are one count (corpus/README.md, "The same
    statement across outlets"): summing them counts it twice. Linear in the figures.
    """
    chosen: dict[tuple[str, str, str], int] = {}
    for n, f in enumerate(found):
        if f.statement is None:
            continue
        key = (f.statement, f.metric, f.group)
        first = chosen.get(key)
        if first is None or (found[first].number is None and f.number is not None):
            chosen[key] = n
    kept = set(chosen.values())
    return [f for n, f in enumerate(found) if f.statement is None or n in kept]


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
