"""Every documented curator command runs as written: each `kzcrisis ...` example of corpus/README.md
and of the curator commands' --help, parsed from the text (a new example is tested the day it is
written), run by a shell in a scratch folder holding a copy of the corpus (`./corpus`, `corpus`) and
an article (`article.txt`). An example may find problems (exit 1: coverage --strict, validate) but
never be refused as written (exit 2) nor crash."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, run

pytestmark = pytest.mark.slow  # a subprocess or a server session per case: left out of `make quick`

ARTICLE = Path(__file__).parents[1] / "fixtures" / "vi_article.txt"
CURATOR_COMMANDS = ("add-source", "coverage", "draft", "validate", "changes")
# A placeholder a reader replaces (DIR, SLUG, VERSION) or an optional part ([--since VERSION]).
PLACEHOLDER = re.compile(r"\[|\b(?:DIR|SLUG|VERSION|FILE|ID)\b|\bN\b")


def readme_examples() -> list[str]:
    """The `kzcrisis ...` commands of corpus/README.md: code blocks (lines joined at a final '\\')
    and inline code."""
    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```\n(.*?)```", text, flags=re.DOTALL):
        joined = re.sub(r"\\\n\s*", "", block)
        found += [line.strip() for line in joined.splitlines() if line.strip().startswith("kzcrisis ")]
    found += re.findall(r"`(kzcrisis [^`]+)`", text)
    return [e for e in dict.fromkeys(found) if not PLACEHOLDER.search(e)]


def help_examples() -> list[str]:
    """The examples of each curator command's --help (lines joined at a final '\\')."""
    found = []
    for name in CURATOR_COMMANDS:
        text = run(name, "--help").stdout
        block = text.split("Examples:", 1)[1].split("\nOptions:", 1)[0]
        joined = re.sub(r"\\\n\s*", "", block)
        found += [line.strip() for line in joined.splitlines() if "kzcrisis " in line]
    return found


EXAMPLES = sorted(set(readme_examples()) | set(help_examples()))


def test_the_examples_are_found() -> None:
    assert any(e.startswith("kzcrisis add-source article.txt") and "--date 2022-01-07" in e for e in EXAMPLES)
    assert "kzcrisis draft --source vnexpress-0107 --output draft.json --corpus corpus" in EXAMPLES
    assert "kzcrisis coverage --json | jq '.[].summary'" in EXAMPLES
    assert len(EXAMPLES) >= 20


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of the corpus at ./corpus and an article at ./article.txt."""
    base = tmp_path_factory.mktemp("examples")
    shutil.copytree(CORPUS, base / "corpus")
    shutil.copy(ARTICLE, base / "article.txt")
    return base


def _prepared(scratch: Path, target: Path, example: str) -> Path:
    shutil.copytree(scratch, target)
    if "add-source" not in example:  # the guide's later steps come after its first
        first = next(e for e in EXAMPLES if e.startswith("kzcrisis add-source article.txt") and "0107" in e)
        _shell(first, target)
    if "--record" in example:  # recorded when the version is raised for a release
        manifest = target / "corpus" / "corpus.json"
        manifest.write_text(
            manifest.read_text(encoding="utf-8").replace('"version": "1.2.0"', '"version": "9.0.0"'),
            encoding="utf-8",
        )
    return target


def _shell(example: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("KZCRISIS_CORPUS", None)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", example],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_documented_curator_command_runs_as_written(example: str, scratch: Path, tmp_path: Path) -> None:
    folder = _prepared(scratch, tmp_path / "work", example)
    done = _shell(example, folder)
    assert done.returncode in (0, 1), f"{example}\n{done.stderr}"
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert "Usage:" not in done.stderr, done.stderr
    if done.returncode == 1:  # problems found are named, never a bare failure
        assert done.stdout.strip() or "kzcrisis:" in done.stderr, example
