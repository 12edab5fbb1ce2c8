"""`compare --pairs` is bounded: the pairs of a quantity are cut at MAX_PAIRS, and it says so."""

from __future__ import annotations

import json

import pytest

from kzcrisis.query import compare
from tests.conftest import run, run_json


def test_compare_pairs_are_cut_and_say_how_many_there_are(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = {(q["metric"], q["group"]): q for q in run_json("compare", "--pairs")}
    monkeypatch.setattr(compare, "MAX_PAIRS", 2)
    for fmt in ("--json", "--format=jsonl"):
        result = run("compare", "--pairs", fmt)
        assert result.exit_code == 0, result.output
        text = result.stdout
        cut = json.loads(text) if fmt == "--json" else [json.loads(line) for line in text.splitlines()]
        for q in cut:
            full = whole[(q["metric"], q["group"])]["pairs"]
            assert q["pairs"] == full[:2]
            n = len(q["figures"])
            if n * (n - 1) // 2 > 2:
                assert q["pairs_total"] == len(full) == n * (n - 1) // 2
            else:
                assert "pairs_total" not in q
        assert any("pairs_total" in q for q in cut)


def test_the_api_cuts_compare_pairs_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import kzcrisis

    monkeypatch.setattr(compare, "MAX_PAIRS", 2)
    with kzcrisis.open_corpus() as kz:
        found = kz.compare(metric="killed", pairs=True)
    assert found
    assert all(len(q["pairs"]) <= 2 for q in found)
    assert any(q.get("pairs_total", 0) > 2 for q in found)
