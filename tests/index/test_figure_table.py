"""The index's `figures` table (kzcrisis.index.figures) gives what the claim records define.

`compare` and `figures` read the table's rows instead of parsing every claim record: their
output must be the record-based definition's (`compare_figures`, `figure_rows`), value for value
and, for JSON, byte for byte. Large comparisons are laid out plain (no rich): the same words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzcrisis
from kzcrisis.corpus.vocab import FIGURE_KINDS
from kzcrisis.query.compare import (
    compare_rows,
    filter_quantities,
    quantity_json,
    quantity_pieces,
    quantity_record,
)
from kzcrisis.query.figures import FigureRow
from kzcrisis.query.session import Session
from kzcrisis.render.formats import dumps, iter_json, iter_json_pieces, iter_jsonl
from tests.conftest import run
from tests.oracles import compare_figures, figure_row, figure_rows


@pytest.fixture(scope="module")
def kz() -> Iterator[kzcrisis.Corpus]:
    with kzcrisis.open_corpus() as corpus:
        yield corpus


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    """The query path the CLI reads stored text through."""
    with Session() as opened:
        yield opened


FILTERS: list[dict[str, Any]] = [
    {},
    {"metric": "killed"},
    {"metric": ["injured", "detained"], "group": "all"},
    {"group": "security_forces"},
    {"since": "2022-01-06"},
    {"until": "2022-01-07", "undated": "include"},
    {"kind": "deployment"},
    {"source": "tokayev-coup"},
    {"country": "Russia"},
]


@pytest.mark.parametrize("named", FILTERS)
def test_figures_are_the_records_figure_rows(
    kz: kzcrisis.Corpus, session: Session, named: dict[str, Any]
) -> None:
    metric, group = named.get("metric"), named.get("group")
    rest = {k: v for k, v in named.items() if k not in ("metric", "group", "kind")}
    records = kz.claims(kind=named.get("kind") or FIGURE_KINDS, **rest)
    metrics = (metric,) if isinstance(metric, str) else tuple(metric or ())
    groups = (group,) if isinstance(group, str) else tuple(group or ())
    assert kz.figures(**named) == figure_rows(records, metrics, groups)
    texts = [f.row for f in session.figures(**named)]
    assert texts == [dumps(r) for r in figure_rows(records, metrics, groups)]


@pytest.mark.parametrize("named", FILTERS)
@pytest.mark.parametrize(("conflicts", "pairs"), [(False, False), (True, False), (False, True)])
def test_compare_is_the_records_comparison(
    kz: kzcrisis.Corpus, session: Session, named: dict[str, Any], conflicts: bool, pairs: bool
) -> None:
    rest = {k: v for k, v in named.items() if k not in ("metric", "group", "kind")}
    # What compare read before the figures table: the records of the claims that pass.
    chosen = session.filters(kind=named.get("kind") or FIGURE_KINDS, metric=named.get("metric"), **rest)
    records = [json.loads(row.record) for row in session.rows(chosen)]
    metrics = (named["metric"],) if isinstance(named.get("metric"), str) else tuple(named.get("metric") or ())
    groups = (named["group"],) if isinstance(named.get("group"), str) else ()
    expected = filter_quantities(compare_figures(records, pairs=pairs), metrics, groups, conflicts)
    assert kz.compare(**named, conflicts=conflicts, pairs=pairs) == expected
    # The JSON the CLI prints: the stored rows spliced in are the bytes json.dumps writes.
    found = session.quantities(**named, conflicts=conflicts, pairs=pairs)
    assert ["".join(quantity_pieces(q, dumps)) for q in found] == [dumps(q) for q in expected]


def test_every_stored_row_is_its_figure_row(kz: kzcrisis.Corpus, session: Session) -> None:
    records = {r["id"]: r for r in kz.claims(kind=FIGURE_KINDS)}
    stored = session.index.conn.execute(
        "SELECT c.id, f.claim, f.pos, f.metric, f.grp, f.count, f.qualifier, f.as_of, f.row "
        "FROM figures f JOIN claims c ON c.seq = f.seq"
    ).fetchall()
    assert len(stored) == sum(len(r["figures"]) for r in records.values()) >= 14
    for claim, stored_claim, pos, metric, group, count, qualifier, as_of, row in stored:
        assert stored_claim == claim
        figure = records[claim]["figures"][pos]
        assert json.loads(row) == figure_row(records[claim], figure)
        assert (metric, group, count, qualifier, as_of) == tuple(
            figure[k] for k in ("metric", "group", "count", "qualifier", "as_of")
        )


def test_a_real_figure_row(kz: kzcrisis.Corpus) -> None:
    [row] = [r for r in kz.figures(metric="killed", group="non_security") if r["claim"] == "dantri-016"]
    assert (row["count"], row["qualifier"], row["low"], row["high"], row["as_of"]) == (
        26,
        "exact",
        26,
        26,
        None,
    )
    assert row["reported_by_name"] == "Ministry of Internal Affairs of Kazakhstan"
    assert row["outlet"] == "Dân trí"
    # the ministry's count, reported by two outlets: one statement; Dân trí's word kept as the label
    assert (row["statement"], row["label"], row["known_by"]) == (
        "interior-ministry-others-killed",
        "người biểu tình",
        None,
    )
    [other] = [
        r for r in kz.figures(metric="killed", group="non_security") if r["claim"] == "tokayev-coup-037"
    ]
    assert (other["statement"], other["label"], other["known_by"]) == (
        "interior-ministry-others-killed",
        "đối tượng bạo loạn",
        "2022-01-10",  # its piece says 'hôm nay 10/1'
    )


# --- the index path and the record path agree on any figures, several to a claim -----------------

FIGURE = st.fixed_dictionaries(
    {
        "metric": st.sampled_from(["killed", "troops"]),
        "group": st.sampled_from(["all", "protesters"]),
        "count": st.sampled_from([5, 10, 18, 26, 75, 99, 100, 1000]),
        "qualifier": st.sampled_from(
            ["exact", "about", "at_least", "more_than", "up_to", "dozens", "reached"]
        ),
        "as_of": st.sampled_from([None, "2022-01-05", "2022-01-06"]),
        "note": st.sampled_from([None, "n"]),
    }
)
# A claim's statement and bound (known_by): drawn apart from its figures, by its number.
STATEMENTS = [None, "s1", None, "s2", None]
BOUNDS = [None, "2022-01-04", "2022-01-05", None, "2022-01-06", "2022-01-07"]


def _record(i: int, figures: list[dict[str, Any]]) -> dict[str, Any]:
    for f in figures:
        if f["qualifier"] == "dozens":
            f["count"] = None
    return {
        "id": f"c{i % 3}-{i}",  # ids that do not sort as the claims come
        "source": f"c{i % 3}",
        "outlet": None,
        "reported_by": "x" if i % 2 else None,
        "names": {"x": "X"} if i % 2 else {},
        "quote": f"q{i}",
        "text_en": "t",
        "statement": STATEMENTS[i % len(STATEMENTS)],
        "known_by": BOUNDS[i % len(BOUNDS)],
        "figures": figures,
    }


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(FIGURE, min_size=1, max_size=3), min_size=1, max_size=7), st.randoms())
def test_compare_rows_is_compare_figures(claims: list[list[dict[str, Any]]], rng: Any) -> None:
    records = [_record(i, figures) for i, figures in enumerate(claims)]
    found = [
        FigureRow(
            r["id"],
            pos,
            f["metric"],
            f["group"],
            f["count"],
            f["qualifier"],
            f["as_of"],
            r["statement"],
            r["known_by"],
            dumps(figure_row(r, f)),
        )
        for r in records
        for pos, f in enumerate(r["figures"])
    ]
    rng.shuffle(found)  # the index reads them in no particular order
    expected = compare_figures(records, pairs=True)
    quantities = compare_rows(found, pairs=True)
    assert [quantity_record(q) for q in quantities] == expected
    assert [quantity_json(q, dumps) for q in quantities] == [dumps(q) for q in expected]
    texts = ["".join(quantity_pieces(q, dumps, batch=2)) for q in quantities]  # in pieces, pairs too
    assert texts == [dumps(q) for q in expected]
    for lines, whole in ((False, iter_json), (True, iter_jsonl)):
        pieces = [quantity_pieces(q, dumps, batch=2) for q in quantities]
        assert "".join(iter_json_pieces(pieces, lines=lines)) == "".join(whole(texts))


@pytest.mark.parametrize("lines", [False, True])
def test_no_quantity_in_pieces_is_the_empty_answer(lines: bool) -> None:
    assert "".join(iter_json_pieces([], lines=lines)) == ("" if lines else "[]\n")


# --- a large comparison is laid out plain, with rich's words ---------------------------------------


def test_a_large_comparison_is_plain_with_the_same_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzcrisis.render import chart

    rich = run("compare", env={"COLUMNS": "120"}).stdout
    monkeypatch.setattr(chart, "RICH_MAX_ROWS", 0)  # every comparison is "large"
    plain = run("compare", env={"COLUMNS": "120"}).stdout
    assert "┃" in rich and "┃" not in plain and "━" in plain  # no box; the charts stay
    assert all(len(line) <= 120 for line in plain.splitlines())
    words = re.compile(r"[\w≥≤~>·…,-]+")
    assert sorted(words.findall(plain)) == sorted(words.findall(rich))
    assert "injured · all — undetermined" in plain
    assert "tokayev-coup-035" in plain and "Ministry of Internal" in plain


def test_a_large_narrow_comparison_is_rich_stacked_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzcrisis.render import chart

    rich = run("compare", env={"COLUMNS": "50"}).stdout
    monkeypatch.setattr(chart, "RICH_MAX_ROWS", 0)
    plain = run("compare", env={"COLUMNS": "50"}).stdout
    assert plain != rich  # rich pads each line to the width; otherwise the lines are the same
    assert [line.rstrip() for line in plain.splitlines()] == [line.rstrip() for line in rich.splitlines()]
    assert "  undated  26  ··●·········" in plain.splitlines()  # dantri-016, beside dozens (10 to 99)


def test_the_table_lists_no_pairs_so_pairs_change_nothing_there() -> None:
    table = run("compare", env={"COLUMNS": "120"}).stdout
    assert run("compare", "--pairs", env={"COLUMNS": "120"}).stdout == table
    assert "killed · security forces — consistent" in table
