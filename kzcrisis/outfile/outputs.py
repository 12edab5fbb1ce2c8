"""Writing outputs: `Outputs` commits several together; the short forms write one."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from kzcrisis.errors import BadInput, KzcrisisError
from kzcrisis.outfile.target import MARKER, STDOUT, check_output, open_parent, refusal, safe_folder
from kzcrisis.outfile.temp import DIR_FLAGS, FILE, FOLDER, NEW_FILE, PENDING, STAGED, Temp, WriteFailed, umask

_MARKER_TEXT = b"Written by kzcrisis export; a new export replaces this folder.\n"
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


def _failure(target: Path, error: OSError) -> KzcrisisError:
    reason = _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()
    return WriteFailed(f"cannot write {target}: {reason}; nothing was changed there")


class _Entry(NamedTuple):
    temp: Temp
    handle: BinaryIO | None  # a FILE's
    mode: int | None
    replace: bool
    key: object  # what the caller holds: the handle, the folder, or the staged path


class OutputFolder:
    """A folder output being built: files and subfolders are made inside it through its descriptor."""

    def __init__(self, temp: Temp) -> None:
        self._temp = temp

    def _walk(self, rel: str) -> tuple[int, str]:
        """The descriptor of the folder that holds `rel` (to close unless it is the top) and its last part."""
        *parts, last = rel.split("/")
        if any(part in ("", ".", "..") for part in (*parts, last)):
            raise ValueError(f"not a path inside the folder: {rel!r}")  # a slug never is one
        fd = self._temp.fd
        for part in parts:
            inner = os.open(part, DIR_FLAGS, dir_fd=fd)
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
            handle = os.fdopen(os.open(last, NEW_FILE, 0o666, dir_fd=fd), "wb")  # less the umask
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
        self._entries: list[_Entry] = []
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
        the final mode (default 0666 less the umask); `prefix`/`suffix` name the temporary file
        (default `.<name>.` and `.tmp`); `stdout`: `-` means standard output."""
        path = check_output(target, stdout=stdout)
        if path == Path(STDOUT):
            self._stdout = sys.stdout.buffer
            return self._stdout
        temp = self._make(path, FILE, prefix, suffix)
        handle = os.fdopen(os.dup(temp.fd), "wb")
        self._entries.append(_Entry(temp, handle, mode, replace, handle))
        return handle

    def path(
        self, target: str | os.PathLike[str], *, mode: int | None = None, prefix: str | None = None
    ) -> str | None:
        """A path where a library that opens files by name (SQLite) may write the file for `target`,
        in a private folder of its own; None where another user could rename that folder (write
        through `file` then)."""
        path = check_output(target)
        if not safe_folder(path.parent):
            return None
        temp = self._make(path, STAGED, prefix, ".tmp")
        staged = os.path.join(os.fspath(path.parent), temp.temp, path.name)
        self._entries.append(_Entry(temp, None, mode, True, staged))
        return staged

    def folder(self, target: str | os.PathLike[str]) -> OutputFolder:
        """A folder to build for `target` (replacing an empty folder or an earlier export)."""
        temp = self._make(check_output(target, folder=True), FOLDER, None, ".tmp")
        built = OutputFolder(temp)
        self._entries.append(_Entry(temp, None, None, True, built))
        return built

    def rename(self, key: object, name: str) -> None:
        """Give an output (a handle or path from `file` or `path`) another name in the same folder."""
        temp = next(entry.temp for entry in self._entries if entry.key is key)
        temp.name, temp.target = name, temp.target.with_name(name)

    def _make(self, path: Path, kind: str, prefix: str | None, suffix: str) -> Temp:
        parent = open_parent(path)
        try:
            temp = Temp(path, parent, kind, f".{path.name}." if prefix is None else prefix, suffix)
        except OSError as exc:
            os.close(parent)
            raise _failure(path, exc) from None
        except BaseException:
            os.close(parent)
            raise
        PENDING[id(temp)] = temp
        return temp

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        target = self._entries[-1].temp.target if self._entries else None  # the one being written
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
        mask = umask()
        for entry in self._entries:  # every output whole on the disk before any is renamed
            try:
                _seal(entry, mask)
            except OSError as error:
                raise _failure(entry.temp.target, error) from None
        for entry in self._entries:
            try:
                entry.temp.place(entry.replace)
            except OSError as error:
                raise _failure(entry.temp.target, error) from None

    def _discard(self) -> None:
        for entry in self._entries:
            PENDING.pop(id(entry.temp), None)
            entry.temp.remove()
            if entry.handle is not None:
                with contextlib.suppress(OSError):
                    entry.handle.close()
            entry.temp.close()
        self._entries.clear()


def _seal(entry: _Entry, mask: int) -> None:
    """Sync and set the mode through descriptors; check again what stands at the target."""
    temp = entry.temp
    if entry.handle is not None:
        entry.handle.flush()
    if temp.kind == FOLDER:
        marker = os.open(MARKER, NEW_FILE, 0o666, dir_fd=temp.fd)
        try:
            os.write(marker, _MARKER_TEXT)
            os.fsync(marker)
        finally:
            os.close(marker)
    default = 0o777 if temp.kind == FOLDER else 0o666
    temp.seal((default & ~mask) if entry.mode is None else entry.mode)
    why = refusal(temp.parent, temp.name, temp.kind == FOLDER)
    if why:
        raise BadInput(f"{temp.target} {why}")


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
