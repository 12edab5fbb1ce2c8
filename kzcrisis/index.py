"""The query index: a SQLite file derived from the corpus, cached in the user's cache folder.

Why: validating the corpus with pydantic on every call costs more than the whole query, and
grows with the corpus. The index is built once per corpus content and then only read.

Trust rules (the corpus on disk is the source of truth; the index is disposable):
- the cache file name carries the hash (BLAKE2b) of the corpus content it was built from, and
  the hash of the file itself; both are recomputed on every call before a row is served;
- a cache whose content hash does not match, or that SQLite cannot read, is rebuilt;
- a cache is written to a temporary file and renamed into place, never inside the corpus;
- where no cache folder is writable, the index is built in memory for the one call.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from typing import Any

from kzcrisis.errors import CorpusError, Problem
from kzcrisis.paths import cache_dir, corpus_dir_str

try:  # hashlib would first load OpenSSL's _hashlib (~3 ms of start-up); blake2b is built in.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the builtin module
    from hashlib import blake2b

FORMAT = "kzcrisis-index-3"
HASH_NAME = "blake2b"
_CHUNK = 1 << 20


class Index:
    """An open index: a read-only SQLite connection and what it was built from."""

    __slots__ = ("cache_file", "conn", "corpus_dir", "corpus_key")

    def __init__(
        self, conn: sqlite3.Connection, corpus_dir: str, corpus_key: str, cache_file: str | None
    ) -> None:
        self.conn, self.corpus_dir, self.corpus_key, self.cache_file = (
            conn,
            corpus_dir,
            corpus_key,
            cache_file,
        )

    def meta(self, name: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else ""


def _corpus_files(root: str) -> Iterator[str]:
    """Every file of the corpus, relative, in a stable order (hidden files left out)."""
    for folder, dirs, files in os.walk(root, onerror=_raise):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.relpath(os.path.join(folder, name), root)


def _raise(exc: OSError) -> None:
    raise exc


def corpus_key(root: str) -> str:
    """BLAKE2b-256 over the names and bytes of every corpus file: the corpus's content hash."""
    digest = blake2b(FORMAT.encode(), digest_size=32)
    for rel in _corpus_files(root):
        digest.update(b"\0" + rel.replace(os.sep, "/").encode("utf-8", "surrogateescape") + b"\0")
        with open(os.path.join(root, rel), "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _file_hash(path: str) -> str:
    digest = blake2b(digest_size=32)
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def open_index(corpus: str | os.PathLike[str] | None = None) -> Index:
    """The index of the corpus folder, from the cache when it is valid, else freshly built.

    Raises `CorpusError` when the corpus is missing or does not validate.
    """
    root = corpus_dir_str(corpus)
    if not os.path.isdir(root):
        raise CorpusError([Problem(root, "corpus folder not found (or not a folder)")])
    try:
        key = corpus_key(root)
    except OSError:
        key = ""  # an unreadable file: let the loader name it precisely
    folder = cache_dir()
    prefix = f"{blake2b(root.encode('utf-8', 'surrogateescape'), digest_size=8).hexdigest()}-"
    if key and folder:
        cached = _open_cached(folder, prefix + key[:32] + "-")
        if cached is not None:
            return Index(cached[0], root, key, cached[1])
    conn = build_index(root, key)
    if key and folder:
        saved = _save(conn, folder, prefix, key)
        if saved is not None:
            conn.close()
            return Index(saved[0], root, key, saved[1])
    return Index(conn, root, key or "unknown", None)


def _open_cached(folder: str, stem: str) -> tuple[sqlite3.Connection, str] | None:
    try:
        names = [n for n in os.listdir(folder) if n.startswith(stem) and n.endswith(".sqlite")]
    except OSError:
        return None
    for name in names:
        path = os.path.join(folder, name)
        try:
            if _file_hash(path)[:32] != name[len(stem) : -len(".sqlite")]:
                continue  # corrupted since it was written: never served, replaced below
            conn = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro&immutable=1", uri=True)
            row = conn.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        except (OSError, sqlite3.Error):
            continue
        if row and row[0] == FORMAT:
            return conn, path
        conn.close()
    return None


def _uri_path(path: str) -> str:
    # What SQLite's URI parser treats specially, escaped by hand: urllib costs start-up time.
    text = os.path.abspath(path).replace(os.sep, "/")
    return text.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _save(
    conn: sqlite3.Connection, folder: str, prefix: str, key: str
) -> tuple[sqlite3.Connection, str] | None:
    """Write the in-memory index atomically as a cache file; None when the folder is not writable."""
    import tempfile

    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".sqlite", dir=folder)
        os.close(fd)
        with sqlite3.connect(tmp) as disk:
            conn.backup(disk)
        disk.close()
        final = os.path.join(folder, f"{prefix}{key[:32]}-{_file_hash(tmp)[:32]}.sqlite")
        os.replace(tmp, final)
        tmp = None
        _remove_stale(folder, prefix, keep=final)
        reopened = sqlite3.connect(f"file:{_uri_path(final)}?mode=ro&immutable=1", uri=True)
        return reopened, final
    except (OSError, sqlite3.Error):
        return None
    finally:
        if tmp is not None:
            _remove_quietly(tmp)


def _remove_stale(folder: str, prefix: str, keep: str) -> None:
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith(prefix) and name.endswith(".sqlite") and path != keep:
            _remove_quietly(path)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def build_index(root: str, key: str) -> sqlite3.Connection:
    """Validate the corpus (all checks) and build its index in memory."""
    from kzcrisis.build import fill_index
    from kzcrisis.corpus import load_corpus

    corpus = load_corpus(root)
    if key:
        try:
            changed = corpus_key(root) != key
        except OSError:
            changed = True
        if changed:
            raise CorpusError([Problem(root, "the corpus changed while it was being read; run again")])
    conn = sqlite3.connect(":memory:")
    fill_index(conn, corpus, key or "unknown", FORMAT)
    return conn


def rows(index: Index, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
    return index.conn.execute(sql, params).fetchall()
