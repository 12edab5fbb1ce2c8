"""Ctrl-C is quiet from the first line of kzcrisis's code that runs: the import of the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = (
    "import signal, sys; sys.argv[0] = {argv0!r}; import kzcrisis.cli; "
    "print(signal.getsignal(signal.SIGINT) is kzcrisis.cli._interrupted)"
)


def probe(argv0: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv0=argv0)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_ctrl_c_in_the_first_milliseconds_prints_no_traceback(tmp_path: Path) -> None:
    # What the console script does first: `from kzcrisis.cli import main`; the handler is in place
    # once that import is done, before main() runs.
    assert probe(str(tmp_path / "bin" / "kzcrisis")) == "True"
    assert probe(str(Path("site-packages") / "kzcrisis" / "__main__.py")) == "True"


def test_a_program_that_imports_the_command_line_keeps_its_own_ctrl_c() -> None:
    assert probe("/usr/bin/pytest") == "False"
