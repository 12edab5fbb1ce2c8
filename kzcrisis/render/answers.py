"""What a command answers, as data: the one input of every renderer (`kzcrisis.render.registry`).

A command builds one answer and hands it, with the `Output` it parsed, to the renderer of the
chosen format; it never looks at the format itself. Each answer type offers some formats
(`OFFERED`, the first is the default): the command line refuses any other as a usage error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from kzcrisis.errors import Problem
from kzcrisis.render.formats import Format

Record = dict[str, Any]
ALL_FORMATS = tuple(Format)


class Output(NamedTuple):
    """The output options, parsed once: the format, the fields picked (None: the format's own),
    and `excel` (CSV for spreadsheets)."""

    format: Format
    fields: tuple[str, ...] | None = None
    excel: bool = False


class Screen(Protocol):
    """Where a table goes: what the table renderers need to know of the terminal."""

    @property
    def plain_width(self) -> int | None:
        """A pipe or file wide enough for a table: lay it out plain at this width (no rich)."""

    @property
    def width(self) -> int:
        """The width rich lays out at."""

    @property
    def narrow(self) -> bool:
        """Too narrow for a table: records are stacked instead."""

    @property
    def terminal_width(self) -> int:
        """The terminal's width as `kzcrisis.render.terminal.terminal_width` reads it."""


class Rendered(NamedTuple):
    """A renderer's result: `note` (for the person, on stderr, before the data), then the text in
    pieces, then a rich renderable (printed by a console), either or both empty."""

    chunks: Iterable[str] = ()
    rich: Any = None
    note: str | None = None


NOTHING = "nothing matches these filters."


class Records(NamedTuple):
    """Records to print, in order: stored JSON text (passed through as it is) or dicts.

    `items` is read once and may be a cursor: render it while the corpus is open. `view` names
    the table's columns (`kzcrisis.render.tables.VIEWS`, or a table of its own); `csv_fields`
    are CSV's columns without --fields. `rows`, if given, turns records into the table's rows
    (one per figure, say); `limit` then counts what is printed (rows in a table, records elsewhere).
    """

    items: Iterable[str] | Iterable[Record]
    view: str
    csv_fields: Sequence[str]
    rows: Callable[[Iterable[Record]], Iterable[Record]] | None = None
    limit: int | None = None
    title: str | None = None


class Comparison(NamedTuple):
    """`compare`'s quantities, asked for in the shape a format needs: `ask(pieces, pairs)` gives
    records (dicts), or with `pieces` each quantity's JSON text in pieces (stored text spliced in
    unparsed, for large answers). `pairs`: list every pair where the format has room for them."""

    ask: Callable[[bool, bool], Sequence[Any]]
    pairs: bool
    csv_fields: Sequence[str]


class Shown(NamedTuple):
    """One claim whole (`Corpus.show`): the claim, its source, its paragraph, its twins."""

    shown: Record
    csv_fields: Sequence[str]


class Problems(NamedTuple):
    """`validate`'s problems (none: the corpus passed)."""

    problems: Sequence[Problem]


class Coverage(NamedTuple):
    """`coverage`'s reports, one per article (each `SourceCoverage.as_json()`)."""

    reports: Sequence[Record]
    flagged_only: bool = False


class Document(NamedTuple):
    """One JSON document (a drafted claims file): nothing else has its shape."""

    document: Any


class Added(NamedTuple):
    """The record `add-source` added: for a person its notes say it all (nothing on stdout); for a
    program, the record."""

    record: Record


Answer = Records | Comparison | Shown | Problems | Coverage | Document | Added
ANSWER_TYPES: tuple[type[Answer], ...] = (Records, Comparison, Shown, Problems, Coverage, Document, Added)

# The formats each answer type offers; the first is the default of the commands that answer with it.
OFFERED: dict[type[Answer], tuple[Format, ...]] = {
    Records: ALL_FORMATS,
    Comparison: ALL_FORMATS,
    Shown: ALL_FORMATS,
    Problems: (Format.TABLE, Format.JSON, Format.JSONL, Format.CSV),
    Coverage: (Format.TABLE, Format.JSON, Format.JSONL),
    Document: (Format.JSON,),
    Added: (Format.TABLE, Format.JSON),
}
PROBLEM_FIELDS = ("file", "claim", "field", "line", "record", "message", "hint")  # validate's CSV


def offered(answer: Answer | type[Answer]) -> tuple[Format, ...]:
    """The formats an answer (or an answer type) is written in."""
    return OFFERED[answer if isinstance(answer, type) else type(answer)]


def refused(answer: Answer, fmt: Format) -> ValueError:
    """A format the answer does not offer (the command line refuses it first, as a usage error)."""
    formats = ", ".join(f.value for f in offered(answer))
    return ValueError(f"{type(answer).__name__} is not written as {fmt.value}; it offers {formats}")


def parsed(items: Iterable[Any]) -> Iterator[Record]:
    """Records as dicts, parsed one at a time: a cursor's records are never all held as dicts."""
    import json

    return (json.loads(r) if isinstance(r, str) else r for r in items)


def peek(items: Iterable[Any]) -> tuple[bool, Iterable[Any]]:
    """(is it empty, the same items): the first is read ahead and put back."""
    from itertools import chain, islice

    it = iter(items)
    first = list(islice(it, 1))
    return not first, chain(first, it)


def as_records(answer: Comparison | Shown) -> Records:
    """The answer as records, for the formats that lay out any records (CSV, --fields)."""
    if isinstance(answer, Shown):
        return Records([answer.shown["claim"]], "claims", answer.csv_fields)
    return Records(answer.ask(False, answer.pairs), "claims", answer.csv_fields)
