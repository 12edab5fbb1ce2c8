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


@pytest.fixture
def terminal_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stdout as a terminal 100 columns wide, where a table going through rich fails the test."""

    def no_rich(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a large table went through rich")

    monkeypatch.setattr(TerminalScreen, "plain_width", None)
    monkeypatch.setattr(TerminalScreen, "width", 100)
    monkeypatch.setattr(output, "print_rich", no_rich)


def test_entities_at_many_rows_on_a_terminal_are_laid_out_without_rich(
    tmp_path: Path, terminal_without_rich: None
) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None)])
    entities = [{"id": "x", "type": "country", "name": "X", "iso": "XX"}]
    entities += [
        {"id": f"p-{i:04d}", "type": "person", "name": f"Person {i}"} for i in range(RICH_MAX_ROWS + 50)
    ]
    (root / "entities.json").write_text(json.dumps(entities), encoding="utf-8")

    result = run("entities", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    assert "p-0249" in result.stdout and "Person 249" in result.stdout
    assert result.stdout.count("\n  p-") == RICH_MAX_ROWS + 50


def test_sources_of_many_articles_sharing_a_statement_are_laid_out_without_rich(
    tmp_path: Path, terminal_without_rich: None
) -> None:
    """A statement reported by 30 articles: 30 sources and 435 pairs of them, too many for rich
    (at 400 articles rich took 28 s, piped too)."""
    from tests.hostile import _claim, write_sources

    root = tmp_path / "corpus"
    quote = "26 người đã thiệt mạng ở nơi {}"
    write_sources(
        root,
        {
            f"s{i}": (quote.format(i) + ".\n", [_claim(f"s{i}-1", f"s{i}", quote.format(i), 26, "toll")])
            for i in range(30)
        },
    )

    result = run("sources", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    head, pairs = result.stdout.split("Statements reported by both articles")
    assert head.count("casualty: 1") == 30 and "\n  s29 " in head
    rows = [line.split() for line in pairs.splitlines() if line.startswith("  s")]
    assert len(rows) == 30 * 29 // 2
    assert ["s0", "s1", "1"] in rows and ["s28", "s29", "1"] in rows


def test_chosen_fields_of_many_claims_are_laid_out_without_rich(
    tmp_path: Path, terminal_without_rich: None
) -> None:
    """`--fields` at many rows went through rich whatever its size (4,000 rows: 1.3 s; 0.14 s plain)."""
    from tests.hostile import statement_corpus

    root = tmp_path / "corpus"
    statement_corpus(root, RICH_MAX_ROWS + 50)

    result = run("claims", "--fields", "id,statement", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("  ") and "-" in line]
    assert len(rows) == RICH_MAX_ROWS + 50
    assert all(statement == "the-toll" for _id, statement in rows)
