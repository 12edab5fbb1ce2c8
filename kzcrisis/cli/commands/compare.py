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
from kzcrisis.cli.output import (
    choose_output,
    emit_records,
    is_narrow,
    make_console,
    note,
    note_undated,
    print_rich,
    undated_left,
    write_chunks,
)
from kzcrisis.corpus.vocab import FIGURE_KINDS, Metric
from kzcrisis.query.session import Session
from kzcrisis.render.formats import Format

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
@filter_options()
def compare(
    metrics: tuple[str, ...], groups: tuple[str, ...], conflicts: bool, pairs: bool, **opts: Any
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
    fmt, fields = choose_output(opts, FIELDS)
    keywords = filter_keywords(opts, metric=metrics or None)
    table = fmt is Format.TABLE and not fields
    whole = fmt in (Format.JSON, Format.JSONL) and fields is None
    from kzcrisis.query.compare import quantity_pieces, quantity_record
    from kzcrisis.render.formats import dumps

    with Session(opts.get("corpus")) as kz:
        # The table shows no pairs: they are F^2/2, so they are listed only where they are written.
        shown = pairs and not table
        _say_unshown_pairs(pairs=pairs, table=table)
        found = kz.quantities(**keywords, group=groups or None, conflicts=conflicts, pairs=shown)
        # The table needs records; every other format starts from the stored JSON text, unparsed,
        # and JSON as it is writes it in pieces.
        quantities: list[Any] = (
            [quantity_record(q) for q in found]
            if table
            else [quantity_pieces(q, dumps) for q in found]
            if whole
            else ["".join(quantity_pieces(q, dumps)) for q in found]
        )
        left = undated_left(kz, {**keywords, "kind": FIGURE_KINDS})
    if whole:
        from kzcrisis.render.formats import iter_json_pieces

        if not quantities:
            note("nothing matches these filters.")
        write_chunks(iter_json_pieces(quantities, lines=fmt is Format.JSONL))
        note_undated(left)
        return
    if table:
        from kzcrisis.render.chart import is_large, plain_comparison, render_comparison

        if not quantities:
            note("nothing matches these filters.")
        narrow = is_narrow()
        if is_large(quantities):  # rich would take ~0.5 ms a figure: the same words, laid out plain
            write_chunks(plain_comparison(quantities, make_console().width, narrow=narrow))
        else:
            print_rich(render_comparison(quantities, narrow=narrow))
        note_undated(left)
        return
    emit_records(
        quantities,
        opts,
        "claims",
        valid_fields=FIELDS,
        default_csv=_csv_fields(pairs=pairs),
    )
    note_undated(left)


def _say_unshown_pairs(*, pairs: bool, table: bool) -> None:
    if pairs and table:
        note("--pairs: the table shows no pairs; they are listed by --json, --format jsonl or csv.")


def _csv_fields(*, pairs: bool) -> tuple[str, ...]:
    """CSV's columns: the pairs too when asked for (--pairs is never ignored in silence)."""
    return ("metric", "group", "verdict", "reason", "latest", "figures", *(("pairs",) if pairs else ()))
