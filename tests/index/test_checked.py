"""`kzcrisis validate` after an edit re-checks the changed files only, through the index's record of
what was checked; a corpus with a problem is still read whole, every problem reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.index.checked import checked_by_index
from kzcrisis.index.store import open_index
from tests.conftest import run


def first_file(corpus: Path) -> Path:
    return sorted((corpus / "claims").glob("*.json"))[0]


def edit_first_claim(corpus: Path, **fields: Any) -> str:
    path = first_file(corpus)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claims"][0].update(fields)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(data["claims"][0]["id"])


def test_validate_after_an_edit_reads_only_the_changed_file(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_index(corpus_copy) as index:  # a query left the index of the corpus as it was
        total = index.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    edit_first_claim(corpus_copy, text_en="An edited translation.")

    def whole(*_args: Any, **_kw: Any) -> None:
        raise AssertionError("the whole corpus was read again")

    monkeypatch.setattr("kzcrisis.corpus.reading.load_corpus", whole)
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 0, result.output
    assert f"OK: {total} claims" in result.stderr
    checked = checked_by_index(str(corpus_copy), {"dantri-001", "no-such-claim"})
    assert checked is not None
    assert len(checked.sources) == 5
    assert sum(checked.counts.values()) == total
    assert checked.counts["dantri", "reaction"] >= 1
    assert checked.ids == {"dantri-001"}  # of the ids asked, those that are claims


def test_a_problem_after_an_edit_is_reported_as_a_full_run_reports_it(corpus_copy: Path) -> None:
    open_index(corpus_copy).close()
    claim = edit_first_claim(corpus_copy, quote="Một câu không có trong bài báo.")
    assert checked_by_index(str(corpus_copy), set()) is None  # the index does not vouch for it
    result = run("validate", "--corpus", str(corpus_copy), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["claim"], p["field"]) for p in problems] == [(claim, "quote")]
    assert "quote not found in the archived article" in problems[0]["message"]
