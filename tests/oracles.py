"""Definitions over claim records, kept as the tests' oracles of what the index answers.

The package answers from the index's rows (`kzcrisis.index.figures`, `kzcrisis.query.compare`);
these work the same answers out from records alone, so that the tests can hold the two together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from kzcrisis.index.figures import figure_row as row_of_values
from kzcrisis.query.compare import METRIC_ORDER, attach_pairs, judge_quantity

if TYPE_CHECKING:
    from kzcrisis.index.records import QuantityRecord

Record = dict[str, Any]


def figure_row(record: Record, figure: Record) -> Record:
    """One figure of a claim record, flat: every value a cell of its own (keys: FIGURE_FIELDS)."""
    reporter = record.get("reported_by")
    return cast(
        Record,
        row_of_values(
            record["id"],
            record.get("statement"),
            record["source"],
            record.get("outlet"),
            figure["metric"],
            figure["group"],
            figure.get("label"),
            figure["count"],
            figure["qualifier"],
            figure["as_of"],
            record.get("known_by"),
            reporter,
            record["names"].get(reporter) if reporter else None,
            record.get("quote"),
            record["text_en"],
            figure.get("note"),
        ),
    )


def figure_rows(
    records: Iterable[Record], metrics: Sequence[str] = (), groups: Sequence[str] = ()
) -> list[Record]:
    """Every figure of the records that counts one of `metrics` among `groups` (all when empty)."""
    return [
        figure_row(record, figure)
        for record in records
        for figure in record.get("figures") or []
        if (not metrics or figure["metric"] in metrics) and (not groups or figure["group"] in groups)
    ]


def compare_figures(records: Sequence[Record], *, pairs: bool = False) -> list[QuantityRecord]:
    """Group every figure of the records by (metric, group) and judge each group (the same
    `judge_quantity` as the index's rows, over rows made from the records)."""
    quantities: dict[tuple[str, str], list[Record]] = {}
    groups: dict[str, set[str]] = {}
    for record in records:
        for figure in record.get("figures") or []:
            quantities.setdefault((figure["metric"], figure["group"]), []).append(figure_row(record, figure))
            groups.setdefault(figure["metric"], set()).add(figure["group"])
    out = []
    for key, figures in quantities.items():
        figures.sort(key=lambda f: (f["as_of"] is None, f["as_of"] or "", f["claim"]))
        judged = judge_quantity(key, figures, figures, groups, lambda f: f["reported_by_name"], pairs)
        out.append(cast("QuantityRecord", judged))
    out.sort(key=lambda q: (METRIC_ORDER.index(q["metric"]), q["group"]))
    if pairs:
        attach_pairs(out)
    return out
