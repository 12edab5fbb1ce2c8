"""The build lock: processes started together on an empty cache build once; a dead builder blocks no one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # processes racing for one build

# Runs one query in a fresh process, counting the builds it makes in the file argv[2].
QUERY = textwrap.dedent(
    """
    import json, os, sys
    from kzcrisis.index import store

    build = store._build

    def counted(*args):
        with open(sys.argv[2], "a") as log:
            log.write(f"{os.getpid()}\\n")
        return build(*args)

    store._build = counted
    from kzcrisis.query.select import Filters, select_claims

    with store.open_index(sys.argv[1]) as index:
        rows = select_claims(index, Filters(kinds=("casualty",)))
        print(json.dumps(sorted(json.loads(row.record)["id"] for row in rows)))
    """
)

# Takes the lock by starting a build that never ends: prints "building", then sleeps.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from kzcrisis.index import store

    def stuck(*args):
        print("building", flush=True)
        time.sleep(600)

    store._build = stuck
    store.open_index(sys.argv[1])
    """
)


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KZCRISIS_")}
    return env | {"KZCRISIS_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    """A failed assertion must not leave a process sleeping on the lock."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def start(script: str, *args: str, cache: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(cache),
    )
    STARTED.append(proc)
    return proc


def expected_casualties(corpus: Path) -> list[str]:
    ids = []
    for path in sorted((corpus / "claims").glob("*.json")):
        claims = json.loads(path.read_text(encoding="utf-8"))["claims"]
        ids += [c["id"] for c in claims if c["kind"] == "casualty"]
    return sorted(ids)


def test_eight_processes_started_together_build_once(corpus_copy: Path, tmp_path: Path) -> None:
    cache, log = tmp_path / "cache", tmp_path / "builds.log"
    procs = [start(QUERY, str(corpus_copy), str(log), cache=cache) for _ in range(8)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 8, [err for _, err in outputs]
    expected = expected_casualties(corpus_copy)
    assert len(expected) >= 5
    assert all(json.loads(out) == expected for out, _ in outputs)
    assert len(log.read_text().split()) == 1  # one build; seven waited and read it
    assert len(list(cache.glob("*.sqlite"))) == 1
    assert not list(cache.glob(".tmp-*"))


def test_a_killed_builder_does_not_block_the_next_call(corpus_copy: Path, tmp_path: Path) -> None:
    cache, log = tmp_path / "cache", tmp_path / "builds.log"
    holder = start(HOLDER, str(corpus_copy), cache=cache)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "building\n"  # it holds the lock, with a temporary file open
    assert list(cache.glob(".tmp-*/*.sqlite"))  # in its private folder
    os.kill(holder.pid, signal.SIGKILL)
    holder.communicate(timeout=30)
    after = start(QUERY, str(corpus_copy), str(log), cache=cache)
    out, err = after.communicate(timeout=120)  # would time out if the dead holder's lock stayed
    assert after.returncode == 0, err
    assert json.loads(out) == expected_casualties(corpus_copy)
    assert len(log.read_text().split()) == 1
    assert not list(cache.glob(".tmp-*"))  # the killed build's file was cleared, under the lock


def test_a_waiter_builds_when_the_holder_died_before_finishing(corpus_copy: Path, tmp_path: Path) -> None:
    cache, log = tmp_path / "cache", tmp_path / "builds.log"
    holder = start(HOLDER, str(corpus_copy), cache=cache)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "building\n"
    waiter = start(QUERY, str(corpus_copy), str(log), cache=cache)  # blocks on the lock
    with pytest.raises(subprocess.TimeoutExpired):
        waiter.wait(timeout=1.0)
    os.kill(holder.pid, signal.SIGKILL)
    holder.communicate(timeout=30)
    out, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert json.loads(out) == expected_casualties(corpus_copy)
    assert len(log.read_text().split()) == 1
