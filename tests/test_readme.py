"""The README's first lines, and what the output contract must list (the console examples of every
page are run by tests/docs/test_console_examples.py)."""

from __future__ import annotations

import re

from kzcrisis.corpus.vocab import ALL_FIELDS, STANCE_HELP
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRACT = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")


def test_readme_first_lines_are_the_two_commands() -> None:
    first = README.split("```", 2)[1]
    assert "pip install . && kzcrisis casualties --source dantri" in first
    assert 'pip install ".[test]" && pytest' in first


def test_the_contract_lists_every_stance() -> None:
    for stance in STANCE_HELP:
        assert f"`{stance.value}`" in CONTRACT


def test_the_contract_documents_every_record_field() -> None:
    table = CONTRACT.split("A claim record has these keys", 1)[1].split("Figures:", 1)[0]
    for field in ALL_FIELDS:
        assert re.search(rf"`{field}`", table), field
