"""One index build at a time per corpus and cache folder: an advisory lock on a file beside the cache.

Why: processes started together on an empty cache (a script running kzcrisis in parallel after an
install or a corpus change) would each build the same index, several times the memory and time of
one build. With the lock one builds; the others wait, then find the new index through the trust
record and only read it.

Why `fcntl.flock` (standard library) rather than a lock library: the kernel releases the lock when
its holder dies, killed or crashed, so a dead builder never blocks the next call, and there is no
stale lock to detect or timeout to guess. The lock file itself is never removed (removing a file
others may hold open is a race); it is empty and one per corpus. Where `fcntl` is missing
(Windows), or the cache folder is not writable, there is no lock: each process builds for itself,
as correct as before, only slower.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator

TMP_PREFIX = ".tmp-"
# The only temporary names kzcrisis makes in a cache folder (the writer, `kzcrisis.outfile`, with
# this prefix): the prefix, an optional corpus prefix, 16 random hex digits, `.tmp` (a cache file, or
# the private folder an index is built in; `.sqlite` or nothing from earlier versions). Clean-up
# removes nothing else.
_OUR_TEMP = re.compile(r"\.tmp-(?:[0-9a-f]{16}-)?[0-9a-f]{16}(?:\.tmp|\.sqlite)?")


def ours(folder: int, name: str) -> bool:
    """Whether `name` in the open folder `folder` is something kzcrisis may remove: a regular file or
    a folder (never a link), owned by this user, under a name kzcrisis makes (callers say which)."""
    try:
        st = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    kind_ok = stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)
    return kind_ok and (getuid is None or st.st_uid == getuid())


def our_temp(name: str) -> bool:
    return _OUR_TEMP.fullmatch(name) is not None


def lock_path(folder: str, prefix: str) -> str:
    return os.path.join(folder, prefix + "build.lock")


@contextlib.contextmanager
def build_lock(folder: str, prefix: str) -> Iterator[bool]:
    """Hold the build lock of one corpus (`prefix`) in `folder`; yields whether it is held."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield False
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(lock_path(folder, prefix), flags, 0o600)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # blocks until the holder is done (or dead)
        except OSError:
            yield False  # a file system without locks (some network mounts)
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def remove_leftovers(folder: str, prefix: str) -> None:
    """Remove the temporary files of an earlier build of this corpus, killed before it renamed them.

    Call only with the build lock held: then no other process is writing one.
    """
    from kzcrisis.outfile import remove_entry

    start = TMP_PREFIX + prefix
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            for name in os.listdir(fd):
                if name.startswith(start) and our_temp(name) and ours(fd, name):
                    remove_entry(fd, name)  # a temporary file, or a private folder with one inside
        finally:
            os.close(fd)
