"""The one writer of every output file (kzcrisis/outfile.py), attacked as another local user would."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kzcrisis.errors import BadInput
from kzcrisis.outfile import (
    MARKER,
    Outputs,
    WriteFailed,
    check_output,
    output_file,
    output_folder,
    remove_temporaries,
    write_bytes,
)


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    before = os.umask(0o022)
    os.umask(before)
    yield os.umask
    os.umask(before)


def swap_temporaries_for(
    victim: Path, monkeypatch: pytest.MonkeyPatch, folder: Path | None = None, prefix: str = ""
) -> list[str]:
    """Between the write and the rename (at the first fsync), replace the first temporary output
    (a name ending in .tmp, or starting with `prefix` in `folder`) of the folder written to with a
    symbolic link to `victim`, as another user who can write that folder would. Returns the names
    swapped."""
    real_fsync = os.fsync
    swapped: list[str] = []

    def temporary(name: str) -> bool:
        return name.startswith(prefix) if prefix else name.endswith(".tmp")

    def attacker_then_fsync(fd: int) -> None:
        where = folder or Path(os.readlink(f"/proc/self/fd/{fd}")).parent
        for entry in where.iterdir():
            if temporary(entry.name) and not swapped:
                entry.rename(where / "moved-away")
                entry.symlink_to(victim)
                swapped.append(entry.name)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", attacker_then_fsync)
    return swapped


def test_symlink_swap_on_the_temporary_file_leaves_the_victim_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "secret"
    victim.write_bytes(b"root only")
    victim.chmod(0o600)
    shared = tmp_path / "shared"
    shared.mkdir()
    swapped = swap_temporaries_for(victim, monkeypatch)
    with pytest.raises(WriteFailed, match="changed by someone else while it was written"):
        write_bytes(shared / "out.json", b'{"public": true}\n')
    assert swapped and swapped[0].startswith(".out.json.")
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert victim.read_bytes() == b"root only"


def test_symlink_swap_on_the_temporary_folder_leaves_the_victim_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "private"
    victim.mkdir(mode=0o700)
    (victim / "key").write_bytes(b"root only")
    shared = tmp_path / "shared"
    shared.mkdir()
    swapped = swap_temporaries_for(victim, monkeypatch, shared, prefix=".site.")
    with pytest.raises(WriteFailed, match="changed by someone else"), output_folder(shared / "site") as site:
        site.write("index.html", "<p>public</p>")
    assert swapped
    assert stat.S_IMODE(victim.stat().st_mode) == 0o700
    assert sorted(p.name for p in victim.iterdir()) == ["key"]  # nothing written into it
    assert (victim / "key").read_bytes() == b"root only"


def test_a_file_written_whole_honours_the_umask(tmp_path: Path, umask: Callable[[int], int]) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o644)
    for mask, mode in ((0o027, 0o640), (0o077, 0o600), (0o002, 0o664)):
        umask(mask)
        write_bytes(target, b"new")
        assert stat.S_IMODE(target.stat().st_mode) == mode, oct(mask)
    assert target.read_bytes() == b"new"
    umask(0o022)
    write_bytes(tmp_path / "cache", b"private", mode=0o600)  # a use that asks for its own mode
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o600


def test_a_folder_built_whole_honours_the_umask(tmp_path: Path, umask: Callable[[int], int]) -> None:
    umask(0o027)
    with output_folder(tmp_path / "site") as site:
        site.mkdir("articles")
        site.write("articles/dantri.html", "<p>dantri</p>")
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "site" / "articles").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "site" / "articles" / "dantri.html").stat().st_mode) == 0o640
    assert (tmp_path / "site" / MARKER).exists()


@pytest.mark.parametrize("kind", ["fifo", "dev-null", "dev-stdout", "socket", "other-users-link"])
def test_a_pipe_a_device_or_a_socket_at_the_target_is_refused(tmp_path: Path, kind: str) -> None:
    import socket

    target = tmp_path / "out.db"
    expected = {
        "fifo": "is a named pipe",
        "dev-null": "is in /dev",
        "dev-stdout": "is in /dev",
        "socket": "is a socket",
        "other-users-link": "a link to a process's descriptor or a device",
    }[kind]
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    elif kind == "other-users-link":
        target.symlink_to("/proc/self/fd/1")  # what /dev/stdout is; refused even as root
    else:
        target = Path("/dev/null" if kind == "dev-null" else "/dev/stdout")
    before = os.lstat(target)
    with pytest.raises(BadInput, match=expected):
        check_output(target)
    with pytest.raises(BadInput, match=expected), output_file(target) as out:
        out.write(b"never")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_standard_output_only_when_named_dash(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(BadInput, match="cannot go to standard output"):
        check_output("-")
    with output_file("-", stdout=True) as out:
        out.write(b"to stdout\n")
    assert capfdbinary.readouterr().out == b"to stdout\n"


def test_a_folder_target_is_empty_or_an_earlier_export(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(BadInput, match="not empty and holds no earlier export"):
        check_output(mine, folder=True)
    with pytest.raises(BadInput, match="is a folder: give a file name"):
        check_output(mine)
    with pytest.raises(BadInput, match="is a file: give a folder name"):
        check_output(mine / "notes.txt", folder=True)
    with pytest.raises(BadInput, match="does not exist"):
        check_output(tmp_path / "missing" / "kz.db")


def test_a_failed_block_keeps_the_earlier_output_and_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with output_folder(out) as site:
        site.write("index.html", "first")

    def interrupted_folder() -> None:
        with output_folder(out) as site:
            site.write("index.html", "half")
            raise KeyboardInterrupt

    def failed_file() -> None:
        with output_file(tmp_path / "a.jsonld") as handle:
            handle.write(b"half")
            raise RuntimeError("interrupted")

    with pytest.raises(KeyboardInterrupt):
        interrupted_folder()
    assert (out / "index.html").read_text() == "first"
    with pytest.raises(RuntimeError):
        failed_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    with output_folder(out) as site:  # an earlier export is replaced whole
        site.write("other.html", "second")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "other.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_never_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    write_bytes(target, b"first", replace=False)
    with pytest.raises(WriteFailed, match="file exists"):
        write_bytes(target, b"second", replace=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.json"]


def test_a_full_disk_is_one_error_naming_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "kz.db"
    target.write_bytes(b"earlier")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteFailed) as failed:
        write_bytes(target, b"x" * 1000)
    assert str(failed.value) == f"cannot write {target}: {DISK_FULL}; nothing was changed there"
    monkeypatch.undo()

    def write_on_a_full_disk() -> None:
        with output_file(target) as out:
            out.write(b"x")
            raise OSError(errno.ENOSPC, "No space left on device")  # as a write would

    with pytest.raises(WriteFailed, match="the disk is full"):
        write_on_a_full_disk()
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["kz.db"]


DISK_FULL = "the disk is full (no space left on device); free some space or write elsewhere"


def test_the_temporary_file_is_new_private_and_never_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    with Outputs() as outputs:
        handle = outputs.file(tmp_path / "out.db", prefix=".tmp-abc-", suffix=".sqlite")
        (temp,) = tmp_path.iterdir()
        assert temp.name.startswith(".tmp-abc-") and temp.name.endswith(".sqlite")
        assert len(temp.name) == len(".tmp-abc-") + 16 + len(".sqlite")
        assert stat.S_IMODE(temp.stat().st_mode) == 0o600  # private while it is written
        handle.write(b"data")
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    planted = tmp_path / f".out.db.{'00' * 8}.tmp"
    planted.symlink_to(elsewhere)  # a name taken by someone: never opened (O_EXCL), no name free
    with pytest.raises(WriteFailed, match="no unused temporary name"):
        write_bytes(tmp_path / "out.db", b"never")
    assert not elsewhere.exists()
    assert (tmp_path / "out.db").read_bytes() == b"data"


def test_a_path_for_a_library_only_in_a_private_folder_no_one_else_can_rename(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir(mode=0o755)
    with Outputs() as outputs:
        staged = outputs.path(own / "kz.db", mode=0o644)
        assert staged is not None
        folder = Path(staged).parent
        assert folder.parent == own and stat.S_IMODE(folder.stat().st_mode) == 0o700
        Path(staged).write_bytes(b"by name")  # as SQLite would
    assert (own / "kz.db").read_bytes() == b"by name"
    assert stat.S_IMODE((own / "kz.db").stat().st_mode) == 0o644
    assert [p.name for p in own.iterdir()] == ["kz.db"]
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # anyone may rename what is in it: no path is handed out
    with Outputs() as outputs:
        assert outputs.path(shared / "kz.db") is None
    shared.chmod(0o1777)  # sticky, like /tmp: no one renames another's entries
    with Outputs() as outputs:
        staged = outputs.path(shared / "kz.db")
        assert staged is not None
        Path(staged).write_bytes(b"sticky")
    assert (shared / "kz.db").read_bytes() == b"sticky"


def test_remove_temporaries_removes_what_is_being_written(tmp_path: Path) -> None:
    """What the Ctrl-C handler calls; the real SIGINT is tested on the command line."""
    seen: list[int] = []

    def interrupted() -> None:
        with Outputs() as outputs:
            outputs.file(tmp_path / "kz.db").write(b"half")
            outputs.folder(tmp_path / "site")
            seen.append(len(list(tmp_path.iterdir())))
            remove_temporaries()
            seen.append(len(list(tmp_path.iterdir())))

    with pytest.raises(WriteFailed, match="no such file"):  # nothing left to rename
        interrupted()
    assert seen == [2, 0]
    assert list(tmp_path.iterdir()) == []
