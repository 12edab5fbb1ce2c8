"""The incremental rebuild never serves a stale answer: after any sequence of edits, the cache
equals a fresh full build table by table (or both refuse the corpus with the same problems)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzcrisis.errors import CorpusError
from kzcrisis.index import incremental
from kzcrisis.index.hashes import corpus_hashes
from kzcrisis.index.schema import FORMAT
from kzcrisis.index.store import open_index
from kzcrisis.index.stream import build_index

SOURCES = ("a", "b")
SENTENCES = 8  # per article: what the claims quote


def sentence(source: str, n: int) -> str:
    return f"Theo nguồn {source} số {n}, {100 + n} người đã thiệt mạng."


@dataclass
class Model:
    """A small corpus as data: claims files of two articles, claims quoting their sentences."""

    files: dict[str, tuple[str, list[dict[str, Any]]]] = field(default_factory=dict)
    entity_name: str = "Xland"
    article_extra: str = ""
    next_id: int = 0

    def write(self, root: Path) -> None:
        if root.exists():
            shutil.rmtree(root)
        (root / "claims").mkdir(parents=True)
        (root / "sources").mkdir()
        sources = []
        for slug in SOURCES:
            lines = [sentence(slug, n) for n in range(SENTENCES)]
            if slug == "a" and self.article_extra:
                lines.append(self.article_extra)
            text = ("\n".join(lines) + "\n").encode("utf-8")
            (root / "sources" / f"{slug}.txt").write_bytes(text)
            record = {"slug": slug, "file": f"sources/{slug}.txt", "outlet": slug.upper(), "title": slug}
            record |= {"sha256": hashlib.sha256(text).hexdigest(), "published": "2022-01-08"}
            sources.append(record)
        manifest = {"name": "t", "version": "0", "period": {"start": "2022-01-01", "end": "2022-01-31"}}
        (root / "corpus.json").write_text(json.dumps(manifest))
        (root / "sources.json").write_text(json.dumps(sources))
        entities = [{"id": "x", "type": "country", "name": self.entity_name, "iso": "XX"}]
        (root / "entities.json").write_text(json.dumps(entities))
        for rel, (source, claims) in self.files.items():
            data = {"source": source, "claims": [self.claim(source, c) for c in claims]}
            (root / rel).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @staticmethod
    def claim(source: str, c: dict[str, Any]) -> dict[str, Any]:
        figure = {"metric": "killed", "group": "all", "count": 100 + c["n"] + (7 if c["broken"] else 0)}
        figure |= {"qualifier": "exact", "as_of": "2022-01-06", "note": "as reported"}
        return {
            "id": c["id"],
            "kind": "casualty",
            "source": source,
            "quote": sentence(source, c["n"]),
            "text_en": c["en"],
            "date": "2022-01-06",
            "reported_by": "x",
            "statement": c["statement"],
            "figures": [figure],
        }

    def used(self, source: str) -> set[int]:
        return {c["n"] for s, claims in self.files.values() if s == source for c in claims}

    def new_claim(self, source: str, made: list[dict[str, Any]]) -> dict[str, Any] | None:
        free = sorted(set(range(SENTENCES)) - self.used(source) - {c["n"] for c in made})
        if not free:
            return None
        self.next_id += 1
        return {"id": f"c-{self.next_id}", "n": free[0], "en": "t", "broken": False, "statement": None}

    def claims(self) -> list[dict[str, Any]]:
        return [c for _, claims in self.files.values() for c in claims]

    def apply(self, op: tuple[int, int, int]) -> None:
        """One edit: add, remove or rename a file; change a quote, a figure (to a wrong number and
        back), a text, a statement, the entity, the article."""
        kind, i, j = op
        if kind <= 2 or not self.files:
            self.edit_files(kind, i, j)
        elif kind == 6:
            self.entity_name = f"Xland {j}"
        elif kind == 7:
            self.article_extra = f"Cập nhật {j}." if j % 2 else ""
        else:
            self.edit_claim(kind, i, j)

    def edit_files(self, kind: int, i: int, j: int) -> None:
        names = sorted(self.files)
        if kind == 0 or not names:
            source = SOURCES[i % 2]
            made: list[dict[str, Any]] = []
            for _ in range(1 + j % 3):
                if (claim := self.new_claim(source, made)) is not None:
                    made.append(claim)
            if made:
                self.files[f"claims/f{i % 12:02d}.json"] = (source, made)  # may replace a file
        elif kind == 1:
            del self.files[names[i % len(names)]]
        else:
            self.files[f"claims/g{j % 12:02d}.json"] = self.files.pop(names[i % len(names)])

    def edit_claim(self, kind: int, i: int, j: int) -> None:
        claims = self.claims()
        claim = claims[i % len(claims)]
        if kind == 3:
            claim["en"] += f" {j}"
        elif kind == 4:
            claim["broken"] = not claim["broken"]
        elif kind == 5:
            claim["statement"] = [None, "s1", "s2"][j % 3]
        else:
            source = next(s for s, cs in self.files.values() if claim in cs)
            free = sorted(set(range(SENTENCES)) - self.used(source))
            if free:
                claim["n"] = free[j % len(free)]


def tables(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every table by primary key; the word index by what it holds (every word of every claim at
    every place, each claim's size, the totals bm25 reads), not by how its segments fell."""
    own = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'claim_words%'"
    names = conn.execute(own)
    out = {name: conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for (name,) in names}
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, claim_words, instance)")
    out["words"] = conn.execute("SELECT * FROM temp.vocab ORDER BY 1, 2, 3, 4").fetchall()
    out["sizes"] = conn.execute("SELECT * FROM claim_words_docsize ORDER BY 1").fetchall()
    out["totals"] = conn.execute("SELECT block FROM claim_words_data WHERE id = 1").fetchall()
    conn.execute("DROP TABLE temp.vocab")
    return out


def fresh(root: Path) -> dict[str, list[tuple[Any, ...]]] | list[str]:
    """A full build of the corpus, in memory: its tables, or its problems."""
    hashes = corpus_hashes(str(root))
    with closing(sqlite3.connect(":memory:")) as conn:
        try:
            build_index(conn, str(root), hashes.key, FORMAT, hashes)
        except CorpusError as exc:
            return [str(p) for p in exc.problems]
        return tables(conn)


def served(root: Path) -> dict[str, list[tuple[Any, ...]]] | list[str]:
    """What a query is answered from: the cache's tables, or the problems it reports."""
    try:
        index = open_index(root)
    except CorpusError as exc:
        return [str(p) for p in exc.problems]
    with index:
        assert index.cache_file is not None, "built in memory: the cache was not used"
        with closing(sqlite3.connect(index.cache_file)) as conn:
            return tables(conn)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every incremental attempt that got its lock, in place ("BEGIN EXCLUSIVE") or on a copy
    ("BEGIN"), and its outcome, so that a test can show that the rows it compared were made
    incrementally both ways, not only by the fallback."""
    outcomes: list[tuple[str, bool]] = []
    real = incremental.update_index

    def spy(*args: Any, **kwargs: Any) -> bool:
        outcomes.append((kwargs["begin"], real(*args, **kwargs)))
        return outcomes[-1][1]

    monkeypatch.setattr(incremental, "update_index", spy)
    return outcomes


EDITS = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=6)


def check_edits(tmp: str, start: list[tuple[int, int, int]], edits: list[tuple[int, int, int]]) -> None:
    """Apply `edits` to the corpus `start` makes, comparing what is served with a full build after
    each step."""
    root, model = Path(tmp) / "corpus", Model()
    for op in start:
        model.apply(op)
    os.environ["KZCRISIS_CACHE_DIR"] = str(Path(tmp) / "cache")
    try:
        model.write(root)
        assert served(root) == fresh(root)
        for op in edits:
            # now and then a call is still reading the index: the rebuild then updates a copy
            with reading(root) if op[2] % 3 == 0 else contextlib.nullcontext():
                model.apply(op)
                model.write(root)
                assert served(root) == fresh(root), op
    finally:
        del os.environ["KZCRISIS_CACHE_DIR"]


@contextlib.contextmanager
def reading(root: Path) -> Iterator[None]:
    """A call reading the index of the corpus as it is (none where the corpus has a problem)."""
    try:
        index = open_index(root)
    except CorpusError:
        yield
        return
    with index:
        yield


@pytest.mark.slow  # 200 edit sequences: ~20 s
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=EDITS, edits=EDITS)
def test_after_any_edits_the_cache_equals_a_full_build(
    start: list[tuple[int, int, int]], edits: list[tuple[int, int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_edits(tmp, start, edits)


def test_the_edits_are_mostly_made_incrementally(counted: list[tuple[str, bool]]) -> None:
    """The same comparison over fixed random sequences: the incremental path did most of the work,
    not the fallback alone (a head change, a problem or many files changed fall back)."""
    rng = random.Random(23)
    for _ in range(20):
        ops = [(rng.randint(0, 8), rng.randint(0, 50), rng.randint(0, 50)) for _ in range(8)]
        with tempfile.TemporaryDirectory() as tmp:
            check_edits(tmp, ops[:3], ops[3:])
    assert len(counted) >= 60
    done = [begin for begin, outcome in counted if outcome]
    assert len(done) >= len(counted) // 3, (len(done), len(counted))
    assert done.count("BEGIN EXCLUSIVE") >= 10  # in place
    assert done.count("BEGIN") >= 5  # on a copy, a call reading the index meanwhile


# --- a rebuild stopped halfway ----------------------------------------------------------------


def edited(tmp_path: Path) -> tuple[Path, Model]:
    """A corpus with a cache, then one file edited: the next call rebuilds incrementally."""
    root, model = tmp_path / "corpus", Model()
    for op in [(0, 0, 2), (0, 1, 2), (0, 2, 1), (5, 0, 1), (5, 3, 1)]:
        model.apply(op)
    model.write(root)
    assert isinstance(served(root), dict)
    model.apply((3, 0, 9))
    model.write(root)
    return root, model


def text_of(index_tables: dict[str, list[tuple[Any, ...]]] | list[str], claim_id: str) -> str:
    assert isinstance(index_tables, dict), index_tables
    [record] = [json.loads(row[11]) for row in index_tables["claims"] if row[1] == claim_id]
    return str(record["text_en"])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_an_interrupted_rebuild_leaves_nothing_stale(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, model = edited(tmp_path)

    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt  # after the old rows are deleted and the new ones written

    monkeypatch.setattr(incremental, "_place", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_index(root)
    monkeypatch.undo()
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(cache))
    assert text_of(served(root), model.claims()[0]["id"]) == "t 9"
    assert served(root) == fresh(root)


def test_a_failed_incremental_step_falls_back_to_a_full_build(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, model = edited(tmp_path)

    def broken(*_args: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(incremental, "_place", broken)
    assert text_of(served(root), model.claims()[0]["id"]) == "t 9"
    assert served(root) == fresh(root)


def test_a_rebuild_killed_halfway_is_answered_correctly_by_the_next_call(tmp_path: Path, cache: Path) -> None:
    """A process killed (SIGKILL) in the middle of an incremental rebuild: the next call neither
    serves the old index nor trips on the half-written copy."""
    root, model = edited(tmp_path)
    script = (
        "import os, signal, sys\n"
        "from kzcrisis.index import incremental\n"
        "from kzcrisis.index.store import open_index\n"
        "incremental._place = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "open_index(sys.argv[1])\n"
    )
    env = {**os.environ, "KZCRISIS_CACHE_DIR": str(cache)}
    killed = subprocess.run([sys.executable, "-c", script, str(root)], env=env, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert text_of(served(root), model.claims()[0]["id"]) == "t 9"
    assert served(root) == fresh(root)
