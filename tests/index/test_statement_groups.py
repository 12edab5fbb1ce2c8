"""A statement shared by hundreds of claims stays bounded: each record lists its first MAX_TWINS
twins, `show` says how many reports there are, the checks and `sources` are linear in a group."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzcrisis.corpus.checks import Linked, statement_problems
from kzcrisis.corpus.models import MAX_TWINS
from tests.conftest import run, run_json
from tests.hostile import statement_corpus

N = 600


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("statement") / "corpus"
    statement_corpus(root, N)
    return root


def test_a_large_statement_group_lists_a_bounded_number_of_twins(crowd: Path) -> None:
    records = run_json("claims", "--corpus", str(crowd), "--fields", "id,twins")
    assert len(records) == N
    assert all(len(r["twins"]) == MAX_TWINS for r in records)
    first = [f"a-{i}" for i in range(MAX_TWINS + 1)]
    assert records[0]["twins"] == first[1:]  # the first of the group, in corpus order
    assert records[-1]["twins"] == first[:MAX_TWINS]


def test_show_of_a_large_statement_group_says_how_many_reports_there_are(crowd: Path) -> None:
    shown = run_json("show", "b-599", "--corpus", str(crowd))
    assert shown["reports"] == N
    assert len(shown["twins"]) == MAX_TWINS
    result = run("show", "b-599", "--corpus", str(crowd))
    assert result.exit_code == 0, result.output
    assert f"The same statement in {N} reports (the-toll), {MAX_TWINS + 1} shown" in result.stdout


def test_sources_counts_a_shared_statement_once_per_pair_of_articles(crowd: Path) -> None:
    shared = {r["slug"]: r["shared_statements"] for r in run_json("sources", "--corpus", str(crowd))}
    assert shared == {"a": {"b": 1}, "b": {"a": 1}}


def _linked(claim: str, source: str, count: int, qualifier: str = "exact", noted: bool = False) -> Linked:
    return Linked(
        "s", claim, source, "casualty", f"claims/{source}.json", (("killed", "all", count, qualifier, noted),)
    )


def test_a_contradiction_with_any_earlier_report_of_a_statement_is_found() -> None:
    members = [
        _linked("a-1", "a", 5800),
        _linked("b-1", "b", 5800, "about"),
        _linked("b-2", "b", 26),  # contradicts both earlier ones
        _linked("a-2", "a", 6000, "about"),  # about 6,000 overlaps about 5,800 but not exactly 26
        _linked("a-3", "a", 26, noted=True),  # a note says why: never a problem
    ]
    problems = statement_problems(members)
    assert sorted((p.claim, p.message.split(": ", 1)[1]) for p in problems) == [
        ("a-2", "about 6000 contradicts exact 26 of b-2; a figure note must say why"),
        ("b-2", "exact 26 contradicts exact 5800 of a-1; a figure note must say why"),
    ]
