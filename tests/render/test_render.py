"""Renderers are pure: the same records give the same text. Golden files pin the table layout.

Regenerate the golden files after an intended change with KZCRISIS_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from kzcrisis.render.chart import chart, render_comparison
from kzcrisis.render.formats import format_value, pick_fields, render_csv, render_json, render_jsonl
from kzcrisis.render.tables import VIEWS, per_figure, render_table
from tests.oracles import compare_figures

GOLDEN = Path(__file__).parents[1] / "golden"

RECORDS: list[dict[str, Any]] = [
    {
        "id": "dantri-016",
        "kind": "casualty",
        "source": "dantri",
        "outlet": "Dân trí",
        "date": None,
        "date_note": "no date",
        "reported_by": "kz-interior-ministry",
        "actors": [],
        "mentions": [],
        "quote": "Bộ Nội vụ Kazakhstan thông báo 26 người biểu tình đã thiệt mạng",
        "text_en": "The Kazakh Interior Ministry said 26 protesters had been killed.",
        "note": None,
        "names": {"kz-interior-ministry": "Ministry of Internal Affairs of Kazakhstan"},
        "figures": [
            {
                "metric": "killed",
                "group": "protesters",
                "count": 26,
                "qualifier": "exact",
                "components": [],
                "as_of": None,
                "as_of_note": "no date",
                "note": None,
            }
        ],
    },
    {
        "id": "tokayev-coup-036",
        "kind": "casualty",
        "source": "tokayev-coup",
        "outlet": None,
        "date": "2022-01-09",
        "date_note": None,
        "reported_by": None,
        "actors": [],
        "mentions": [],
        "quote": "hơn 1.300 người bị thương",
        "text_en": "More than 1,300 people were injured.",
        "note": None,
        "names": {},
        "figures": [
            {
                "metric": "injured",
                "group": "all",
                "count": 1300,
                "qualifier": "more_than",
                "components": [],
                "as_of": "2022-01-09",
                "as_of_note": None,
                "note": None,
            }
        ],
    },
]


def console_text(renderable: Any, width: int = 100) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KZCRISIS_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("count", "qualifier", "shown"),
    [
        (26, "exact", "26"),
        (18, "at_least", "≥18"),
        (1300, "more_than", ">1,300"),
        (1000, "about", "~1,000"),
        (2500, "up_to", "≤2,500"),
        (None, "dozens", "dozens"),
    ],
)
def test_format_value(count: int | None, qualifier: str, shown: str) -> None:
    assert format_value(count, qualifier) == shown


def test_json_is_an_array_of_the_stored_texts() -> None:
    texts = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    out = render_json(texts)
    assert json.loads(out) == RECORDS
    assert "Dân trí" in out  # UTF-8, not \\u escapes
    assert render_json([]) == "[]\n"
    assert [json.loads(line) for line in render_jsonl(texts).splitlines()] == RECORDS


def test_pick_fields_orders_and_fills_missing() -> None:
    assert pick_fields(RECORDS, ["stances", "id"]) == [
        {"stances": None, "id": "dantri-016"},
        {"stances": None, "id": "tokayev-coup-036"},
    ]


def test_csv_is_flat() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(RECORDS, ["id", "outlet", "figures", "actors"]))))
    assert rows[0] == ["id", "outlet", "figures", "actors"]
    assert rows[1][1] == "Dân trí" and rows[2][1] == ""
    assert rows[1][2].startswith("26 killed (protesters)")


def test_excel_csv_neutralises_formulas() -> None:
    records = [{"id": '=HYPERLINK("x")', "note": "-1", "text": "@SUM", "ok": "Hà Nội", "tab": "\tx"}]
    text = render_csv(records, ["id", "note", "text", "ok", "tab"], excel=True)
    assert text.startswith("\ufeff")
    row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1]
    assert row == ['\'=HYPERLINK("x")', "'-1", "'@SUM", "Hà Nội", "'\tx"]
    assert list(csv.reader(io.StringIO(render_csv(records, ["id"]))))[1] == ['=HYPERLINK("x")']


def test_figures_table_golden() -> None:
    table = render_table(per_figure(RECORDS, []), VIEWS["figures"])
    check_golden("figures_table.txt", console_text(table))


def test_narrow_terminal_keeps_every_column() -> None:
    text = console_text(render_table(per_figure(RECORDS, []), VIEWS["figures"]), width=60)
    assert "dantri-016" in text and ">1,300" in text and "Statem" in text


def test_chart_marks() -> None:
    [quantity] = compare_figures([RECORDS[1]])
    [figure] = quantity["figures"]
    assert chart(figure, scale=2600, width=10).endswith("▶")
    assert "○" in chart(figure, scale=2600, width=10)


def test_comparison_golden() -> None:
    records = [
        RECORDS[1],
        {
            **RECORDS[1],
            "id": "x-1",
            "date": "2022-01-06",
            "figures": [
                {**RECORDS[1]["figures"][0], "count": 18, "qualifier": "exact", "as_of": "2022-01-06"}
            ],
        },
    ]
    check_golden("comparison.txt", console_text(render_comparison(compare_figures(records))))


def test_corpus_text_is_never_read_as_markup() -> None:
    record = {**RECORDS[0], "text_en": "He said [sic] and [bold]nothing[/bold] else."}
    text = console_text(render_table([record], VIEWS["claims"]))
    assert "[sic]" in text and "[bold]nothing[/bold]" in text


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 1001, 2500])
def test_json_in_pieces_is_the_same_json(count: int) -> None:
    from kzcrisis.render.formats import iter_json, iter_jsonl

    texts = [json.dumps({"id": f"x-{i}"}) for i in range(count)]
    assert "".join(iter_json(texts)) == render_json(texts)
    assert "".join(iter_jsonl(texts)) == render_jsonl(texts)


def test_plain_table_keeps_every_word_within_the_width() -> None:
    from kzcrisis.render.tables import render_plain

    rows = per_figure(RECORDS, []) * 3
    text = render_plain(rows, VIEWS["figures"], 80)
    assert all(len(line) <= 80 for line in text.splitlines())
    for word in ("dantri-016", "tokayev-coup-036", ">1,300", "protesters", "Interior"):
        assert word in text
    assert text.splitlines()[0].split() == [
        "As",
        "of",
        "·",
        "ID",
        "Value",
        "What",
        "Reported",
        "by",
        "Statement",
    ]


@given(
    st.lists(st.text(alphabet="abc ĐđốxyzTrungQuốc-", max_size=300), min_size=1, max_size=5),
    st.integers(min_value=60, max_value=200),
)
def test_plain_table_never_loses_text(texts: list[str], width: int) -> None:
    from kzcrisis.render.tables import render_plain

    records = [{**RECORDS[0], "text_en": t, "id": f"x-{i}"} for i, t in enumerate(texts)]
    out = render_plain(records, VIEWS["claims"], width)
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    # The Statement column is the last: cut it out of every line and it must give back every text,
    # in order, word for word (white space aside: wrapping moves it).
    offset = lines[0].index("Statement")
    column = "".join(line[offset:] for line in lines[2:])
    assert "".join(column.split()) == "".join("".join(t.split()) for t in texts)
