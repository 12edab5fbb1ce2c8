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
from kzcrisis.cli.output import emit, note_undated, undated_left
from kzcrisis.corpus.vocab import Metric
from kzcrisis.render.answers import Comparison, Output

FIELDS = ("metric", "group", "verdict", "reason", "figures", "pairs")
CSV_FIELDS = ("metric", "group", "verdict", "reason", "figures")


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

    Verdicts (see README): conflict (same as-of date, figures that cannot both hold),
    undetermined (they differ but an as-of date is unknown), updated, consistent, single.

    \b
    Examples:
      kzcrisis compare
      kzcrisis compare --metric injured --json
      kzcrisis compare --conflicts
      kzcrisis compare --metric detained --pairs --json
    """
    keywords = filter_keywords(opts, metric=metrics or None)
    with Corpus(opts.get("corpus")) as kz:

        def ask(pieces: bool, listed: bool) -> list[Any]:
            """The table reads records; JSON as it is, each quantity's stored text in pieces."""
            query = kz.compare_pieces if pieces else kz.compare
            return list(query(**keywords, group=groups or None, conflicts=conflicts, pairs=listed))

        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
        emit(Comparison(ask, pairs, CSV_FIELDS), output)
    note_undated(left)
