"""What the commands share: their options, and the mapping of bad values to usage errors.

Imported only once a command runs (see the lazy group in `kzcrisis.cli.app`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from kzcrisis.cli.context import CONTEXT
from kzcrisis.corpus.choices import choose, count, day
from kzcrisis.corpus.vocab import ALL_FIELDS, CHOICES, FILTERS
from kzcrisis.errors import CorpusError, InvalidChoice, UsageError
from kzcrisis.index.store import open_index
from kzcrisis.render.answers import Output
from kzcrisis.render.formats import Format

__all__ = ["CONTEXT"]

F = TypeVar("F", bound=Callable[..., Any])


class CorpusFailure(click.ClickException):
    """A corpus that cannot be used: exit 1, every problem listed."""

    exit_code = 1

    def __init__(self, error: CorpusError) -> None:
        from kzcrisis.render.sanitize import problem_line

        lines = [f"the corpus has {len(error.problems)} problem(s):"]
        lines += [f"  {problem_line(p)}" for p in error.problems[:50]]
        if len(error.problems) > 50:
            lines.append(f"  ... and {len(error.problems) - 50} more (see: kzcrisis validate)")
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        click.echo(f"kzcrisis: {self.format_message()}", err=True)


class RetiredFailure(click.ClickException):
    """A released claim id that was retired: its record (when, why, the successor), exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        from kzcrisis.render.sanitize import clean_line

        click.echo(f"kzcrisis: {clean_line(self.format_message())}", err=True)


class KzCommand(click.Command):
    """A subcommand whose bad values are usage errors shown with its own usage line and help hint."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise usage_error(exc, ctx) from None


def usage_error(error: UsageError, ctx: click.Context | None = None) -> click.UsageError:
    """The library's usage error (the API raises the same, with the same message) as click's: exit 2."""
    from kzcrisis.render.sanitize import clean_line

    return click.UsageError(clean_line(str(error)), ctx=ctx)


# --- value types ---------------------------------------------------------------------------


class ChoiceOf(click.Choice):  # type: ignore[type-arg]
    """A choice in any case, with - or space for _ ('JSON', 'Security-Forces'), where that names
    one value; otherwise a usage error that suggests the closest values: the API's own check
    (`kzcrisis.corpus.choices.choose`), shown for the option."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return choose(param.name if param and param.name else "value", value, self.choices)
        except InvalidChoice as exc:
            return self.fail(exc.detail, param, ctx)


class Count(click.ParamType):  # type: ignore[type-arg]
    """A whole number of `minimum` or more: the API's check (`kzcrisis.corpus.choices.count`)."""

    name = "integer"

    def __init__(self, minimum: int = 0) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import re

        try:
            # ASCII digits only: '²' and '٣' are digits to str.isdigit, not numbers a person types here
            whole = isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()) is not None
            number = int(value) if whole else value
            return count(param.name if param and param.name else "value", number, self.minimum)
        except InvalidChoice as exc:
            return self.fail(exc.detail, param, ctx)


class Day(click.ParamType):  # type: ignore[type-arg]
    """A day as YYYY-MM-DD (a datetime at midnight, as click.DateTime gives): the API's reading
    (`kzcrisis.corpus.choices.day`)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import datetime as dt

        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.combine(day(param.name if param and param.name else "date", value), dt.time())
        except InvalidChoice as exc:
            return self.fail(exc.detail, param, ctx)


def _no_nul(value: Any, param: click.Parameter | None, ctx: click.Context | None) -> None:
    """No file name holds a NUL character: one given is a usage error, not a crash of `os`."""
    if isinstance(value, str) and "\0" in value:
        raise click.BadParameter(
            f"{value!r} is not a file name: it holds a NUL character (\\x00)", ctx, param
        )


class FilePath(click.Path):
    """click.Path, with a NUL character refused as a usage error before the path is looked at."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _no_nul(value, param, ctx)
        return super().convert(value, param, ctx)


class InputFile(click.File):
    """click.File, with a NUL character refused as a usage error before the file is opened."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _no_nul(value, param, ctx)
        return super().convert(value, param, ctx)


class FolderName(click.ParamType):  # type: ignore[type-arg]
    """A folder given by name (`--corpus`): looked at later by the command, refused here only if no
    file system could hold it."""

    name = "folder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _no_nul(value, param, ctx)
        return value


# --- shared options ----------------------------------------------------------------------


def corpus_option(fn: F) -> F:
    return click.option(
        "--corpus",
        "corpus",
        metavar="DIR",
        type=FolderName(),
        default=None,
        # $KZCRISIS_CORPUS is read by kzcrisis.paths.choose_corpus, the one rule (not by click).
        help="Corpus folder (default: $KZCRISIS_CORPUS, else the corpus folder you are in, "
        "else the installed one).",
    )(fn)


class FormatChoice(ChoiceOf):
    """`--format`: the one vocabulary (`Format`), of which a command offers some. A format it does
    not offer is refused with the ones it does; a misspelt one gets the closest of them."""

    def __init__(self, offered: Sequence[Format]) -> None:
        super().__init__([f.value for f in offered])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        typed = str(value).strip().casefold().replace("-", "_")
        typed = FORMER_FORMATS.get(typed, typed)
        if typed in self.choices:
            return Format(typed)
        if typed in {f.value for f in Format}:
            offered = ", ".join(str(c) for c in self.choices)
            return self.fail(f"{typed!r} is not offered by this command: choose {offered}.", param, ctx)
        return Format(super().convert(value, param, ctx))


# A format's former name, still accepted (validate's `text` is the table format's one-problem-a-paragraph).
FORMER_FORMATS = {"text": "table"}

FORMAT_HELP = "Output format: a table for people, json/jsonl/csv for programs.  [default: table]"


def output_options(
    offered: Sequence[Format] = tuple(Format),
    *,
    fields: Sequence[str] | None = None,
    help: str = FORMAT_HELP,
) -> Callable[[F], F]:
    """`--format` (among `offered`; the first is the default), its short form `--json`, `--excel`
    where CSV is offered, and `--fields` (among `fields`) where records are written. Parsed once:
    the command gets them as one `output` (`kzcrisis.render.answers.Output`)."""

    def decorate(fn: F) -> F:
        import functools

        @functools.wraps(fn)
        def command(*args: Any, **kwargs: Any) -> Any:
            output = parse_output(
                kwargs.pop("fmt"),
                kwargs.pop("as_json"),
                kwargs.pop("excel", False),
                kwargs.pop("fields", None),
                offered[0],
                fields or (),
            )
            return fn(*args, output=output, **kwargs)

        wrapped: Any = command
        if fields is not None:
            wrapped = click.option(
                "--fields",
                metavar="A,B,...",
                callback=_fields_once,
                help="Pick and order the fields of any format; 'kzcrisis schema' describes them.",
            )(wrapped)
        if Format.CSV in offered:
            wrapped = click.option(
                "--excel",
                is_flag=True,
                help="With --format csv: for spreadsheets, a UTF-8 byte order mark and no cell read "
                "as a formula.",
            )(wrapped)
        wrapped = click.option("--json", "as_json", is_flag=True, help="Short for --format json.")(wrapped)
        return click.option(  # type: ignore[no-any-return]
            "--format", "fmt", type=FormatChoice(offered), default=None, help=help
        )(wrapped)

    return decorate


def parse_output(
    fmt: Format | None,
    as_json: bool,
    excel: bool,
    fields: str | None,
    default: Format,
    valid: Sequence[str],
) -> Output:
    """The output options as one value; their conflicts are usage errors."""
    if as_json and fmt not in (None, Format.JSON):
        raise click.UsageError("--json is short for --format json: give only one of them.")
    chosen = fmt or (Format.JSON if as_json else default)
    if excel and chosen is not Format.CSV:
        raise click.UsageError("--excel shapes CSV for spreadsheets: use it with --format csv.")
    return Output(chosen, None if fields is None else parse_fields(fields, valid), excel)


def parse_fields(text: str, valid: Sequence[str]) -> tuple[str, ...]:
    """--fields: names among `valid` (any case), in the order given; a usage error names the
    unknown ones and the closest valid ones."""
    by_key = {f.casefold(): f for f in valid}
    typed = [f.strip() for f in text.split(",") if f.strip()]
    fields = tuple(f if f in valid else by_key.get(f.casefold(), f) for f in typed)
    unknown = [f for f in fields if f not in valid]
    if unknown or not fields:
        from kzcrisis.errors import closest, did_you_mean

        hint = did_you_mean(m for f in unknown for m in closest(f.casefold(), valid, n=2))
        named = ", ".join(unknown) or "(none given)"
        raise click.UsageError(f"unknown field(s): {named}.{hint} Valid fields: {', '.join(valid)}")
    return fields


def _fields_once(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A field named twice is shown once, and a note says so (never silently)."""
    if value is None:
        return None
    from collections import Counter

    typed = [f.strip() for f in value.split(",") if f.strip()]
    twice = sorted(f for f, n in Counter(typed).items() if n > 1)  # linear: --fields may be long
    if not twice:
        return value
    from kzcrisis.cli.output import note

    note(f"--fields names {', '.join(twice)} more than once; each field is shown once.")
    return ",".join(dict.fromkeys(typed))


def _date_type() -> Day:
    return Day()


def _complete(sql: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of names from the index (any case, with or without diacritics)."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        from kzcrisis.corpus.text import match_key

        try:
            with open_index(ctx.params.get("corpus")) as index:
                names = [str(r[0]) for r in index.conn.execute(sql)]
        except (CorpusError, OSError):
            return []
        typed = match_key(incomplete.lstrip("'\""))
        return sorted({shell_word(n) for n in names if match_key(n).startswith(typed)})

    return complete


def shell_word(value: str) -> str:
    """A completion the shell keeps as one word: 'Trung Quốc' quoted, Tokayev as it is."""
    import re
    import shlex

    return shlex.quote(value) if re.search(r"[^\w@%+=:,./-]", value) else value


def filter_options(
    *, kinds: bool = False, stance: bool = False, fields: Sequence[str] | None = None, output: bool = True
) -> Callable[[F], F]:
    """The filters, `--corpus`, and (with `output`) the output options with `fields` to pick from."""

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
                "--undated",
                type=ChoiceOf(CHOICES["undated"]),
                help="Undated claims: include them (with --since/--until too), exclude them, or only "
                "them.  [default: left out by --since/--until, with a note; kept otherwise]",
            ),
            click.option("--limit", type=Count(), metavar="N", help="At most N results."),
        ]
        if kinds:
            options.append(
                click.option(
                    "--kind",
                    "kinds",
                    multiple=True,
                    type=ChoiceOf(CHOICES["kind"]),
                    help="Only claims of this kind; repeatable.",
                )
            )
        if stance:
            options.append(
                click.option(
                    "--stance",
                    "stances",
                    multiple=True,
                    type=ChoiceOf(CHOICES["stance"]),
                    help="Only reactions with this stance tag; repeatable.",
                )
            )
        for option in reversed(options):
            fn = option(fn)
        return corpus_option(output_options(fields=fields or ALL_FIELDS)(fn) if output else fn)

    return decorate


def metric_option(choices: Sequence[str]) -> Callable[[F], F]:
    """`--metric`, repeatable, among `choices`."""
    return click.option(
        "--metric",
        "metrics",
        multiple=True,
        type=ChoiceOf(list(choices)),
        help="Only figures of this metric; repeatable.",
    )


def group_option() -> Callable[[F], F]:
    """`--group`: whom a figure counts, repeatable."""
    return click.option(
        "--group",
        "groups",
        multiple=True,
        type=ChoiceOf(CHOICES["group"]),
        help="Only figures counting this group (protesters, security_forces, all, ...); repeatable.",
    )


# The repeatable options' names (dest) are the plurals of the query's keywords (`vocab.FILTERS`).
PLURAL = {"kind": "kinds", "source": "sources", "country": "countries", "actor": "actors"}
PLURAL |= {"stance": "stances", "metric": "metrics"}


def filter_keywords(opts: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    """The query keywords of the filter options a command got (`fixed` ones win)."""
    named = {key: opts.get(PLURAL.get(key, key)) or None for key in FILTERS}
    since, until = named.get("since"), named.get("until")
    if since is not None and until is not None and since > until:
        from kzcrisis.cli.output import note

        first, last = (f"{day:%Y-%m-%d}" for day in (since, until))
        note(f"--since {first} is after --until {last}: no date is in that range.")
    named["limit"] = opts.get("limit")
    named["min_outlets"] = opts.get("min_outlets")
    return {**named, **fixed}
