"""An English article, end to end on a temporary corpus: add-source -> coverage -> draft -> fill ->
validate (passes; then fails with a diff hint for a retyped quote) -> query."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import CORPUS, run

FIXTURE = Path(__file__).parents[1] / "fixtures" / "en_article.txt"
SLUG = "fixture-en"


def _new_corpus(tmp_path: Path) -> Path:
    """A corpus with the shipped manifest and entities and no article yet."""
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("corpus.json", "entities.json"):
        shutil.copy(CORPUS / name, root / name)
    (root / "sources.json").write_text("[]\n", encoding="utf-8")
    return root


def _ok(*args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


FILLED: dict[str, dict[str, Any]] = {
    # what a curator writes into the judgement fields of each draft, by a word of its quote
    "detained": {
        "text_en": "The Interior Ministry said on 7 January that more than 1,234 people had been detained.",
        "date": "2022-01-07",
        "reported_by": "kz-interior-ministry",
        "groups": ["all"],
    },
    "injured": {
        "text_en": "At least 12 police officers were injured, a ministry official told reporters.",
        "date": None,
        "date_note": "The sentence gives no day.",
        "groups": ["security_forces"],
    },
    "urged": {
        "kind": "reaction",
        "text_en": "The U.S. State Department urged restraint on 6 January.",
        "date": "2022-01-06",
        "actors": ["united-states"],
        "speaker": "us-state-department",
        "stances": ["calls_for_restraint"],
    },
    "troops": {
        "text_en": "Russia said its 2,500 troops would stay in Kazakhstan.",
        "date": None,
        "date_note": "The sentence gives no day.",
        "actors": ["russia"],
        "groups": ["russian_forces"],
    },
}


def _fill(claim: dict[str, Any]) -> dict[str, Any]:
    word = next(w for w in FILLED if w in claim["quote"])
    answer = dict(FILLED[word])
    groups = answer.pop("groups", [])
    for figure, group in zip(claim.get("figures", []), groups, strict=True):
        figure["group"] = group
        figure["as_of_note"] = "As of the article; the sentence gives no day."
    claim.update(answer)
    if claim["date"] is not None:
        claim["date_note"] = None
    return claim


def test_an_english_article_from_text_to_query(tmp_path: Path) -> None:
    root = _new_corpus(tmp_path)
    corpus = ["--corpus", str(root)]
    notes = ["--outlet-note", "A test fixture names no outlet.", "--date-note", "A test fixture has no date."]
    _ok("add-source", str(FIXTURE), "--slug", SLUG, "--language", "en", "--title", "Fixture", *notes, *corpus)

    # coverage: the four sentences with a number, a name or a reporting verb are flagged, not the rest
    report = json.loads(_ok("coverage", "--source", SLUG, "--json", *corpus).stdout)[0]
    flagged = [s["text"] for s in report["sentences"] if s["status"] == "flagged"]
    assert [t.split()[1] for t in flagged] == ["Interior", "least", "U.S.", "said"]
    assert report["summary"] == {"covered": 0, "explained": 0, "flagged": 4, "plain": 5, "sentences": 9}

    # draft: figures and entities read mechanically, judgement left empty
    draft = tmp_path / "draft.json"
    drafting = _ok("draft", "--source", SLUG, "--output", str(draft), *corpus)
    # names no entity bears, each with an entities.json record to start from
    assert (
        '{"id": "almaty", "type": "", "name": "Almaty", "names_vi": [], "aliases": ["Almaty"]}'
        in drafting.stderr
    )
    drafted = json.loads(draft.read_text(encoding="utf-8"))
    claims = drafted["claims"]
    assert [c["id"] for c in claims] == [f"{SLUG}-00{i}" for i in range(1, 5)]
    figures = [
        (c["kind"], [(f["count"], f["qualifier"], f["metric"]) for f in c.get("figures", [])]) for c in claims
    ]
    assert figures == [
        ("arrest", [(1234, "more_than", "detained")]),
        ("casualty", [(12, "at_least", "injured")]),
        ("", []),  # a reaction: the kind is the curator's call
        ("deployment", [(2500, "exact", "troops")]),
    ]
    assert claims[0]["mentions"] == ["kz-interior-ministry"]
    assert claims[2]["mentions"] == ["us-state-department", "united-states"]
    assert "'on January 7' -> 2022-01-07" in claims[0]["note"]
    assert all(c["text_en"] == c["quote"] and "review it" in c["note"] for c in claims)  # English: to review
    assert "names that match no entity: 'Almaty'" in claims[0]["note"] and "'Smith'" in claims[1]["note"]

    # an unfilled draft does not pass validate
    claims_file = root / "claims" / f"{SLUG}.json"
    claims_file.write_text(json.dumps(drafted, ensure_ascii=False, indent=2), encoding="utf-8")
    refused = run("validate", *corpus)
    assert refused.exit_code == 1
    assert f"[claim {SLUG}-001] (figures.0.group)" in refused.stdout

    # filled, it passes
    drafted["claims"] = [_fill(c) for c in claims]
    claims_file.write_text(json.dumps(drafted, ensure_ascii=False, indent=2), encoding="utf-8")
    passed = _ok("validate", *corpus)
    assert "OK: 4 claims" in passed.stderr
    covered = json.loads(_ok("coverage", "--source", SLUG, "--json", *corpus).stdout)[0]
    assert covered["summary"]["flagged"] == 0 and covered["summary"]["covered"] == 4

    # a quote retyped wrongly fails, and says where
    first = drafted["claims"][0]
    first["quote"] = first["quote"].replace("Ministry", "Minstry")
    claims_file.write_text(json.dumps(drafted, ensure_ascii=False, indent=2), encoding="utf-8")
    failed = run("validate", "--source", SLUG, *corpus)
    assert failed.exit_code == 1
    assert "closest passage" in failed.stdout
    assert "the quote has nothing, the article has 'i'" in failed.stdout
    first["quote"] = first["quote"].replace("Minstry", "Ministry")
    claims_file.write_text(json.dumps(drafted, ensure_ascii=False, indent=2), encoding="utf-8")

    # and the claims answer queries
    arrests = json.loads(_ok("arrests", "--json", *corpus).stdout)
    assert [(r["id"], r["figures"][0]["count"], r["figures"][0]["qualifier"]) for r in arrests] == [
        (f"{SLUG}-001", 1234, "more_than")
    ]
    reactions = json.loads(_ok("reactions", "--country", "United States", "--json", *corpus).stdout)
    assert [r["stances"] for r in reactions] == [["calls_for_restraint"]]
    found = json.loads(_ok("search", "troops", "--json", *corpus).stdout)
    assert [r["id"] for r in found] == [f"{SLUG}-004"]
    assert json.loads(_ok("search", "troop", "--json", *corpus).stdout) == []  # whole words only
    sources = json.loads(_ok("sources", "--json", *corpus).stdout)
    assert [(s["slug"], s["language"]) for s in sources] == [(SLUG, "en")]
