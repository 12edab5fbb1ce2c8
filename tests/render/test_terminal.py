"""A terminal that reports 0 columns (a pseudo-terminal never sized, a serial line): `coverage` once
never ended there (a wrap at width 0). The width is one rule, `kzcrisis.render.terminal_width`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kzcrisis.render.terminal import terminal_width
from tests.cli.test_environment import clean_env, run_in_pty


def test_a_terminal_of_0_columns_is_laid_out_at_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda _fd=1: os.terminal_size((0, 0)))
    assert terminal_width() == 80
    monkeypatch.setattr(os, "get_terminal_size", lambda _fd=1: os.terminal_size((7, 24)))
    assert terminal_width() == 20  # the floor, as for $COLUMNS
    monkeypatch.setenv("COLUMNS", "0")
    assert terminal_width() == 20


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["coverage", "--source", "dantri"], "dantri-007"),
        (["claims", "--source", "dantri"], "dantri-004"),
    ],
)
def test_coverage_and_tables_on_a_terminal_of_0_columns_end(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    env = clean_env(tmp_path / "cache", TERM="xterm", NO_COLOR="1")
    code, out, err = run_in_pty(args, env, columns=0)
    assert code == 0, err
    assert b"Traceback" not in err
    assert expected.encode() in out
