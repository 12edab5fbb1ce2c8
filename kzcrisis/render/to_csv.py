"""CSV: one value a cell, for spreadsheets (see `kzcrisis.render.formats.render_csv`)."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, assert_never

from kzcrisis.render.answers import (
    PROBLEM_FIELDS,
    Added,
    Answer,
    Comparison,
    Coverage,
    Document,
    Output,
    Problems,
    Records,
    Rendered,
    Report,
    Shown,
    as_records,
    parsed,
    peek,
    refused,
)
from kzcrisis.render.formats import render_csv

if TYPE_CHECKING:
    from kzcrisis.render.answers import Screen


def render(answer: Answer, output: Output, _screen: Screen) -> Rendered:
    match answer:
        case Records():
            return records_csv(answer, output)
        case Comparison() | Shown():
            return records_csv(as_records(answer), output)
        case Problems():
            rows = [p._asdict() for p in answer.problems]
            return Rendered([render_csv(rows, output.fields or PROBLEM_FIELDS, excel=output.excel)])
        case Coverage() | Document() | Report() | Added():
            raise refused(answer, output.format)
        case _:
            assert_never(answer)


def records_csv(answer: Records, output: Output) -> Rendered:
    empty, items = peek(answer.items)
    if answer.limit is not None:
        items = islice(items, answer.limit)
    names = output.fields or answer.csv_fields
    text = render_csv(list(parsed(items)), names, excel=output.excel)
    return Rendered([text], note=answer.empty if empty else None)
