"""The verdict rules of `compare`, on synthetic figures for each branch and on the shipped corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzcrisis.corpus.interval import Interval, interval
from kzcrisis.query.compare import VERDICT_ORDER, relation
from tests.conftest import run_json
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
    assert "b-1" in q["reason"] and "unknown" in q["reason"]
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


def test_real_detained_figures_are_two_quantities() -> None:
    # The office's ~5,800 counts riot participants, the 5,000 everyone detained: never compared.
    q = quantities()
    assert [(f["count"], f["qualifier"], f["as_of"]) for f in q[("detained", "rioters")]["figures"]] == [
        (5800, "about", "2022-01-09")
    ]
    assert [(f["count"], f["qualifier"]) for f in q[("detained", "all")]["figures"]] == [(5000, "reached")]


def test_real_injured_figures_are_shown_with_reporters() -> None:
    q = quantities()[("injured", "all")]
    counts = {(f["count"], f["qualifier"]) for f in q["figures"]}
    assert {(1000, "about"), (1300, "more_than")} <= counts
    assert (18, "exact") not in counts  # 18 injured protesters (dantri-016) are another quantity
    un = next(f for f in q["figures"] if f["count"] == 1000)
    assert un["reported_by"] == "un"
    assert q["verdict"] == "undetermined"


def test_real_aircraft() -> None:
    q = quantities()[("aircraft", "russian_forces")]
    assert {(f["count"], f["qualifier"]) for f in q["figures"]} == {(75, "exact"), (75, "more_than")}
    assert q["verdict"] == "undetermined"  # neither figure is dated


def test_conflicts_flag_keeps_only_conflicts() -> None:
    found = run_json("compare", "--conflicts")
    assert {q["verdict"] for q in found} <= {"conflict"}
    assert ("killed", "security_forces") not in {(q["metric"], q["group"]) for q in found}


def test_compare_json_shape_is_the_documented_one() -> None:
    assert all(set(q) == {"metric", "group", "verdict", "reason", "figures"} for q in run_json("compare"))
    found = run_json("compare", "--pairs")
    assert all(set(q) == {"metric", "group", "verdict", "reason", "figures", "pairs"} for q in found)
    figure_keys = {
        "claim",
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
