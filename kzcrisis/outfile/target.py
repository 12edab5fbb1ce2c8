"""What may stand where an output goes, checked on the folder's descriptor; and which folders are safe.

An existing target is replaced only if it is a regular file (or, for a folder output, a folder
that is empty or an earlier export), or a symbolic link of the user's own to one. A named pipe,
a device, a socket, another user's link, a link into /proc or /dev, and anything in /dev, /proc
or /sys are refused with the reason, before any work.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kzcrisis.errors import BadInput

STDOUT = "-"
# A folder output leaves this file in the folder: a later one may replace a folder that has it (or
# an empty one), never a folder of someone else's files.
MARKER = ".kzcrisis-export"

_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
# A link into these is the system's (`/dev/stdout` -> /proc/self/fd/1): never replaced, even by
# root, whatever descriptor 1 is at the moment.
_SYSTEM_LINKS = ("/proc/", "/dev/")
_SYSTEM_FOLDERS = ("/dev", "/proc", "/sys")
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device (a terminal, /dev/null, /dev/stdout...)"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output(target: str | os.PathLike[str], *, folder: bool = False, stdout: bool = False) -> Path:
    """The target an output may be written to, or `BadInput` saying why not (call before any work).

    `stdout`: the format may be written to standard output, when the user names it `-`.
    """
    text = os.fspath(target)
    fix = "; to write to standard output, give -" if stdout else ""
    if text == STDOUT:
        if stdout:
            return Path(STDOUT)
        raise BadInput(f"this output cannot go to standard output: give a {noun(folder)} name instead of -")
    path = Path(text)
    if path.name in ("", ".", ".."):
        example = path / ("site" if folder else "kzcrisis.db")
        raise BadInput(f"{text} is a folder: give the name of the {noun(folder)} to write, e.g. {example}")
    system = _system_folder(path.parent)
    if system:
        raise BadInput(f"{text} is in {system}, the system's devices and processes: write elsewhere{fix}")
    parent = open_parent(path)
    try:
        why = refusal(parent, path.name, folder, fix)
    finally:
        os.close(parent)
    if why:
        raise BadInput(f"{text} {why}")
    return path


def noun(folder: bool) -> str:
    return "folder" if folder else "file"


def _system_folder(folder: Path) -> str | None:
    """`/dev`, `/proc` or `/sys` if `folder` is in one of them (`/dev/shm` is an ordinary folder)."""
    real = os.path.realpath(folder)
    for top in _SYSTEM_FOLDERS:
        if (real == top or real.startswith(top + "/")) and not real.startswith("/dev/shm"):
            return top
    return None


def open_parent(path: Path) -> int:
    """A descriptor of the folder `path` is in: everything after goes through it."""
    parent = path.parent
    try:
        return os.open(parent, _DIRECTORY)
    except FileNotFoundError:
        raise BadInput(f"folder {parent} does not exist: create it first") from None
    except NotADirectoryError:
        raise BadInput(f"{parent} is not a folder") from None
    except OSError as exc:
        raise BadInput(f"cannot open folder {parent}: {exc.strerror or exc}") from None


def refusal(parent: int, name: str, folder: bool, fix: str = "") -> str | None:
    """Why the entry `name` of the open folder `parent` may not be replaced; None if it may."""
    try:
        entry = os.stat(name, dir_fd=parent, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(entry.st_mode):
        if entry.st_uid != os.geteuid():
            return "is a symbolic link owned by another user: remove it or give another name"
        if os.readlink(name, dir_fd=parent).startswith(_SYSTEM_LINKS):
            return f"is a link to a process's descriptor or a device (in /proc or /dev){fix}"
        try:
            entry = os.stat(name, dir_fd=parent)
        except OSError:
            return None  # a dangling link of the user's own: the output replaces the link
    return _kind_refusal(parent, name, entry, folder, fix)


def _kind_refusal(parent: int, name: str, entry: os.stat_result, folder: bool, fix: str) -> str | None:
    mode = entry.st_mode
    if stat.S_ISREG(mode):
        return "is a file: give a folder name for this export" if folder else None
    if stat.S_ISDIR(mode):
        if not folder:
            return f"is a folder: give a file name, e.g. {os.path.join(name, 'kzcrisis.db')}"
        if _replaceable_folder(parent, name):
            return None
        return "is a folder that is not empty and holds no earlier export: give a new or empty folder"
    kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}: kzcrisis writes a regular {noun(folder)} there and would replace it{fix}"


def _replaceable_folder(parent: int, name: str) -> bool:
    try:
        fd = os.open(name, _DIRECTORY, dir_fd=parent)
    except OSError:
        return False
    try:
        names = os.listdir(fd)
    finally:
        os.close(fd)
    return not names or MARKER in names


def safe_folder(folder: Path) -> bool:
    """Whether no other user can rename or replace `folder` or any folder above it.

    Then a name made under it stays put, and a library that opens files by name (SQLite) may be
    given one. Each folder on the way must be the user's or root's, and writable by no one else
    unless sticky (like /tmp, where no one renames another's entries).
    """
    euid = os.geteuid()
    current = os.path.realpath(folder)
    while True:
        try:
            st = os.stat(current)
        except OSError:
            return False
        if st.st_uid not in (euid, 0) or (st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX):
            return False
        up = os.path.dirname(current)
        if up == current:
            return True
        current = up
