"""How commands write: the chosen format to stdout, notes to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import click

from kzcrisis.corpus.vocab import ALL_FIELDS, FILTERS
from kzcrisis.render.formats import Format


def choose_output(opts: dict[str, Any], valid: Sequence[str]) -> tuple[Format, list[str] | None]:
    fmt = Format(opts.get("fmt") or ("json" if opts.get("as_json") else "table"))
    if opts.get("as_json") and opts.get("fmt") not in (None, "json"):
        raise click.UsageError("--json is short for --format json: give only one of them.")
    if opts.get("excel") and fmt is not Format.CSV:
        raise click.UsageError("--excel shapes CSV for spreadsheets: use it with --format csv.")
    fields = None
    if opts.get("fields") is not None:
        by_key = {f.casefold(): f for f in valid}
        typed = [f.strip() for f in str(opts["fields"]).split(",") if f.strip()]
        fields = [f if f in valid else by_key.get(f.casefold(), f) for f in typed]
        unknown = [f for f in fields if f not in valid]
        if unknown or not fields:
            from kzcrisis.errors import closest, did_you_mean

            hint = did_you_mean(m for f in unknown for m in closest(f.casefold(), valid, n=2))
            named = ", ".join(unknown) or "(none given)"
            raise click.UsageError(f"unknown field(s): {named}.{hint} Valid fields: {', '.join(valid)}")
    return fmt, fields


# --- output ------------------------------------------------------------------------------


def write_text(text: str) -> None:
    sys.stdout.write(text)


def write_chunks(chunks: Iterable[str]) -> None:
    """Write in pieces: a large answer is never held twice in memory (as text and as bytes)."""
    write = sys.stdout.write
    for chunk in chunks:
        write(chunk)


def make_console() -> Any:
    from rich.console import Console

    # markup and emoji off: no string is ever read as rich markup (data is passed as Text anyway).
    return Console(soft_wrap=False, highlight=False, markup=False, emoji=False)


def is_narrow() -> bool:
    """Too narrow a terminal for a table (see `kzcrisis.render.tables.NARROW_WIDTH`)."""
    from kzcrisis.render.tables import NARROW_WIDTH

    return bool(make_console().width < NARROW_WIDTH)


def _plain_pipe(narrow_width: int) -> bool:
    """Is stdout a pipe or file (not a terminal) wide enough for a table? Then the plain layout
    serves: the same columns and words as rich's table, without importing rich (~26 ms a call)."""
    from kzcrisis.render.terminal import terminal_width

    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return not terminal and terminal_width() >= narrow_width


def print_rich(renderable: Any) -> None:
    console = make_console()

    def closed() -> None:  # rich would exit 1 on a closed pipe; the command line ends quietly with 0
        console.quiet = True
        raise BrokenPipeError

    console.on_broken_pipe = closed
    console.print(renderable)


def note(message: str) -> None:
    """A line for the person on stderr, written after the results so far have reached stdout.

    The flush comes first so that a failed write (a full disk, a closed pipe) is reported instead
    of a note such as "OK": whether or not Python's stdout is buffered (PYTHONUNBUFFERED).
    """
    from kzcrisis.render.sanitize import clean_line

    sys.stdout.flush()
    click.echo(f"kzcrisis: {clean_line(message)}", err=True)


def undated_left(kz: Any, keywords: dict[str, Any], text: str | None = None) -> int:
    """How many undated claims --since/--until left out (0 without them, or with --undated)."""
    if not (keywords.get("since") or keywords.get("until")) or keywords.get("undated"):
        return 0
    named = {k: v for k, v in keywords.items() if k in FILTERS}
    return int(kz.undated_left_out(kz.filters(**named), text))


def note_undated(left: int) -> None:
    """One line on stderr, after the results: how many undated claims were left out, how to keep them."""
    if left:
        note(
            f"{left} undated claim(s) left out by --since/--until "
            "(--undated include keeps them, --undated only lists them)."
        )


def print_table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[Any],
    title: str | None = None,
    *,
    large_plain: bool = True,
) -> None:
    """A table of rows, laid out where it costs least for the same words: plain to a pipe, plain
    beyond RICH_MAX_ROWS rows (rich takes ~1 ms a row: 90,000 entities were 77 s), rich otherwise."""
    from kzcrisis.render import tables

    if _plain_pipe(tables.NARROW_WIDTH):  # to a pipe: the same columns, without rich
        from kzcrisis.render.terminal import terminal_width

        if title:
            write_text(f"{title}\n")
        write_chunks(tables.iter_plain(rows, columns, terminal_width()))
        return
    shown = list(rows)
    narrow = is_narrow()
    if large_plain and len(shown) > tables.RICH_MAX_ROWS and not narrow:
        if title:
            write_text(f"{title}\n")
        write_chunks([tables.render_plain(shown, columns, make_console().width)])
    else:
        print_rich(tables.render_table(shown, columns, title, narrow=narrow))


def emit_records(
    records: Sequence[str] | Sequence[dict[str, Any]],
    opts: dict[str, Any],
    view: str,
    *,
    valid_fields: Sequence[str] = ALL_FIELDS,
    default_csv: Sequence[str] | None = None,
    table_rows: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
    title: str | None = None,
    empty: str | None = "nothing matches these filters.",
) -> None:
    """Render records (JSON text or dicts) in the chosen format: every listing's output goes here.
    `empty` is the note for an empty answer (None: the caller says why)."""
    from kzcrisis.render import formats as render

    fmt, fields = choose_output(opts, valid_fields)
    _say_empty(records, empty)
    if fmt in (Format.JSON, Format.JSONL) and fields is None:
        _write_json(fmt, [r if isinstance(r, str) else render.dumps(r) for r in records])
        return
    import json

    if fmt is Format.TABLE:
        from kzcrisis.render import tables

        columns = tables.field_columns(fields) if fields else tables.VIEWS[view]
        # Parsed one at a time as the table takes its cells: the records are never all held as dicts.
        each: Iterable[dict[str, Any]] = (json.loads(r) if isinstance(r, str) else r for r in records)
        if table_rows and not fields:
            each = table_rows(list(each))
        print_table(each, columns, title, large_plain=not fields)
        return
    parsed = [json.loads(r) if isinstance(r, str) else r for r in records]
    if fmt is Format.CSV:
        names = fields or default_csv or list(valid_fields)
        write_text(render.render_csv(parsed, names, excel=bool(opts.get("excel"))))
        return
    _write_json(fmt, [render.dumps(r) for r in render.pick_fields(parsed, fields or [])])


def _say_empty(records: Sequence[Any], empty: str | None) -> None:
    if empty and not records:
        note(empty)


STREAM_BATCH = 1000  # records written at a time by stream_json


def stream_json(
    fmt: Format, records: Iterator[str], empty: str | None = "nothing matches these filters."
) -> None:
    """JSON or JSON Lines of records (JSON text) as they come, STREAM_BATCH at a time: the answer is
    never held whole (the same bytes as a list's: tests/cli/test_cli.py compares them)."""
    from itertools import chain, islice

    first = list(islice(records, 1))
    if not first and empty:
        note(empty)
    _write_json(fmt, chain(first, records))


def _write_json(fmt: Format, texts: Iterable[str]) -> None:
    from kzcrisis.render import formats as render

    pieces = render.iter_json if fmt is Format.JSON else render.iter_jsonl
    write_chunks(pieces(texts, STREAM_BATCH))
