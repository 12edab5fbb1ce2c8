"""The README's excerpts are the real thing."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from kzcrisis.corpus.vocab import STANCE_HELP
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_help_is_the_real_help() -> None:
    env = {**os.environ, "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "kzcrisis", "--help"], capture_output=True, text=True, env=env, check=True
    )
    block = README.split("$ kzcrisis --help\n", 1)[1].split("\n```", 1)[0]
    assert block.strip() == result.stdout.strip()


def test_readme_first_lines_are_the_two_commands() -> None:
    first = README.split("```", 2)[1]
    assert "pip install . && kzcrisis casualties --source dantri" in first
    assert 'pip install ".[test]" && pytest' in first


def test_readme_lists_every_stance() -> None:
    for stance in STANCE_HELP:
        assert f"`{stance.value}`" in README


def test_readme_documents_every_record_field() -> None:
    from kzcrisis.corpus.vocab import ALL_FIELDS

    table = README.split("A claim record has these keys", 1)[1].split("Figures:", 1)[0]
    for field in ALL_FIELDS:
        assert re.search(rf"`{field}`", table), field


def _console_block(command: str) -> str:
    """The output the README shows after `$ <command>` (up to the end of its code block)."""
    return README.split(f"$ {command}\n", 1)[1].split("\n```", 1)[0]


def _real_output(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-m", "kzcrisis", *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def test_readme_tour_outputs_are_real() -> None:
    for command in (
        "kzcrisis arrests",
        "kzcrisis reactions --country Mỹ --stance questions_csto_deployment --limit 2",
    ):
        assert _console_block(command).strip("\n") == _real_output(*command.split()[1:]).strip("\n"), command


def test_readme_compare_output_is_real() -> None:
    both = _real_output("compare", "--metric", "injured", "--metric", "aircraft") + _real_output(
        "compare", "--metric", "killed", "--group", "security_forces"
    )
    block = _console_block("kzcrisis compare --metric killed --group security_forces")
    assert block.strip("\n") == both.strip("\n")
