"""A table to a pipe: the plain layout, the same columns and words as rich's table, rich not imported."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from kzcrisis.render import tables
from tests.conftest import ROOT, run, run_json

WORDS_ONLY = str.maketrans("", "", "─│┃━┏┓┗┛┡┩└┘┌┐├┤┬┴┼")


def words(text: str) -> list[str]:
    return sorted(text.translate(WORDS_ONLY).split())


def test_a_table_to_a_pipe_has_the_words_of_the_rich_table() -> None:
    from rich.console import Console

    records = run_json("reactions", "--country", "Russia")
    assert len(records) >= 3
    piped = run("reactions", "--country", "Russia", env={"COLUMNS": "100"}).stdout
    screen = io.StringIO()
    Console(file=screen, width=100, force_terminal=False).print(
        tables.render_table(records, tables.VIEWS["reactions"])
    )
    assert "Statement [stances]" in piped
    assert records[0]["id"] in piped
    # Wrapped at other places, so compared as words: nothing lost, nothing added.
    assert words(piped) == words(screen.getvalue())


def test_a_table_to_a_pipe_does_not_import_rich() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KZCRISIS_")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kzcrisis", "arrests"],
        capture_output=True,
        text=True,
        env=env | {"PYTHONPATH": str(ROOT), "COLUMNS": "100"},
        check=True,
    )
    assert "5,800" in done.stdout and "tokayev-coup-016" in done.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "kzcrisis.render.tables" in imported  # the list is real
    assert not [name for name in imported if name.split(".")[0] == "rich"]


def test_a_table_to_a_pipe_written_in_pieces_is_the_table_written_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plain layout is written PLAIN_BATCH rows at a time from records parsed one by one; with
    pieces of 2 rows the shipped timeline crosses many boundaries and must not change by a byte."""
    records = run_json("timeline")
    whole = run("timeline", env={"COLUMNS": "120"}).stdout
    assert whole == tables.render_plain(records, tables.VIEWS["timeline"], 120)
    monkeypatch.setattr(tables, "PLAIN_BATCH", 2)
    pieces = list(tables.iter_plain(iter(records), tables.VIEWS["timeline"], 120))
    assert len(pieces) > 50
    assert "".join(pieces) == whole
    assert run("timeline", env={"COLUMNS": "120"}).stdout == whole
    assert "csto-request-001" in whole and "Date · ID" in whole
