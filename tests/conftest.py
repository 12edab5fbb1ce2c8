"""Shared fixtures: the shipped corpus, an isolated cache, a CLI runner."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kzcrisis.cli.app import cli

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session has its own cache folder, never the user's."""
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("KZCRISIS_CORPUS", raising=False)
    monkeypatch.delenv("KZCRISIS_NO_CACHE", raising=False)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus, to break in one way."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def acting_parties(record: dict[str, Any], entities: dict[str, dict[str, Any]]) -> set[str]:
    """The test oracle of --actor: who acts, speaks or reports in a claim (mentions excluded),
    with whom they speak for, worked out from the record alone."""
    refs = [
        record.get("reported_by"),
        *(record.get("actors") or []),
        record.get("speaker"),
        *(record.get("contributors") or []),
        record.get("command"),
    ]
    acting_for = record.get("on_behalf_of")
    out: set[str] = set()
    for ref in [*refs, acting_for]:
        who = ref
        while who and who not in out:
            out.add(who)
            # on_behalf_of replaces a person's fixed speaks_for in this claim
            if acting_for and entities[who]["type"] == "person" and ref != acting_for:
                break
            who = entities[who].get("speaks_for")
    return out


def edit_json(path: Path, change: Any) -> None:
    """Load a JSON file, let `change` mutate it, write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    result = change(data)
    path.write_text(
        json.dumps(data if result is None else result, ensure_ascii=False, indent=2), encoding="utf-8"
    )


@pytest.fixture
def connect() -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Open SQLite files for a test and close them after it (Python 3.13 warns about a connection
    left to the garbage collector)."""
    opened: list[sqlite3.Connection] = []

    def open_db(path: Path) -> sqlite3.Connection:
        opened.append(sqlite3.connect(path))
        return opened[-1]

    yield open_db
    for conn in opened:
        conn.close()
