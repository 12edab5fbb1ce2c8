"""`kzcrisis figures`: one row per figure, flat, for spreadsheets and scripts."""

from __future__ import annotations

from typing import Any

import click

from kzcrisis.api import FIGURE_KINDS, Corpus
from kzcrisis.cli.options import (
    CONTEXT,
    KzCommand,
    filter_keywords,
    filter_options,
    group_option,
    metric_option,
)
from kzcrisis.cli.output import emit, note_undated, undated_left
from kzcrisis.corpus.vocab import Metric
from kzcrisis.query.figures import FIGURE_FIELDS
from kzcrisis.render.answers import Output, Records


@click.command("figures", cls=KzCommand, context_settings=CONTEXT)
@metric_option([m.value for m in Metric])
@group_option()
@filter_options(fields=FIGURE_FIELDS)
def figures(metrics: tuple[str, ...], groups: tuple[str, ...], output: Output, **opts: Any) -> None:
    """Every figure as a row of its own: claim, source, outlet, metric, group, count, qualifier,
    low and high (the values the qualifier allows, as compare reads them), as-of date, reporter, quote.

    One row per figure in every format; --limit counts figures. Each CSV cell holds one value.

    \b
    Examples:
      kzcrisis figures --metric killed
      kzcrisis figures --format csv > figures.csv
      kzcrisis figures --metric detained --json | jq '[.[].count] | max'
    """
    keywords = filter_keywords(opts, metric=metrics or None)
    with Corpus(opts.get("corpus")) as kz:
        rows = kz.figure_texts(**keywords, group=groups or None)
        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
    emit(Records(rows, "figure_rows", FIGURE_FIELDS), output)
    note_undated(left)
