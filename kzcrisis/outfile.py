"""The one writer of every file kzcrisis writes: exports, the curator's files, the cache.

An output lands whole under its name or not at all, and no other user can redirect it:

- the target's folder is opened once; everything after goes through that descriptor, so no path
  another user could change is looked up twice;
- the temporary file or folder is made in that folder (`O_EXCL`, `O_NOFOLLOW`, mode 0600/0700,
  an unguessable name), written through its own descriptor, `fsync`ed and `fchmod`ed through it
  (to 0666/0777 less the umask, unless a use asks otherwise), then renamed with the folder's
  descriptor; if the name then holds anything but what was written, the write fails loudly;
- an existing target is replaced only if it is a regular file (or, for a folder output, a folder
  that is empty or an earlier export), or a symbolic link of the user's own to one; a named pipe,
  a device (`/dev/stdout`, `/dev/null`), a socket or another user's link is refused, before any work;
- the temporary output is removed on any error, on Ctrl-C (`remove_temporaries`, which the
  command line's signal handler calls) and never left for a later run to guess about;
- a full disk is one `WriteFailed` naming the target, not the temporary file.

Standard library only, and nothing heavy at import: the cache writes through here on a first run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kzcrisis.errors import BadInput, KzcrisisError

STDOUT = "-"
# A folder output leaves this file in the folder: a later one may replace a folder that has it (or
# an empty one), never a folder of someone else's files.
MARKER = ".kzcrisis-export"
_MARKER_TEXT = b"Written by kzcrisis export; a new export replaces this folder.\n"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
# What an error of the file system means for an output, in one line naming the target.
_REASONS = {
    errno.ENOSPC: "the disk is full (no space left on device); free some space or write elsewhere",
    errno.EDQUOT: "the disk quota is exceeded; free some space or write elsewhere",
    errno.EFBIG: "the file is too large for this file system; write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.EIO: "input/output error on the disk",
    errno.EACCES: "permission denied; choose a folder you can write",
    errno.EPERM: "operation not permitted; choose a folder you can write",
}
# Errors of the disk, not of the program, wherever they arise while an output is written.
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO)
# A link into these is a system's (`/dev/stdout` -> /proc/self/fd/1): never replaced, even by root,
# whatever descriptor 1 is at the moment.
_SYSTEM_LINKS = ("/proc/", "/dev/")
_SYSTEM_FOLDERS = ("/dev", "/proc", "/sys")
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device (a terminal, /dev/null, /dev/stdout...)"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class WriteFailed(KzcrisisError):
    """An output could not be written (full disk, changed under us): nothing was put in its place."""


# --- what may stand at the target ----------------------------------------------------------------


def check_output(target: str | os.PathLike[str], *, folder: bool = False, stdout: bool = False) -> Path:
    """The target an output may be written to, or `BadInput` saying why not (call before any work).

    `stdout`: the format may be written to standard output, when the user names it `-`.
    """
    text = os.fspath(target)
    if text == STDOUT:
        if stdout:
            return Path(STDOUT)
        raise BadInput(f"this output cannot go to standard output: give a {_noun(folder)} name instead of -")
    path = Path(text)
    if path.name in ("", ".", ".."):
        example = path / ("site" if folder else "kzcrisis.db")
        raise BadInput(f"{text} is a folder: give the name of the {_noun(folder)} to write, e.g. {example}")
    system = _system_folder(path.parent)
    if system:
        fix = "; to write to standard output, give -" if stdout else ""
        raise BadInput(f"{text} is in {system}, the system's devices and processes: write elsewhere{fix}")
    parent = _open_parent(path)
    try:
        refusal = _refusal(parent, path.name, folder, stdout)
    finally:
        os.close(parent)
    if refusal:
        raise BadInput(f"{text} {refusal}")
    return path


def _system_folder(folder: Path) -> str | None:
    """`/dev`, `/proc` or `/sys` if `folder` is in one of them (`/dev/shm` is an ordinary folder)."""
    real = os.path.realpath(folder)
    for top in _SYSTEM_FOLDERS:
        if (real == top or real.startswith(top + "/")) and not real.startswith("/dev/shm"):
            return top
    return None


def _noun(folder: bool) -> str:
    return "folder" if folder else "file"


def _open_parent(path: Path) -> int:
    parent = path.parent
    try:
        return os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise BadInput(f"folder {parent} does not exist: create it first") from None
    except NotADirectoryError:
        raise BadInput(f"{parent} is not a folder") from None
    except OSError as exc:
        raise BadInput(f"cannot open folder {parent}: {exc.strerror or exc}") from None


def _refusal(parent: int, name: str, folder: bool, stdout: bool = False) -> str | None:
    """Why the entry `name` of the open folder `parent` may not be replaced; None if it may."""
    fix = "; to write to standard output, give -" if stdout else ""
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
        return (
            None
            if _replaceable_folder(parent, name)
            else ("is a folder that is not empty and holds no earlier export: give a new or empty folder")
        )
    kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}: kzcrisis writes a regular {_noun(folder)} there and would replace it{fix}"


def _replaceable_folder(parent: int, name: str) -> bool:
    try:
        fd = os.open(
            name, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0), dir_fd=parent
        )
    except OSError:
        return False
    try:
        names = os.listdir(fd)
    finally:
        os.close(fd)
    return not names or MARKER in names


# --- the temporary outputs -----------------------------------------------------------------------


class _Temp:
    """One temporary file or folder in its target's folder, with the descriptors it is used through."""

    def __init__(self, target: Path, parent: int, folder: bool, prefix: str, suffix: str) -> None:
        self.target, self.parent, self.folder = target, parent, folder
        self.name = target.name
        self.owner = os.getpid()  # a forked worker never removes its parent's output
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
        if folder and (self.made.st_uid != os.geteuid() or stat.S_IMODE(self.made.st_mode) & 0o077):
            os.close(self.fd)
            raise WriteFailed(f"{target}: its temporary folder was replaced by someone else; {_SHARED}")

    def _create(self) -> int:
        if not self.folder:
            return os.open(
                self.temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=self.parent
            )
        os.mkdir(self.temp, 0o700, dir_fd=self.parent)
        return os.open(self.temp, _DIR_FLAGS, dir_fd=self.parent)

    def is_ours(self, name: str) -> bool:
        """Whether `name` in the folder is the very file or folder this temporary output made."""
        try:
            now = os.stat(name, dir_fd=self.parent, follow_symlinks=False)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == (self.made.st_dev, self.made.st_ino)

    def remove(self) -> None:
        """Remove the temporary output if its name still holds it (never what someone put there)."""
        if self.owner != os.getpid() or not self.is_ours(self.temp):
            return
        with contextlib.suppress(OSError):
            if self.folder:
                import shutil

                shutil.rmtree(self.temp, dir_fd=self.parent)
            else:
                os.unlink(self.temp, dir_fd=self.parent)


_SHARED = "its folder is writable by another user: write into a folder only you can write"
# Every temporary output not yet renamed or removed, for the Ctrl-C handler.
_PENDING: dict[int, _Temp] = {}


def remove_temporaries() -> None:
    """Remove every temporary output of this process (the signal handlers call this before exiting)."""
    for temp in list(_PENDING.values()):
        with contextlib.suppress(Exception):
            temp.remove()
    _PENDING.clear()


def _umask() -> int:
    """The process's umask, read without changing it where the system says (Linux), else set back."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


# --- writing -------------------------------------------------------------------------------------


class OutputFolder:
    """A folder output being built: files and subfolders are made inside it through its descriptor."""

    def __init__(self, temp: _Temp) -> None:
        self._temp = temp

    def _walk(self, rel: str) -> tuple[int, str]:
        """The descriptor of the folder that holds `rel` (to close unless it is the top) and its last part."""
        *parts, last = rel.split("/")
        if any(part in ("", ".", "..") for part in (*parts, last)):
            raise ValueError(f"not a path inside the folder: {rel!r}")  # a slug never is one
        fd = self._temp.fd
        for part in parts:
            inner = os.open(part, _DIR_FLAGS, dir_fd=fd)
            if fd != self._temp.fd:
                os.close(fd)
            fd = inner
        return fd, last

    def mkdir(self, rel: str) -> None:
        fd, last = self._walk(rel)
        try:
            os.mkdir(last, 0o777, dir_fd=fd)  # less the umask
        finally:
            if fd != self._temp.fd:
                os.close(fd)

    @contextlib.contextmanager
    def open(self, rel: str) -> Iterator[BinaryIO]:
        """A new file `rel` (folders separated by `/`) to write; synced to the disk when the block ends."""
        fd, last = self._walk(rel)
        try:
            handle = os.fdopen(os.open(last, _NEW_FILE, 0o666, dir_fd=fd), "wb")
        finally:
            if fd != self._temp.fd:
                os.close(fd)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())

    def write(self, rel: str, data: str | bytes) -> None:
        with self.open(rel) as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)


class Outputs:
    """Outputs committed together: each is renamed into place, in the order given, when the block
    ends well; on any error (or Ctrl-C) every temporary output is removed and no target changes."""

    def __init__(self) -> None:
        self._temps: list[tuple[_Temp, BinaryIO | None, int | None, bool]] = []
        self._stdout: BinaryIO | None = None

    def __enter__(self) -> Outputs:
        return self

    def file(
        self,
        target: str | os.PathLike[str],
        *,
        replace: bool = True,
        mode: int | None = None,
        prefix: str | None = None,
        suffix: str = ".tmp",
        stdout: bool = False,
    ) -> BinaryIO:
        """A file to write for `target`. `replace=False` never overwrites an existing one; `mode` is
        the file's final mode (default 0666 less the umask); `prefix`/`suffix` name the temporary file
        (default `.<name>.` and `.tmp`); `stdout`: `-` means standard output."""
        path = check_output(target, stdout=stdout)
        if path == Path(STDOUT):
            self._stdout = sys.stdout.buffer
            return self._stdout
        temp = self._make(path, False, prefix, suffix)
        handle = os.fdopen(os.dup(temp.fd), "wb")
        self._temps.append((temp, handle, mode, replace))
        return handle

    def temporary_path(self, handle: BinaryIO) -> str:
        """The path of `handle`'s temporary file, for a library that opens files by name (SQLite).

        Only for a folder no other user can write (the cache): a path is looked up again.
        """
        temp = self._temp_of(handle)
        return os.path.join(os.fspath(temp.target.parent), temp.temp)

    def rename(self, handle: BinaryIO, name: str) -> None:
        """Give `handle`'s file another name in the same folder (known only once it is written)."""
        temp = self._temp_of(handle)
        temp.name, temp.target = name, temp.target.with_name(name)

    def _temp_of(self, handle: BinaryIO) -> _Temp:
        return next(temp for temp, own, _mode, _replace in self._temps if own is handle)

    def folder(self, target: str | os.PathLike[str]) -> OutputFolder:
        """A folder to build for `target` (replacing an empty folder or an earlier export)."""
        temp = self._make(check_output(target, folder=True), True, None, ".tmp")
        self._temps.append((temp, None, None, True))
        return OutputFolder(temp)

    def _make(self, path: Path, folder: bool, prefix: str | None, suffix: str) -> _Temp:
        parent = _open_parent(path)
        try:
            temp = _Temp(path, parent, folder, f".{path.name}." if prefix is None else prefix, suffix)
        except OSError as exc:
            os.close(parent)
            raise _failure(path, exc) from None
        except BaseException:
            os.close(parent)
            raise
        _PENDING[id(temp)] = temp
        return temp

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        target = self._temps[0][0].target if self._temps else None
        try:
            if exc is None:
                self._commit()
        finally:
            self._discard()  # after a commit only descriptors are left: the temporary names are gone
        if isinstance(exc, OSError) and exc.errno in _DISK_ERRORS and target is not None:
            raise _failure(target, exc) from None

    def _commit(self) -> None:
        if self._stdout is not None:
            self._stdout.flush()
        mask = _umask()
        for temp, handle, mode, _replace in self._temps:
            try:
                self._seal(temp, handle, mode, mask)
            except OSError as error:
                raise _failure(temp.target, error) from None
        for temp, _handle, _mode, replace in self._temps:
            try:
                _place(temp, replace)
            except OSError as error:
                raise _failure(temp.target, error) from None

    @staticmethod
    def _seal(temp: _Temp, handle: BinaryIO | None, mode: int | None, mask: int) -> None:
        """Sync and set the mode through the descriptor; check again what stands at the target."""
        if handle is not None:
            handle.flush()
        else:
            _write_marker(temp.fd)
        os.fsync(temp.fd)
        default = 0o777 if temp.folder else 0o666
        os.fchmod(temp.fd, (default & ~mask) if mode is None else mode)
        refusal = _refusal(temp.parent, temp.name, temp.folder)
        if refusal:
            raise BadInput(f"{temp.target} {refusal}")

    def _discard(self) -> None:
        for temp, handle, _mode, _replace in self._temps:
            _PENDING.pop(id(temp), None)
            temp.remove()
            if handle is not None:
                with contextlib.suppress(OSError):
                    handle.close()
            for fd in (temp.fd, temp.parent):
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._temps.clear()


def _write_marker(fd: int) -> None:
    marker = os.open(MARKER, _NEW_FILE, 0o666, dir_fd=fd)
    try:
        os.write(marker, _MARKER_TEXT)
        os.fsync(marker)
    finally:
        os.close(marker)


def _place(temp: _Temp, replace: bool) -> None:
    """Rename the temporary output to its name, through the folder's descriptor; check it is ours."""
    parent, name = temp.parent, temp.name
    if not replace:
        os.link(temp.temp, name, src_dir_fd=parent, dst_dir_fd=parent, follow_symlinks=False)
        os.unlink(temp.temp, dir_fd=parent)
    elif temp.folder:
        _swap_folder(temp)
    else:
        os.rename(temp.temp, name, src_dir_fd=parent, dst_dir_fd=parent)
    if not temp.is_ours(name):
        raise WriteFailed(f"{temp.target} was changed by someone else while it was written; {_SHARED}")
    with contextlib.suppress(OSError):
        os.fsync(parent)


def _swap_folder(temp: _Temp) -> None:
    parent, name = temp.parent, temp.name
    old = f".{name}.{os.urandom(8).hex()}.old"
    try:
        os.rename(name, old, src_dir_fd=parent, dst_dir_fd=parent)
    except FileNotFoundError:
        old = ""
    try:
        os.rename(temp.temp, name, src_dir_fd=parent, dst_dir_fd=parent)
    except BaseException:
        if old:
            os.rename(old, name, src_dir_fd=parent, dst_dir_fd=parent)
        raise
    if old:
        _remove_entry(parent, old)


def _remove_entry(parent: int, name: str) -> None:
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
            import shutil

            shutil.rmtree(name, dir_fd=parent)
        else:
            os.unlink(name, dir_fd=parent)


def _failure(target: Path, error: OSError) -> KzcrisisError:
    reason = _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()
    return WriteFailed(f"cannot write {target}: {reason}; nothing was changed there")


# --- the short forms -----------------------------------------------------------------------------


@contextlib.contextmanager
def output_file(
    target: str | os.PathLike[str], *, replace: bool = True, mode: int | None = None, stdout: bool = False
) -> Iterator[BinaryIO]:
    """One file for `target`, written whole or not at all (see `Outputs.file`)."""
    with Outputs() as outputs:
        yield outputs.file(target, replace=replace, mode=mode, stdout=stdout)


@contextlib.contextmanager
def output_folder(target: str | os.PathLike[str]) -> Iterator[OutputFolder]:
    """One folder for `target`, built whole or not at all (see `Outputs.folder`)."""
    with Outputs() as outputs:
        yield outputs.folder(target)


def write_bytes(
    target: str | os.PathLike[str], data: bytes, *, replace: bool = True, mode: int | None = None
) -> None:
    with output_file(target, replace=replace, mode=mode) as handle:
        handle.write(data)
