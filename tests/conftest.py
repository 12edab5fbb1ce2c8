"""Shared fixtures: the shipped corpus, an isolated cache, a CLI runner."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
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


def source_lines(
    root: Path, pattern: re.Pattern[str], allowed: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(file, code) of every line under `root`/kzcrisis matching `pattern`, comments left out, except
    in the writer's own package (`kzcrisis/outfile`) and the (file, code part) pairs `allowed`."""
    found = []
    for path in sorted((root / "kzcrisis").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("kzcrisis/outfile/"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0].strip()
            if pattern.search(code) and not any(rel == f and s in code for f, s in allowed):
                found.append((rel, code))
    return found


def generate_corpus(folder: Path, claims: int, seed: int, per_source: int) -> Path:
    """A synthetic corpus of `claims` claims in `folder` (bench/generate.py), the same for a seed."""
    import subprocess
    import sys

    generator = ROOT / "bench" / "generate.py"
    args = [str(claims), str(folder), "--seed", str(seed), "--per-source", str(per_source)]
    subprocess.run([sys.executable, str(generator), *args], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static site of the shipped corpus (`export html`), made once."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run("export", "html", str(out))
    assert result.exit_code == 0, result.output
    return out


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def command_params() -> list[tuple[str, click.Parameter]]:
    """(command, parameter) of every parameter of every command, found in the commands themselves:
    a test of a class of parameters covers a new one the day it is added."""
    ctx = click.Context(cli)
    found = []
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        found += [(name, param) for param in command.params]
    return found


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


# --- the test oracle of `search`: the README's "Search rules", written again from scratch ----------

_WORD_CHARS = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def oracle_words(text: str) -> list[str]:
    return _WORD_CHARS.findall(unicodedata.normalize("NFC", text).casefold())


def search_oracle(query: str, texts: list[str]) -> bool:
    """Does a claim whose texts (quote, English text, entity names) are `texts` match `query`?

    Whole words; a word without diacritics matches any form, a word with them that form only;
    "quoted" words must stand together, in order, within one text.
    """
    tokens = [oracle_words(t) for t in texts]

    def same(typed: str, word: str) -> bool:
        return word == typed if _fold(typed) != typed else _fold(word) == typed

    def stands(phrase: list[str], words: list[str]) -> bool:
        n = len(phrase)
        return any(
            all(same(p, w) for p, w in zip(phrase, words[i : i + n], strict=True))
            for i in range(len(words) - n + 1)
        )

    for n, chunk in enumerate(query.split('"')):
        found = oracle_words(chunk)
        if n % 2 and len(found) > 1:
            if not any(stands(found, words) for words in tokens):
                return False
        elif not all(any(stands([w], words) for words in tokens) for w in found):
            return False
    return True


def search_texts(record: dict[str, Any], entities: dict[str, dict[str, Any]]) -> list[str]:
    """What search reads of a claim: its quote, its English text, each name of each entity it refers to."""
    names = []
    for ref in record["names"]:
        e = entities[ref]
        names += [e["id"], e["name"], *e.get("names_vi", []), *e.get("aliases", [])]
        names += [e["iso"]] if e.get("iso") else []
    return [record["quote"], record["text_en"], *names]


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    """A connection left open is reported by the test that left it (Python 3.13's ResourceWarning,
    an error here), not by whichever later test the garbage collector happens to run in."""
    yield
    import gc

    gc.collect()
    # What survived is kept out of the next collections: each then looks only at what the next
    # test made (a full collection over every module's objects took ~0.2 s a test, most of the suite).
    gc.freeze()
