"""The query index cache: rebuilt when the corpus changes, never served when corrupted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzcrisis.index.store import Index, corpus_key, open_index
from kzcrisis.query.select import Filters, get_claim, select_claims
from tests.conftest import edit_json


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(folder))
    return folder


def opened(root: Path) -> Index:
    """Open the index and close it at once: what it was built from stays readable, no connection leaks."""
    with open_index(root) as index:
        return index


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite"))


def first_claim_text(root: Path) -> str:
    with open_index(root) as index:
        return str(json.loads(get_claim(index, "dantri-001").record)["text_en"])


def test_second_open_is_served_from_the_cache(corpus_copy: Path, cache: Path) -> None:
    first = opened(corpus_copy)
    assert first.cache_file is not None
    again = opened(corpus_copy)
    assert again.cache_file == first.cache_file
    assert len(cache_files(cache)) == 1


def test_changing_one_claim_is_seen_by_the_next_query(corpus_copy: Path, cache: Path) -> None:
    assert "Blinken" in first_claim_text(corpus_copy)

    def change(data: dict[str, list[dict[str, str]]]) -> None:
        data["claims"][0]["text_en"] = "Changed by a curator."

    edit_json(corpus_copy / "claims" / "dantri.json", change)
    assert first_claim_text(corpus_copy) == "Changed by a curator."
    assert len(cache_files(cache)) == 1  # the stale one was replaced, not kept


def test_corrupted_cache_is_rebuilt_and_answers_correctly(corpus_copy: Path, cache: Path) -> None:
    expected = first_claim_text(corpus_copy)
    [path] = cache_files(cache)
    data = bytearray(path.read_bytes())
    # Flip bytes in the middle of the file: SQLite might still open it, the hash will not match.
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64
    path.write_bytes(bytes(data))
    assert first_claim_text(corpus_copy) == expected
    [rebuilt] = cache_files(cache)
    assert rebuilt.read_bytes() != bytes(data)


def test_truncated_cache_is_rebuilt(corpus_copy: Path, cache: Path) -> None:
    expected = first_claim_text(corpus_copy)
    [path] = cache_files(cache)
    path.write_bytes(path.read_bytes()[:100])
    assert first_claim_text(corpus_copy) == expected


def test_cache_is_never_written_inside_the_corpus(corpus_copy: Path, cache: Path) -> None:
    before = sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*"))
    opened(corpus_copy)
    after = sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*"))
    assert before == after


def test_no_cache_folder_still_answers(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(blocker / "cache"))
    with open_index(corpus_copy) as index:
        assert index.cache_file is None
        assert len(select_claims(index, Filters(kinds=("arrest",)))) >= 2


def test_no_cache_env_switches_it_off(
    corpus_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZCRISIS_NO_CACHE", "1")
    assert opened(corpus_copy).cache_file is None
    assert not cache.exists() or not cache_files(cache)


def test_corpus_key_changes_with_any_file(corpus_copy: Path) -> None:
    key = corpus_key(str(corpus_copy))
    assert key == corpus_key(str(corpus_copy))
    readme = corpus_copy / "sources" / "000_dab30f4635e9e7bf.txt"
    os.utime(readme)  # touching alone changes nothing: the key is of content
    assert corpus_key(str(corpus_copy)) == key
    (corpus_copy / "entities.json").write_text(
        (corpus_copy / "entities.json").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert corpus_key(str(corpus_copy)) != key


def test_unchanged_corpus_is_trusted_without_hashing(
    corpus_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = opened(corpus_copy)

    def no_hashing(root: str) -> str:
        raise AssertionError("the corpus was hashed although nothing changed")

    monkeypatch.setattr("kzcrisis.index.store.corpus_key", no_hashing)
    assert opened(corpus_copy).cache_file == first.cache_file


def test_touched_but_unchanged_corpus_reuses_the_cache(corpus_copy: Path, cache: Path) -> None:
    first = opened(corpus_copy)
    os.utime(corpus_copy / "entities.json")  # metadata changes, content does not
    again = opened(corpus_copy)
    assert again.cache_file == first.cache_file
    assert again.corpus_key == first.corpus_key


def test_damage_with_mtime_put_back_is_still_seen(corpus_copy: Path, cache: Path) -> None:
    expected = first_claim_text(corpus_copy)
    [path] = cache_files(cache)
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # ctime still moves
    assert first_claim_text(corpus_copy) == expected
    [rebuilt] = cache_files(cache)
    assert rebuilt.read_bytes() != bytes(data)


@pytest.fixture
def in_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the two-process build even for the small shipped corpus."""
    monkeypatch.setattr("kzcrisis.index.parallel.PARALLEL_MIN_BYTES", 0)


def all_records(root: Path) -> list[str]:
    with open_index(root) as index:
        return [row.record for row in select_claims(index, Filters())]


def test_two_processes_build_the_same_index(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "one"))
    expected = all_records(corpus_copy)
    monkeypatch.setattr("kzcrisis.index.parallel.PARALLEL_MIN_BYTES", 0)
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "two"))
    assert all_records(corpus_copy) == expected
    assert len(expected) >= 100


@pytest.mark.usefixtures("in_two", "cache")
def test_two_processes_see_problems_across_halves(corpus_copy: Path) -> None:
    from kzcrisis.errors import CorpusError

    first = json.loads((corpus_copy / "claims" / "csto-request.json").read_text(encoding="utf-8"))["claims"][
        0
    ]

    def copy_first_claim(data: dict[str, list[dict[str, str]]]) -> None:
        data["claims"][0]["quote"] = "Không có trong bài báo."
        data["claims"].append({**first, "source": "tokayev-coup"})  # same id and quote, another file

    edit_json(corpus_copy / "claims" / "tokayev-coup.json", copy_first_claim)
    with pytest.raises(CorpusError) as caught:
        opened(corpus_copy)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "duplicate id (also in claims/csto-request.json)" in text
    assert "same quote and kind as claim csto-request-001" in text
    assert "[claim tokayev-coup-001] (quote): quote not found" in text
    assert len(caught.value.problems) == len(set(caught.value.problems))
