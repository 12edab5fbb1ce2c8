"""The content hash reads only the files the loader reads, each under the loader's size bound,
and only once the folder is known to be a corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from kzcrisis.errors import CorpusError
from kzcrisis.index import hashes
from kzcrisis.index.store import corpus_key, open_index
from kzcrisis.query.select import get_claim
from tests.query.test_compare import write_corpus

TERABYTE = 1 << 40


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the index opens to hash, by name; a sparse file opened fails the test at once."""
    paths: list[str] = []
    real = hashes.open_regular  # type: ignore[attr-defined]

    def recording(path: str) -> BinaryIO:
        paths.append(os.path.basename(path))
        if os.path.basename(path) == "disk.img":
            raise AssertionError("the sparse file was opened to be hashed")
        return real(path)

    monkeypatch.setattr(hashes, "open_regular", recording)
    return paths


def sparse(path: Path, size: int = TERABYTE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_terabyte_sparse_file_in_the_corpus_folder_is_not_hashed(tmp_path: Path, opened: list[str]) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("5.800", 5800, "exact", None)])
    before = corpus_key(str(root))
    sparse(root / "backup" / "disk.img")
    assert corpus_key(str(root)) == before
    with open_index(str(root)) as index:
        assert json.loads(get_claim(index, "a-0").record)["figures"][0]["count"] == 5800
    assert "disk.img" not in opened
    assert {"corpus.json", "sources.json", "entities.json", "a.txt"} <= set(opened)


def test_a_folder_without_corpus_json_is_refused_before_anything_is_hashed(
    tmp_path: Path, opened: list[str]
) -> None:
    folder = tmp_path / "home"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "a.jpg").write_bytes(b"\xff\xd8" * 1000)
    sparse(folder / "disk.img")
    with pytest.raises(CorpusError) as caught:
        open_index(str(folder))
    assert "corpus.json: file not found: this is not a corpus folder" in [
        str(p) for p in caught.value.problems
    ]
    assert opened == []


def test_an_article_over_the_size_bound_is_named_not_read(tmp_path: Path, opened: list[str]) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("5.800", 5800, "exact", None)])
    (root / "sources" / "a.txt").unlink()
    sparse(root / "sources" / "a.txt")  # the article itself, swapped for a terabyte of zeros
    with pytest.raises(CorpusError) as caught:
        open_index(str(root))
    assert any(p.file == "sources/a.txt" and "larger than 16 MiB" in p.message for p in caught.value.problems)
