"""A corpus saved again while its index is built (an editor, a sync, `git pull`) is read again, a few
times at most: the answer is the corpus as it is once it stops changing, never a mix; a corpus that
never stops changing ends with the error that says to run again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.errors import CorpusError
from kzcrisis.index import stream
from kzcrisis.index.store import open_index
from kzcrisis.query.select import get_claim
from tests.conftest import edit_json


def text_en(root: Path) -> str:
    with open_index(root) as index:
        return str(json.loads(get_claim(index, "dantri-001").record)["text_en"])


def saved_during_builds(monkeypatch: pytest.MonkeyPatch, root: Path, times: int) -> list[int]:
    """Save dantri.json again (a new English text) during each of the next `times` builds."""
    real = stream.build_index
    builds: list[int] = []

    def build(*args: Any, **kwargs: Any) -> None:
        builds.append(1)
        real(*args, **kwargs)
        if len(builds) <= times:
            edit_json(
                root / "claims" / "dantri.json",
                lambda d: d["claims"][0].update(text_en=f"Saved {len(builds)}."),
            )

    monkeypatch.setattr(stream, "build_index", build)
    return builds


@pytest.mark.parametrize("cached", [True, False])
def test_a_corpus_saved_during_the_build_is_read_again(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    if cached:
        monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "cache"))
    else:
        monkeypatch.setenv("KZCRISIS_NO_CACHE", "1")
    builds = saved_during_builds(monkeypatch, corpus_copy, times=1)
    assert text_en(corpus_copy) == "Saved 1."  # what the corpus holds, read after it was saved
    assert len(builds) == 2  # once, then again: never also in memory to find what the first found


def test_a_corpus_that_never_stops_changing_says_to_run_again(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZCRISIS_NO_CACHE", "1")
    builds = saved_during_builds(monkeypatch, corpus_copy, times=100)
    with pytest.raises(CorpusError) as caught:
        text_en(corpus_copy)
    assert [p.message for p in caught.value.problems] == [
        "the corpus changed while it was being read; run again"
    ]
    assert len(builds) == 3  # read three times, then given up


def test_a_corpus_with_a_problem_is_read_once(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its problems are found by the build of the cache's index, and reported: not found again by a
    build in memory."""
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "cache"))
    edit_json(corpus_copy / "claims" / "dantri.json", lambda d: d["claims"][0].update(quote="Không có."))
    builds = saved_during_builds(monkeypatch, corpus_copy, times=0)
    with pytest.raises(CorpusError) as caught:
        text_en(corpus_copy)
    assert [(p.claim, p.field) for p in caught.value.problems] == [("dantri-001", "quote")]
    assert len(builds) == 1
    assert not [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".tmp-")]
