"""The fixed shapes of the records the queries return and the renderers read, for mypy to check.

Typing only: the records stay plain dicts (their JSON text is `kzcrisis.index.jsontext`'s), and
the modules that name these import them under `TYPE_CHECKING`, so start-up does not grow.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class FigureRecord(TypedDict):
    """One figure's row (`kzcrisis.index.figures.figure_row`): keys in FIGURE_FIELDS order."""

    claim: str
    statement: str | None
    source: str
    outlet: str | None
    metric: str
    group: str
    label: str | None
    count: int | None
    qualifier: str
    low: float
    high: float | None
    as_of: str | None
    known_by: str | None
    reported_by: str | None
    reported_by_name: str | None
    quote: str | None
    text_en: str
    note: str | None


class Pair(TypedDict):
    """Two figures of one quantity and their relation (`compare --pairs`)."""

    a: str
    b: str
    relation: str


class Quantity(TypedDict):
    """A compared quantity as the query holds it: its figures' rows as their stored JSON text."""

    metric: str
    group: str
    verdict: str
    reason: str
    latest: list[str]
    latest_reason: str
    subgroups: list[str]
    figures: list[str]
    pairs: NotRequired[list[Pair]]
    pairs_total: NotRequired[int]  # present only when `pairs` is cut (see `query.compare.MAX_PAIRS`)
    _pairs: NotRequired[list[dict[str, Any]]]  # the figures whose pairs are still to list


class QuantityRecord(TypedDict):
    """A compared quantity as a record (`Corpus.compare`, what `compare`'s table reads)."""

    metric: str
    group: str
    verdict: str
    reason: str
    latest: list[str]
    latest_reason: str
    subgroups: list[str]
    # Each a `FigureRecord`'s keys; typed as the generic records the table columns read.
    figures: list[dict[str, Any]]
    pairs: NotRequired[list[Pair]]
    pairs_total: NotRequired[int]  # present only when `pairs` is cut (see `query.compare.MAX_PAIRS`)
    _pairs: NotRequired[list[dict[str, Any]]]  # the figures whose pairs are still to list
