"""Where the shipped sources disagree: statements counted once, the articles' dates as bounds."""

from __future__ import annotations

from tests.conftest import run, run_json


def test_each_statement_counted_once_is_the_hand_count() -> None:
    # Killed, from the quotes: 'ít nhất 2 quân nhân ... và 8 cảnh sát' (10, csto-request-012);
    # '26 người biểu tình' (dantri-016) and 'Hàng chục đối tượng bạo loạn' (tokayev-coup-037, no number):
    # one ministry count; 'ít nhất 18 nhân viên an ninh' (dantri-017) and 'ít nhất 18 sĩ quan cảnh sát và
    # quân nhân' (tokayev-coup-036): one ministry count. Once each: 10 + 26 + 18 = 54; naively 72.
    once = run_json("figures", "--metric", "killed", "--per-statement")
    assert sum(f["count"] or 0 for f in once) == 10 + 26 + 18
    # the first with a count, in listing order (bounded undated claims first): tokayev-coup-036's 18
    assert sorted(f["claim"] for f in once) == ["csto-request-012", "dantri-016", "tokayev-coup-036"]
    every = run_json("figures", "--metric", "killed")
    assert sum(f["count"] or 0 for f in every) == 72
    # Aircraft: 75 ('huy động 75 máy bay') and 'hơn 75 máy bay' are one statement: 75 once.
    assert [f["count"] for f in run_json("figures", "--metric", "aircraft", "--per-statement")] == [75]
    # Every figure row names its statement (null when it stands alone).
    assert {f["claim"]: f["statement"] for f in every}["csto-request-012"] is None
    assert {f["statement"] for f in every} == {
        None,
        "interior-ministry-others-killed",
        "security-forces-18-killed",
    }


def test_per_statement_in_every_format() -> None:
    csv_rows = run("figures", "--metric", "killed", "--per-statement", "--format", "csv").stdout.splitlines()
    assert len(csv_rows) == 1 + 3 and csv_rows[0].startswith("claim,statement,")
    table = run("figures", "--metric", "killed", "--per-statement", env={"COLUMNS": "200"}).stdout
    assert "= interior-ministry-others-killed" in table and "tokayev-coup-037" not in table


def test_the_articles_dates_bound_their_undated_claims() -> None:
    records = {r["id"]: r for r in run_json("claims")}
    # sco-20220110: the dateline '10/01/2022 01:11' bounds the whole text
    assert records["sco-20220110-006"]["date"] is None
    assert records["sco-20220110-006"]["known_by"] == "2022-01-10"
    # tokayev-coup: the piece that says 'vào ngày hôm nay 10/1' is bounded; the piece before it is not
    assert records["tokayev-coup-038"]["known_by"] == "2022-01-10"
    assert records["tokayev-coup-020"]["known_by"] == "2022-01-10"
    assert records["tokayev-coup-016"]["known_by"] is None
    # articles without a dateline: no bound, never a guess
    assert {records[c]["known_by"] for c in ("dantri-016", "tienphong-003", "csto-request-010")} == {None}


def test_timeline_lists_bounded_undated_claims_before_the_rest() -> None:
    found = run_json("timeline")
    undated = [(r["known_by"], r["id"]) for r in found if r["date"] is None]
    bounds = [b for b, _ in undated]
    first_unbounded = bounds.index(None)
    assert all(b == "2022-01-10" for b in bounds[:first_unbounded])
    assert all(b is None for b in bounds[first_unbounded:])
    table = run("timeline", env={"COLUMNS": "120"}).stdout
    assert "by 2022-01-10" in table


def test_min_outlets_counts_outlets_not_articles(corpus_copy: object) -> None:
    import json
    from pathlib import Path

    root = Path(str(corpus_copy))
    shipped = {r["statement"] for r in run_json("claims", "--min-outlets", "2")}
    assert "russian-aircraft-75" in shipped  # Dân trí and the unnamed outlet of tokayev-coup
    sources = json.loads((root / "sources.json").read_text(encoding="utf-8"))
    for source in sources:  # say tokayev-coup were Dân trí's too: two articles, one outlet
        if source["slug"] == "tokayev-coup":
            source["outlet"] = "Dân trí"
    (root / "sources.json").write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
    kept = {r["statement"] for r in run_json("claims", "--min-outlets", "2", "--corpus", str(root))}
    assert "russian-aircraft-75" not in kept  # dantri-013 and tokayev-coup-019: one outlet now
    assert "blinken-russians-hard-to-leave" in kept  # Dân trí and the SCO article's unnamed outlet


def test_show_gives_the_bound_and_the_texts_word() -> None:
    shown = run("show", "tokayev-coup-038", env={"COLUMNS": "160"}).stdout
    assert "by 2022-01-10 — undated: the text gives no date." in shown
    assert "5,000 detained (all), as of unknown (reported by 2022-01-10)" in shown
    shown = run("show", "tokayev-coup-016", env={"COLUMNS": "200"}).stdout
    assert (
        "~5,800 detained (all), as of 2022-01-09, called 'đối tượng tham gia bạo loạn' in the text" in shown
    )
