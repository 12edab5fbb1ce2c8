"""`kzcrisis figures`: one row per figure, flat, for spreadsheets and scripts."""

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
from kzcrisis.query.figures import FIGURE_FIELDS
from kzcrisis.query.session import Session
from kzcrisis.render.answers import Output, Records


@click.command("figures", cls=KzCommand, context_settings=CONTEXT)
@metric_option([m.value for m in Metric])
@group_option()
@click.option(
    "--per-statement",
    "per_statement",
    is_flag=True,
    help="Count each statement once: of the figures that several outlets report of one statement "
    "(same metric and group), keep the first with a count.",
)
@filter_options(fields=FIGURE_FIELDS)
def figures(
    metrics: tuple[str, ...], groups: tuple[str, ...], per_statement: bool, output: Output, **opts: Any
) -> None:
    """Every figure as a row of its own: claim, statement, source, outlet, metric, group, label,
    count, qualifier, low and high (the values the qualifier allows, as compare reads them), as-of
    date, known_by (the day its article was written: reported by then), reporter, quote.

    One row per figure in every format; --limit counts figures. Each CSV cell holds one value.
    The figures of one statement are one count reported by several outlets: --per-statement
    keeps one of them, so that a sum counts it once.

    \b
    Examples:
      kzcrisis figures --metric killed
      kzcrisis figures --format csv > figures.csv
      kzcrisis figures --metric killed --per-statement --json | jq '[.[].count // 0] | add'
    """
    keywords = filter_keywords(opts, metric=metrics or None)
    with Session(opts.get("corpus")) as kz:
        rows = [f.row for f in kz.figures(**keywords, group=groups or None, per_statement=per_statement)]
        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
    emit(Records(rows, "figure_rows", FIGURE_FIELDS), output)
    note_undated(left)
