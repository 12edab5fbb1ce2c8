"""Every console example of the README, docs/*.md and corpus/README.md is run, and its output is
the one shown: a ```console block holds `$ kzcrisis ...` lines, each followed by what it prints
(stdout, then the notes of stderr, as a terminal shows them to a pipe of 100 columns, no colour).

Sybil finds the blocks (a page added to docs/ later is picked up by the glob); running a block is
a few lines here, because a console block is a shell session, not Python.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser

from tests.conftest import ROOT

DOCUMENTS = sorted([ROOT / "README.md", ROOT / "corpus" / "README.md", *(ROOT / "docs").glob("*.md")])
# Where the installed command is: the venv's bin folder, first on PATH (an editable install or not).
BIN = str(Path(sys.executable).parent)


def session(source: str) -> list[tuple[str, str]]:
    """A console block as (command, expected output) pairs; a line ending in a backslash goes on."""
    pairs: list[tuple[str, list[str]]] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            pairs.append((command, []))
        elif pairs:
            pairs[-1][1].append(line)
        else:
            raise AssertionError(f"output before any command: {line!r}")
        i += 1
    return [(command, "\n".join(out)) for command, out in pairs]


def normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_block(source: str, folder: Path) -> tuple[str | None, str]:
    """What is wrong with the block (None: nothing), and the block as it really runs."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    env.pop("KZCRISIS_CORPUS", None)
    real = []
    failure = None
    for command, expected in session(source):
        if not command.startswith("kzcrisis "):
            return (
                f"a console example runs kzcrisis, not {command!r} (show other tools in a text block)",
                source,
            )
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", f"{command} 2>&1"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        real.append(f"$ {command}\n{normal(done.stdout)}\n" if done.stdout.strip() else f"$ {command}\n")
        if failure is None and normal(done.stdout) != normal(expected):
            shown = f"--- shown ---\n{expected}\n--- real (exit {done.returncode}) ---\n{done.stdout}"
            failure = f"$ {command}\n{shown}"
    return failure, "".join(real)


class ConsoleBlocks(CodeBlockParser):
    language = "console"

    def evaluate(self, example: Example) -> str | None:
        return None  # run by the test below, in a folder of its own


def examples() -> list[object]:
    sybil = Sybil(parsers=[ConsoleBlocks()])
    found: list[object] = []
    for path in DOCUMENTS:
        for example in sybil.parse(path):
            name = f"{path.relative_to(ROOT)}:{example.line}"
            found.append(pytest.param(path, str(example.parsed), id=name))
    return found


EXAMPLES = examples()


@pytest.mark.parametrize(("path", "source"), EXAMPLES)
def test_a_console_example_prints_what_it_shows(path: Path, source: str, tmp_path: Path) -> None:
    """KZCRISIS_UPDATE_DOCS=1 writes the real output into the page instead (then read the diff)."""
    failure, real = run_block(source, tmp_path)
    if failure and os.environ.get("KZCRISIS_UPDATE_DOCS"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(source, real, 1), encoding="utf-8")
        return
    assert failure is None, failure


def test_the_readme_has_console_examples() -> None:
    assert sum(p.id.startswith("README.md:") for p in EXAMPLES) >= 3  # type: ignore[attr-defined]


def test_no_page_names_a_machine_path_or_an_issue() -> None:
    for path in [*DOCUMENTS, ROOT / "CHANGELOG.md"]:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"/work/", r"/home/\w", r"/root/", r"/Users/\w", r"\bissues? \d+", r"#\d+\b"):
            assert not re.search(pattern, text, re.IGNORECASE), (path.name, pattern)


def test_every_relative_link_resolves() -> None:
    for path in DOCUMENTS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (path.parent / target).exists(), f"{path.relative_to(ROOT)} links to {target}"


def test_the_readme_is_read_in_five_minutes() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 250


def test_every_docs_page_is_in_the_index() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in (ROOT / "docs").glob("*.md"):
        if page.name != "index.md":
            assert f"({page.name})" in index, f"docs/{page.name} is not linked from docs/index.md"
