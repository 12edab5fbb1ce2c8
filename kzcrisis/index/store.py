"""The query index: a SQLite file derived from the corpus, cached in the user's cache folder.

Why: validating the corpus with pydantic on every call costs more than the whole query, and
grows with the corpus. The index is built once per corpus content and then only read.

Trust rules (the corpus on disk is the source of truth; the index is disposable):
- the index holds the content hash (BLAKE2b) of the corpus it was built from;
- hashing a large corpus on every call would cost more than the query, so, as git's index does, a
  small trust record remembers the (size, mtime, ctime, inode) of every corpus file when they were
  last hashed, and of the cache file when it was written: while none of them has changed, the
  record stands; when a corpus file's have, the files are hashed again: only those whose own
  metadata changed, or that were racily clean when the hash record (each file's metadata and hash,
  written by the same writer into the same folder) was written (`_recorded_hashes`);
- a cache file is believed only while the trust record vouches for it (`_vouched_file`): any write
  to it changes its ctime, which no program can set back, so a damaged, copied or planted cache is
  never served, but built anew;
- after an edit, the vouched-for index is updated in place in one exclusive transaction, with the
  build lock held, then renamed; while a call is reading it, a copy is updated instead
  (`_update_in_place`, `kzcrisis.index.incremental`); a new index is written to a temporary file
  and renamed into place, never inside the corpus; where no cache folder is writable, the index is
  built in memory for the call;
- the cache folder is used only if no other user can write it, and no trust record is written
  for a racily clean corpus (see `kzcrisis.index.trust`); the files hashed are the files loaded
  (`kzcrisis.corpus.files`);
- one process at a time builds a corpus's index (`kzcrisis.index.lock`); the others wait, then
  read it; the wheel's own index of the shipped corpus is used only once checked against the
  installed corpus (`kzcrisis.index.shipped`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kzcrisis.corpus.files import open_regular
from kzcrisis.errors import BadInput, CorpusError, KzcrisisError, Problem
from kzcrisis.index.cachefiles import atomic_write as _atomic_write
from kzcrisis.index.cachefiles import connect_cache, new_name
from kzcrisis.index.cachefiles import connect_ro as _connect_ro
from kzcrisis.index.cachefiles import remove_stale as _remove_stale
from kzcrisis.index.schema import FORMAT, blake2b

if TYPE_CHECKING:
    from kzcrisis.index.hashes import Hashes, Seen
from kzcrisis.index.trust import racily_clean, racy, read_small, regular_file, usable_cache_dir, warn_once
from kzcrisis.index.trust import stat_line as _stat_line
from kzcrisis.paths import cache_dir, corpus_dir_str

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

    def close(self) -> None:
        """Close the connection now, not when the garbage collector gets to it."""
        self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def meta(self, name: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else ""


def _corpus_files(root: str) -> list[str]:
    """Every file of the corpus, relative, in a stable order: the loader's own enumeration.

    Raises OSError for a tree the loader refuses (a link, a FIFO...): the loader then names it.
    """
    from kzcrisis.corpus.files import list_corpus

    listing = list_corpus(root)
    if listing.problems:
        raise OSError(0, str(listing.problems[0]))
    return listing.files


def corpus_key(root: str) -> str:
    """BLAKE2b-256 over the names and bytes of every file the loader reads: the content hash
    (`kzcrisis.index.hashes`).

    Raises OSError for a file over the loader's size bound (never read beyond it): the loader then
    names it.
    """
    from kzcrisis.index.hashes import corpus_hashes

    return corpus_hashes(root).key


def corpus_signature(root: str) -> str:
    """A digest of the metadata of every corpus file: cheap, and changes whenever a file does.

    (An installed wheel's corpus is package data: a stat of its folders stands for its files, see
    `kzcrisis.index.shipped`.)
    """
    from kzcrisis.index.shipped import installed_signature, is_installed_corpus

    if is_installed_corpus(root):
        return installed_signature(root, FORMAT)
    digest = blake2b(FORMAT.encode(), digest_size=16)
    for rel in _corpus_files(root):
        digest.update(
            f"\0{rel}\0{_stat_line(os.stat(os.path.join(root, rel)))}".encode("utf-8", "surrogateescape")
        )
    return digest.hexdigest()


def open_index(corpus: str | os.PathLike[str] | None = None) -> Index:
    """The index of the corpus folder, from the cache when it is valid, else freshly built.

    Raises `CorpusError` when the corpus is missing or does not validate.
    """
    if corpus is not None and not os.fspath(corpus):
        raise BadInput("the corpus folder is empty (''): give a folder, or leave the option out")
    root = corpus_dir_str(corpus)
    if not os.path.isdir(root):
        raise CorpusError([Problem(root, "corpus folder not found (or not a folder)")])
    if not os.path.lexists(os.path.join(root, "corpus.json")):
        raise CorpusError(_not_a_corpus(root))
    folder = usable_cache_dir(cache_dir(), root)
    prefix = cache_prefix(root)
    signature = _signature(root)
    if folder and signature:
        trusted = _open_trusted(root, folder, prefix, signature)
        if trusted is not None:
            return trusted
    if folder:
        from kzcrisis.index.lock import build_lock

        with build_lock(folder, prefix) as locked:
            return _retried(lambda: _open_locked(root, folder, prefix, locked))
    return _retried(lambda: _build_in_memory(root, _signature(root)))


def _signature(root: str) -> str:
    """`corpus_signature`, or "" for an unreadable file (the loader then names it precisely)."""
    try:
        return corpus_signature(root)
    except OSError:
        return ""


_ATTEMPTS = 3  # reads of a corpus that keeps changing while it is read, before giving up


class _Changed(CorpusError):
    """The corpus changed while it was being read (its files' metadata before and after tell)."""


def _retried(answer: Callable[[], Index]) -> Index:
    """`answer()`, again while the corpus changed as it was read, `_ATTEMPTS` times at most: a
    file saved during a build is common (an editor, a sync, `git pull`); one that never stops
    changing ends with the error, which says to run again."""
    for _ in range(_ATTEMPTS - 1):
        with contextlib.suppress(_Changed):
            return answer()
    return answer()


def _open_locked(root: str, folder: str, prefix: str, locked: bool) -> Index:
    """The index, with the build lock held (`locked`: unless there is no lock here). While this
    process waited for the lock, another may have built this very index (the trust record tells),
    and the corpus may have changed again: both are seen afresh."""
    started, signature = time.time_ns(), _signature(root)
    trusted = _open_trusted(root, folder, prefix, signature) if locked and signature else None
    return trusted or _open_or_build(root, signature, folder, prefix, locked, started)


def cache_prefix(root: str) -> str:
    """What names every cache file of the corpus folder `root` (index, trust and hash records, lock):
    a short hash of its path, so that corpora in one cache folder never share a file."""
    return f"{blake2b(root.encode('utf-8', 'surrogateescape'), digest_size=8).hexdigest()}-"


class _NotReused(Exception):  # a signal, not an error: only a full build would do
    """Raised inside `reused_index` where only a full build would answer."""


def reused_index(corpus: str) -> Index | None:
    """The index of the corpus folder when one of this very content is cached, or can be brought up
    to it from an earlier one by re-reading the changed claims files only; None where only a full
    build would do (`kzcrisis validate` then reads the whole corpus itself, reporting every problem).

    The trust record's signature alone never vouches for a check: every file whose own metadata
    changed since its hash was recorded is hashed again (`_recorded_hashes`).
    """
    root = corpus_dir_str(corpus)
    if not os.path.isdir(root) or not os.path.lexists(os.path.join(root, "corpus.json")):
        return None
    folder = usable_cache_dir(cache_dir(), root)
    if not folder:
        return None
    from kzcrisis.index.lock import build_lock

    prefix = cache_prefix(root)
    with build_lock(folder, prefix) as locked:
        # taken once the lock is held, as `_open_locked` does: the corpus as it is after any wait
        started, signature = time.time_ns(), _signature(root)
        if not signature:
            return None
        try:
            return _open_or_build(root, signature, folder, prefix, locked, started, full=False)
        except _NotReused:
            return None


def _not_a_corpus(root: str) -> list[Problem]:
    """A folder without corpus.json, refused before anything in it is listed or hashed (a home
    folder given by mistake costs nothing), with the loader's words for what is missing."""
    missing = [
        Problem(name, "file not found" + (": this is not a corpus folder" if name == "corpus.json" else ""))
        for name in ("corpus.json", "sources.json", "entities.json")
        if not os.path.lexists(os.path.join(root, name))
    ]
    if not os.path.isdir(os.path.join(root, "claims")):
        missing.append(Problem("claims/", "folder not found"))
    return missing


def _open_or_build(
    root: str, signature: str, folder: str, prefix: str, locked: bool, started: int, *, full: bool = True
) -> Index:
    from kzcrisis.index.hashes import corpus_hashes

    known = _recorded_hashes(folder, prefix)
    seen: Seen = {}
    try:
        hashes = corpus_hashes(root, known, seen)
    except OSError:
        hashes = None
    if hashes and seen != known:
        _write_hashes(folder, prefix, seen)
    key = hashes.key if hashes else ""
    if hashes:
        # An index of this very content, else a new one (validating fully; raises CorpusError).
        found = (
            _open_vouched(folder, prefix, key)
            or _adopt_shipped(root, folder, prefix, key)
            or _save(root, signature, folder, prefix, hashes, locked, full=full)
        )
        if found is not None:
            # A racily clean corpus gets no trust: the record then only vouches for the cache file
            # (as it is now), which the next build may start from (`_vouched_file`).
            racy = racily_clean(root, _corpus_files(root), started)
            _write_trust(folder, prefix, _UNTRUSTED if racy else signature, key, found[1])
            return Index(found[0], root, key, found[1])
    if not full:
        raise _NotReused
    return _build_in_memory(root, signature, key)


def _build_in_memory(root: str, signature: str, key: str | None = None) -> Index:
    if key is None:
        try:
            key = corpus_key(root)
        except OSError:
            key = ""
    shipped = _shipped_index(root, key)
    if shipped is not None:
        with contextlib.suppress(sqlite3.Error):
            return Index(_connect_ro(shipped), root, key, None)
    conn = sqlite3.connect(":memory:")
    try:
        _build(conn, root, signature, key or "unknown")
    except BaseException:
        conn.close()
        raise
    return Index(conn, root, key or "unknown", None)


_UNTRUSTED = "-"  # a signature no corpus has (they are hexadecimal)


def _trust_path(folder: str, prefix: str) -> str:
    return os.path.join(folder, prefix + "trust.txt")


def _open_trusted(root: str, folder: str, prefix: str, signature: str) -> Index | None:
    """The cache the trust record vouches for, if the corpus and the cache are as they were then."""
    vouched = _vouched_file(folder, prefix)
    if vouched is None or vouched[0] != signature:
        return None
    opened = _connect_vouched(vouched)
    return Index(opened[0], root, vouched[1], opened[1]) if opened else None


def _open_vouched(folder: str, prefix: str, key: str) -> tuple[sqlite3.Connection, str] | None:
    """The cache the trust record vouches for, if it holds content `key` (the corpus's signature
    may have changed since: a file touched, not edited)."""
    vouched = _vouched_file(folder, prefix)
    return _connect_vouched(vouched) if vouched is not None and vouched[1] == key else None


Vouched = tuple[str, str, str, str]  # the trust record's signature, content key, cache file, its stat


def _vouched_file(folder: str, prefix: str) -> Vouched | None:
    """What the trust record says, if the cache file it names is as it was when the record was
    written: the one way a cache file is believed (its writer wrote the record right after it, and
    any later write changes the file's ctime, which no program can set back)."""
    try:
        recorded, key, name, cache_stat = read_small(_trust_path(folder, prefix)).split()
        if os.sep in name or not name.startswith(prefix):
            return None
        path = os.path.join(folder, name)
        if _stat_line(os.lstat(path)) != cache_stat or not regular_file(path):
            return None
    except (OSError, ValueError):
        return None
    return recorded, key, path, cache_stat


def _connect_vouched(vouched: Vouched) -> tuple[sqlite3.Connection, str] | None:
    try:
        return connect_cache(vouched[2], vouched[3]), vouched[2]
    except (OSError, sqlite3.Error):
        return None


def _write_trust(folder: str, prefix: str, signature: str, key: str, cache_path: str) -> None:
    if not signature:
        return
    with contextlib.suppress(OSError, KzcrisisError):  # not writable (a FIFO planted there): built again
        line = f"{signature} {key} {os.path.basename(cache_path)} {_stat_line(os.stat(cache_path))}\n"
        _atomic_write(_trust_path(folder, prefix), line.encode("utf-8"))


def _hashes_path(folder: str, prefix: str) -> str:
    return os.path.join(folder, prefix + "hashes.json")


_MAX_RECORD = 1 << 28


def _recorded_hashes(folder: str, prefix: str) -> Seen:
    """Each corpus file's metadata and content hash as last recorded (`_write_hashes`), less the
    files that were racily clean then (modified within the timestamp granularity of the record's
    own write time: `trust.racy`); empty if there is no record, or it cannot be read whole."""
    import json

    try:
        with open_regular(_hashes_path(folder, prefix)) as handle:
            written = os.fstat(handle.fileno()).st_mtime_ns
            data = json.loads(handle.read(_MAX_RECORD))
        if data["format"] != FORMAT:
            return {}
        since = max(int(data["written"]), written)
        return {
            rel: (line, digest)
            for rel, (line, digest) in data["files"].items()
            if isinstance(line, str) and len(digest) == 32 and not racy(int(line.split(":")[1]), since)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return {}


def _write_hashes(folder: str, prefix: str, seen: Seen) -> None:
    """Record each corpus file's metadata and content hash (see `_recorded_hashes`)."""
    import json

    with contextlib.suppress(OSError, KzcrisisError):  # a disk full: the next rebuild hashes all
        data = {"format": FORMAT, "written": time.time_ns(), "files": seen}
        _atomic_write(_hashes_path(folder, prefix), json.dumps(data, separators=(",", ":")).encode())


def _shipped_index(root: str, key: str) -> str | None:
    from kzcrisis.index.shipped import shipped_index

    return shipped_index(root, key) if key else None


def _adopt_shipped(root: str, folder: str, prefix: str, key: str) -> tuple[sqlite3.Connection, str] | None:
    """The wheel's index of this very corpus (checked: see `index.shipped`), copied into the cache."""
    from kzcrisis.index.lock import TMP_PREFIX
    from kzcrisis.outfile import Outputs

    shipped = _shipped_index(root, key)
    if shipped is None:
        return None
    final = os.path.join(folder, prefix + os.path.basename(shipped))
    try:
        os.makedirs(folder, exist_ok=True)
        with Outputs() as outputs, open_regular(shipped) as source:
            copy = outputs.file(final, mode=0o600, prefix=TMP_PREFIX + prefix, suffix=".sqlite")
            while chunk := source.read(_CHUNK):
                copy.write(chunk)
        _remove_stale(folder, prefix, keep=final)
        return connect_cache(final), final  # vouched for by the trust record written next
    except (OSError, sqlite3.Error, KzcrisisError):
        return None


def _save(
    root: str,
    signature: str,
    folder: str,
    prefix: str,
    hashes: Hashes,
    locked: bool = False,
    *,
    full: bool = True,
) -> tuple[sqlite3.Connection, str] | None:
    """Bring this corpus's index in the folder up to the corpus, or build it anew; None if the folder
    is not writable.

    The index the trust record vouches for is updated in place, re-reading only the claims files
    that changed (`kzcrisis.index.incremental`), when the build lock is held and no one is reading
    it; while someone is, a copy of it is updated instead. Otherwise, or when that cannot be done
    (then, unless `full` is False, which raises `_NotReused`), the whole index is built into a
    temporary file, which SQLite writes by its path in a private folder of the writer's own, and
    renamed into place.
    """
    key = hashes.key
    from kzcrisis.index.lock import TMP_PREFIX, remove_leftovers
    from kzcrisis.outfile import Outputs

    try:
        os.makedirs(folder, exist_ok=True)
        if locked:
            remove_leftovers(folder, prefix)
        base = _vouched_file(folder, prefix) if prefix else None
        updated: tuple[sqlite3.Connection, str] | str | None = None
        if base:  # without the lock (no flock here) another writer may be at it: a copy is updated
            where = (folder, prefix)
            updated = _update_in_place(root, signature, where, base[2], hashes) if locked else _BUSY
        if isinstance(updated, tuple):
            return updated
        with Outputs() as outputs:
            placeholder = os.path.join(folder, prefix + "index.sqlite")  # renamed below
            tmp = outputs.path(placeholder, mode=0o600, prefix=TMP_PREFIX + prefix)
            if tmp is None:
                return None  # a folder another user could change: built in memory instead
            if not (updated is _BUSY and base and _update_copy(root, signature, base[2], tmp, hashes)):
                if not full:
                    raise _NotReused
                with contextlib.suppress(FileNotFoundError):
                    os.remove(tmp)  # a copy that could not be brought up to date: built anew
                conn = _writable(tmp)
                try:
                    _build(conn, root, signature, hashes)
                finally:
                    conn.close()
            name = new_name(prefix, key)
            outputs.rename(tmp, name)
        final = os.path.join(folder, name)
        _remove_stale(folder, prefix, keep=final)
        return connect_cache(final), final
    except CorpusError:
        raise  # the corpus's own problems, found once: not built again in memory to find them again
    except (OSError, sqlite3.Error, KzcrisisError) as exc:
        if "full" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC:
            warn_once(f"the disk of the cache folder {folder!r} is full: building the index in memory")
        return None


def _writable(tmp: str) -> sqlite3.Connection:
    conn = sqlite3.connect(tmp)
    # A half-written temporary file is thrown away, so no journal is needed.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    return conn


_BUSY = "busy"  # `_update_in_place`: someone is reading the index; a copy of it may be updated


def _update_in_place(
    root: str, signature: str, where: tuple[str, str], path: str, hashes: Hashes
) -> tuple[sqlite3.Connection, str] | str | None:
    """Bring the vouched-for index at `path` up to the corpus in place, in one transaction, and give
    it its new name: the open index and its path; `_BUSY` if someone is reading it (no change was
    made); None if only a full build would do (rolled back: then it is built anew).

    The transaction is exclusive: a reader that comes meanwhile waits for it, then finds the file
    changed and renamed (`cachefiles.connect_cache`). Killed halfway, the file is left with SQLite's
    hot journal: if none of its own pages was written yet, it is still as vouched for, and the next
    update rolls the journal back first; if some were, its ctime changed, the trust record no longer
    vouches for it, and the next call builds anew (and removes both). Only with the build lock
    held: one writer at a time.
    """
    from kzcrisis.index.cachefiles import renamed, uri_path
    from kzcrisis.index.incremental import Busy

    folder, prefix = where
    try:
        # timeout 0: a reader holding the file now is waited for by no one; its copy is updated instead
        uri = f"file:{uri_path(path)}?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -131072")  # 128 MiB: an update's pages stay in memory
        done = _incremental(conn, root, hashes, "BEGIN EXCLUSIVE", lambda: _unchanged(root, signature))
    except Busy:
        return _BUSY
    except Exception:  # whatever went wrong (rolled back), the full build answers and names problems
        return None
    finally:
        conn.close()
    if not done:
        return None
    final = os.path.join(folder, renamed(os.path.basename(path), prefix, hashes.key))
    try:
        os.rename(path, final)
        _remove_stale(folder, prefix, keep=final)
        return connect_cache(final), final
    except (OSError, sqlite3.Error):
        return None


def _update_copy(root: str, signature: str, base: str, tmp: str, hashes: Hashes) -> bool:
    """Whether a copy of the index `base` (vouched for), made at `tmp`, could be brought up to the
    corpus (`kzcrisis.index.incremental`)."""
    from kzcrisis.index.cachefiles import copy_index

    if not copy_index(base, tmp):
        return False
    conn = _writable(tmp)
    try:
        return bool(_incremental(conn, root, hashes, "BEGIN", lambda: _unchanged(root, signature)))
    except Exception:  # whatever went wrong, the full build answers (and names the problems)
        return False
    finally:
        conn.close()


def _incremental(conn: sqlite3.Connection, root: str, hashes: Hashes, begin: str, ready: Any) -> bool:
    from kzcrisis.index.incremental import update_index

    return bool(_without_gc(lambda: update_index(conn, root, hashes, begin=begin, ready=ready)))


def _unchanged(root: str, signature: str) -> bool:
    """Whether the corpus's files' metadata are what they were when the build started."""
    if not signature:
        return True
    try:
        return corpus_signature(root) == signature
    except OSError:
        return False


def _build(conn: sqlite3.Connection, root: str, signature: str, hashes: Hashes | str) -> None:
    """Validate the corpus fully (schema and every grounding check) and fill the index (`hashes`:
    the corpus's content hashes, or only its key).

    Raises CorpusError, the index then unused, if anything is wrong, or if the corpus changed
    while it was read (its files' metadata before and after tell).
    """
    from kzcrisis.index.stream import build_index

    if isinstance(hashes, str):
        _without_gc(lambda: build_index(conn, root, hashes, FORMAT))
    else:
        _without_gc(lambda: build_index(conn, root, hashes.key, FORMAT, hashes))
    if signature:
        try:
            changed = corpus_signature(root) != signature
        except OSError:
            changed = True
        if changed:
            raise _Changed([Problem(root, "the corpus changed while it was being read; run again")])


def _without_gc(function: Any) -> Any:
    """Run a build step with the cyclic garbage collector paused.

    Building allocates millions of objects and frees almost none, so the collector's passes find
    nothing and cost a fifth of the time; reference counting still frees what is dropped.
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return function()
    finally:
        if was_enabled:
            gc.enable()


def rows(index: Index, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
    return index.conn.execute(sql, params).fetchall()
