"""Every example of every `--help` runs: each `kzcrisis ...` line under "Examples:" exits 0 and
answers (on stdout, in the file it names, or on stderr as validate does), in a folder of its own with
a copy of the corpus at ./corpus and ./my-corpus and an article at article.txt. A tool chained after
`&&` (datasette, xdg-open) is not run: the docs give its install line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzcrisis.cli.app import COMMANDS
from tests.conftest import CORPUS, ROOT, run

pytestmark = pytest.mark.slow  # a subprocess or a server session per case: left out of `make quick`

BIN = str(Path(sys.executable).parent)


def help_examples() -> list[object]:
    found: list[object] = []
    for name in ["", *COMMANDS]:
        text = run(*([name] if name else []), "--help", env={"COLUMNS": "200"}).stdout
        lines = text.split("Examples:", 1)[1].splitlines() if "Examples:" in text else []
        command = ""
        for line in lines:
            if not line.startswith("    ") and line.strip():
                break  # the next section of the help
            command = f"{command} {line.strip()}".strip() if command else line.strip()
            if command.endswith("\\"):
                command = command[:-1].strip()
                continue
            if command.startswith("kzcrisis "):
                found.append(pytest.param(command, id=f"{name or 'kzcrisis'}: {command}"))
            command = ""
    return found


EXAMPLES = help_examples()


def test_every_command_has_examples() -> None:
    named = {str(p.values[0]).split()[1] for p in EXAMPLES}  # type: ignore[attr-defined]
    assert set(COMMANDS) <= named, set(COMMANDS) - named


INITIALIZE = (
    '{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", '
    '"capabilities": {}, "clientInfo": {"name": "help-example", "version": "0"}}}\n'
)


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_help_example_runs(example: str, tmp_path: Path) -> None:
    if "./corpus" in example or "./my-corpus" in example or "--corpus" in example:
        shutil.copytree(CORPUS, tmp_path / "corpus")
        shutil.copytree(CORPUS, tmp_path / "my-corpus")
    shutil.copy(ROOT / "tests" / "fixtures" / "en_article.txt", tmp_path / "article.txt")
    ours = " && ".join(part for part in example.split(" && ") if part.startswith("kzcrisis "))
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "100"}
    env.pop("KZCRISIS_CORPUS", None)
    if "| jq" in ours and shutil.which("jq") is None:
        pytest.skip("jq is not installed (apt-get install jq)")
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", ours],
        cwd=tmp_path,
        env=env,
        # A server answers what it is asked: the MCP server gets a client's first request.
        input=INITIALIZE if ours.startswith("kzcrisis mcp") else None,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{ours}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    written = [
        tmp_path / word for word in ours.replace(">", " ").split() if "." in word or word.endswith("/")
    ]
    # An answer on stdout, a file written, or (validate, an empty comparison) a line on stderr.
    said = done.stdout.strip() or done.stderr.strip()
    assert said or any(p.exists() for p in written), f"{ours}: no answer"
    if ours.startswith("kzcrisis mcp"):
        assert '"serverInfo"' in done.stdout, done.stdout
