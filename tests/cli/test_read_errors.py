"""A streamed answer cut by a read error of the index names the cache and the fix."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from kzcrisis.cli.app import _run
from kzcrisis.query import select


@pytest.mark.parametrize(("argv", "batch", "written"), [(["--json"], 2, 2), (["--format", "jsonl"], 1000, 0)])
def test_a_streamed_answer_cut_by_a_read_error_names_the_cache_and_the_fix(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    batch: int,
    written: int,
) -> None:
    """Records are written a batch at a time: the error says that the answer above is cut only when
    some of it was written (JSON in batches of two, cut at the sixth record: two records were), and
    does not speak of an answer above when nothing was (JSON Lines, cut inside its first batch)."""
    from kzcrisis.render import to_json

    real = select.iter_records

    def cut(index: Any, filters: Any) -> Iterator[str]:
        for number, record in enumerate(real(index, filters)):
            if number == 5:
                raise sqlite3.DatabaseError("database disk image is malformed")
            yield record

    monkeypatch.setattr(select, "iter_records", cut)
    monkeypatch.setattr(to_json, "STREAM_BATCH", batch)
    assert _run(["claims", *argv]) == 1  # the command's own error handling, as `main` runs it
    out, err = capsys.readouterr()
    assert "internal error" not in err
    assert "database disk image is malformed" in err
    assert ("the answer above is incomplete" in err) == bool(written)
    assert out.count('"id"') == written
    assert "KZCRISIS_NO_CACHE=1" in err
    assert os.environ["KZCRISIS_CACHE_DIR"] in err


def test_a_full_disk_while_building_the_index_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    from kzcrisis.index import store

    def full(*_args: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "empty-cache"))  # a build is needed
    monkeypatch.setattr(store, "_build", full)
    assert _run(["claims", "--json"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert "internal error" not in "\n".join(lines)
    assert lines[-1].startswith("kzcrisis: the disk is full (database or disk is full): free some space")
    assert len([line for line in lines if "disk" in line and "full" in line]) == 2  # the warning, the error


def test_an_error_never_names_a_temporary_file_that_no_longer_exists(tmp_path: Any) -> None:
    from kzcrisis.cli.app import os_error_message

    gone = tmp_path / ".draft.json.k2j4.tmp"  # removed on the way out
    target = tmp_path / "draft.json"
    target.write_text("{}", encoding="utf-8")
    message = os_error_message(FileExistsError(17, "File exists", str(gone), None, str(target)))
    assert message == f"File exists: {target}"
    assert os_error_message(PermissionError(13, "Permission denied", str(gone))) == "Permission denied"
    kept = tmp_path / "notes.txt"
    assert os_error_message(IsADirectoryError(21, "Is a directory", str(kept))) == f"Is a directory: {kept}"
