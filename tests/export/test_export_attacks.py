"""`kzcrisis export` attacked through its output: another user's folder, special files, Ctrl-C, full disk."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.cli.app import _run
from tests.conftest import ROOT


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = _run(["export", *args])
    return code, capsys.readouterr().err


def test_symlink_swap_on_an_exports_temporary_file_leaves_the_victim_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "shadow"
    victim.write_text("root:secret\n")
    victim.chmod(0o600)
    shared = tmp_path / "users-folder"
    shared.mkdir()
    real_fsync = os.fsync
    swapped: list[str] = []

    def attacker_between_write_and_rename(fd: int) -> None:
        for entry in shared.iterdir():
            if entry.name.startswith(".claims.jsonld.") and not swapped:
                entry.unlink()
                entry.symlink_to(victim)
                swapped.append(entry.name)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", attacker_between_write_and_rename)
    code, err = export(capsys, "annotations", str(shared / "claims.jsonld"))
    assert swapped, "the hook never saw the temporary file"
    assert code == 1 and "changed by someone else while it was written" in err
    assert "Traceback" not in err
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert victim.read_text() == "root:secret\n"


def test_exports_honour_the_umask(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = os.umask(0o027)
    try:
        assert export(capsys, "sqlite", str(tmp_path / "kz.db"))[0] == 0
        assert export(capsys, "html", str(tmp_path / "site"))[0] == 0
    finally:
        os.umask(before)
    for path, mode in (
        (tmp_path / "kz.db", 0o640),
        (tmp_path / "kz.metadata.json", 0o640),
        (tmp_path / "site", 0o750),
        (tmp_path / "site" / "articles", 0o750),
        (tmp_path / "site" / "articles" / "dantri.html", 0o640),
        (tmp_path / "site" / "index.html", 0o640),
    ):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_a_fifo_a_device_or_dev_stdout_at_out_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "kz.db"
    os.mkfifo(fifo)
    code, err = export(capsys, "sqlite", str(fifo))
    assert code == 2 and "is a named pipe (FIFO)" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    for device in ("/dev/null", "/dev/stdout"):
        before = os.lstat(device)
        code, err = export(capsys, "annotations", device)
        assert code == 2 and f"{device} is in /dev" in err and "give -" in err
        assert os.lstat(device).st_ino == before.st_ino and os.lstat(device).st_mode == before.st_mode
    code, err = export(capsys, "sqlite", "-")
    assert code == 2 and "cannot go to standard output" in err
    code, err = export(capsys, "html", str(fifo))
    assert code == 2 and "is a named pipe" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kz.db"]


def test_annotations_go_to_stdout_only_when_named_dash(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code = _run(["export", "annotations", "-", "--source", "dantri"])
    out = capfdbinary.readouterr()
    assert code == 0
    collection = json.loads(out.out)
    ids = [item["id"].rsplit("#", 1)[1] for item in collection["first"]["items"]]
    assert "dantri-004" in ids and all(i.startswith("dantri-") for i in ids)
    assert collection["total"] == len(ids)
    assert b"exported" in out.err and b"standard output" in out.err


def test_sqlite_export_is_not_replaced_when_its_metadata_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kzcrisis.export import sqlite as export_sqlite

    db = tmp_path / "kz.db"
    db.write_bytes(b"the earlier export")
    meta = tmp_path / "kz.metadata.json"
    meta.mkdir()  # the metadata cannot be written there: said before any work
    code, err = export(capsys, "sqlite", str(db))
    assert code == 2 and "kz.metadata.json is a folder" in err
    assert db.read_bytes() == b"the earlier export"
    meta.rmdir()

    def broken(*_args: object) -> dict[str, object]:
        raise ValueError("metadata failed")

    monkeypatch.setattr(export_sqlite, "datasette_metadata", broken)
    assert export(capsys, "sqlite", str(db))[0] == 1
    assert db.read_bytes() == b"the earlier export"
    monkeypatch.undo()

    real_rename = os.rename

    def metadata_rename_fails(src: str, dst: str, **fds: int) -> None:
        if dst == "kz.metadata.json":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_rename(src, dst, **fds)

    monkeypatch.setattr(os, "rename", metadata_rename_fails)
    code, err = export(capsys, "sqlite", str(db))
    assert code == 1 and "cannot write" in err and "kz.metadata.json" in err
    assert db.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kz.db"]


def test_a_full_disk_is_one_line_exit_1_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    db = tmp_path / "kz.db"
    monkeypatch.setattr(os, "fsync", disk_full)
    for fmt, out in (("sqlite", db), ("annotations", tmp_path / "a.jsonld"), ("html", tmp_path / "site")):
        code, err = export(capsys, fmt, str(out))
        named = tmp_path / "kz.metadata.json" if fmt == "sqlite" else out  # the first one committed
        assert code == 1
        assert err.splitlines() == [
            f"kzcrisis: cannot write {named}: the disk is full (no space left on device); "
            "free some space or write elsewhere; nothing was changed there"
        ]
    assert list(tmp_path.iterdir()) == []


SLOW_EXPORT = textwrap.dedent(
    """
    import os, sys, time
    real_fsync = os.fsync
    def slow_fsync(fd):
        print("writing", flush=True)  # the temporary output exists now
        time.sleep(60)
    os.fsync = slow_fsync
    sys.argv = ["kzcrisis", "export", sys.argv[1], sys.argv[2]]
    from kzcrisis.cli import main
    main()
    """
)


@pytest.mark.parametrize("fmt", ["sqlite", "html"])
def test_ctrl_c_leaves_no_temporary_output(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("kz.db" if fmt == "sqlite" else "site")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, fmt, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "writing\n"
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and err == ""
    assert list(tmp_path.iterdir()) == []


def test_sqlite_export_into_a_folder_others_can_write_never_opens_a_path_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # anyone could rename a private folder made in it: SQLite builds in memory
    real_connect = sqlite3.connect
    opened: list[str] = []

    def recording_connect(database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(str(database))
        connection: sqlite3.Connection = real_connect(database, *args, **kwargs)
        return connection

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    code, err = export(capsys, "sqlite", str(shared / "kz.db"))
    monkeypatch.undo()
    assert code == 0, err
    assert ":memory:" in opened and not any(str(shared) in name for name in opened)
    conn = sqlite3.connect(shared / "kz.db")
    assert conn.execute("SELECT COUNT(*) FROM claims").fetchone() == (133,)
    conn.close()


def test_sqlite_full_while_building_is_one_line_naming_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's own "database or disk is full" (a page limit makes it real), not an internal error."""
    import sqlite3

    from kzcrisis.export import sqlite as export_sqlite

    real_fill = export_sqlite._fill

    def on_a_small_disk(conn: sqlite3.Connection, *args: Any) -> None:
        conn.execute("PRAGMA max_page_count = 20")
        real_fill(conn, *args)

    monkeypatch.setattr(export_sqlite, "_fill", on_a_small_disk)
    db = tmp_path / "kz.db"
    db.write_bytes(b"the earlier export")
    code, err = export(capsys, "sqlite", str(db))
    assert code == 1
    assert err.splitlines() == [
        f"kzcrisis: cannot write {db}: the disk is full (no space left on device); "
        "free some space or write elsewhere; nothing was changed there"
    ]
    assert db.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kz.db"]
