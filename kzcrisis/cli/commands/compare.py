"""`kzcrisis compare`: where the sources disagree."""

from __future__ import annotations

from typing import Any

import click

from kzcrisis.cli.options import (
    CONTEXT,
    KzCommand,
    filter_keywords,
    filter_options,
    group_option,
    metric_option,
)
from kzcrisis.cli.output import emit, note_undated, undated_left
from kzcrisis.corpus.vocab import FIGURE_KINDS, Metric
from kzcrisis.query.session import Session
from kzcrisis.render.answers import Comparison, Output

FIELDS = (
    "metric",
    "group",
    "verdict",
    "reason",
    "latest",
    "latest_reason",
    "subgroups",
    "figures",
    "pairs",
    "pairs_total",
)


@click.command("compare", cls=KzCommand, context_settings=CONTEXT)
@metric_option([m.value for m in Metric])
@group_option()
@click.option("--conflicts", is_flag=True, help="Only quantities whose verdict is 'conflict'.")
@click.option("--pairs", is_flag=True, help="Also list every pair of figures with its relation (JSON, CSV).")
@filter_options(fields=FIELDS)
def compare(
    metrics: tuple[str, ...],
    groups: tuple[str, ...],
    conflicts: bool,
    pairs: bool,
    output: Output,
    **opts: Any,
) -> None:
    """Where the sources disagree: every reported figure of each quantity side by side, with a verdict.

    Verdicts (docs/compare.md): conflict (figures that cannot both hold: the same date, or a
    count lower later), undetermined (they differ and neither is known to be the earlier; an
    undated figure's "by" date, when its article was written, is an upper bound),
    reported_differently (one statement, carried differently by its outlets), updated,
    consistent, single. Each quantity names its latest figure, or why none can be named.

    \b
    Examples:
      kzcrisis compare
      kzcrisis compare --metric injured --json
      kzcrisis compare --conflicts
      kzcrisis compare --metric detained --pairs --json
    """
    keywords = filter_keywords(opts, metric=metrics or None)
    from kzcrisis.query.compare import quantity_pieces, quantity_record
    from kzcrisis.render.formats import dumps

    with Session(opts.get("corpus")) as kz:

        def ask(pieces: bool, listed: bool) -> list[Any]:
            """The table reads records; JSON as it is, each quantity's stored text in pieces."""
            found = kz.quantities(**keywords, group=groups or None, conflicts=conflicts, pairs=listed)
            if pieces:
                return [quantity_pieces(q, dumps) for q in found]
            return [quantity_record(q) for q in found]

        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
        emit(Comparison(ask, pairs, _csv_fields(pairs=pairs)), output)
    note_undated(left)


def _csv_fields(*, pairs: bool) -> tuple[str, ...]:
    """CSV's columns: the pairs too when asked for (--pairs is never ignored in silence)."""
    return ("metric", "group", "verdict", "reason", "latest", "figures", *(("pairs",) if pairs else ()))
