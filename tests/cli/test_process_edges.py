"""Process edges (issue 15, cause 7): Ctrl-C at any moment exits 130 with nothing printed, by the
command and by its forked workers; a closed or full stderr changes no exit code.

Ctrl-C is sent as a terminal sends it: SIGINT to the whole process group. What cannot be covered is
the interpreter's own start-up, before any kzcrisis code runs (the first few milliseconds).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli.test_environment import KZ, REAL_CORPUS, clean_env

pytestmark = pytest.mark.slow  # a subprocess per case


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*KZ, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def interrupt(proc: subprocess.Popen[bytes]) -> tuple[int, bytes, bytes]:
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.mark.parametrize("delay", [0.1, 0.2, 0.35, 0.5, 0.8])
def test_ctrl_c_at_any_moment_exits_130_quietly(tmp_path: Path, delay: float) -> None:
    # A cold cache: imports, validation and the index build are all under way at some delay.
    env = clean_env(tmp_path / "cache", KZCRISIS_CORPUS=str(REAL_CORPUS))
    proc = start(["claims", "--json"], env)
    time.sleep(delay)
    code, out, err = interrupt(proc)
    if code == 0:  # finished before the signal: a complete answer, nothing else
        assert out.startswith(b"[") and err == b""
        return
    assert code == 130, err.decode("utf-8", "replace")
    assert err == b"", f"Ctrl-C printed: {err.decode('utf-8', 'replace')}"


@pytest.mark.parametrize(
    ("args", "code"),
    [(["claims", "--bogus"], 2), (["claims", "--corpus", "/nonexistent"], 1), (["show", "nope"], 2)],
)
@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_exit_codes_are_kept_when_stderr_is_closed_or_full(
    tmp_path: Path, args: list[str], code: int, stderr: str
) -> None:
    env = clean_env(tmp_path / "cache", KZCRISIS_CORPUS=str(REAL_CORPUS))
    redirect = "2>&-" if stderr == "closed" else "2>/dev/full"
    command = " ".join(f"'{part}'" for part in [*KZ, *args])
    done = subprocess.run(
        ["sh", "-c", f"{command} {redirect}"], env=env, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == code
    assert done.stdout == b"", "an error message went to stdout"
