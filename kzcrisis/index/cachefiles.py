"""The cache folder's files: hashed, opened read-only as regular files, written, cleaned up.

Apart from `store`, which decides what to trust and when to build, so that each reads in one sitting.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from typing import Any

from kzcrisis.corpus.files import open_regular
from kzcrisis.index.lock import TMP_PREFIX, our_temp, ours
from kzcrisis.index.schema import FORMAT
from kzcrisis.index.trust import regular_file

_CHUNK = 1 << 20
# An index of the cache: `<corpus prefix><corpus key>-<file hash>.sqlite` (see `index.store`).
_OUR_INDEX = re.compile(r"[0-9a-f]{16}-[0-9a-f]{32}-[0-9a-f]{32}\.sqlite")


def new_file_digest() -> Any:
    """The hash of an index file's bytes, the second half of its name: SHA-256, which CPUs compute
    in hardware (twice BLAKE2b's speed on an index of hundreds of MB, rehashed at every rebuild)."""
    import hashlib

    return hashlib.sha256()


def file_hash(path: str) -> str:
    digest = new_file_digest()
    with open_regular(path) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return str(digest.hexdigest())


def atomic_write(path: str, data: bytes) -> None:
    """A cache file (only this user may read it), written whole by the one writer."""
    from kzcrisis.outfile import Outputs

    with Outputs() as outputs:
        outputs.file(path, mode=0o600, prefix=TMP_PREFIX).write(data)


def connect_ro(path: str) -> sqlite3.Connection:
    if not regular_file(path):
        raise sqlite3.DatabaseError("not a regular file")
    conn = sqlite3.connect(f"file:{uri_path(path)}?mode=ro&immutable=1", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if not row or row[0] != FORMAT:
            raise sqlite3.DatabaseError("not an index of this format")
    except BaseException:
        conn.close()
        raise
    return conn


def open_cached(folder: str, stem: str) -> tuple[sqlite3.Connection, str] | None:
    try:
        names = [n for n in os.listdir(folder) if n.startswith(stem) and n.endswith(".sqlite")]
    except OSError:
        return None
    for name in names:
        path = os.path.join(folder, name)
        try:
            if file_hash(path)[:32] != name[len(stem) : -len(".sqlite")]:
                continue  # corrupted since it was written: never served, replaced below
            return connect_ro(path), path
        except (OSError, sqlite3.Error):
            continue
    return None


def latest_index(folder: str, prefix: str) -> str | None:
    """This corpus's most recent index in the cache folder (a regular file of this user, under the
    name an index gets), or None: what an incremental build starts from (its hash is checked by
    `copy_index`)."""
    found: list[tuple[int, str]] = []
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        for name in os.listdir(fd):
            if name.startswith(prefix) and _OUR_INDEX.fullmatch(name) and ours(fd, name):
                with contextlib.suppress(OSError):
                    st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode):
                        found.append((st.st_mtime_ns, name))
    finally:
        os.close(fd)
    return os.path.join(folder, max(found)[1]) if found else None


def copy_index(source: str, target: str, *, check: bool) -> bool:
    """Copy an index of the cache into `target` (a new file in the writer's private folder, made
    here, 0600), neither end followed through a link. With `check`, hashed on the way: False, and
    nothing to use, unless its bytes match the hash its name carries. Without it, copied by the
    kernel where it can (`os.copy_file_range`: no byte passes through Python)."""
    wanted = os.path.basename(source)[-len("0" * 32 + ".sqlite") : -len(".sqlite")]
    digest = new_file_digest()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        with open_regular(source) as handle, os.fdopen(os.open(target, flags, 0o600), "wb") as out:
            if not check and _copied_by_kernel(handle.fileno(), out.fileno()):
                return True
            while chunk := handle.read(_CHUNK):
                if check:
                    digest.update(chunk)
                out.write(chunk)
    except OSError:
        return False
    return not check or str(digest.hexdigest())[:32] == wanted


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
