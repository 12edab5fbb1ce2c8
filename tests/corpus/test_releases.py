"""Claim ids that outlive an edit: released ids recorded, retired ones answered with their record,
validate refusing a released id dropped without one, and what each release changed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kzcrisis import RetiredClaim, open_corpus
from tests.conftest import CORPUS, edit_json, run


def test_show_a_retired_id_says_when_why_and_where_its_words_are() -> None:
    result = run("show", "tokayev-coup-005")
    assert result.exit_code == 1
    assert "claim tokayev-coup-005 was retired in corpus 1.1.0 (2026-11-23)" in result.stderr
    assert "Charles Michel" in result.stderr
    assert "Its words are now in tokayev-coup-006: kzcrisis show tokayev-coup-006" in result.stderr
    assert "Did you mean" not in result.stderr and result.stdout == ""


def test_a_teaser_retired_without_successor_says_so() -> None:
    result = run("show", "TOKAYEV-COUP-039")
    assert result.exit_code == 1
    assert "teaser" in result.stderr and "No claim replaces it." in result.stderr


def test_the_api_raises_the_retirement_record() -> None:
    with open_corpus() as kz, pytest.raises(RetiredClaim) as caught:
        kz.claim("tokayev-coup-005")
    assert caught.value.replaced_by == "tokayev-coup-006"
    assert kz_words_in("tokayev-coup-006", "Charles Michel")


def kz_words_in(claim_id: str, words: str) -> bool:
    with open_corpus() as kz:
        return words in kz.claim(claim_id)["quote"]


def test_an_id_never_published_still_gets_suggestions() -> None:
    result = run("show", "tokayev-coup-099")
    assert result.exit_code == 2 and "Did you mean" in result.stderr


def test_the_shipped_releases_record_every_id_and_every_retirement() -> None:
    releases = {
        v: json.loads((CORPUS / "releases" / f"{v}.json").read_text())["claims"]
        for v in ("1.0.0", "1.1.0", "1.2.0")
    }
    current = {
        c["id"] for f in (CORPUS / "claims").glob("*.json") for c in json.loads(f.read_text())["claims"]
    }
    retired = {r["id"]: r for r in json.loads((CORPUS / "retired.json").read_text())}
    assert set(releases["1.2.0"]) == current and set(releases["1.1.0"]) == current
    assert set(releases["1.0.0"]) - current == set(retired)
    assert retired["tokayev-coup-005"]["replaced_by"] == "tokayev-coup-006"
    assert retired["tokayev-coup-039"]["replaced_by"] is None
    assert len(releases["1.0.0"]) == 133 and "tokayev-coup-040" not in releases["1.0.0"]


def _drop(root: Path, claim_id: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["claims"] = [c for c in data["claims"] if c["id"] != claim_id]

    edit_json(root / "claims" / f"{claim_id.rsplit('-', 1)[0]}.json", change)


def test_validate_refuses_a_released_id_dropped_without_a_record(corpus_copy: Path) -> None:
    _drop(corpus_copy, "dantri-014")
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    assert "releases/1.0.0.json [claim dantri-014]" in result.stdout
    assert "corpus 1.2.0 published claim dantri-014, which is gone without a record" in result.stdout
    record = {
        "id": "dantri-014",
        "retired_in": "1.1.0",
        "date": "2026-12-02",
        "why": "Test.",
        "replaced_by": None,
    }
    edit_json(corpus_copy / "retired.json", lambda records: records.append(record))
    assert run("validate", "--corpus", str(corpus_copy)).exit_code == 0


def test_validate_checks_the_retirement_records(corpus_copy: Path) -> None:
    def spoil(records: list[dict[str, Any]]) -> None:
        records[0]["replaced_by"] = "dantri-999"
        records[1]["id"] = "dantri-001"  # a claim the corpus has
        records.append({"id": "x"})

    edit_json(corpus_copy / "retired.json", spoil)
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    assert "(replaced_by): 'dantri-999' is not a claim of the corpus" in result.stdout
    assert "[retired claim dantri-001] (id): this claim is in the corpus" in result.stdout
    assert "record 8: retired_in, date, why missing or not text" in result.stdout
    # and the released id whose record was spoiled is now gone without one
    assert "published claim sco-20220110-013, which is gone without a record" in result.stdout


def test_changes_since_1_0_0() -> None:
    result = run("changes", "--since", "1.0.0", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert "tokayev-coup-040" in found["added"] and len(found["added"]) == 7
    assert {"note", "quote", "stances"} <= set(found["changed"]["tokayev-coup-006"])
    assert {"figures", "reported_by"} <= set(found["changed"]["tokayev-coup-038"])  # up_to -> reached
    retired = {r["id"]: r for r in found["retired"]}
    assert retired["tokayev-coup-005"]["replaced_by"] == "tokayev-coup-006"
    assert found["dropped"] == []
    text = run("changes", "--since", "1.0.0").stdout
    assert text.startswith("## 1.2.0 (since 1.0.0)") and "- tokayev-coup-005 (2026-11-23)" in text


def test_corpus_changes_md_is_the_generated_changelog() -> None:
    assert (CORPUS / "CHANGES.md").read_text(encoding="utf-8") == run("changes", "--changelog").stdout


def test_record_a_release_once(corpus_copy: Path) -> None:
    edit_json(corpus_copy / "corpus.json", lambda m: m.update(version="9.0.0"))
    _drop(corpus_copy, "dantri-014")
    record = {
        "id": "dantri-014",
        "retired_in": "9.0.0",
        "date": "2026-12-02",
        "why": "Test.",
        "replaced_by": None,
    }
    edit_json(corpus_copy / "retired.json", lambda records: records.append(record))
    assert run("changes", "--record", "--corpus", str(corpus_copy)).exit_code == 0
    written = json.loads((corpus_copy / "releases" / "9.0.0.json").read_text())
    assert len(written["claims"]) == 132 and "dantri-014" not in written["claims"]
    again = run("changes", "--record", "--corpus", str(corpus_copy))
    assert again.exit_code == 2 and "recorded once" in again.stderr
    assert run("validate", "--corpus", str(corpus_copy)).exit_code == 0
    latest = run("changes", "--corpus", str(corpus_copy), "--since", "1.2.0").stdout
    assert re.search(r"Retired \(1\):\n- dantri-014", latest)
