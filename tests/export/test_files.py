"""Atomic export output and the progress bar (kzcrisis/export/files.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kzcrisis.errors import BadInput
from kzcrisis.export.files import MARKER, PROGRESS_FROM, atomic_dir, atomic_file, progress_bar


def test_atomic_dir_keeps_the_earlier_export_when_a_new_one_fails(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with atomic_dir(out) as tmp:
        (tmp / "index.html").write_text("first")

    def half_export() -> None:
        with atomic_dir(out) as tmp:
            (tmp / "index.html").write_text("half")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        half_export()
    assert (out / "index.html").read_text() == "first" and (out / MARKER).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_atomic_file_writes_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "a.jsonld"

    def interrupted() -> None:
        with atomic_file(target) as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert list(tmp_path.iterdir()) == []
    with atomic_file(target) as tmp:
        tmp.write_text("whole")
    assert target.read_text() == "whole"
    with pytest.raises(BadInput, match="is a folder"), atomic_file(tmp_path):
        pass


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_a_large_export_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    with progress_bar(PROGRESS_FROM * 2, "export") as advance:
        assert advance is None  # stderr is not a terminal under pytest
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(10, "export") as advance:
        assert advance is None  # too small to be worth a bar
    with progress_bar(PROGRESS_FROM, "export") as advance:
        assert advance is not None
        advance(PROGRESS_FROM)


def test_a_missing_optional_package_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kzcrisis.cli.app import _run

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "jinja2", None)
    for fmt, extra in (("parquet", "kzcrisis[parquet]"), ("html", "kzcrisis[html]")):
        assert _run(["export", fmt, str(tmp_path / fmt)]) == 1
        err = capsys.readouterr().err
        assert extra in err and "Traceback" not in err
        assert not (tmp_path / fmt).exists()
