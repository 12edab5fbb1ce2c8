"""What a command answers, as data: the one input of every renderer (`kzcrisis.render.registry`).

A command builds one answer and hands it, with the `Output` it parsed, to the renderer of the
chosen format; it never looks at the format itself. Each answer type offers some formats
(`OFFERED`, the first is the default): the command line refuses any other as a usage error.

Plain classes with slots, not NamedTuples or dataclasses: this module is imported on every call,
and making a NamedTuple class costs ten times as much (a few ms of start-up for these ten).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kzcrisis.errors import Problem
from kzcrisis.render.formats import Format

Record = dict[str, Any]
ALL_FORMATS = tuple(Format)


class _Value:
    """Equal when of one type with equal fields; shown with them (for tests and debugging)."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self), self._fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"


class Output(_Value):
    """The output options, parsed once: the format, the fields picked (None: the format's own),
    and `excel` (CSV for spreadsheets)."""

    __slots__ = ("excel", "fields", "format")

    def __init__(self, format: Format, fields: tuple[str, ...] | None = None, excel: bool = False) -> None:
        self.format, self.fields, self.excel = format, fields, excel


if TYPE_CHECKING:
    from typing import Protocol

    class Screen(Protocol):
        """Where a table goes: what the table renderers need to know of the terminal
        (`kzcrisis.render.screen`)."""

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


class Rendered(_Value):
    """A renderer's result: `note` (for the person, on stderr, before the data), then the text in
    pieces, then a rich renderable (printed by a console), either or both empty."""

    __slots__ = ("chunks", "note", "rich")

    def __init__(self, chunks: Iterable[str] = (), rich: Any = None, note: str | None = None) -> None:
        self.chunks, self.rich, self.note = chunks, rich, note


NOTHING = "nothing matches these filters."


class Records(_Value):
    """Records to print, in order: stored JSON text (passed through as it is) or dicts.

    `items` is read once and may be a cursor: render it while the corpus is open. `view` names
    the table's columns (`kzcrisis.render.tables.VIEWS`, or a table of its own); `csv_fields`
    are CSV's columns without --fields. `rows`, if given, turns records into the table's rows
    (one per figure, say); `limit` then counts what is printed (rows in a table, records elsewhere).
    `empty` is the note for an empty answer (None: the command says why, after the answer).
    """

    __slots__ = ("csv_fields", "empty", "items", "limit", "rows", "title", "view")

    def __init__(
        self,
        items: Iterable[str] | Iterable[Record],
        view: str,
        csv_fields: Sequence[str],
        rows: Callable[[Iterable[Record]], Iterable[Record]] | None = None,
        limit: int | None = None,
        title: str | None = None,
        empty: str | None = NOTHING,
    ) -> None:
        self.items, self.view, self.csv_fields = items, view, csv_fields
        self.rows, self.limit, self.title, self.empty = rows, limit, title, empty


class Comparison(_Value):
    """`compare`'s quantities, asked for in the shape a format needs: `ask(pieces, pairs)` gives
    records (dicts), or with `pieces` each quantity's JSON text in pieces (stored text spliced in
    unparsed, for large answers). `pairs`: list every pair where the format has room for them."""

    __slots__ = ("ask", "csv_fields", "pairs")

    def __init__(
        self, ask: Callable[[bool, bool], Sequence[Any]], pairs: bool, csv_fields: Sequence[str]
    ) -> None:
        self.ask, self.pairs, self.csv_fields = ask, pairs, csv_fields


class Shown(_Value):
    """One claim whole (`Corpus.show`): the claim, its source, its paragraph, its twins."""

    __slots__ = ("csv_fields", "shown")

    def __init__(self, shown: Record, csv_fields: Sequence[str]) -> None:
        self.shown, self.csv_fields = shown, csv_fields


class Problems(_Value):
    """`validate`'s problems (none: the corpus passed)."""

    __slots__ = ("problems",)

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = problems


class Coverage(_Value):
    """`coverage`'s reports, one per article (each `SourceCoverage.as_json()`)."""

    __slots__ = ("flagged_only", "reports")

    def __init__(self, reports: Sequence[Record], flagged_only: bool = False) -> None:
        self.reports, self.flagged_only = reports, flagged_only


class Document(_Value):
    """One JSON document (a drafted claims file): nothing else has its shape."""

    __slots__ = ("document",)

    def __init__(self, document: Any) -> None:
        self.document = document


class Report(_Value):
    """A document with a text of its own for people (`changes`: Markdown), and its JSON value."""

    __slots__ = ("document", "text")

    def __init__(self, text: str, document: Any) -> None:
        self.text, self.document = text, document


class Added(_Value):
    """The record `add-source` added: for a person its notes say it all (nothing on stdout); for a
    program, the record."""

    __slots__ = ("record",)

    def __init__(self, record: Record) -> None:
        self.record = record


Answer = Records | Comparison | Shown | Problems | Coverage | Document | Report | Added
ANSWER_TYPES: tuple[type[Answer], ...] = (
    Records,
    Comparison,
    Shown,
    Problems,
    Coverage,
    Document,
    Report,
    Added,
)

# The formats each answer type offers; the first is the default of the commands that answer with it.
OFFERED: dict[type[Answer], tuple[Format, ...]] = {
    Records: ALL_FORMATS,
    Comparison: ALL_FORMATS,
    Shown: ALL_FORMATS,
    Problems: (Format.TABLE, Format.JSON, Format.JSONL, Format.CSV),
    Coverage: (Format.TABLE, Format.JSON, Format.JSONL),
    Document: (Format.JSON,),
    Report: (Format.TABLE, Format.JSON),
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
