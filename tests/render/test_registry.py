"""The one output path: every format has a renderer, and every answer type renders in every format it
offers (and is refused, naming what it offers, in the others). Renderers are pure: data and a
fixed screen in, text out."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from kzcrisis.errors import Problem
from kzcrisis.render.answers import (
    ANSWER_TYPES,
    Added,
    Answer,
    Comparison,
    Coverage,
    Document,
    Output,
    Problems,
    Records,
    Report,
    Shown,
    offered,
)
from kzcrisis.render.formats import Format
from kzcrisis.render.registry import render, renderer
from kzcrisis.render.screen import FixedScreen
from tests.render.test_render import RECORDS, console_text

PROBLEM = Problem(
    "claims/dantri.json",
    "quote not found in the archived article",
    claim="dantri-016",
    field="quote",
    hint="a\nb",
)
SENTENCE = {"n": 3, "status": "flagged", "text": "26 người thiệt mạng", "claims": [], "signals": ["number"]}
SENTENCE |= {"reason": None, "note": None}
COVERED = {**SENTENCE, "n": 4, "status": "covered", "claims": ["dantri-016"], "signals": []}


def quantities(pieces: bool, pairs: bool) -> list[Any]:
    from tests.oracles import compare_figures

    found = compare_figures(RECORDS, pairs=pairs)
    return (
        [iter([json.dumps(q, ensure_ascii=False, separators=(",", ":"))]) for q in found] if pieces else found
    )


SHOWN: dict[str, Any] = {
    "claim": RECORDS[0],
    "source": {"slug": "dantri", "outlet": "Dân trí", "file": "sources/dantri.txt", "sha256": "ab" * 32},
    "paragraph": None,
    "twins": [],
    "reports": 1,
}

# One answer of each type, each holding something a renderer must show (dantri-016, or its file).
SAMPLES: dict[type, Answer] = {
    Records: Records([json.dumps(r, ensure_ascii=False) for r in RECORDS], "claims", ("id", "kind", "date")),
    Comparison: Comparison(quantities, False, ("metric", "group", "verdict", "reason", "figures")),
    Shown: Shown(SHOWN, ("id", "kind", "quote")),
    Problems: Problems([PROBLEM]),
    Coverage: Coverage([{"source": "dantri", "sentences": [SENTENCE, COVERED], "summary": {}, "stale": []}]),
    Document: Document({"claims": [{"id": "dantri-016", "quote": "26 người"}]}),
    Report: Report("# 1.2.0\n\n- changed: dantri-016 (note)\n", {"changed": {"dantri-016": ["note"]}}),
    Added: Added({"slug": "dantri", "file": "sources/dantri.txt"}),
}
EXPECTED = {Problems: "claims/dantri.json", Coverage: "26 người", Added: "sources/dantri.txt"}


def text_of(answer: Answer, output: Output, width: int = 100) -> str:
    rendered = render(answer, output, FixedScreen(width))
    text = "".join(rendered.chunks)
    return text + (console_text(rendered.rich, width) if rendered.rich is not None else "")


def test_every_format_has_a_renderer_and_every_answer_type_a_sample() -> None:
    assert {renderer(fmt) for fmt in Format}  # assert_never makes a missing one a type error too
    assert set(SAMPLES) == set(ANSWER_TYPES)
    assert all(offered(answer) for answer in SAMPLES.values())


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("kind", ANSWER_TYPES, ids=lambda t: t.__name__)
def test_each_answer_renders_in_each_format_it_offers(kind: type, fmt: Format) -> None:
    answer = SAMPLES[kind]
    if fmt not in offered(answer):
        with pytest.raises(ValueError, match="it offers " + ", ".join(f.value for f in offered(answer))):
            render(answer, Output(fmt), FixedScreen())
        return
    text = text_of(answer, Output(fmt))
    if kind is Added and fmt is Format.TABLE:
        assert text == ""  # for a person, the notes on stderr say what was added
        return
    assert EXPECTED.get(kind, "dantri-016" if kind is not Comparison else "killed") in text
    if fmt is Format.JSON:
        json.loads(text)
    if fmt is Format.JSONL:
        assert all(json.loads(line) for line in text.splitlines())
    if fmt is Format.CSV:
        assert len(list(csv.reader(io.StringIO(text)))) >= 2


def test_records_stream_json_as_stored_and_note_nothing_when_empty() -> None:
    stored = ['{"id":"a-1","kind":"event"}', '{"id":"a-2","kind":"event"}']
    rendered = render(Records(iter(stored), "claims", ("id",)), Output(Format.JSON), FixedScreen())
    assert "".join(rendered.chunks) == '[\n{"id":"a-1","kind":"event"},\n{"id":"a-2","kind":"event"}\n]\n'
    assert rendered.note is None
    empty = render(Records(iter([]), "claims", ("id",)), Output(Format.JSONL), FixedScreen())
    assert ("".join(empty.chunks), empty.note) == ("", "nothing matches these filters.")


@pytest.mark.parametrize("fmt", list(Format))
def test_an_empty_answer_whose_command_says_why_has_no_note(fmt: Format) -> None:
    """The listings give `empty=None`: their leads say why after the answer, never this note too."""
    rendered = render(Records(iter([]), "claims", ("id",), empty=None), Output(fmt), FixedScreen())
    assert rendered.note is None
    said = render(Records(iter([]), "claims", ("id",), empty="none here."), Output(fmt), FixedScreen())
    assert said.note == "none here."


def test_comparison_table_says_it_shows_no_pairs() -> None:
    """--pairs with a table: a note names the formats that list them (and an empty answer says so too)."""
    asked = render(Comparison(quantities, True, ("metric",)), Output(Format.TABLE), FixedScreen())
    assert asked.note is not None and asked.note.startswith("--pairs: the table shows no pairs")
    plain = render(Comparison(quantities, False, ("metric",)), Output(Format.TABLE), FixedScreen())
    assert plain.note is None
    none = render(Comparison(lambda _p, _l: [], True, ("metric",)), Output(Format.TABLE), FixedScreen())
    assert none.note is not None and none.note.splitlines()[1] == "nothing matches these filters."


def test_limit_counts_table_rows_and_records_elsewhere() -> None:
    """A figure listing: one table row per figure, `limit` of them; elsewhere `limit` records."""
    two_figures = {**RECORDS[0], "figures": RECORDS[0]["figures"] * 2}

    def per_figure(each: Any) -> list[dict[str, Any]]:
        return [{**r, "figure": f} for r in each for f in r["figures"]]

    answer = Records([two_figures, RECORDS[1]], "figures", ("id",), rows=per_figure, limit=1)
    table = text_of(answer, Output(Format.TABLE))
    assert table.count("dantri-016") == 1 and "tokayev-coup-036" not in table
    answer = Records([two_figures, RECORDS[1]], "figures", ("id",), rows=per_figure, limit=2)
    assert text_of(answer, Output(Format.TABLE)).count("dantri-016") == 2
    assert text_of(answer, Output(Format.CSV)) == "id\ndantri-016\ntokayev-coup-036\n"


def test_fields_pick_in_every_format() -> None:
    answer = SAMPLES[Records]
    assert text_of(answer, Output(Format.JSONL, ("id", "date"))).splitlines() == [
        '{"id":"dantri-016","date":null}',
        '{"id":"tokayev-coup-036","date":"2022-01-09"}',
    ]
    assert text_of(answer, Output(Format.CSV, ("date", "id"), excel=True)) == (
        "\ufeffdate,id\r\n,dantri-016\r\n2022-01-09,tokayev-coup-036\r\n"
    )
    table = text_of(answer, Output(Format.TABLE, ("id",)))
    assert "dantri-016" in table and "Kazakh" not in table


def test_problems_in_each_format() -> None:
    answer = Problems([PROBLEM])
    assert text_of(answer, Output(Format.TABLE)) == (
        "claims/dantri.json [claim dantri-016] (quote): quote not found in the archived article\n"
        "    a\n    b\n"
    )
    assert json.loads(text_of(answer, Output(Format.JSON)))[0]["claim"] == "dantri-016"
    assert json.loads(text_of(answer, Output(Format.JSONL)))["hint"] == "a\nb"
    rows = list(csv.DictReader(io.StringIO(text_of(answer, Output(Format.CSV)))))
    assert [(r["file"], r["claim"], r["field"]) for r in rows] == [
        ("claims/dantri.json", "dantri-016", "quote")
    ]
    assert text_of(Problems([]), Output(Format.JSON)) == "[]\n"
    assert text_of(Problems([]), Output(Format.TABLE)) == ""


def test_coverage_table_shows_only_flagged_when_asked() -> None:
    report = SAMPLES[Coverage]
    assert isinstance(report, Coverage)
    every = text_of(report, Output(Format.TABLE))
    assert "dantri-016" in every and "flagged" in every
    flagged = text_of(Coverage(report.reports, flagged_only=True), Output(Format.TABLE))
    assert "dantri-016" not in flagged and "26 người thiệt mạng" in flagged and "number" in flagged


def test_comparison_tables_leave_pairs_out_json_lists_them_on_request() -> None:
    asked: list[tuple[bool, bool]] = []

    def ask(pieces: bool, pairs: bool) -> list[Any]:
        asked.append((pieces, pairs))
        return quantities(pieces, pairs)

    text_of(Comparison(ask, True, ("metric",)), Output(Format.TABLE))
    text_of(Comparison(ask, True, ("metric",)), Output(Format.JSON))
    text_of(Comparison(ask, True, ("metric",)), Output(Format.CSV))
    assert asked == [(False, False), (True, True), (False, True)]
