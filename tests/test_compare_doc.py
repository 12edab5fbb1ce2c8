"""docs/compare.md: every console example is the real output, and the page names every verdict and
qualifier the code has (one list: corpus/vocab.py and query/compare.py)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from kzcrisis.corpus.vocab import Qualifier
from kzcrisis.query.compare import VERDICT_ORDER
from tests.conftest import ROOT

PAGE = (ROOT / "docs" / "compare.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```console\n\$ (kzcrisis [^\n]*)\n(.*?)```", PAGE, re.S)


def _real_output(command: str) -> str:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    args = shlex.split(command)[1:]
    result = subprocess.run(
        [sys.executable, "-m", "kzcrisis", *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def test_every_example_is_real_output() -> None:
    assert len(EXAMPLES) >= 3
    for command, shown in EXAMPLES:
        assert _lines(shown) == _lines(_real_output(command)), command


def test_the_page_names_every_verdict_and_qualifier() -> None:
    for verdict in VERDICT_ORDER:
        assert f"| `{verdict}` |" in PAGE, verdict
    for qualifier in Qualifier:
        assert f"`{qualifier.value}`" in PAGE, qualifier
