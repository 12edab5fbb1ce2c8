"""The curator's whole path, in each language, on a copy of the shipped corpus: add-source (with
--date), coverage --strict failing, draft --output, fill, explain, coverage --strict and validate
green, search and show find the claim, and the tests of the reading guide (tests/shipped) pass on
the grown corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, edit_json, run

pytestmark = pytest.mark.slow  # a subprocess or a server session per case: left out of `make quick`

FIXTURES = Path(__file__).parents[1] / "fixtures"
UNDATED = "undated: the sentence gives no day."

# What a curator writes into each draft, by a word of its quote (None: not a claim, explained instead).
FILLED: dict[str, dict[str, dict[str, Any] | None]] = {
    "en": {
        "detained": {
            "text_en": "The Interior Ministry said on January 7 that more than 1,234 people had been "
            "detained in Almaty.",
            "date": "2022-01-07",
            "date_note": "own-date: 'on January 7'.",
            "reported_by": "kz-interior-ministry",
            "groups": ["all"],
        },
        "injured": {
            "text_en": "At least 12 police officers were injured, Mr. Smith of the ministry told reporters.",
            "groups": ["security_forces"],
        },
        "urged": {
            "kind": "reaction",
            "text_en": "The U.S. State Department urged restraint on January 6.",
            "date": "2022-01-06",
            "date_note": "own-date: 'on January 6'.",
            "actors": ["united-states"],
            "reported_by": "us-state-department",
            "stances": ["calls_for_restraint"],
        },
        "troops": {
            "text_en": "Russia said its 2,500 troops would stay in Kazakhstan.",
            "actors": ["russia"],
            "reported_by": "russia",
            "groups": ["russian_forces"],
        },
    },
    "vi": {
        "Văn bản": None,  # the fixture's own disclaimer: chrome
        "bắt giữ": {
            "text_en": "Kazakhstan's Interior Ministry said about 120 people had been detained on 7 January "
            "in an imaginary city.",
            "date": "2022-01-07",
            "date_note": "own-date: 'hôm 7/1'.",
            "reported_by": "kz-interior-ministry",
            "groups": ["all"],
        },
        "bị thương": {
            "text_en": "At least 9 police officers were injured in this imaginary incident.",
            "groups": ["security_forces"],
        },
        "sẵn sàng": {
            "kind": "reaction",
            "text_en": "Russia said it was ready to help Kazakhstan.",
            "actors": ["russia"],
            "reported_by": "russia",
            "stances": ["offers_help"],
        },
    },
}
SEARCH = {"en": ("troops", "Russia said its 2,500 troops"), "vi": ("sẵn sàng", "Nga tuyên bố sẵn sàng")}


def _ok(*args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def _fill(claim: dict[str, Any], language: str) -> dict[str, Any] | None:
    word = next(w for w in FILLED[language] if w in claim["quote"])
    answer = FILLED[language][word]
    if answer is None:
        return None
    answer = dict(answer)
    for figure, group in zip(claim.get("figures", []), answer.pop("groups", []), strict=True):
        figure["group"] = group
        figure["as_of_note"] = UNDATED if answer.get("date") is None else "own-date: the claim's day."
        if answer.get("date"):
            figure["as_of"], figure["as_of_note"] = answer["date"], None
    claim.update({"date": None, "date_note": UNDATED, **answer})
    if claim["date"] is not None and not claim.get("date_note"):
        claim["date_note"] = None
    claim["note"] = None
    return claim


def _run_shipped_tests(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KZCRISIS_TEST_CORPUS": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/shipped", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_curators_path_end_to_end(corpus_copy: Path, tmp_path: Path, language: str) -> None:
    slug = f"fixture-{language}"
    corpus = ["--corpus", str(corpus_copy)]
    article = FIXTURES / f"{language}_article.txt"
    _ok(
        "add-source",
        str(article),
        "--slug",
        slug,
        "--language",
        language,
        "--title",
        "Test fixture",
        "--outlet-note",
        "A test fixture names no outlet.",
        "--date",
        "2022-01-08",
        *corpus,
    )
    assert run("coverage", "--source", slug, "--strict", *corpus).exit_code == 1

    draft = tmp_path / "draft.json"
    _ok("draft", "--source", slug, "--output", str(draft), *corpus)
    drafted = json.loads(draft.read_text(encoding="utf-8"))
    kept, explained = [], []
    for claim in drafted["claims"]:
        filled = _fill(claim, language)
        if filled is None:
            explained.append(
                {"sentence": claim["quote"], "reason": "chrome", "note": "The fixture's disclaimer."}
            )
        else:
            kept.append(filled)
    for n, claim in enumerate(kept, 1):
        claim["id"] = f"{slug}-{n:03d}"
    drafted["claims"] = kept
    (corpus_copy / "claims" / f"{slug}.json").write_text(
        json.dumps(drafted, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    if explained:
        edit_json(corpus_copy / "coverage.json", lambda data: data.update({slug: explained}))

    _ok("coverage", "--source", slug, "--strict", *corpus)
    passed = _ok("validate", *corpus)
    assert f"OK: {133 + len(kept)} claims" in passed.stderr
    word, quote = SEARCH[language]
    found = json.loads(_ok("search", word, "--source", slug, "--json", *corpus).stdout)
    assert [r["quote"][: len(quote)] for r in found] == [quote]
    shown = json.loads(_ok("show", found[0]["id"], "--json", *corpus).stdout)
    assert shown["source"]["published"] == "2022-01-08" and shown["source"]["language"] == language

    tests = _run_shipped_tests(corpus_copy)
    assert tests.returncode == 0, tests.stdout[-3000:]
