"""Each check of `validate` fails on a corpus broken in that one way (the shipped corpus's own facts
are tested in tests/shipped/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kzcrisis import load_corpus
from kzcrisis.errors import CorpusError
from tests.conftest import edit_json, run

Claims = dict[str, Any]


def _claims_file(root: Path, slug: str) -> Path:
    return root / "claims" / f"{slug}.json"


def _first(data: Claims, pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    return next(c for c in data["claims"] if pred(c))


def _has_figures(claim: dict[str, Any]) -> bool:
    return bool(claim.get("figures"))


def _break_quote(d: Claims) -> None:
    _first(d, lambda c: True)["quote"] = "Câu này không có trong bài báo."


def _break_number(d: Claims) -> None:
    _first(d, _has_figures)["figures"][0]["count"] = 999


def _break_qualifier(d: Claims) -> None:
    fig = _first(d, _has_figures)["figures"][0]
    fig["qualifier"] = "up_to"


def _break_entity(d: Claims) -> None:
    _first(d, lambda c: True)["actors"] = ["atlantis"]


def _break_duplicate_quote(d: Claims) -> None:
    first = d["claims"][0]
    d["claims"].append({**first, "id": "dantri-900"})


def _break_duplicate_id(d: Claims) -> None:
    d["claims"][1]["id"] = d["claims"][0]["id"]


def _break_date(d: Claims) -> None:
    claim = _first(d, lambda c: c["date"] is not None)
    claim["date"], claim["date_note"] = "2023-05-01", None


def _break_schema_missing(d: Claims) -> None:
    del d["claims"][0]["text_en"]


def _break_schema_type(d: Claims) -> None:
    _first(d, _has_figures)["figures"][0]["count"] = "many"


def _break_kind(d: Claims) -> None:
    d["claims"][0]["kind"] = "rumour"


def _break_source_ref(d: Claims) -> None:
    d["claims"][0]["source"] = "nowhere"


BREAKS: dict[str, tuple[Callable[[Claims], None], str]] = {
    "quote not in article": (_break_quote, "quote not found"),
    "number not in quote": (_break_number, "number 999 is not in the quote"),
    "qualifier not in quote": (_break_qualifier, "qualifier 'up_to'"),
    "unknown entity": (_break_entity, "unknown entity 'atlantis'"),
    "same quote and kind": (_break_duplicate_quote, "same quote and kind"),
    "duplicate id": (_break_duplicate_id, "duplicate id"),
    "date outside period": (_break_date, "outside 2022-01-02..2022-01-10"),
    "missing field": (_break_schema_missing, "text_en"),
    "wrong type": (_break_schema_type, "count"),
    "unknown kind": (_break_kind, "rumour"),
    "unknown source": (_break_source_ref, "nowhere"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_each_claim_check_fails_alone(name: str, corpus_copy: Path) -> None:
    change, message = BREAKS[name]
    edit_json(_claims_file(corpus_copy, "dantri"), change)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert message in text
    assert "claims/dantri.json" in text
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    assert message in result.stdout
    assert "Traceback" not in result.output


def test_problem_names_the_claim(corpus_copy: Path) -> None:
    edit_json(_claims_file(corpus_copy, "dantri"), _break_number)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    problem = caught.value.problems[0]
    assert problem.file == "claims/dantri.json"
    assert problem.claim is not None and problem.claim.startswith("dantri-")


def test_all_problems_are_collected(corpus_copy: Path) -> None:
    def two_breaks(d: Claims) -> None:
        _break_quote(d)
        _break_entity(d)
        _break_number(d)

    edit_json(_claims_file(corpus_copy, "dantri"), two_breaks)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    messages = [p.message for p in caught.value.problems]
    assert any("quote not found" in m for m in messages)
    assert any("atlantis" in m for m in messages)
    assert any("999" in m for m in messages)


def test_changed_article_fails_its_hash(corpus_copy: Path) -> None:
    article = corpus_copy / "sources" / "002_543902588d36be3a.txt"
    article.write_bytes(article.read_bytes() + b"\nThem mot dong.\n")
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    assert any("sha256" in str(p) and "002_543902588d36be3a.txt" in str(p) for p in caught.value.problems)


def test_source_path_outside_corpus_is_rejected(corpus_copy: Path) -> None:
    def escape(sources: list[dict[str, Any]]) -> None:
        sources[0]["file"] = "../../etc/passwd"

    edit_json(corpus_copy / "sources.json", escape)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    assert any("outside the corpus folder" in str(p) for p in caught.value.problems)


def test_invalid_json_names_line(corpus_copy: Path) -> None:
    path = _claims_file(corpus_copy, "dantri")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ","  # a trailing comma on line 4
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    problem = caught.value.problems[0]
    assert problem.file == "claims/dantri.json"
    assert problem.line is not None and 3 <= problem.line <= 6
    assert "invalid JSON" in problem.message


def test_entity_checks(corpus_copy: Path) -> None:
    def break_entities(entities: list[dict[str, Any]]) -> None:
        entities[0]["speaks_for"] = "ghost"
        entities[1]["aliases"].append(entities[0]["name"])

    edit_json(corpus_copy / "entities.json", break_entities)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "unknown entity 'ghost'" in text
    assert "is used by both" in text


def test_null_date_needs_a_note(corpus_copy: Path) -> None:
    def drop(d: Claims) -> None:
        claim = _first(d, lambda c: c["date"] is not None)
        claim["date"], claim["date_note"] = None, None

    edit_json(_claims_file(corpus_copy, "dantri"), drop)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    assert any("date_note must say why" in p.message for p in caught.value.problems)
