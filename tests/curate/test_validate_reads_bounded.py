"""`validate` (and `validate --source`) reads `sources.json` to scope its problems: it must read it as
the loader does (a regular file, no link followed, bounded), or a stranger's corpus hangs it with a
FIFO or exhausts memory with a link to /dev/zero before the loader ever names the file."""

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
@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero"])
@pytest.mark.parametrize("scope", [[], ["--source", "dantri"]], ids=["whole", "one-source"])
def test_validate_with_a_sources_json_that_is_a_fifo_or_dev_zero_names_it_and_ends(
    corpus_copy: Path, kind: str, scope: list[str]
) -> None:
    sources = corpus_copy / "sources.json"
    sources.unlink()
    if kind == "fifo":
        os.mkfifo(sources)
    else:
        sources.symlink_to("/dev/zero")
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
    what = "is a FIFO" if kind == "fifo" else "is a symbolic link"
    assert f"sources.json: {what}; a corpus holds only regular files and folders" in result.stdout
    assert "problem(s) in" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
