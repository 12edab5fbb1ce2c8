"""`kzcrisis compare`: where the sources disagree."""

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
from kzcrisis.cli.output import (
    choose_output,
    emit_records,
    is_narrow,
    note,
    note_undated,
    print_rich,
    undated_left,
)
from kzcrisis.corpus.vocab import Metric
from kzcrisis.render.formats import Format

FIELDS = ("metric", "group", "verdict", "reason", "figures", "pairs")


@click.command("compare", cls=KzCommand, context_settings=CONTEXT)
@metric_option([m.value for m in Metric])
@group_option()
@click.option("--conflicts", is_flag=True, help="Only quantities whose verdict is 'conflict'.")
@click.option("--pairs", is_flag=True, help="Also list every pair of figures with its relation (JSON, CSV).")
@filter_options()
def compare(
    metrics: tuple[str, ...], groups: tuple[str, ...], conflicts: bool, pairs: bool, **opts: Any
) -> None:
    """Where the sources disagree: every reported figure of each quantity side by side, with a verdict.

    Verdicts (see README): conflict (same as-of date, figures that cannot both hold),
    undetermined (they differ but an as-of date is unknown), updated, consistent, single.

    \b
    Examples:
      kzcrisis compare
      kzcrisis compare --metric injured --json
      kzcrisis compare --conflicts
      kzcrisis compare --metric detained --pairs --json
    """
    fmt, fields = choose_output(opts, FIELDS)
    keywords = filter_keywords(opts, metric=metrics or None)
    with Corpus(opts.get("corpus")) as kz:
        quantities = kz.compare(**keywords, group=groups or None, conflicts=conflicts, pairs=pairs)
        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
    if fmt is Format.TABLE and not fields:
        from kzcrisis.render.chart import render_comparison

        if not quantities:
            note("nothing matches these filters.")
        print_rich(render_comparison(quantities, narrow=is_narrow()))
        note_undated(left)
        return
    emit_records(
        quantities,
        opts,
        "claims",
        valid_fields=FIELDS,
        default_csv=("metric", "group", "verdict", "reason", "figures"),
    )
    note_undated(left)
