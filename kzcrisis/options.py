"""What the commands share: options, filter resolution, output, error types.

Imported only once a command runs (see the lazy group in `kzcrisis.cli`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from kzcrisis.errors import BadInput, CorpusError, LookupFailed
from kzcrisis.index import Index, open_index
from kzcrisis.query import Filters, Row
from kzcrisis.render import Format
from kzcrisis.vocab import ALL_FIELDS, KINDS, Stance

F = TypeVar("F", bound=Callable[..., Any])


class CorpusFailure(click.ClickException):
    """A corpus that cannot be used: exit 1, every problem listed."""

    exit_code = 1

    def __init__(self, error: CorpusError) -> None:
        lines = [f"the corpus has {len(error.problems)} problem(s):"]
        lines += [f"  {p}" for p in error.problems[:50]]
        if len(error.problems) > 50:
            lines.append(f"  ... and {len(error.problems) - 50} more (see: kzcrisis validate)")
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        click.echo(f"kzcrisis: {self.format_message()}", err=True)


class KzCommand(click.Command):
    """A subcommand whose bad values are usage errors shown with its own usage line and help hint."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (LookupFailed, BadInput) as exc:
            raise usage_error(exc, ctx) from None


def usage_error(error: LookupFailed | BadInput, ctx: click.Context | None = None) -> click.UsageError:
    if isinstance(error, BadInput):
        return click.UsageError(str(error), ctx=ctx)
    message = f"unknown {error.what}: {error.value!r}."
    if error.suggestions:
        message += f" Did you mean: {', '.join(error.suggestions)}?"
    if error.hint:
        message += f" ({error.hint})"
    return click.UsageError(message, ctx=ctx)


# --- shared options ----------------------------------------------------------------------


def corpus_option(fn: F) -> F:
    return click.option(
        "--corpus",
        "corpus",
        metavar="DIR",
        envvar="KZCRISIS_CORPUS",
        default=None,
        help="Corpus folder to query (default: $KZCRISIS_CORPUS, else the shipped corpus).",
    )(fn)


def output_options(fn: F) -> F:
    """`--format`, its short form `--json`, and `--fields`."""
    fn = click.option(
        "--fields",
        metavar="A,B,...",
        help="Pick and order the fields of any format; 'kzcrisis schema' describes them.",
    )(fn)
    fn = click.option("--json", "as_json", is_flag=True, help="Short for --format json.")(fn)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in Format]),
        default=None,
        help="Output format: a table for people, json/jsonl/csv for programs.  [default: table]",
    )(fn)


def _date_type() -> click.DateTime:
    return click.DateTime(formats=["%Y-%m-%d"])


def _complete(sql: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of names from the index (any case, with or without diacritics)."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        from kzcrisis.text import match_key

        try:
            names = [str(r[0]) for r in open_index(ctx.params.get("corpus")).conn.execute(sql)]
        except (CorpusError, OSError):
            return []
        typed = match_key(incomplete)
        return sorted({n for n in names if match_key(n).startswith(typed)})

    return complete


def filter_options(*, kinds: bool = False, stance: bool = False) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        options = [
            click.option(
                "--source",
                "sources",
                multiple=True,
                metavar="SLUG",
                shell_complete=_complete("SELECT slug FROM sources"),
                help="Only claims from this source (slug or outlet name); repeatable.",
            ),
            click.option(
                "--country",
                "countries",
                multiple=True,
                metavar="X",
                shell_complete=_complete(
                    "SELECT a.name FROM aliases a JOIN entities e ON e.id = a.entity WHERE e.type = 'country'"
                ),
                help="Only claims where this country, or someone who speaks for it, acts, "
                "speaks or reports. English, Vietnamese, alias or ISO code; repeatable.",
            ),
            click.option(
                "--actor",
                "actors",
                multiple=True,
                metavar="X",
                shell_complete=_complete("SELECT name FROM aliases"),
                help="As --country, for any country, organisation or person; repeatable.",
            ),
            click.option(
                "--since",
                type=_date_type(),
                metavar="YYYY-MM-DD",
                help="Only claims dated on or after this day (undated ones are left out).",
            ),
            click.option(
                "--until",
                type=_date_type(),
                metavar="YYYY-MM-DD",
                help="Only claims dated on or before this day (undated ones are left out).",
            ),
            click.option(
                "--limit", type=click.IntRange(0, 2**31 - 1), metavar="N", help="At most N results."
            ),
        ]
        if kinds:
            options.append(
                click.option(
                    "--kind",
                    "kinds",
                    multiple=True,
                    type=click.Choice(KINDS),
                    help="Only claims of this kind; repeatable.",
                )
            )
        if stance:
            options.append(
                click.option(
                    "--stance",
                    "stances",
                    multiple=True,
                    type=click.Choice([s.value for s in Stance]),
                    help="Only reactions with this stance tag; repeatable.",
                )
            )
        for option in reversed(options):
            fn = option(fn)
        return corpus_option(output_options(fn))

    return decorate


def resolve_filters(index: Index, opts: dict[str, Any], kinds: Sequence[str] = ()) -> Filters:
    from kzcrisis.query import resolve_entity, resolve_source

    since, until = opts.get("since"), opts.get("until")
    groups = []
    if opts.get("countries"):
        groups.append(tuple(resolve_entity(index, c, country=True) for c in opts["countries"]))
    if opts.get("actors"):
        groups.append(tuple(resolve_entity(index, a) for a in opts["actors"]))
    return Filters(
        kinds=tuple(kinds) or tuple(opts.get("kinds") or ()),
        sources=tuple(resolve_source(index, s) for s in opts.get("sources") or ()),
        entity_groups=tuple(groups),
        stances=tuple(opts.get("stances") or ()),
        metrics=tuple(opts.get("metrics") or ()),
        since=since.date() if since else None,
        until=until.date() if until else None,
        limit=opts.get("limit"),
    )


def choose_output(opts: dict[str, Any], valid: Sequence[str]) -> tuple[Format, list[str] | None]:
    fmt = Format(opts.get("fmt") or ("json" if opts.get("as_json") else "table"))
    if opts.get("as_json") and opts.get("fmt") not in (None, "json"):
        raise click.UsageError("--json is short for --format json: give only one of them.")
    fields = None
    if opts.get("fields") is not None:
        fields = [f.strip() for f in str(opts["fields"]).split(",") if f.strip()]
        unknown = [f for f in fields if f not in valid]
        if unknown or not fields:
            raise click.UsageError(
                f"unknown field(s): {', '.join(unknown) or '(none given)'}. Valid fields: {', '.join(valid)}"
            )
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

    return Console(soft_wrap=False, highlight=False)


def is_narrow() -> bool:
    """Too narrow a terminal for a table (see `kzcrisis.tables.NARROW_WIDTH`)."""
    from kzcrisis.tables import NARROW_WIDTH

    return bool(make_console().width < NARROW_WIDTH)


def print_rich(renderable: Any) -> None:
    make_console().print(renderable)


def note(message: str) -> None:
    click.echo(f"kzcrisis: {message}", err=True)


def emit_records(
    records: Sequence[str] | Sequence[dict[str, Any]],
    opts: dict[str, Any],
    view: str,
    *,
    valid_fields: Sequence[str] = ALL_FIELDS,
    default_csv: Sequence[str] | None = None,
    table_rows: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
    title: str | None = None,
) -> None:
    """Render records (JSON text or dicts) in the chosen format: every listing's output goes here."""
    from kzcrisis import render

    fmt, fields = choose_output(opts, valid_fields)
    if not records:
        note("nothing matches these filters.")
    if fmt in (Format.JSON, Format.JSONL) and fields is None:
        _write_json(fmt, [r if isinstance(r, str) else render.dumps(r) for r in records])
        return
    import json

    parsed = [json.loads(r) if isinstance(r, str) else r for r in records]
    if fmt is Format.TABLE:
        from kzcrisis import tables

        if fields:
            print_rich(tables.render_table(parsed, tables.field_columns(fields), title, narrow=is_narrow()))
        else:
            shown = table_rows(parsed) if table_rows else parsed
            if len(shown) > tables.RICH_MAX_ROWS and not is_narrow():
                write_chunks([tables.render_plain(shown, tables.VIEWS[view], make_console().width)])
            else:
                print_rich(tables.render_table(shown, tables.VIEWS[view], title, narrow=is_narrow()))
        return
    if fmt is Format.CSV:
        write_text(render.render_csv(parsed, fields or default_csv or list(valid_fields)))
        return
    _write_json(fmt, [render.dumps(r) for r in render.pick_fields(parsed, fields or [])])


def _write_json(fmt: Format, texts: list[str]) -> None:
    from kzcrisis import render

    write_chunks(render.iter_json(texts) if fmt is Format.JSON else render.iter_jsonl(texts))


def record_texts(found: Sequence[Row]) -> list[str]:
    return [row.record for row in found]
