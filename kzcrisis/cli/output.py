"""How commands write: the answer in the chosen format to stdout (`emit`), notes to stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click

from kzcrisis.corpus.vocab import FILTERS
from kzcrisis.render.answers import Answer, Output

# --- output ------------------------------------------------------------------------------


def write_text(text: str) -> None:
    sys.stdout.write(text)


class Written:
    """Whether any of the answer was written to stdout: an error under way then says that what is
    above it is incomplete, and otherwise does not speak of an answer above."""

    started = False


def write_chunks(chunks: Iterable[str]) -> None:
    """Write in pieces: a large answer is never held twice in memory (as text and as bytes)."""
    write = sys.stdout.write
    for chunk in chunks:
        Written.started = True
        write(chunk)


def emit(answer: Answer, output: Output) -> None:
    """The one way out of every command: the answer's renderer for the chosen format, then its
    note (if any) on stderr, its text in pieces and its rich renderable on stdout."""
    from kzcrisis.render.registry import render
    from kzcrisis.render.screen import TerminalScreen

    Written.started = False
    rendered = render(answer, output, TerminalScreen())
    for line in (rendered.note or "").splitlines():  # a line each
        note(line)
    write_chunks(rendered.chunks)
    if rendered.rich is not None:
        print_rich(rendered.rich)
    # A cursor read only in part (--limit counts rows, not records) is closed while its corpus is open.
    close = getattr(getattr(answer, "items", None), "close", None)
    if close is not None:
        close()


def rendered_text(answer: Answer, output: Output) -> str:
    """The answer as text, for a file (a format without a rich renderable)."""
    from kzcrisis.render.registry import render
    from kzcrisis.render.screen import FixedScreen

    return "".join(render(answer, output, FixedScreen()).chunks)


def print_rich(renderable: Any) -> None:
    from kzcrisis.render.screen import console as make_console

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
