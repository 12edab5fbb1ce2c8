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
from kzcrisis.cli.output import emit_records, note_undated, undated_left
from kzcrisis.corpus.vocab import FIGURE_KINDS, Metric
from kzcrisis.query.session import Session


@click.command("figures", cls=KzCommand, context_settings=CONTEXT)
@metric_option([m.value for m in Metric])
@group_option()
@filter_options()
def figures(metrics: tuple[str, ...], groups: tuple[str, ...], **opts: Any) -> None:
    """Every figure as a row of its own: claim, source, outlet, metric, group, count, qualifier,
    low and high (the values the qualifier allows, as compare reads them), as-of date, reporter, quote.

    One row per figure in every format; --limit counts figures. Each CSV cell holds one value.

    \b
    Examples:
      kzcrisis figures --metric killed
      kzcrisis figures --format csv > figures.csv
      kzcrisis figures --metric detained --json | jq '[.[].count] | max'
    """
    from kzcrisis.query.figures import FIGURE_FIELDS

    keywords = filter_keywords(opts, metric=metrics or None)
    with Session(opts.get("corpus")) as kz:
        rows = [f.row for f in kz.figures(**keywords, group=groups or None)]
        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
    emit_records(rows, opts, "figure_rows", valid_fields=FIGURE_FIELDS, default_csv=FIGURE_FIELDS)
    note_undated(left)
