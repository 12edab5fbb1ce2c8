"""The command line: parse options, call one query, hand the result to one renderer.

Errors are mapped here and only here: corpus and runtime errors exit 1, usage errors exit 2,
an empty result exits 0. Results go to stdout; notes and errors to stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from kzcrisis import __version__
from kzcrisis.errors import CorpusError, KzcrisisError, LookupFailed
from kzcrisis.index import Index, open_index
from kzcrisis.query import Filters, Row
from kzcrisis.render import Format
from kzcrisis.vocab import ALL_FIELDS, KINDS, EntityType, Group, Metric, Stance

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


def usage_error(error: LookupFailed) -> click.UsageError:
    message = f"unknown {error.what}: {error.value!r}."
    if error.suggestions:
        message += f" Did you mean: {', '.join(error.suggestions)}?"
    if error.hint:
        message += f" ({error.hint})"
    return click.UsageError(message)


class KzGroup(click.Group):
    """Maps library errors to click's exceptions for every subcommand."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LookupFailed as exc:
            raise usage_error(exc) from None
        except CorpusError as exc:
            raise CorpusFailure(exc) from None


# --- shared options ----------------------------------------------------------------------


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    try:
        index = open_index(None)
    except CorpusError as exc:
        raise CorpusFailure(exc) from None
    click.echo(f"kzcrisis {__version__}")
    click.echo(
        f"corpus {index.meta('corpus_name')} {index.meta('corpus_version')} "
        f"sha256:{index.corpus_key} ({index.corpus_dir})"
    )
    ctx.exit(0)


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


def filter_options(*, kinds: bool = False, stance: bool = False) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        options = [
            click.option(
                "--source",
                "sources",
                multiple=True,
                metavar="SLUG",
                help="Only claims from this source (slug or outlet name); repeatable.",
            ),
            click.option(
                "--country",
                "countries",
                multiple=True,
                metavar="X",
                help="Only claims where this country, or someone who speaks for it, acts, "
                "speaks or reports. English, Vietnamese, alias or ISO code; repeatable.",
            ),
            click.option(
                "--actor",
                "actors",
                multiple=True,
                metavar="X",
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


def _resolve_filters(index: Index, opts: dict[str, Any], kinds: Sequence[str] = ()) -> Filters:
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


def _output_choice(opts: dict[str, Any], valid: Sequence[str]) -> tuple[Format, list[str] | None]:
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


def _write(text: str) -> None:
    sys.stdout.write(text)


def _print_table(renderable: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=False, highlight=False).print(renderable)


def _note(message: str) -> None:
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
    """Render records (JSON text or dicts) in the chosen format; the one place output happens."""
    import json

    from kzcrisis import render

    fmt, fields = _output_choice(opts, valid_fields)
    if not records:
        _note("nothing matches these filters.")
    if fmt in (Format.JSON, Format.JSONL) and fields is None:
        texts = [r if isinstance(r, str) else render.dumps(r) for r in records]
        _write(render.render_json(texts) if fmt is Format.JSON else render.render_jsonl(texts))
        return
    parsed = [json.loads(r) if isinstance(r, str) else r for r in records]
    if fmt is Format.TABLE:
        if fields:
            _print_table(render.render_table(parsed, render.field_columns(fields), title))
        else:
            shown = table_rows(parsed) if table_rows else parsed
            _print_table(render.render_table(shown, render.VIEWS[view], title))
        return
    if fmt is Format.CSV:
        _write(render.render_csv(parsed, fields or default_csv or list(valid_fields)))
        return
    picked = render.pick_fields(parsed, fields or [])
    texts = [render.dumps(r) for r in picked]
    _write(render.render_json(texts) if fmt is Format.JSON else render.render_jsonl(texts))


def _records(found: Sequence[Row]) -> list[str]:
    return [row.record for row in found]


# --- commands ----------------------------------------------------------------------------


@click.group(cls=KzGroup, context_settings=CONTEXT)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the tool's version and the corpus's version and content hash.",
)
def cli() -> None:
    """Who said what about the January 2022 unrest in Kazakhstan, when, according to whom.

    Every claim carries the verbatim Vietnamese words of its article, an English rendering,
    a date, who said or reported it, and its figures.

    \b
    Examples:
      kzcrisis reactions --country Russia
      kzcrisis casualties --source dantri --json | jq '.[].figures'
      kzcrisis compare --metric detained
      kzcrisis search "trung quoc"
    """


def _listing(kinds: Sequence[str], view: str, opts: dict[str, Any], **emit: Any) -> None:
    from kzcrisis.query import select_claims

    index = open_index(opts.get("corpus"))
    found = select_claims(index, _resolve_filters(index, opts, kinds))
    emit_records(_records(found), opts, view, **emit)


@cli.command(context_settings=CONTEXT)
@filter_options(stance=True)
def reactions(**opts: Any) -> None:
    """What each country or organisation said or did, with speaker, date, stance tags and source.

    \b
    Examples:
      kzcrisis reactions --country Russia
      kzcrisis reactions --country Mỹ --stance questions_csto_deployment --json
    """
    _listing(("reaction",), "reactions", opts)


def _figure_command(kind: str, metrics: Sequence[str]) -> Callable[[dict[str, Any]], None]:
    def run(opts: dict[str, Any]) -> None:
        from kzcrisis.render import figure_rows

        wanted = tuple(opts.get("metrics") or ())
        _listing((kind,), "figures", opts, table_rows=lambda recs: figure_rows(recs, wanted))

    return run


@cli.command(context_settings=CONTEXT)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(["killed", "injured"]),
    help="Only figures of this metric; repeatable.",
)
@filter_options()
def casualties(**opts: Any) -> None:
    """Casualty figures: killed or injured, who was counted, value and qualifier, as-of date, reporter.

    The table shows one row per figure; ≥ means 'at least', > 'more than', ~ 'about', ≤ 'up to'.

    \b
    Examples:
      kzcrisis casualties
      kzcrisis casualties --source dantri --json
    """
    _figure_command("casualty", ("killed", "injured"))(opts)


@cli.command(context_settings=CONTEXT)
@filter_options()
def arrests(**opts: Any) -> None:
    """Detention figures, with qualifier, as-of date and who reported them.

    \b
    Examples:
      kzcrisis arrests
      kzcrisis arrests --format csv
    """
    _figure_command("arrest", ("detained",))(opts)


@cli.command(context_settings=CONTEXT)
@filter_options()
def deployment(**opts: Any) -> None:
    """The CSTO deployment: contributors, troops, aircraft, mission, legal basis, command, dates.

    \b
    Examples:
      kzcrisis deployment
      kzcrisis deployment --country Armenia --json
    """
    _listing(("deployment",), "deployment", opts)


@cli.command(context_settings=CONTEXT)
@filter_options(kinds=True)
def timeline(**opts: Any) -> None:
    """Claims in date order across all kinds (or --kind); undated ones last, marked 'undated'.

    \b
    Examples:
      kzcrisis timeline --kind event
      kzcrisis timeline --since 2022-01-05 --until 2022-01-07
    """
    _listing((), "timeline", opts)


@cli.command(context_settings=CONTEXT)
@filter_options(kinds=True, stance=True)
def claims(**opts: Any) -> None:
    """Every claim, with all the filters.

    \b
    Examples:
      kzcrisis claims --actor Lavrov
      kzcrisis claims --kind casualty --fields id,date,quote --format csv
    """
    _listing((), "claims", opts)


@cli.command(context_settings=CONTEXT)
@click.argument("text")
@filter_options(kinds=True)
def search(text: str, **opts: Any) -> None:
    """Full text over quotes, English text and entity names, ranked best first.

    Case- and diacritic-insensitive: "trung quoc" finds "Trung Quốc". Every word must match;
    JSON records carry a "score".

    \b
    Examples:
      kzcrisis search "trung quoc"
      kzcrisis search tokayev --kind reaction --json
    """
    import json

    from kzcrisis.query import search_claims

    index = open_index(opts.get("corpus"))
    found = search_claims(index, text, _resolve_filters(index, opts))
    records = [{**json.loads(row.record), "score": score} for score, row in found]
    emit_records(records, opts, "search", valid_fields=(*ALL_FIELDS, "score"))


@cli.command(context_settings=CONTEXT)
@click.argument("claim_id", metavar="ID")
@corpus_option
@output_options
def show(claim_id: str, **opts: Any) -> None:
    """One claim whole: its quote in its paragraph of the archived article, English text,
    figures, entities and source record.

    \b
    Examples:
      kzcrisis show dantri-016
      kzcrisis show tokayev-coup-021 --json
    """
    from kzcrisis.query import get_claim, source_text

    index = open_index(opts.get("corpus"))
    row = get_claim(index, claim_id)
    fmt, _fields = _output_choice(opts, ALL_FIELDS)
    if fmt is not Format.TABLE:
        emit_records([row.record], opts, "claims")
        return
    import json

    from kzcrisis.show import render_claim

    source = json.loads(
        index.conn.execute("SELECT record FROM sources WHERE slug = ?", (row.source,)).fetchone()[0]
    )
    _print_table(render_claim(json.loads(row.record), source, source_text(index, row.source)))


@cli.command(context_settings=CONTEXT)
@corpus_option
@output_options
def sources(**opts: Any) -> None:
    """The archived articles: outlet, date, title and claim counts by kind.

    \b
    Examples:
      kzcrisis sources
      kzcrisis sources --json | jq '.[] | {slug, outlet, claims}'
    """
    import json

    from kzcrisis.query import source_records

    index = open_index(opts.get("corpus"))
    records = [{**json.loads(rec), "claims": counts} for rec, counts in source_records(index)]
    fields = (
        "slug",
        "outlet",
        "published",
        "title",
        "claims",
        "file",
        "sha256",
        "author",
        "outlet_note",
        "published_note",
        "title_note",
        "url",
        "url_note",
        "language",
        "notes",
    )
    fmt, chosen = _output_choice(opts, fields)
    if fmt is Format.TABLE and not chosen:
        _print_table(_sources_table(records))
        return
    emit_records(records, opts, "claims", valid_fields=fields, default_csv=fields)


def _sources_table(records: list[dict[str, Any]]) -> Any:
    from kzcrisis.render import Column, render_table

    columns = [
        Column("Slug", lambda r: str(r["slug"]), no_wrap=True),
        Column("Outlet", lambda r: r["outlet"] or "(not named)"),
        Column("Published", lambda r: r["published"] or "(no date)", no_wrap=True),
        Column("Title", lambda r: r["title"] or "(no headline)"),
        Column("Claims", lambda r: "\n".join(f"{k}: {n}" for k, n in sorted(r["claims"].items()))),
    ]
    return render_table(records, columns)


@cli.command(context_settings=CONTEXT)
@click.option(
    "--type",
    "entity_type",
    type=click.Choice([t.value for t in EntityType]),
    help="Only entities of this type.",
)
@corpus_option
@output_options
def entities(entity_type: str | None, **opts: Any) -> None:
    """Who is who: countries, organisations and people, with their Vietnamese names and aliases.

    \b
    Examples:
      kzcrisis entities --type country
      kzcrisis entities --json | jq '.[] | select(.id == "wang-yi")'
    """
    import json

    from kzcrisis.query import entity_records
    from kzcrisis.render import Column

    index = open_index(opts.get("corpus"))
    records = [json.loads(r) for r in entity_records(index, entity_type)]
    fields = ("id", "type", "name", "names_vi", "aliases", "iso", "speaks_for", "role")
    fmt, chosen = _output_choice(opts, fields)
    if fmt is Format.TABLE and not chosen:
        from kzcrisis.render import render_table

        columns = [
            Column("ID", lambda r: str(r["id"]), no_wrap=True),
            Column("Type", lambda r: str(r["type"])),
            Column("Name", lambda r: str(r["name"])),
            Column("Vietnamese", lambda r: ", ".join(r["names_vi"])),
            Column("Aliases / ISO", lambda r: ", ".join([*r["aliases"], *([r["iso"]] if r["iso"] else [])])),
            Column("Speaks for", lambda r: r["speaks_for"] or ""),
        ]
        _print_table(render_table(records, columns))
        return
    emit_records(records, opts, "claims", valid_fields=fields, default_csv=fields)


@cli.command(context_settings=CONTEXT)
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="Problems as a JSON array.")
def validate(corpus: str | None, as_json: bool) -> None:
    """Check the corpus: schema, quotes in their articles, numbers in their quotes, ids, references,
    duplicates, dates, source hashes. Prints every problem; exit 1 if there is any.

    \b
    Examples:
      kzcrisis validate
      kzcrisis validate --corpus ./my-corpus --json
    """
    import json

    from kzcrisis.corpus import load_corpus

    try:
        loaded = load_corpus(corpus)
    except CorpusError as exc:
        if as_json:
            _write(json.dumps([p.__dict__ for p in exc.problems], ensure_ascii=False, indent=2) + "\n")
        else:
            for problem in exc.problems:
                _write(f"{problem}\n")
        _note(f"{len(exc.problems)} problem(s) in {os.fspath(corpus or 'the corpus')}")
        sys.exit(1)
    if as_json:
        _write("[]\n")
    kinds = {k: sum(1 for c in loaded.claims if c.kind == k) for k in KINDS}
    summary = ", ".join(f"{n} {k}" for k, n in kinds.items())
    _note(
        f"OK: {len(loaded.claims)} claims ({summary}) from {len(loaded.sources)} sources, "
        f"{len(loaded.entities)} entities; every check passed."
    )


@cli.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of a claim record, as the --json output of the listing commands gives it.

    \b
    Examples:
      kzcrisis schema > claim.schema.json
      kzcrisis schema | jq '."$defs" | keys'
    """
    import json

    from kzcrisis.schema import record_schema

    _write(json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n")


@cli.command(context_settings=CONTEXT)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice([m.value for m in Metric]),
    help="Only this measured quantity; repeatable.",
)
@click.option(
    "--group",
    "groups",
    multiple=True,
    type=click.Choice([g.value for g in Group]),
    help="Only figures counting this group (protesters, security_forces, all, ...); repeatable.",
)
@click.option("--conflicts", is_flag=True, help="Only quantities whose verdict is 'conflict'.")
@filter_options()
def compare(metrics: tuple[str, ...], groups: tuple[str, ...], conflicts: bool, **opts: Any) -> None:
    """Where the sources disagree: every reported figure of each quantity side by side, with a verdict.

    Verdicts (see README): consistent, updated, conflict, single.

    \b
    Examples:
      kzcrisis compare
      kzcrisis compare --metric injured --json
      kzcrisis compare --conflicts
    """
    import json

    from kzcrisis.compare import compare_figures, filter_quantities
    from kzcrisis.query import select_claims

    index = open_index(opts.get("corpus"))
    filters = _resolve_filters(index, {**opts, "metrics": metrics}, ("casualty", "arrest", "deployment"))
    found = select_claims(index, Filters(**{**filters.__dict__, "limit": None}))
    quantities = filter_quantities(
        compare_figures([json.loads(r.record) for r in found]), metrics, groups, conflicts
    )
    if opts.get("limit") is not None:
        quantities = quantities[: opts["limit"]]
    fmt, fields = _output_choice(opts, ("metric", "group", "verdict", "reason", "figures", "pairs"))
    if fmt is Format.TABLE and not fields:
        from kzcrisis.compare_render import render_comparison

        if not quantities:
            _note("nothing matches these filters.")
        _print_table(render_comparison(quantities))
        return
    emit_records(
        quantities,
        opts,
        "claims",
        valid_fields=("metric", "group", "verdict", "reason", "figures", "pairs"),
        default_csv=("metric", "group", "verdict", "reason", "figures"),
    )


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: never a traceback; a closed pipe ends quietly; a full disk is one clear line."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    code = 0
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="kzcrisis")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KzcrisisError as exc:
        click.echo(f"kzcrisis: {exc}", err=True)
        code = 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"kzcrisis: {exc.strerror or exc}{where}", err=True)
        code = 1
    except Exception as exc:
        if os.environ.get("KZCRISIS_DEBUG"):
            raise
        click.echo(f"kzcrisis: internal error: {type(exc).__name__}: {exc}", err=True)
        code = 1
    code = _flush_stdout(code)
    sys.exit(code)


def _flush_stdout(code: int) -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return code
    except OSError as exc:
        _silence_stdout()
        click.echo(f"kzcrisis: cannot write the output: {exc.strerror or exc}", err=True)
        return 1
    return code


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at devnull so that flush cannot fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
