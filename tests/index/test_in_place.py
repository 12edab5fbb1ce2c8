"""The index is brought up to an edited corpus in place, and a call that is reading it meanwhile
keeps one consistent answer: it is waited for, or a copy is updated instead."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kzcrisis.index.cachefiles import connect_cache
from kzcrisis.index.store import open_index
from kzcrisis.index.trust import stat_line
from tests.index.test_incremental import Model, fresh, served, text_of

pytestmark = pytest.mark.slow  # several builds, a second process


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def corpus(tmp_path: Path) -> tuple[Path, Model]:
    root, model = tmp_path / "corpus", Model()
    for op in [(0, 0, 2), (0, 1, 2), (0, 2, 1), (5, 0, 1), (5, 3, 1)]:
        model.apply(op)
    model.write(root)
    return root, model


def edit(root: Path, model: Model, text: int) -> str:
    """Give the first claim the English text `t <text>`; its id."""
    model.apply((3, 0, text))
    model.write(root)
    return str(model.claims()[0]["id"])


def index_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.sqlite"))


def read_text(index_conn: sqlite3.Connection, claim_id: str) -> str:
    (record,) = index_conn.execute("SELECT record FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return str(json.loads(record)["text_en"])


def test_an_edit_updates_the_one_index_file_in_place(tmp_path: Path, cache: Path) -> None:
    root, model = corpus(tmp_path)
    with open_index(root):
        pass
    [before] = index_files(cache)
    inode = before.stat().st_ino
    claim_id = edit(root, model, 7)
    with open_index(root) as index:
        assert read_text(index.conn, claim_id) == "t 7"
        assert index.cache_file is not None
        assert os.stat(index.cache_file).st_ino == inode  # the same file, not a copy
    [after] = index_files(cache)
    assert after.name != before.name  # renamed to the content it now holds
    assert after.name[-39:] == before.name[-39:]
    assert not list(cache.glob("*-journal"))
    assert served(root) == fresh(root)


def test_a_call_reading_the_index_keeps_its_answer_while_another_rebuilds(
    tmp_path: Path, cache: Path
) -> None:
    """The reader's transaction holds the file: the rebuild copies it and updates the copy; the
    reader still sees the claim as it was, the next call the claim as edited."""
    root, model = corpus(tmp_path)
    claim_id = str(model.claims()[0]["id"])
    with open_index(root) as reading:
        before = read_text(reading.conn, claim_id)
        assert reading.cache_file is not None
        inode = os.stat(reading.cache_file).st_ino
        edit(root, model, 8)
        script = "import sys\nfrom kzcrisis.index.store import open_index\nopen_index(sys.argv[1]).close()\n"
        done = subprocess.run([sys.executable, "-c", script, str(root)], check=False, capture_output=True)
        assert done.returncode == 0, done.stderr
        assert read_text(reading.conn, claim_id) == before  # one state for the whole call
        [copy] = index_files(cache)
        assert copy.stat().st_ino != inode
    with open_index(root) as index:
        assert read_text(index.conn, claim_id) == "t 8"
    assert text_of(served(root), claim_id) == "t 8"
    assert served(root) == fresh(root)


def test_a_reader_that_comes_while_the_file_changes_does_not_believe_it(tmp_path: Path, cache: Path) -> None:
    """A reader checks the trust record, then opens the file: if a rebuild changed the file in
    between, the stat it was vouched with no longer holds once the reader has its lock."""
    root, model = corpus(tmp_path)
    with open_index(root):
        pass
    [path] = index_files(cache)
    vouched = stat_line(os.stat(path))
    with sqlite3.connect(path) as conn:  # what an update in place does to the file, a moment later
        conn.execute("UPDATE meta SET value = value || '' WHERE name = 'format'")
    later = os.stat(path).st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(later, later))  # (file systems stamp times in ticks of a few milliseconds)
    with pytest.raises(sqlite3.DatabaseError, match="changed since it was vouched for"):
        connect_cache(str(path), vouched)
    connect_cache(str(path)).close()  # the file itself is a sound index
    tables = fresh(root)
    assert isinstance(tables, dict)
    assert served(root) == tables  # not vouched for any more: built anew
    assert str(model.claims()[0]["id"]) in {row[1] for row in tables["claims"]}


def test_a_rebuild_killed_in_place_leaves_a_journal_the_next_call_gets_past(
    tmp_path: Path, cache: Path
) -> None:
    """Killed with the update half-written (a hot journal beside the file, pages of the file itself
    perhaps written): the next call answers from the corpus as it is, and leaves one index and no
    journal (SQLite rolls the journal back, or the file, no longer as vouched, is built anew)."""
    root, model = corpus(tmp_path)
    with open_index(root):
        pass
    claim_id = edit(root, model, 9)
    script = (
        "import os, signal, sys\n"
        "from kzcrisis.index import incremental\n"
        "def spill(conn, *args):\n"
        "    conn.execute('PRAGMA cache_spill = 1')\n"
        "    conn.execute('PRAGMA cache_size = 1')\n"
        "    conn.execute(\"UPDATE claims SET record = record || ' '\")\n"  # every page changed
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "incremental._apply = spill\n"
        "from kzcrisis.index.store import open_index\n"
        "open_index(sys.argv[1])\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(root)], check=False)
    assert killed.returncode == -9
    assert list(cache.glob("*-journal")), "the kill came before the update wrote anything"
    assert text_of(served(root), claim_id) == "t 9"
    assert not list(cache.glob("*-journal"))
    assert len(index_files(cache)) == 1
    assert served(root) == fresh(root)
