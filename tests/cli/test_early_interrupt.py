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


# A real Ctrl-C at the earliest moment after kzcrisis's handler can be in place: the first import
# the console script makes after `kzcrisis.cli` (an audit hook sends the signal there, deterministically).
EARLY_SIGINT = (
    "import os, signal, sys\n"
    "sent = []\n"
    "def hook(event, args):\n"
    "    if event == 'import' and not sent and str(args[0]).startswith({prefix!r}) "
    "and 'kzcrisis.cli' in sys.modules and str(args[0]) != 'kzcrisis.cli':\n"
    "        sent.append(args[0]); os.kill(os.getpid(), signal.SIGINT)\n"
    "sys.addaudithook(hook)\n"
    "sys.argv = ['kzcrisis', 'claims', '--json']\n"
    "from kzcrisis.cli import main\n"
    "main()\n"
)


def test_a_real_ctrl_c_right_after_the_command_line_is_imported_exits_130_quietly(tmp_path: Path) -> None:
    for prefix in ("", "kzcrisis."):  # the very next import, and the next of kzcrisis's own
        done = subprocess.run(
            [sys.executable, "-c", EARLY_SIGINT.format(prefix=prefix)],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "KZCRISIS_CACHE_DIR": str(tmp_path / "cache")},
            check=False,
        )
        assert done.returncode == 130, done.stderr
        assert done.stderr == "" and done.stdout == ""
