"""The table format: what a person reads. rich where it lays out in good time; the same columns
laid out plain to a pipe and for large answers (see `kzcrisis.render.tables.RICH_MAX_ROWS`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING, assert_never

from kzcrisis.render.answers import (
    NOTHING,
    Added,
    Answer,
    Comparison,
    Coverage,
    Document,
    Output,
    Problems,
    Record,
    Records,
    Rendered,
    Report,
    Shown,
    as_records,
    parsed,
    peek,
    refused,
)
from kzcrisis.render.formats import Format

if TYPE_CHECKING:
    from kzcrisis.render.answers import Screen


def render(answer: Answer, output: Output, screen: Screen) -> Rendered:
    match answer:
        case Records():
            return records_table(answer, output, screen)
        case Comparison():
            return comparison_table(answer, output, screen)
        case Shown():
            return shown_table(answer, output, screen)
        case Problems() | Coverage() | Report():
            return Rendered(chunks=text_lines(answer, screen))
        case Added():
            return Rendered()  # the notes on stderr say what was added
        case Document():
            raise refused(answer, Format.TABLE)
        case _:
            assert_never(answer)


def records_table(answer: Records, output: Output, screen: Screen) -> Rendered:
    from kzcrisis.render import tables

    fields = output.fields
    empty, items = peek(answer.items)
    note = answer.empty if empty else None
    whole = tables.WHOLE_TABLES.get(answer.view)
    if whole is not None and not fields:
        return Rendered(rich=whole(list(parsed(items)), narrow=screen.narrow))
    columns = tables.field_columns(fields) if fields else tables.VIEWS[answer.view]
    each: Iterable[Record] = parsed(items)
    if answer.rows is not None and not fields:
        each = answer.rows(each)
    if answer.limit is not None:
        each = islice(each, answer.limit)
    if screen.plain_width is not None:  # to a pipe: the same columns, without rich
        title = [f"{answer.title}\n"] if answer.title else []
        return Rendered(chunks=chain(title, tables.iter_plain(each, columns, screen.plain_width)), note=note)
    shown = list(each)
    narrow = screen.narrow
    if not fields and len(shown) > tables.RICH_MAX_ROWS and not narrow:
        return Rendered(chunks=[tables.render_plain(shown, columns, screen.width)], note=note)
    return Rendered(rich=tables.render_table(shown, columns, answer.title, narrow=narrow), note=note)


UNSHOWN_PAIRS = "--pairs: the table shows no pairs; they are listed by --json, --format jsonl or csv."


def comparison_table(answer: Comparison, output: Output, screen: Screen) -> Rendered:
    if output.fields:
        return records_table(as_records(answer), output, screen)
    from kzcrisis.render.chart import is_large, plain_comparison, render_comparison

    # The table shows no pairs: they are F^2/2, so they are listed only where they are written.
    quantities = answer.ask(False, False)
    notes = [UNSHOWN_PAIRS] if answer.pairs else []
    note = "\n".join(notes if quantities else [*notes, NOTHING]) or None
    narrow = screen.narrow
    if is_large(quantities):  # rich would take ~0.5 ms a figure: the same words, laid out plain
        return Rendered(chunks=plain_comparison(quantities, screen.width, narrow=narrow), note=note)
    return Rendered(rich=render_comparison(quantities, narrow=narrow), note=note)


def shown_table(answer: Shown, output: Output, screen: Screen) -> Rendered:
    if output.fields:
        return records_table(as_records(answer), output, screen)
    from kzcrisis.render.show import render_claim

    shown = answer.shown
    claim, twins = shown["claim"], shown["twins"]
    return Rendered(rich=render_claim(claim, shown["source"], shown["paragraph"], twins, shown["reports"]))


def text_lines(answer: Problems | Coverage | Report, screen: Screen) -> Iterator[str]:
    """The answers laid out as lines of text, whatever the screen."""
    match answer:
        case Problems():
            return problem_lines(answer)
        case Coverage():
            return coverage_tables(answer, screen.terminal_width)
        case Report():
            return report_lines(answer)
        case _:
            assert_never(answer)


def report_lines(answer: Report) -> Iterator[str]:
    """A report's own text, a line at a time through the sanitiser (its words come from data)."""
    from kzcrisis.render.sanitize import clean_line

    for line in answer.text.splitlines():
        yield f"{clean_line(line)}\n"


def problem_lines(answer: Problems) -> Iterator[str]:
    """One problem a paragraph: its line, then its hint's lines indented."""
    from kzcrisis.render.sanitize import clean_line, problem_line

    for problem in answer.problems:  # data never drives the terminal: each line through the sanitiser
        yield f"{problem_line(problem._replace(hint=None))}\n"
        for line in (problem.hint or "").splitlines():
            yield f"    {clean_line(line)}\n"


def coverage_tables(answer: Coverage, width: int) -> Iterator[str]:
    """Each article's sentences, plain (render_plain shows control characters as escapes)."""
    from kzcrisis.render.tables import COVERAGE_COLUMNS, render_plain

    for report in answer.reports:
        rows = [s for s in report["sentences"] if not answer.flagged_only or s["status"] == "flagged"]
        yield f"\n{report['source']}\n"
        if rows:
            yield render_plain(rows, COVERAGE_COLUMNS, width)
