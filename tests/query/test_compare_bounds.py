"""`compare --pairs` is bounded: an answer lists at most MAX_PAIRS pairs, and says so."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from kzcrisis.query import compare
from tests.conftest import run, run_json


def _check_cut(cut: Sequence[Mapping[str, Any]], whole: Sequence[Mapping[str, Any]], most: int) -> None:
    assert [(q["metric"], q["group"]) for q in cut] == [(q["metric"], q["group"]) for q in whole]
    every = [p for q in whole for p in q["pairs"]]
    assert len(every) > most  # the shipped corpus has more pairs than the cut
    assert [p for q in cut for p in q["pairs"]] == every[:most]  # the first ones, in the answer's order
    for q, full in zip(cut, whole, strict=True):
        if len(q["pairs"]) < len(full["pairs"]):
            assert q["pairs_total"] == len(full["pairs"])
        else:
            assert "pairs_total" not in q


def test_compare_pairs_are_cut_and_say_how_many_there_are(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = run_json("compare", "--pairs")
    monkeypatch.setattr(compare, "MAX_PAIRS", 3)
    for fmt in ("--json", "--format=jsonl"):
        result = run("compare", "--pairs", fmt)
        assert result.exit_code == 0, result.output
        text = result.stdout
        cut = json.loads(text) if fmt == "--json" else [json.loads(line) for line in text.splitlines()]
        _check_cut(cut, whole, 3)


def test_the_api_cuts_compare_pairs_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import kzcrisis

    with kzcrisis.open_corpus() as kz:
        whole = kz.compare(pairs=True)
        monkeypatch.setattr(compare, "MAX_PAIRS", 2)
        _check_cut(kz.compare(pairs=True), whole, 2)
