"""`validate` (and `validate --source`) reads `sources.json` to scope its problems: it must read it as
the loader does (a regular file, no link followed, bounded, any depth of nesting), or a stranger's
corpus hangs it with a FIFO, exhausts memory with a link to /dev/zero, or makes it an internal error
with deep nesting, before the loader ever names the file. One lenient reader of sources.json,
`corpus.files.source_records`, serves it and the content hash."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _limit_memory() -> None:  # a runaway read ends in MemoryError here, not in the machine's swap
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "nested-too-deep"])
@pytest.mark.parametrize("scope", [[], ["--source", "dantri"]], ids=["whole", "one-source"])
def test_validate_with_a_sources_json_that_is_a_fifo_or_dev_zero_names_it_and_ends(
    corpus_copy: Path, kind: str, scope: list[str]
) -> None:
    sources = corpus_copy / "sources.json"
    sources.unlink()
    if kind == "fifo":
        os.mkfifo(sources)
    elif kind == "link-to-dev-zero":
        sources.symlink_to("/dev/zero")
    else:  # was a RecursionError, shown as an internal error
        sources.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kzcrisis", "validate", "--corpus", str(corpus_copy), *scope],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,  # before the fix, the FIFO blocked here for ever
        preexec_fn=_limit_memory,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    what = {
        "fifo": "is a FIFO; a corpus holds only regular files and folders",
        "link-to-dev-zero": "is a symbolic link; a corpus holds only regular files and folders",
        "nested-too-deep": "invalid JSON: nested too deeply",
    }[kind]
    assert f"sources.json: {what}" in result.stdout
    assert "problem(s) in" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
