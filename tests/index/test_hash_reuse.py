"""A rebuild hashes only the corpus files whose metadata changed, or that were racily clean.

Each test counts the files whose bytes are hashed (`hashes.file_digest`) and checks the answer
against the corpus: reusing a recorded hash must never serve an index of older content.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzcrisis.index import hashes
from kzcrisis.index.store import cache_prefix, corpus_key, open_index
from kzcrisis.paths import corpus_dir_str
from tests.conftest import generate_corpus
from tests.index.test_cache_trust import make_old


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = generate_corpus(tmp_path / "corpus", 600, seed=5, per_source=20)
    make_old(root)
    return root


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose bytes were hashed, in order."""
    done: list[str] = []
    real = hashes.file_digest

    def spy(root: str, rel: str) -> tuple[str, str]:
        done.append(rel)
        return real(root, rel)

    monkeypatch.setattr(hashes, "file_digest", spy)
    return done


def text_of(root: Path, claim_id: str, hashed: list[str]) -> str:
    """The claim's `text_en` as a query is answered, checking the key against a full hashing (whose
    reads are not counted in `hashed`)."""
    with open_index(root) as index:
        counted = len(hashed)
        assert index.corpus_key == corpus_key(str(root)), "the key differs from hashing every file"
        del hashed[counted:]
        [(record,)] = index.conn.execute("SELECT record FROM claims WHERE id = ?", (claim_id,))
    return str(json.loads(record)["text_en"])


def first_claim(path: Path) -> tuple[str, str]:
    claim = json.loads(path.read_text(encoding="utf-8"))["claims"][0]
    return claim["id"], claim["text_en"]


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace a claim's text in place (same inode), keeping the file's size."""
    assert len(old.encode()) == len(new.encode())
    data = path.read_bytes()
    assert data.count(old.encode()) == 1
    path.write_bytes(data.replace(old.encode(), new.encode()))


def swapped(text: str) -> str:
    """The same text, one letter changed (same size)."""
    return text[0] + ("X" if text[1] != "X" else "Y") + text[2:]


def test_an_edit_hashes_only_the_edited_file(corpus: Path, hashed: list[str]) -> None:
    files = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file())
    target = corpus / "claims" / "syn-000007.json"
    claim_id, text = first_claim(target)
    assert text_of(corpus, claim_id, hashed) == text
    assert sorted(hashed) == files, "the first build hashes every file"
    hashed.clear()
    assert text_of(corpus, claim_id, hashed) == text
    assert hashed == [], "an unchanged corpus is vouched for by the trust record"
    rewrite(target, text, swapped(text))
    assert text_of(corpus, claim_id, hashed) == swapped(text)
    assert len(files) > 50
    assert hashed == ["claims/syn-000007.json"], f"hashed {len(hashed)} of {len(files)} files"
    # The edited file is racily clean now (modified just before the record was written): hashed
    # again at the next rebuild, with the next edited file, and nothing else.
    hashed.clear()
    other = corpus / "claims" / "syn-000012.json"
    other_id, other_text = first_claim(other)
    rewrite(other, other_text, swapped(other_text))
    assert text_of(corpus, other_id, hashed) == swapped(other_text)
    assert sorted(hashed) == ["claims/syn-000007.json", "claims/syn-000012.json"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(corpus: Path, hashed: list[str]) -> None:
    target = corpus / "claims" / "syn-000003.json"
    claim_id, text = first_claim(target)
    assert text_of(corpus, claim_id, hashed) == text
    before = target.stat()
    rewrite(target, text, swapped(text))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -d back
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    hashed.clear()
    assert text_of(corpus, claim_id, hashed) == swapped(text)
    assert hashed == ["claims/syn-000003.json"]


def test_a_file_replaced_by_rename_is_hashed_again(corpus: Path, hashed: list[str], tmp_path: Path) -> None:
    target = corpus / "claims" / "syn-000011.json"
    claim_id, text = first_claim(target)
    assert text_of(corpus, claim_id, hashed) == text
    before = target.stat()
    staged = tmp_path / "staged.json"
    staged.write_bytes(target.read_bytes().replace(text.encode(), swapped(text).encode()))
    os.utime(staged, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(staged, target)
    assert target.stat().st_ino != before.st_ino
    hashed.clear()
    assert text_of(corpus, claim_id, hashed) == swapped(text)
    assert hashed == ["claims/syn-000011.json"]


def test_a_racily_clean_file_is_hashed_again(tmp_path: Path, hashed: list[str]) -> None:
    corpus = generate_corpus(tmp_path / "corpus", 200, seed=6, per_source=20)  # written just now
    count = sum(1 for p in corpus.rglob("*") if p.is_file())
    target = corpus / "claims" / "syn-000002.json"
    claim_id, text = first_claim(target)
    assert text_of(corpus, claim_id, hashed) == text
    assert len(hashed) == count
    hashed.clear()
    # Nothing changed since, but every file was modified within the timestamp granularity of the
    # record's writing: a same-size edit in that tick would leave its metadata as recorded.
    assert text_of(corpus, claim_id, hashed) == text
    assert len(hashed) == count


def test_a_damaged_record_is_not_believed(corpus: Path, hashed: list[str]) -> None:
    target = corpus / "claims" / "syn-000004.json"
    claim_id, text = first_claim(target)
    assert text_of(corpus, claim_id, hashed) == text
    cache = Path(os.environ["KZCRISIS_CACHE_DIR"])
    record = cache / f"{cache_prefix(corpus_dir_str(corpus))}hashes.json"
    record.write_text(record.read_text(encoding="utf-8")[:-100], encoding="utf-8")
    rewrite(target, text, swapped(text))
    hashed.clear()
    assert text_of(corpus, claim_id, hashed) == swapped(text)
    assert len(hashed) > 50, "a record that cannot be read whole: every file is hashed"
