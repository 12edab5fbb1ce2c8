"""A streamed answer cut by a read error of the index names the cache and the fix."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from kzcrisis.query import select
from kzcrisis.cli.app import _run


def test_a_streamed_answer_cut_by_a_read_error_names_the_cache_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = select.iter_records

    def cut(index: Any, filters: Any) -> Iterator[str]:
        for number, record in enumerate(real(index, filters)):
            if number == 3:
                raise sqlite3.DatabaseError("database disk image is malformed")
            yield record

    monkeypatch.setattr(select, "iter_records", cut)
    assert _run(["claims", "--json"]) == 1  # the command's own error handling, as `main` runs it
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "database disk image is malformed" in err
    assert "the answer above is incomplete" in err
    assert "KZCRISIS_NO_CACHE=1" in err
    assert os.environ["KZCRISIS_CACHE_DIR"] in err
