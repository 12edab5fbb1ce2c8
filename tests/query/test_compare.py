"""The verdict rules of `compare`, on synthetic figures for each branch and on the shipped corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzcrisis.corpus.interval import Interval, interval
from kzcrisis.query.compare import VERDICT_ORDER, relation
from tests.conftest import run, run_json
from tests.oracles import compare_figures


def record(
    cid: str, metric: str, group: str, count: int | None, qualifier: str, as_of: str | None
) -> dict[str, Any]:
    return {
        "id": cid,
        "source": cid.split("-", maxsplit=1)[0],
        "outlet": None,
        "reported_by": None,
        "names": {},
        "text_en": "",
        "figures": [
            {"metric": metric, "group": group, "count": count, "qualifier": qualifier, "as_of": as_of}
        ],
    }


@pytest.mark.parametrize(
    ("count", "qualifier", "expected"),
    [
        (26, "exact", Interval(26, 26)),
        (18, "at_least", Interval(18, math.inf)),
        (1300, "more_than", Interval(1300, math.inf, low_open=True)),
        (2500, "up_to", Interval(0, 2500)),
        (1000, "about", Interval(900, 1100)),
        (None, "dozens", Interval(10, 99)),
    ],
)
def test_intervals(count: int | None, qualifier: str, expected: Interval) -> None:
    got = interval(count, qualifier)
    assert got.low == pytest.approx(expected.low)
    assert got.high == pytest.approx(expected.high)
    assert got.low_open == expected.low_open


def fig(count: int | None, qualifier: str, as_of: str | None) -> dict[str, Any]:
    return {"count": count, "qualifier": qualifier, "as_of": as_of}


def test_overlap_is_consistent() -> None:
    assert relation(fig(10, "at_least", "2022-01-05"), fig(18, "at_least", None), "killed") == "consistent"


def test_later_higher_count_is_an_update() -> None:
    assert (
        relation(fig(300, "more_than", "2022-01-05"), fig(1300, "more_than", "2022-01-09"), "injured")
        == "consistent"
    )  # open-ended: they overlap
    assert relation(fig(18, "exact", "2022-01-06"), fig(1000, "about", "2022-01-09"), "injured") == "updated"


def test_later_lower_cumulative_count_is_a_conflict() -> None:
    assert relation(fig(1000, "about", "2022-01-06"), fig(18, "exact", "2022-01-09"), "injured") == "conflict"


def test_troops_may_go_down_between_dates() -> None:
    assert relation(fig(2500, "exact", "2022-01-06"), fig(1000, "exact", "2022-01-12"), "troops") == "updated"


def test_no_overlap_and_unknown_date_is_undetermined() -> None:
    assert relation(fig(5800, "about", "2022-01-09"), fig(5000, "up_to", None), "detained") == "undetermined"
    assert relation(fig(75, "exact", None), fig(75, "more_than", "2022-01-09"), "aircraft") == "undetermined"
    assert relation(fig(75, "exact", None), fig(80, "exact", None), "aircraft") == "undetermined"


def test_no_overlap_same_date_is_a_conflict() -> None:
    assert relation(fig(26, "exact", "2022-01-07"), fig(40, "exact", "2022-01-07"), "killed") == "conflict"


def test_dozens() -> None:
    assert relation(fig(None, "dozens", None), fig(26, "exact", None), "killed") == "consistent"
    assert relation(fig(None, "dozens", None), fig(5, "exact", None), "killed") == "undetermined"
    assert (
        relation(fig(None, "dozens", "2022-01-07"), fig(100, "at_least", "2022-01-07"), "killed")
        == "conflict"
    )


def test_up_to() -> None:
    assert relation(fig(2500, "up_to", None), fig(2000, "about", None), "troops") == "consistent"
    assert relation(fig(2500, "up_to", None), fig(2500, "more_than", None), "troops") == "undetermined"
    assert relation(fig(2500, "up_to", None), fig(2500, "at_least", None), "troops") == "consistent"


def test_different_groups_are_never_compared() -> None:
    quantities = compare_figures(
        [
            record("a-1", "killed", "protesters", 26, "exact", None),
            record("b-1", "killed", "security_forces", 18, "at_least", None),
            record("c-1", "killed", "all", 5, "exact", None),
        ]
    )
    assert sorted(q["group"] for q in quantities) == ["all", "protesters", "security_forces"]
    assert all(q["verdict"] == "single" and len(q["figures"]) == 1 for q in quantities)


def injured_records() -> list[dict[str, Any]]:
    return [
        record("b-1", "injured", "all", 1300, "more_than", None),
        record("a-1", "injured", "all", 18, "exact", "2022-01-06"),
        record("c-1", "injured", "all", 1000, "about", "2022-01-09"),
    ]


def test_quantity_verdict_is_the_worst_pair_and_rows_are_in_as_of_order() -> None:
    [q] = compare_figures(injured_records())
    assert q["verdict"] == "undetermined"
    assert "pairs" not in q  # only on request
    assert [f["claim"] for f in q["figures"]] == ["a-1", "c-1", "b-1"]
    assert "b-1 (more than 1,300, undated, no bound)" in q["reason"] and "nothing bounds" in q["reason"]
    [q] = compare_figures(injured_records(), pairs=True)
    relations = {(p["a"], p["b"]): p["relation"] for p in q["pairs"]}
    assert relations[("a-1", "c-1")] == "updated"
    assert relations[("c-1", "b-1")] == "undetermined"


# --- the shipped corpus ------------------------------------------------------------------


def quantities() -> dict[tuple[str, str], dict[str, Any]]:
    return {(q["metric"], q["group"]): q for q in run_json("compare")}


def test_real_security_force_deaths_are_consistent() -> None:
    q = quantities()[("killed", "security_forces")]
    values = sorted((f["count"], f["qualifier"]) for f in q["figures"])
    assert values == [(10, "at_least"), (18, "at_least"), (18, "at_least")]
    assert q["verdict"] == "consistent"


def test_real_detained_totals_are_one_quantity_with_a_checkable_reason() -> None:
    # The office's ~5,800 'đối tượng tham gia bạo loạn' is its total of everyone detained: group all,
    # beside the Interior Ministry's 5,000 ('số người bị bắt giữ lên tới 5.000'), reported by 10 Jan.
    q = quantities()[("detained", "all")]
    assert [(f["claim"], f["count"], f["qualifier"], f["as_of"], f["known_by"]) for f in q["figures"]] == [
        ("tokayev-coup-016", 5800, "about", "2022-01-09", None),
        ("tokayev-coup-038", 5000, "reached", None, "2022-01-10"),
    ]
    assert [f["reported_by_name"] for f in q["figures"]] == [
        "Office of the President of Kazakhstan",
        "Ministry of Internal Affairs of Kazakhstan",
    ]
    assert q["figures"][0]["label"] == "đối tượng tham gia bạo loạn"
    assert q["verdict"] == "undetermined"
    assert "tokayev-coup-038 (5,000, undated, reported by 2022-01-10)" in q["reason"]
    assert "tokayev-coup-016 (about 5,800, 2022-01-09)" in q["reason"]
    assert "2022-01-10 is not before 2022-01-09" in q["reason"]
    assert q["latest"] == [] and "tokayev-coup-038 may be later" in q["latest_reason"]
    assert ("detained", "rioters") not in quantities()


def test_real_injured_figures_are_shown_with_reporters() -> None:
    q = quantities()[("injured", "all")]
    counts = {(f["count"], f["qualifier"]) for f in q["figures"]}
    assert {(1000, "about"), (1300, "more_than")} <= counts
    assert (18, "exact") not in counts  # 18 injured protesters (dantri-016) are another quantity
    un = next(f for f in q["figures"] if f["count"] == 1000)
    assert un["reported_by"] == "un"
    assert q["verdict"] == "undetermined"


def test_real_aircraft_are_one_statement_reported_differently() -> None:
    [q] = run_json("compare", "--metric", "aircraft", "--pairs")
    assert {(f["count"], f["qualifier"]) for f in q["figures"]} == {(75, "exact"), (75, "more_than")}
    assert {f["statement"] for f in q["figures"]} == {"russian-aircraft-75"}
    assert q["verdict"] == "reported_differently"
    assert (
        "one statement, reported differently: dantri-013 gives 75, tokayev-coup-019 more than 75"
        in q["reason"]
    )
    assert q["pairs"] == [{"a": "dantri-013", "b": "tokayev-coup-019", "relation": "reported_differently"}]
    # one report: it is the latest, given by the Russian Defence Ministry ('Bộ Quốc phòng Nga cho biết')
    assert q["latest"] == ["dantri-013", "tokayev-coup-019"]
    assert q["latest_reason"].endswith("given by Ministry of Defence of Russia")


def test_real_ministry_dead_outside_the_security_forces_are_one_quantity() -> None:
    q = quantities()[("killed", "non_security")]
    assert [(f["claim"], f["count"], f["label"]) for f in q["figures"]] == [
        ("dantri-016", 26, "người biểu tình"),
        ("tokayev-coup-037", None, "đối tượng bạo loạn"),
    ]
    assert q["verdict"] == "consistent"  # 26 is among dozens (10 to 99)
    assert "one statement, interior-ministry-others-killed" in q["reason"]
    assert ("killed", "protesters") not in quantities() and ("killed", "rioters") not in quantities()


def test_real_injured_total_names_its_subgroups() -> None:
    q = quantities()[("injured", "all")]
    assert q["subgroups"] == ["non_security", "security_forces"]
    assert quantities()[("injured", "security_forces")]["subgroups"] == []
    table = run("compare", "--metric", "injured", env={"COLUMNS": "200"}).stdout
    assert "Beside it: injured · non security, injured · security forces (subgroups" in table
    # --group all still names them: they are read, then left out
    [only] = run_json("compare", "--metric", "injured", "--group", "all")
    assert only["subgroups"] == ["non_security", "security_forces"]


def test_real_projection_is_not_a_ceiling() -> None:
    [q] = run_json("compare", "--metric", "troops")
    [f] = q["figures"]
    assert (f["claim"], f["count"], f["qualifier"], f["low"], f["high"]) == (
        "tokayev-coup-020",
        2500,
        "projected",
        0,
        None,
    )
    table = run("compare", "--metric", "troops", env={"COLUMNS": "200"}).stdout
    assert "→2,500?" in table and "≤2,500" not in table


def test_conflicts_flag_keeps_only_conflicts() -> None:
    found = run_json("compare", "--conflicts")
    assert {q["verdict"] for q in found} <= {"conflict"}
    assert ("killed", "security_forces") not in {(q["metric"], q["group"]) for q in found}


def test_compare_json_shape_is_the_documented_one() -> None:
    keys = {"metric", "group", "verdict", "reason", "latest", "latest_reason", "subgroups", "figures"}
    assert all(set(q) == keys for q in run_json("compare"))
    found = run_json("compare", "--pairs")
    assert all(set(q) == keys | {"pairs"} for q in found)
    figure_keys = {
        "claim",
        "statement",
        "label",
        "known_by",
        "source",
        "outlet",
        "metric",
        "group",
        "quote",
        "count",
        "qualifier",
        "low",
        "high",
        "as_of",
        "reported_by",
        "reported_by_name",
        "text_en",
        "note",
    }
    assert all(set(f) == figure_keys for q in found for f in q["figures"])
    assert all(set(p) == {"a", "b", "relation"} for q in found for p in q["pairs"])


# --- small synthetic corpora, one per rule branch, through the whole command line ---------


def write_corpus(root: Path, figures: list[tuple[str, int | None, str, str | None]]) -> None:
    """A valid corpus whose claims each give one figure: (Vietnamese count text, count, qualifier, as_of)."""
    import hashlib

    words = {
        "exact": "",
        "about": "khoảng ",
        "at_least": "ít nhất ",
        "more_than": "hơn ",
        "up_to": "lên tới ",
        "reached": "đạt ",
    }
    quotes = [
        f"Theo nguồn {i}, hàng chục người đã thiệt mạng."
        if qualifier == "dozens"
        else f"Theo nguồn {i}, {words[qualifier]}{text} người đã thiệt mạng."
        for i, (text, _count, qualifier, _as_of) in enumerate(figures)
    ]
    article = ("\n".join(quotes) + "\n").encode("utf-8")
    (root / "sources").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "sources" / "a.txt").write_bytes(article)
    (root / "corpus.json").write_text(
        json.dumps({"name": "t", "version": "0", "period": {"start": "2022-01-01", "end": "2022-01-31"}})
    )
    (root / "sources.json").write_text(
        json.dumps(
            [
                {
                    "slug": "a",
                    "file": "sources/a.txt",
                    "sha256": hashlib.sha256(article).hexdigest(),
                    "outlet": "A",
                    "title": "A",
                    "published": None,
                    "published_note": "test",
                }
            ]
        )
    )
    (root / "entities.json").write_text(
        json.dumps([{"id": "x", "type": "country", "name": "X", "iso": "XX"}])
    )
    claims = [
        {
            "id": f"a-{i}",
            "kind": "casualty",
            "source": "a",
            "quote": quote,
            "text_en": "t",
            "date": None,
            "date_note": "test",
            "figures": [
                {
                    "metric": "killed",
                    "group": "all",
                    "count": count,
                    "qualifier": qualifier,
                    "as_of": as_of,
                    "as_of_note": "test",
                }
            ],
        }
        for i, (quote, (_t, count, qualifier, as_of)) in enumerate(zip(quotes, figures, strict=True))
    ]
    (root / "claims" / "a.json").write_text(json.dumps({"source": "a", "claims": claims}, ensure_ascii=False))


@pytest.mark.parametrize(
    ("figures", "verdict"),
    [
        ([("10", 10, "at_least", None), ("18", 18, "exact", None)], "consistent"),
        ([("18", 18, "exact", "2022-01-06"), ("1.000", 1000, "about", "2022-01-09")], "updated"),
        ([("1.000", 1000, "about", "2022-01-06"), ("18", 18, "exact", "2022-01-09")], "conflict"),
        ([("26", 26, "exact", "2022-01-07"), ("40", 40, "exact", "2022-01-07")], "conflict"),
        ([("", None, "dozens", None), ("26", 26, "exact", None)], "consistent"),
        ([("", None, "dozens", None), ("5", 5, "exact", None)], "undetermined"),
        ([("", None, "dozens", "2022-01-07"), ("5", 5, "exact", "2022-01-07")], "conflict"),
        ([("75", 75, "reached", "2022-01-07"), ("80", 80, "exact", "2022-01-07")], "conflict"),
        ([("75", 75, "reached", "2022-01-07"), ("80", 80, "exact", "2022-01-08")], "updated"),
        ([("5.000", 5000, "up_to", None), ("4.800", 4800, "about", None)], "consistent"),
        ([("5.000", 5000, "up_to", None), ("5.800", 5800, "about", None)], "undetermined"),
        ([("5.000", 5000, "up_to", "2022-01-09"), ("5.800", 5800, "about", "2022-01-09")], "conflict"),
        ([("26", 26, "exact", None)], "single"),
    ],
)
def test_each_rule_branch_on_a_synthetic_corpus(
    tmp_path: Path, figures: list[tuple[str, int | None, str, str | None]], verdict: str
) -> None:
    write_corpus(tmp_path / "corpus", figures)
    [quantity] = run_json("compare", "--corpus", str(tmp_path / "corpus"))
    assert (quantity["metric"], quantity["group"], quantity["verdict"]) == ("killed", "all", verdict)
    assert len(quantity["figures"]) == len(figures)


# --- the O(F log F) verdict is the worst relation among all pairs --------------------------------

QUALIFIERS = ["exact", "about", "at_least", "more_than", "up_to", "dozens", "reached"]
DAYS = [None, "2022-01-05", "2022-01-06", "2022-01-09"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([5, 10, 18, 26, 75, 80, 99, 100, 1000]),
            st.sampled_from(QUALIFIERS),
            st.sampled_from(DAYS),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["killed", "troops"]),
)
def test_verdict_is_the_worst_pair(figures: list[tuple[int, str, str | None]], metric: str) -> None:
    records = [
        record(f"s{i}-1", metric, "all", None if q == "dozens" else n, q, day)
        for i, (n, q, day) in enumerate(figures)
    ]
    [q] = compare_figures(records, pairs=True)
    found = {p["relation"] for p in q["pairs"]}
    expected = "single" if len(figures) == 1 else next(v for v in VERDICT_ORDER if v in found)
    assert q["verdict"] == expected, q["reason"]


def test_reached_is_the_number_itself() -> None:
    got = interval(5000, "reached")
    assert (got.low, got.high) == (5000, 5000)


# --- statements and bounds ---------------------------------------------------------------------


def linked(
    cid: str,
    count: int | None,
    qualifier: str,
    as_of: str | None,
    *,
    known_by: str | None = None,
    statement: str | None = None,
    metric: str = "killed",
) -> dict[str, Any]:
    """A claim record with one figure, its statement and its bound (`known_by`)."""
    return {
        **record(cid, metric, "all", count, qualifier, as_of),
        "known_by": known_by,
        "statement": statement,
    }


def test_an_undated_figure_bounded_before_a_date_is_earlier() -> None:
    # 'reported by 2022-01-05', then a count as of 2022-01-07: the first is earlier, higher later an update
    [q] = compare_figures(
        [linked("a-1", 10, "exact", None, known_by="2022-01-05"), linked("b-1", 20, "exact", "2022-01-07")]
    )
    assert q["verdict"] == "updated"
    then = "a-1 (10, undated, reported by 2022-01-05), then b-1 (20, 2022-01-07)"
    assert q["reason"] == f"the figures change with the date: {then}"
    assert q["latest"] == ["b-1"]
    [q] = compare_figures(
        [linked("a-1", 30, "exact", None, known_by="2022-01-05"), linked("b-1", 20, "exact", "2022-01-07")]
    )
    assert q["verdict"] == "conflict" and "a killed count does not go down" in q["reason"]
    [q] = compare_figures(
        [
            linked("a-1", 30, "exact", None, known_by="2022-01-05", metric="troops"),
            linked("b-1", 20, "exact", "2022-01-07", metric="troops"),
        ]
    )
    assert q["verdict"] == "updated"  # troops may go down


def test_a_bound_not_before_the_date_leaves_it_undetermined_and_says_so() -> None:
    [q] = compare_figures(
        [linked("a-1", 30, "exact", None, known_by="2022-01-07"), linked("b-1", 20, "exact", "2022-01-07")]
    )
    assert q["verdict"] == "undetermined"
    assert "(2022-01-07 is not before 2022-01-07)" in q["reason"]
    assert (
        q["latest"] == []
        and "a-1 may be later: reported by 2022-01-07, not before 2022-01-07" in q["latest_reason"]
    )


def test_the_latest_is_by_date_then_bound() -> None:
    [q] = compare_figures(
        [
            linked("a-1", 10, "at_least", None, known_by="2022-01-06"),
            linked("b-1", 12, "at_least", "2022-01-09"),
            linked("c-1", 11, "at_least", "2022-01-08"),
        ]
    )
    assert (
        q["latest"] == ["b-1"] and q["latest_reason"] == "b-1 (at least 12, 2022-01-09), attributed to no one"
    )
    [q] = compare_figures(
        [linked("a-1", 10, "at_least", "2022-01-09"), linked("b-1", 12, "at_least", "2022-01-09")]
    )
    assert q["latest"] == [] and q["latest_reason"] == "a-1 and b-1 are both as of 2022-01-09"
    [q] = compare_figures(
        [linked("a-1", 10, "at_least", None, known_by="2022-01-09"), linked("b-1", 12, "at_least", None)]
    )
    assert q["latest"] == [] and "no figure is dated" in q["latest_reason"]


def test_one_statement_is_one_report_against_the_others() -> None:
    # 75 and more than 75 of one statement: their report allows [75, inf), which 100 overlaps
    records = [
        linked("a-1", 75, "exact", None, statement="s"),
        linked("b-1", 75, "more_than", None, statement="s", known_by="2022-01-10"),
        linked("c-1", 100, "exact", "2022-01-09", metric="killed"),
    ]
    [q] = compare_figures(records, pairs=True)
    assert q["verdict"] == "reported_differently"
    assert "a-1 gives 75, b-1 more than 75 (statement s, 2 reports of it)" in q["reason"]
    relations = {(p["a"], p["b"]): p["relation"] for p in q["pairs"]}
    assert relations == {
        ("c-1", "a-1"): "consistent",
        ("c-1", "b-1"): "consistent",
        ("a-1", "b-1"): "reported_differently",
    }
    # a statement dated by one of its reports is dated: lower later is a conflict with it
    records = [
        linked("a-1", 75, "exact", "2022-01-05", statement="s"),
        linked("b-1", 80, "exact", None, statement="s"),
        linked("c-1", 50, "exact", "2022-01-09"),
    ]
    [q] = compare_figures(records)
    assert q["verdict"] == "conflict"
    assert q["reason"].startswith(
        "c-1 (50, 2022-01-09) is lower than statement s (a-1 75, b-1 80; 2022-01-05)"
    )


def test_a_projection_is_never_a_ceiling() -> None:
    assert (interval(2500, "projected").low, interval(2500, "projected").high) == (0, math.inf)
    assert (
        relation(fig(2500, "projected", "2022-01-09"), fig(5000, "exact", "2022-01-09"), "troops")
        == "consistent"
    )
    assert relation(fig(2500, "projected", None), fig(100, "exact", None), "troops") == "consistent"


STATEMENT_OF = [None, None, None, "s1", "s1", "s2"]
BOUNDS = [None, "2022-01-05", "2022-01-06", "2022-01-08"]  # two of them days of DAYS: the edge


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([5, 18, 26, 75, 100, 1000]),
            st.sampled_from([*QUALIFIERS, "projected"]),
            st.sampled_from(DAYS),
            st.sampled_from(BOUNDS),
            st.sampled_from(STATEMENT_OF),
        ),
        min_size=1,
        max_size=9,
    ),
    st.sampled_from(["killed", "troops"]),
)
def test_one_statement_is_never_undetermined_or_a_conflict(
    figures: list[tuple[int, str, str | None, str | None, str | None]], metric: str
) -> None:
    """Over synthetic corpora with statements and bounds: no pair of figures of one statement is
    `undetermined` or `conflict`, and the O(F log F) verdict is still the worst relation of all pairs."""
    records = [
        linked(
            f"s{i}-1",
            None if q == "dozens" else n,
            q,
            day,
            known_by=bound,
            statement=statement,
            metric=metric,
        )
        for i, (n, q, day, bound, statement) in enumerate(figures)
    ]
    [q] = compare_figures(records, pairs=True)
    statement = {r["id"]: r["statement"] for r in records}
    for p in q["pairs"]:
        if statement[p["a"]] and statement[p["a"]] == statement[p["b"]]:
            assert p["relation"] in ("consistent", "reported_differently"), p
    found = {p["relation"] for p in q["pairs"]}
    expected = "single" if len(figures) == 1 else next(v for v in VERDICT_ORDER if v in found)
    assert q["verdict"] == expected, q["reason"]
