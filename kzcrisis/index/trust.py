"""Whether a cache folder and the files in it can be trusted, before anything in them is believed.

The index and its trust record are only as honest as the folder they live in. As pip and ssh do
with their per-user files, a cache folder is used only if it and every folder above it are safe
from other users: owned by the current user (or root), and not writable by group or others
(a folder above may be world-writable if it has the sticky bit, like /tmp). Otherwise kzcrisis
warns once and runs without the cache; the answer is then built from the corpus in memory.

The folder must also be an absolute path (`~` expanded) and lie outside the corpus: a relative
path would put the cache wherever the command happens to run, and a cache inside the corpus
would change the corpus's own content hash on every call.

A corpus file modified less than TIMESTAMP_GRANULARITY_NS before its metadata was recorded is
"racily clean" (git's term): a same-size edit in the same tick of a coarse file system would
leave its metadata unchanged. No trust record is written while any file is that recent, so the
next call hashes the content again. Likewise a file's recorded hash (`index.store`'s hash record)
is reused only for a file whose metadata (`stat_line`) are as recorded and that was not racily
clean when the record was written (`racy`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys

from kzcrisis.corpus.files import open_regular

# The coarsest common timestamp granularity (FAT's two seconds; ext3, HFS+ and many network file
# systems have one second).
TIMESTAMP_GRANULARITY_NS = 2_000_000_000

_warned: set[str] = set()


def warn_once(message: str) -> None:
    """One warning per process on stderr (repr quotes any control character in a path)."""
    if message in _warned:
        return
    _warned.add(message)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"kzcrisis: warning: {message}\n")


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _unsafe_folder(path: str, uid: int) -> str | None:
    """Why `path` (a real, absolute folder) could be changed by another user, or None if it cannot."""
    st = os.stat(path)
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a folder"
    if st.st_uid != uid:
        return f"it belongs to user id {st.st_uid}, not to you ({uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"group or others may write to it (mode {stat.S_IMODE(st.st_mode):o})"
    parent = os.path.dirname(path)
    while parent != path:
        path, parent = parent, os.path.dirname(parent)
        st = os.stat(path)
        if st.st_uid not in (uid, 0):
            return f"{path!r} above it belongs to user id {st.st_uid}"
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not st.st_mode & stat.S_ISVTX:
            return f"{path!r} above it may be written by group or others and is not sticky"
    return None


def usable_cache_dir(folder: str | None, corpus_root: str) -> str | None:
    """The cache folder to use (created if need be), resolved, or None to run without a cache.

    The folder is resolved once and every check made on the resolved path, which is the one
    returned and used: a link in the path given, flipped by someone else after the check, changes
    nothing (the folders of the resolved path are all safe from other users, so none can be
    swapped).
    """
    if not folder:
        return None
    folder = os.path.expanduser(folder)
    if not os.path.isabs(folder):
        warn_once(f"the cache folder {folder!r} is not an absolute path: running without the cache")
        return None
    try:
        root = os.path.realpath(corpus_root)
        if not _inside(os.path.realpath(folder), root):
            os.makedirs(folder, mode=0o700, exist_ok=True)
        real = os.path.realpath(folder)
        if _inside(real, root):
            warn_once(f"the cache folder {folder!r} is inside the corpus: running without the cache")
            return None
        getuid = getattr(os, "getuid", None)
        why = _unsafe_folder(real, getuid()) if getuid else None
    except OSError:
        return None  # cannot be created or read: queries answer from memory, as before
    if why:
        warn_once(f"not using the cache folder {folder!r}: {why}; running without the cache")
        return None
    return real


def regular_file(path: str) -> bool:
    """Whether `path` is a regular file, itself and not a link to one (lstat)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_small(path: str, limit: int = 4096) -> str:
    """A small text file of the cache (the trust record), opened as a regular file only."""
    with open_regular(path) as handle:
        return handle.read(limit).decode("utf-8")


def stat_line(st: os.stat_result) -> str:
    """What a file's metadata say of its content: size, mtime, ctime and inode (ctime cannot be set
    back by a program, so an edit, even one that keeps size and mtime, changes the line)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def racy(mtime_ns: int, since_ns: int) -> bool:
    """Whether a file modified at `mtime_ns` is racily clean for metadata recorded at `since_ns`:
    git's rule (not strictly older than the record), widened by the timestamp granularity."""
    return mtime_ns >= since_ns - TIMESTAMP_GRANULARITY_NS


def racily_clean(root: str, files: list[str], since_ns: int) -> bool:
    """Whether any corpus file was modified too recently (see the module's docstring)."""
    for rel in files:
        try:
            if racy(os.lstat(os.path.join(root, rel)).st_mtime_ns, since_ns):
                return True
        except OSError:
            return True
    return False
