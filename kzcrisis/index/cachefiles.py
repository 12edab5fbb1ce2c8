"""The cache folder's files: named, opened read-only as regular files, written, cleaned up.

Apart from `store`, which decides what to trust and when to build, so that each reads in one sitting.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3

from kzcrisis.corpus.files import open_regular
from kzcrisis.index.lock import TMP_PREFIX, our_temp, ours
from kzcrisis.index.schema import FORMAT
from kzcrisis.index.trust import regular_file, stat_line

_CHUNK = 1 << 20
# An index of the cache, `<corpus prefix><corpus key>-<32 random hex digits>.sqlite` (`new_name`),
# and the rollback journal SQLite keeps beside it while it is updated in place (`index.store`).
_OUR_INDEX = re.compile(r"[0-9a-f]{16}-[0-9a-f]{32}-[0-9a-f]{32}\.sqlite(?:-journal)?")


def atomic_write(path: str, data: bytes) -> None:
    """A cache file (only this user may read it), written whole by the one writer."""
    from kzcrisis.outfile import Outputs

    with Outputs() as outputs:
        outputs.file(path, mode=0o600, prefix=TMP_PREFIX).write(data)


def connect_ro(path: str) -> sqlite3.Connection:
    """An index file nobody writes (the wheel's own): read without locks or a journal."""
    return _checked(path, f"file:{uri_path(path)}?mode=ro&immutable=1")


def connect_cache(path: str, vouched: str | None = None) -> sqlite3.Connection:
    """An index of the cache folder, read in one transaction: the whole call sees one state of it,
    however long it streams, and a rebuild that updates the file in place waits for it, or copies
    it (`index.store`). With `vouched` (the file's `trust.stat_line` as the trust record has it),
    the file must still be as vouched once the read lock is held: a rebuild that came in between is
    seen, never read as the content that was vouched for."""
    conn = _checked(path, f"file:{uri_path(path)}?mode=ro")
    try:
        if vouched is not None and stat_line(os.lstat(path)) != vouched:
            raise sqlite3.DatabaseError("changed since it was vouched for")
    except BaseException:
        conn.close()
        raise
    return conn


def _checked(path: str, uri: str) -> sqlite3.Connection:
    """A connection to the index at `path` (`uri`), in a read transaction begun by reading its
    format, if it is a regular file and an index of this format."""
    if not regular_file(path):
        raise sqlite3.DatabaseError("not a regular file")
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("BEGIN")
        row = conn.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if not row or row[0] != FORMAT:
            raise sqlite3.DatabaseError("not an index of this format")
    except BaseException:
        conn.close()
        raise
    return conn


def new_name(prefix: str, key: str) -> str:
    """A new index file's name: the corpus prefix, the content key it holds, and 32 random hex
    digits that tell two writes apart (the trust record, not the name, vouches for the bytes)."""
    return f"{prefix}{key[:32]}-{os.urandom(16).hex()}.sqlite"


def renamed(name: str, prefix: str, key: str) -> str:
    """The name of the index file `name` (`new_name(prefix, ...)`) once brought up to content `key`
    in place: the same random digits."""
    return f"{prefix}{key[:32]}{name[len(prefix) + 32 :]}"


def copy_index(source: str, target: str) -> bool:
    """Copy an index of the cache into `target` (a new file in the writer's private folder, made
    here, 0600), neither end followed through a link; by the kernel where it can
    (`os.copy_file_range`: no byte passes through Python). False, and nothing to use, if it fails."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        with open_regular(source) as handle, os.fdopen(os.open(target, flags, 0o600), "wb") as out:
            if _copied_by_kernel(handle.fileno(), out.fileno()):
                return True
            while chunk := handle.read(_CHUNK):
                out.write(chunk)
    except OSError:
        return False
    return True


def _copied_by_kernel(source: int, target: int) -> bool:
    """Copy the whole of `source` into `target` (both at offset 0, neither file position moved) in
    the kernel; False where it cannot, the caller then copying by reads and writes from the start."""
    copy = getattr(os, "copy_file_range", None)
    if copy is None:
        return False
    size, done = os.fstat(source).st_size, 0
    try:
        while done < size:
            copied = copy(source, target, size - done, done, done)
            if not copied:
                break  # the source shrank: the read loop copies what it holds
            done += copied
    except OSError:
        pass  # not supported here (another file system, an old kernel...)
    if done == size:
        return True
    os.ftruncate(target, 0)
    return False


def uri_path(path: str) -> str:
    # What SQLite's URI parser treats specially, escaped by hand: urllib costs start-up time.
    text = os.path.abspath(path).replace(os.sep, "/")
    return text.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


# A temporary file older than this was left by a writer that was killed: nobody will rename it.
ABANDONED_SECONDS = 3600


def remove_stale(folder: str, prefix: str, keep: str) -> None:
    """Remove this corpus's older indexes, and temporary outputs (files or private folders) a killed
    writer left: only names kzcrisis makes, only regular files or folders of this user (`lock.ours`),
    through the folder's descriptor, never anything else in the folder."""
    import time

    from kzcrisis.outfile import remove_entry

    now = time.time()
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for name in os.listdir(fd):
            path = os.path.join(folder, name)
            stale = _OUR_INDEX.fullmatch(name) is not None and name.startswith(prefix) and path != keep
            if not (stale or our_temp(name)) or not ours(fd, name):
                continue
            with contextlib.suppress(OSError):
                age = now - os.stat(name, dir_fd=fd, follow_symlinks=False).st_mtime
                if stale or age > ABANDONED_SECONDS:
                    remove_entry(fd, name)
    finally:
        os.close(fd)
