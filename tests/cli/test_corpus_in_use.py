"""The corpus a command uses: --corpus, else $KZCRISIS_CORPUS, else the corpus folder it runs in,
else the installed one; and every command that checks or writes names the corpus it used."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.paths import FOUND, GIVEN, INSTALLED, choose_corpus, packaged_corpus_dir
from tests.conftest import CORPUS, edit_json, run


def _drop_a_claim(root: Path) -> None:
    """An edit the installed corpus does not have: one claim fewer in dantri (132 claims), retired
    with a record as a released id must be."""

    def drop(data: dict[str, Any]) -> None:
        data["claims"] = [c for c in data["claims"] if c["id"] != "dantri-014"]

    edit_json(root / "claims" / "dantri.json", drop)
    retired = {
        "id": "dantri-014",
        "retired_in": "1.1.0",
        "date": "2026-12-02",
        "why": "A test.",
        "replaced_by": None,
    }
    edit_json(root / "retired.json", lambda records: records.append(retired))


def test_inside_an_edited_copy_validate_checks_that_copy_and_names_it(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drop_a_claim(corpus_copy)
    (corpus_copy / "claims" / "deeper").mkdir()
    monkeypatch.chdir(corpus_copy / "claims" / "deeper")  # under the corpus folder, as git would
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "OK: 132 claims" in result.stderr
    assert f"the corpus at {corpus_copy} (the corpus folder you are in)" in result.stderr


def test_from_elsewhere_validate_checks_the_installed_corpus_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "OK: 133 claims" in result.stderr
    assert f"the installed corpus ({CORPUS})" in result.stderr


def test_the_option_and_the_environment_win_over_the_folder(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drop_a_claim(corpus_copy)
    monkeypatch.chdir(corpus_copy)
    assert choose_corpus(None) == (str(corpus_copy), FOUND)
    assert choose_corpus(str(CORPUS)) == (str(CORPUS), GIVEN)
    result = run("validate", "--corpus", str(CORPUS))
    assert "OK: 133 claims" in result.stderr and f"the installed corpus ({CORPUS})" in result.stderr
    monkeypatch.chdir(CORPUS)
    result = run("validate", env={"KZCRISIS_CORPUS": str(corpus_copy)})
    assert "OK: 132 claims" in result.stderr and f"{corpus_copy} ($KZCRISIS_CORPUS)" in result.stderr
    monkeypatch.chdir(tmp_path)
    assert choose_corpus(None) == (os.path.abspath(packaged_corpus_dir()), INSTALLED)


def test_a_query_inside_a_copy_answers_from_the_copy(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_json(
        corpus_copy / "claims" / "dantri.json", lambda data: data["claims"][0].update(text_en="Edited.")
    )
    monkeypatch.chdir(corpus_copy)
    result = run("show", "dantri-001", "--json")
    assert json.loads(result.stdout)["claim"]["text_en"] == "Edited."


def test_version_names_the_corpus_in_use(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus_copy)
    assert f"the corpus at {corpus_copy} (the corpus folder you are in)" in run("--version").stdout
    monkeypatch.chdir(tmp_path)
    assert f"the installed corpus ({CORPUS})" in run("--version").stdout


def test_next_hints_repeat_the_corpus_option(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "article.txt"
    article.write_text("Officials said 12 people were detained in Almaty.\n", encoding="utf-8")
    added = run(
        "add-source",
        "article.txt",
        "--slug",
        "fixture-hint",
        "--language",
        "en",
        "--corpus",
        "./corpus",
        "--outlet-note",
        "None given.",
        "--title-note",
        "None given.",
        "--date-note",
        "None given.",
    )
    assert added.exit_code == 0, added.output
    assert "next: kzcrisis coverage --source fixture-hint --strict --corpus ./corpus" in added.stderr
    drafted = run("draft", "--source", "fixture-hint", "--corpus", "./corpus")
    assert drafted.exit_code == 0, drafted.output
    assert "then: kzcrisis validate --source fixture-hint --corpus ./corpus" in drafted.stderr


def test_add_source_inside_a_corpus_folder_writes_there(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus_copy)
    Path("article.txt").write_text("Officials said 12 people were detained in Almaty.\n", encoding="utf-8")
    added = run(
        "add-source",
        "article.txt",
        "--slug",
        "fixture-here",
        "--language",
        "en",
        "--outlet-note",
        "None given.",
        "--title-note",
        "None given.",
        "--date",
        "2022-01-07",
    )
    assert added.exit_code == 0, added.output
    assert (corpus_copy / "claims" / "fixture-here.json").is_file()
    assert "next: kzcrisis coverage --source fixture-here --strict\n" in added.stderr


def test_add_source_outside_any_corpus_asks_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("article.txt").write_text("Officials said 12 people were detained.\n", encoding="utf-8")
    result = run(
        "add-source",
        "article.txt",
        "--slug",
        "x",
        "--outlet-note",
        "n",
        "--title-note",
        "n",
        "--date-note",
        "n",
    )
    assert result.exit_code == 2
    assert "inside a corpus folder" in result.stderr
