"""JSON and JSON Lines: what programs read. Stored JSON text passes through as it is, a batch at a
time (an answer is never held whole); records are re-encoded only when --fields picks from them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, assert_never

from kzcrisis.render.answers import (
    NOTHING,
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
)
from kzcrisis.render.formats import Format, dumps, iter_json, iter_json_pieces, iter_jsonl, pick_fields

if TYPE_CHECKING:
    from kzcrisis.render.answers import Screen

STREAM_BATCH = 1000  # records written at a time


def render(answer: Answer, output: Output, _screen: Screen) -> Rendered:  # noqa: PLR0911 - one per answer type
    lines = output.format is Format.JSONL
    match answer:
        case Records():
            return records_json(answer, output)
        case Comparison():
            if output.fields:
                return records_json(as_records(answer), output)
            quantities = answer.ask(True, answer.pairs)
            return Rendered(iter_json_pieces(quantities, lines=lines), note=None if quantities else NOTHING)
        case Shown():
            # One object: the claim, its paragraph of the article, its source record (--fields: the claim's).
            shown = answer.shown
            picked = pick_fields([shown["claim"]], output.fields)[0] if output.fields else shown
            return Rendered([dumps(picked) + "\n"])
        case Problems():
            return Rendered(documents([p._asdict() for p in answer.problems], lines))
        case Coverage():
            return Rendered(documents(answer.reports, lines))
        case Document() | Report():
            return Rendered([indented(answer.document)])
        case Added():
            return Rendered([indented(answer.record)])
        case _:
            assert_never(answer)


def indented(value: Any) -> str:
    """A document for people to read and edit too (the curator's commands): indented."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def documents(values: list[Any] | Any, lines: bool) -> list[str]:
    """A list as one indented JSON array, or as JSON Lines (one compact value a line)."""
    return [dumps(v) + "\n" for v in values] if lines else [indented(list(values))]


def records_json(answer: Records, output: Output) -> Rendered:
    empty, items = peek(answer.items)
    if answer.limit is not None:
        items = islice(items, answer.limit)
    texts: Iterable[str]
    if output.fields is None:
        texts = (r if isinstance(r, str) else dumps(r) for r in items)
    else:
        texts = (dumps(r) for r in pick_fields(list(parsed(items)), output.fields))
    return Rendered(json_chunks(output.format, texts), note=answer.empty if empty else None)


def json_chunks(fmt: Format, texts: Iterable[str]) -> Iterator[str]:
    pieces = iter_jsonl if fmt is Format.JSONL else iter_json
    return pieces(texts, STREAM_BATCH)
