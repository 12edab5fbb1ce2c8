"""A large reference table is laid out plain, as every large table, not by rich (~1 ms a row)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.cli import output
from kzcrisis.render.screen import TerminalScreen
from kzcrisis.render.tables import RICH_MAX_ROWS
from tests.conftest import run
from tests.query.test_compare import write_corpus


def test_entities_at_many_rows_on_a_terminal_are_laid_out_without_rich(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None)])
    entities = [{"id": "x", "type": "country", "name": "X", "iso": "XX"}]
    entities += [
        {"id": f"p-{i:04d}", "type": "person", "name": f"Person {i}"} for i in range(RICH_MAX_ROWS + 50)
    ]
    (root / "entities.json").write_text(json.dumps(entities), encoding="utf-8")

    def no_rich(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a large table went through rich")

    monkeypatch.setattr(TerminalScreen, "plain_width", None)  # as on a terminal 100 columns wide
    monkeypatch.setattr(TerminalScreen, "width", 100)
    monkeypatch.setattr(output, "print_rich", no_rich)
    result = run("entities", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    assert "p-0249" in result.stdout and "Person 249" in result.stdout
    assert result.stdout.count("\n  p-") == RICH_MAX_ROWS + 50
