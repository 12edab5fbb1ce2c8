"""Temporary outputs: made beside their target through the folder's descriptor, placed or removed.

Three kinds: a FILE written through its own descriptor; a FOLDER built through its descriptor;
a STAGED file, which a library writes by name inside a private folder (0700) of its own, used
only where no other user can rename that folder (`target.safe_folder`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from kzcrisis.errors import KzcrisisError

FILE, FOLDER, STAGED = "file", "folder", "staged"
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | NOFOLLOW
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW
SHARED = "its folder is writable by another user: write into a folder only you can write"


class WriteFailed(KzcrisisError):
    """An output could not be written (full disk, changed under us): nothing was put in its place."""


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class Temp:
    """One temporary output in its target's folder, with the descriptors it is used through."""

    def __init__(self, target: Path, parent: int, kind: str, prefix: str, suffix: str) -> None:
        self.target, self.parent, self.kind = target, parent, kind
        self.name = target.name  # the name it gets in the folder (`rename` may change it)
        self.inner = target.name  # a STAGED file's name inside its private folder
        self.owner = os.getpid()  # a forked worker never removes its parent's output
        self.placed: tuple[int, int] | None = None  # the identity of what is placed
        for _ in range(100):
            self.temp = f"{prefix}{os.urandom(8).hex()}{suffix}"
            try:
                self.fd = self._create()
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(errno.EEXIST, "no unused temporary name", os.fspath(target.parent))
        self.made = os.fstat(self.fd)
        if kind != FILE and (self.made.st_uid != os.geteuid() or stat.S_IMODE(self.made.st_mode) & 0o077):
            os.close(self.fd)
            raise WriteFailed(f"{target}: its temporary folder was replaced by someone else; {SHARED}")

    def _create(self) -> int:
        if self.kind == FILE:
            flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW
            return os.open(self.temp, flags, 0o600, dir_fd=self.parent)
        os.mkdir(self.temp, 0o700, dir_fd=self.parent)
        return os.open(self.temp, DIR_FLAGS, dir_fd=self.parent)

    def holds(self, name: str, identity: tuple[int, int]) -> bool:
        """Whether `name` in the folder is the file or folder of that identity (not a link to it)."""
        try:
            return _identity(os.stat(name, dir_fd=self.parent, follow_symlinks=False)) == identity
        except OSError:
            return False

    def remove(self) -> None:
        """Remove the temporary output if its name still holds it (never what someone put there)."""
        if self.owner == os.getpid() and self.holds(self.temp, _identity(self.made)):
            remove_entry(self.parent, self.temp)

    def seal(self, mode: int) -> None:
        """Sync to the disk and set the final mode, through descriptors only."""
        if self.kind != STAGED:
            os.fsync(self.fd)
            os.fchmod(self.fd, mode)
            self.placed = _identity(self.made)
            return
        fd = os.open(self.inner, os.O_RDONLY | NOFOLLOW, dir_fd=self.fd)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise WriteFailed(f"{self.target}: not a regular file was written")
            os.fsync(fd)
            os.fchmod(fd, mode)
            self.placed = _identity(st)
        finally:
            os.close(fd)

    def place(self, replace: bool) -> None:
        """Rename the output to its name through the folder's descriptor; check that the name holds it."""
        parent, name = self.parent, self.name
        if not replace:
            os.link(self.temp, name, src_dir_fd=parent, dst_dir_fd=parent, follow_symlinks=False)
            os.unlink(self.temp, dir_fd=parent)
        elif self.kind == FOLDER:
            self._swap_folder()
        elif self.kind == STAGED:
            os.rename(self.inner, name, src_dir_fd=self.fd, dst_dir_fd=parent)
            with contextlib.suppress(OSError):
                os.rmdir(self.temp, dir_fd=parent)  # its private folder, empty now
        else:
            os.rename(self.temp, name, src_dir_fd=parent, dst_dir_fd=parent)
        if self.placed is None or not self.holds(name, self.placed):
            raise WriteFailed(f"{self.target} was changed by someone else while it was written; {SHARED}")
        with contextlib.suppress(OSError):
            os.fsync(parent)

    def _swap_folder(self) -> None:
        parent, name = self.parent, self.name
        old = f".{name}.{os.urandom(8).hex()}.old"
        try:
            os.rename(name, old, src_dir_fd=parent, dst_dir_fd=parent)
        except FileNotFoundError:
            old = ""
        try:
            os.rename(self.temp, name, src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            if old:
                os.rename(old, name, src_dir_fd=parent, dst_dir_fd=parent)
            raise
        if old:
            remove_entry(parent, old)

    def close(self) -> None:
        for fd in (self.fd, self.parent):
            with contextlib.suppress(OSError):
                os.close(fd)


def remove_entry(parent: int, name: str) -> None:
    """Remove a file or a whole folder `name` of the open folder `parent`, never through a link."""
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
            import shutil

            shutil.rmtree(name, dir_fd=parent)
        else:
            os.unlink(name, dir_fd=parent)


# Every temporary output not yet placed or removed, for the signal handlers.
PENDING: dict[int, Temp] = {}


def remove_temporaries() -> None:
    """Remove every temporary output of this process (the signal handlers call this before exiting)."""
    for temp in list(PENDING.values()):
        with contextlib.suppress(Exception):
            temp.remove()
    PENDING.clear()


def umask() -> int:
    """The process's umask, read without changing it where the system says (Linux), else set back."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
