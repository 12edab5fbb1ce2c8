"""The export's progress bar and optional packages (kzcrisis/export/files.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kzcrisis.export.files import PROGRESS_FROM, progress_bar


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
