"""The query index cache: rebuilt when the corpus changes, never served when corrupted."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.corpus.models import Corpus
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
    data[middle : middle + 64] = bytes(byte ^ 0xFF for byte in data[middle : middle + 64])
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


def test_the_content_hash_is_of_the_content_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--version`, the API and the MCP server stamp answers with it, so that a script pins what it
    queried: the same files give the same hash in every version of kzcrisis, whatever its index
    format (a value written down once, here)."""
    from kzcrisis.index.hashes import corpus_hashes

    (tmp_path / "claims").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "corpus.json").write_bytes(b'{"version": "1.0.0"}\n')
    (tmp_path / "sources.json").write_bytes(b"[]\n")
    (tmp_path / "entities.json").write_bytes(b"[]\n")
    (tmp_path / "claims" / "a.json").write_bytes(b'{"claims": []}\n')
    monkeypatch.setattr("kzcrisis.index.schema.FORMAT", "kzcrisis-index-another")
    key = "2e21c9f8b33c8359fa836adf7876053f56aea6afe280af4cccb9557ab4a8eb3b"
    assert corpus_hashes(str(tmp_path)).key == key


def test_unchanged_corpus_is_trusted_without_hashing(
    corpus_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = opened(corpus_copy)

    def no_hashing(root: str) -> str:
        raise AssertionError("the corpus was hashed although nothing changed")

    monkeypatch.setattr("kzcrisis.index.store.corpus_key", no_hashing)
    monkeypatch.setattr("kzcrisis.index.hashes.corpus_hashes", no_hashing)
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


def table_rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in names}


def fill_index(conn: sqlite3.Connection, corpus: Corpus, key: str, fmt: str) -> None:
    """The oracle: the index of a corpus loaded whole, its claims file by file in corpus order."""
    from kzcrisis.index.build import ClaimRows, finish, write_head
    from kzcrisis.index.perfile import add_file, file_blocks, first_ord

    rows = ClaimRows(corpus)
    write_head(conn, corpus, key, fmt)
    by_file: dict[str, list[Any]] = {}
    for claim in corpus.claims:
        by_file.setdefault(corpus.claim_files[claim.id], []).append(claim)
    blocks, counts = file_blocks(sorted(by_file)), dict[str, int]()
    for rel in sorted(by_file):
        first = first_ord(counts, by_file[rel][0].source, len(by_file[rel]))
        add_file(conn, rows, (rel, "", blocks[rel], first), by_file[rel], {})
    conn.execute("INSERT INTO meta VALUES ('head_key', '')")
    finish(conn)


def test_the_streaming_build_writes_what_the_whole_corpus_gives(corpus_copy: Path) -> None:
    """One claims file at a time, the same rows as from the corpus loaded all at once."""
    from kzcrisis import load_corpus
    from kzcrisis.index.schema import FORMAT
    from kzcrisis.index.stream import build_index

    with closing(sqlite3.connect(":memory:")) as streamed, closing(sqlite3.connect(":memory:")) as whole:
        build_index(streamed, str(corpus_copy), "key", FORMAT)
        fill_index(whole, load_corpus(corpus_copy), "key", FORMAT)
        expected, got = table_rows(whole), table_rows(streamed)
    assert len(expected["claims"]) >= 100
    assert (
        min(expected["claims"], key=lambda row: (int(str(row[4])), int(str(row[12]))))[1] == "tienphong-001"
    )
    assert got == expected


@pytest.mark.parametrize("held", [1, 40, 100_000])
def test_rows_held_back_for_key_order_are_the_rows_of_the_whole_corpus(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    """The full build holds the `terms` and `quote_keys` rows back and inserts them in key order,
    in batches (`perfile.KeyedRows`); each quote key comes from the check that computed it, over
    the quote with its white space folded. Whatever the batch, the tables are those of the oracle,
    which inserts each file's rows at once and computes the keys anew."""
    from kzcrisis import load_corpus
    from kzcrisis.corpus.checks import claim_quote_key
    from kzcrisis.index.perfile import KeyedRows
    from kzcrisis.index.schema import FORMAT
    from kzcrisis.index.stream import build_index

    def spread(data: dict[str, Any]) -> None:  # white space the key folds: "a b" as "a \n  b"
        data["claims"][0]["quote"] = data["claims"][0]["quote"].replace(" ", " \n  ", 1)

    edit_json(corpus_copy / "claims" / "csto-request.json", spread)
    monkeypatch.setattr(KeyedRows, "HELD", held)
    with closing(sqlite3.connect(":memory:")) as streamed, closing(sqlite3.connect(":memory:")) as whole:
        build_index(streamed, str(corpus_copy), "key", FORMAT)
        corpus = load_corpus(corpus_copy)
        fill_index(whole, corpus, "key", FORMAT)
        expected, got = table_rows(whole), table_rows(streamed)
        spread_claim = next(c for c in corpus.claims if "\n" in c.quote)
        (key,) = streamed.execute(
            "SELECT key FROM quote_keys JOIN claims USING (seq) WHERE id = ?", (spread_claim.id,)
        ).fetchone()
    assert spread_claim.id == first_csto_claim(corpus_copy)["id"]
    assert key == claim_quote_key(spread_claim)
    assert len(got["quote_keys"]) == len(got["claims"]) >= 100
    assert len([row for row in got["terms"] if row[0] == "e:russia"]) >= 10
    assert got == expected


def test_rows_are_the_same_when_the_shared_parts_are_forgotten_at_every_claim(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ClaimRows remembers what claims share (outlet JSON, names, terms) in bounded caches; a corpus
    of all-different claims clears them over and over, and the rows must not change."""
    from kzcrisis.index import build
    from kzcrisis.index.schema import FORMAT
    from kzcrisis.index.stream import build_index

    with closing(sqlite3.connect(":memory:")) as cached, closing(sqlite3.connect(":memory:")) as cleared:
        build_index(cached, str(corpus_copy), "key", FORMAT)
        monkeypatch.setattr(build, "_CACHED", 0)
        build_index(cleared, str(corpus_copy), "key", FORMAT)
        expected, got = table_rows(cached), table_rows(cleared)
    russia = [row for row in expected["terms"] if row[0] == "e:russia"]
    assert len(russia) >= 10  # the terms table holds real content, e.g. who acts for Russia
    assert got == expected


def problems_of_both(corpus: Path) -> list[str]:
    """The streaming build's problems, checked against those `load_corpus` finds: the same when the
    schema holds; with schema problems the build stops at them, while `load_corpus` (validate) goes
    on to check everything else too, so the build's are among them."""
    from kzcrisis import load_corpus
    from kzcrisis.errors import CorpusError
    from kzcrisis.index.stream import build_index

    with pytest.raises(CorpusError) as streamed, closing(sqlite3.connect(":memory:")) as conn:
        build_index(conn, str(corpus), "key", "format")
    with pytest.raises(CorpusError) as whole:
        load_corpus(corpus)
    if streamed.value.problems != whole.value.problems:
        assert set(streamed.value.problems) < set(whole.value.problems)
    return [str(p) for p in streamed.value.problems]


def first_csto_claim(corpus: Path) -> dict[str, str]:
    path = corpus / "claims" / "csto-request.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["claims"][0])


def test_an_id_repeated_in_another_claims_file_is_seen(corpus_copy: Path) -> None:
    first = first_csto_claim(corpus_copy)

    def copy_first_claim(data: dict[str, list[dict[str, str]]]) -> None:
        data["claims"].append({**first, "source": "tokayev-coup"})  # same id, another file

    edit_json(corpus_copy / "claims" / "tokayev-coup.json", copy_first_claim)
    assert problems_of_both(corpus_copy) == [
        "claims/tokayev-coup.json [claim csto-request-001] (id): "
        "duplicate id (also in claims/csto-request.json)"
    ]


def test_grounding_problems_across_claims_files_are_seen(corpus_copy: Path) -> None:
    first = first_csto_claim(corpus_copy)

    def copy_first_claim(data: dict[str, list[dict[str, str]]]) -> None:
        data["claims"][0]["quote"] = "Không có trong bài báo."
        data["claims"].append({**first, "id": "tokayev-coup-999", "source": "tokayev-coup"})

    edit_json(corpus_copy / "claims" / "tokayev-coup.json", copy_first_claim)
    text = "\n".join(problems_of_both(corpus_copy))
    assert "[claim tokayev-coup-999] (quote): same quote and kind as claim csto-request-001" in text
    assert "[claim tokayev-coup-001] (quote): quote not found" in text


def test_an_uncited_article_is_still_checked(corpus_copy: Path) -> None:
    sources = json.loads((corpus_copy / "sources.json").read_text(encoding="utf-8"))
    cited = {
        json.loads(p.read_text(encoding="utf-8"))["source"] for p in (corpus_copy / "claims").glob("*.json")
    }
    uncited = next(s for s in sources if s["slug"] not in cited) if len(cited) < len(sources) else sources[0]
    for path in (corpus_copy / "claims").glob("*.json"):
        if json.loads(path.read_text(encoding="utf-8"))["source"] == uncited["slug"]:
            path.unlink()
    with open(corpus_copy / uncited["file"], "a", encoding="utf-8") as handle:
        handle.write("Thêm một dòng.\n")
    problems = problems_of_both(corpus_copy)
    assert len(problems) == 1
    assert problems[0].startswith(f"{uncited['file']}: sha256 is ")
