"""The command line's entry: a lazy group, `--version`, and the mapping of errors to exit codes.

Errors are mapped here and in `kzcrisis.cli.options` only: corpus and runtime errors exit 1,
usage errors exit 2, an empty result exits 0. Results go to stdout; notes and errors to stderr.

Start-up time is a feature (the tool runs many times in a row), so this module imports click
and nothing heavy: a subcommand is built only when it runs, and `--help` lists the
commands from `COMMANDS` without building any of them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from kzcrisis.cli.context import CONTEXT
from kzcrisis.errors import CorpusError, KzcrisisError, RetiredClaim, UsageError
from kzcrisis.version import __version__

# name -> (where the command is, the one line `kzcrisis --help` shows for it). click's documented
# lazy-loading group: a command's module is imported only when that command runs, and `--help`
# lists these lines without importing any of them (tests check that each line matches its command).
COMMANDS: dict[str, tuple[str, str]] = {
    "reactions": ("listings.reactions", "What each country or organisation said or did."),
    "casualties": ("listings.casualties", "Casualty figures: killed or injured, with who reported them."),
    "arrests": ("listings.arrests", "Detention figures, with who reported them."),
    "figures": ("figures.figures", "Every figure as a flat row: for spreadsheets and scripts."),
    "deployment": ("listings.deployment", "The CSTO deployment: contributors, troops, aircraft, mission."),
    "timeline": ("listings.timeline", "Claims in date order across all kinds."),
    "claims": ("listings.claims", "Every claim, with all the filters."),
    "search": ("listings.search", "Full text search over quotes, English text and names."),
    "show": ("show.show", "One claim whole, its quote in its paragraph of the article."),
    "compare": ("compare.compare", "Where the sources disagree: figures side by side, with a verdict."),
    "sources": ("reference.sources", "The archived articles and their claim counts."),
    "entities": ("reference.entities", "Who is who: countries, organisations, people and their names."),
    "mcp": ("mcp.mcp", "Serve the corpus to AI assistants (Model Context Protocol, stdio)."),
    "validate": ("validate.validate", "Check the corpus and print every problem."),
    "schema": ("reference.schema", "The JSON Schema of a claim record."),
    "changes": ("changes.changes", "What the corpus added, changed and retired since a release."),
    "export": ("export.export", "Export to SQLite (Datasette), W3C annotations, a static site or Parquet."),
    "add-source": ("curate.add_source", "Archive an article and add its record to sources.json."),
    "coverage": ("curate.coverage", "Which sentences of an article have claims; fact-bearing ones flagged."),
    "draft": ("curate.draft", "Claim skeletons for sentences without a claim, for a curator to fill."),
}


class _OutputClosed(Exception):
    """The reader of stdout went away (`| head -1`): not an OSError, so that click's own EPIPE
    handling (exit 1) does not see it; `_run` ends quietly with 0, as the Python docs advise."""


def _map_errors(ctx: click.Context, run: Any) -> Any:
    from kzcrisis.cli.options import CorpusFailure, RetiredFailure, usage_error

    try:
        return run(ctx)
    except UsageError as exc:
        raise usage_error(exc) from None
    except CorpusError as exc:
        raise CorpusFailure(exc) from None
    except RetiredClaim as exc:
        raise RetiredFailure(str(exc)) from None


class LazyGroup(click.Group):
    """Imports only the subcommand that runs; maps library errors to click's exceptions."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import importlib

        module, name = COMMANDS[cmd_name][0].rsplit(".", 1)
        command = getattr(importlib.import_module(f"kzcrisis.cli.commands.{module}"), name)
        assert isinstance(command, click.Command)
        command.short_help = COMMANDS[cmd_name][1]
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The listing from COMMANDS, without importing every command (see COMMANDS).
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_path, line) in COMMANDS.items()])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            raise _cleaned(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return _map_errors(ctx, super().invoke)
        except click.ClickException as exc:
            raise _cleaned(exc) from None
        except BrokenPipeError:
            raise _OutputClosed from None


def _cleaned(exc: click.ClickException) -> click.ClickException:
    """click's messages quote what was typed ("No such command ..."): made safe to print."""
    from kzcrisis.render.sanitize import clean

    exc.message = clean(exc.message)  # type: ignore[misc]  # click types it Final; it is set once here
    return exc


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from kzcrisis.index.store import HASH_NAME, open_index
    from kzcrisis.paths import corpus_label
    from kzcrisis.render.sanitize import clean_line

    with _map_errors(ctx, lambda _ctx: open_index(None)) as index:
        click.echo(f"kzcrisis {__version__}")
        click.echo(
            clean_line(
                f"corpus {index.meta('corpus_name')} {index.meta('corpus_version')} "
                f"{HASH_NAME}:{index.corpus_key}: {corpus_label(None)}"
            )
        )
    ctx.exit(0)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
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


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: never a traceback; a closed pipe ends quietly; a full disk is one clear line.

    A reader that stops early (`| head -1`) is not an error: exit 0, nothing on stderr. Ctrl-C
    exits 130 quietly. A closed or full stderr changes no exit code (a usage error stays 2).
    """
    # Ctrl-C's handler is installed by the console script's entry (`kzcrisis.cli.main`) before it
    # imports this module (not here: this module imports nothing of its own package's face); called
    # directly, a KeyboardInterrupt is mapped to 130 by `_run`.
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        if sys.stderr is not None:
            sys.stderr.write("kzcrisis: standard output is closed; nowhere to write the results\n")
        sys.exit(1)
    _fill_closed_stderr()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    code = _run(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except (OSError, ValueError) as exc:
        _silence_stdout()
        code = _fail(f"cannot write the output: {getattr(exc, 'strerror', None) or exc}")
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    # Everything is written and flushed, and nothing is left open for writing: skip the
    # interpreter's teardown of click and friends, about 6 ms, a tenth of a whole call.
    os._exit(code)


def _fill_closed_stderr() -> None:
    """With stderr closed (`2>&-`), put /dev/null there: click would otherwise write errors to stdout,
    and the next file opened would get descriptor 2 and receive them."""
    if sys.stderr is not None:
        return
    with contextlib.suppress(OSError):
        os.fstat(2)
        return  # descriptor 2 is open after all
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != 2:
            os.dup2(devnull, 2)
            os.close(devnull)
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit


def _fail(message: str) -> int:
    from kzcrisis.render.sanitize import clean_line

    with contextlib.suppress(OSError, ValueError, AttributeError):
        click.echo(f"kzcrisis: {clean_line(message)}", err=True)
    return 1


def _run(argv: Sequence[str] | None) -> int:  # noqa: PLR0911 - one return per outcome
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="kzcrisis", standalone_mode=False
        )
    except click.ClickException as exc:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr full or gone: same code
            exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except click.Abort:
        return _fail("aborted")
    except (BrokenPipeError, _OutputClosed):
        _silence_stdout()
        return 0
    except KzcrisisError as exc:
        return _fail(str(exc))
    except OSError as exc:
        if exc.filename is None:  # writing a stream (stdout): say it once, not again at the last flush
            _silence_stdout()
            return _fail(f"cannot write the output: {exc.strerror or exc}")
        return _fail(os_error_message(exc))
    except Exception as exc:
        if os.environ.get("KZCRISIS_DEBUG"):
            raise
        sqlite3 = sys.modules.get("sqlite3")  # loaded if an index was opened; never imported here
        if sqlite3 is not None and isinstance(exc, sqlite3.Error):
            return _fail(_index_unreadable(exc))
        return _fail(f"internal error: {type(exc).__name__}: {exc}")
    return result if isinstance(result, int) else 0


def os_error_message(exc: OSError) -> str:
    """An OSError of a file, naming the file the user knows: of a rename or a link the destination,
    and never a temporary file that is gone by now (it was removed on the way out)."""
    names = [os.fsdecode(n) for n in (exc.filename2, exc.filename) if n is not None]
    shown = [n for n in names if os.path.lexists(n) or not os.path.basename(n).startswith(".")]
    why = exc.strerror or str(exc)
    return f"{why}: {shown[0]}" if shown else why


def _index_unreadable(exc: BaseException) -> str:
    """A read of the index that failed under way (a damaged disk, a cache file changed by hand):
    what happened, that any answer written is incomplete, and how to get a whole one."""
    from kzcrisis.paths import cache_dir

    folder = cache_dir()
    if "full" in str(exc):  # SQLITE_FULL: "database or disk is full"
        place = f"the cache folder {os.path.expanduser(folder)!r} or " if folder else ""
        return (
            f"the disk is full ({exc}): free some space on {place}the temporary folder "
            "($TMPDIR, else /tmp), then run again"
        )
    where = f"the cache in {os.path.expanduser(folder)!r}" if folder else "the index"
    output = sys.modules.get("kzcrisis.cli.output")
    cut = " the answer above is incomplete." if output is not None and output.Written.started else ""
    return (
        f"cannot read the index ({exc}):{cut} {where} may be damaged: "
        "run again with KZCRISIS_NO_CACHE=1, or remove the cache folder's files and run again"
    )


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at devnull so that flush cannot fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
