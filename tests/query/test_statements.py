"""Linked statements and shared names: what `validate` refuses, what a user is told (mechanism tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kzcrisis import load_corpus
from kzcrisis.errors import AmbiguousName, CorpusError
from kzcrisis.index.store import open_index
from kzcrisis.query.names import resolve_entity
from tests.conftest import edit_json, run

Claims = dict[str, Any]


def _claim(data: Claims, claim_id: str) -> dict[str, Any]:
    return next(c for c in data["claims"] if c["id"] == claim_id)


def _problems(root: Path) -> str:
    with pytest.raises(CorpusError) as caught:
        load_corpus(root)
    return "\n".join(str(p) for p in caught.value.problems)


def test_a_statement_must_span_two_articles(corpus_copy: Path) -> None:
    def link_within_one(data: Claims) -> None:
        _claim(data, "dantri-002")["statement"] = "lonely"
        _claim(data, "dantri-006")["statement"] = "lonely"

    edit_json(corpus_copy / "claims" / "dantri.json", link_within_one)
    text = _problems(corpus_copy)
    assert "[claim dantri-002] (statement): statement 'lonely' is reported by one article only" in text
    assert "dantri-006" in text


def test_linked_claims_are_of_one_kind(corpus_copy: Path) -> None:
    def link_an_event(data: Claims) -> None:
        _claim(data, "dantri-005")["statement"] = "russia-internal-affair"  # an event, with a reaction

    edit_json(corpus_copy / "claims" / "dantri.json", link_an_event)
    text = _problems(corpus_copy)
    assert "statement 'russia-internal-affair' links claims of different kinds" in text
    assert "dantri-005 event" in text and "tokayev-coup-032 reaction" in text


def _drop_aircraft_notes(corpus: Path) -> None:
    for slug, claim_id in (("dantri", "dantri-013"), ("tokayev-coup", "tokayev-coup-019")):

        def drop(data: Claims, claim_id: str = claim_id) -> None:
            del _claim(data, claim_id)["figures"][0]["note"]

        edit_json(corpus / "claims" / f"{slug}.json", drop)


def test_linked_figures_that_contradict_need_a_note(corpus_copy: Path) -> None:
    load_corpus(corpus_copy)  # as shipped: 75 and 'more than 75' contradict, and a note says why
    _drop_aircraft_notes(corpus_copy)
    text = _problems(corpus_copy)
    assert "aircraft/russian_forces of statement 'russian-aircraft-75'" in text
    assert "more_than 75 contradicts exact 75 of dantri-013" in text


def test_linked_figures_that_agree_need_no_note(corpus_copy: Path) -> None:
    # The 18 security personnel killed: 'ít nhất 18' in both articles, no note, no problem.
    data = json.loads((corpus_copy / "claims" / "dantri.json").read_text(encoding="utf-8"))
    assert not _claim(data, "dantri-017")["figures"][0].get("note")
    assert _claim(data, "dantri-017")["statement"] == "security-forces-18-killed"
    load_corpus(corpus_copy)


def test_the_streaming_build_checks_statements_across_files(corpus_copy: Path) -> None:
    # dantri and tokayev-coup are read one file at a time: only the end of the build sees both figures.
    _drop_aircraft_notes(corpus_copy)
    with pytest.raises(CorpusError) as caught:
        open_index(corpus_copy)
    messages = [p.message for p in caught.value.problems]
    assert any("more_than 75 contradicts exact 75" in m for m in messages)
    assert not any("reported by one article only" in m for m in messages)  # no file alone decided


# --- names two entities share -----------------------------------------------------------------


def test_a_shared_name_is_a_usage_error_listing_every_entity() -> None:
    result = run("reactions", "--actor", "presidential office")
    assert result.exit_code == 2
    assert "ambiguous actor: 'presidential office'" in result.output
    assert "kz-presidential-office" in result.output and "tr-presidential-office" in result.output
    assert "Traceback" not in result.output


def test_a_shared_name_raises_in_the_api_with_the_candidates() -> None:
    with open_index() as index, pytest.raises(AmbiguousName) as caught:
        resolve_entity(index, "bo quoc phong")
    assert [entity for entity, _ in caught.value.candidates] == ["kz-defence-ministry", "ru-defence-ministry"]


def test_each_bodys_own_name_still_resolves() -> None:
    with open_index() as index:
        assert resolve_entity(index, "Văn phòng Tổng thống Kazakhstan") == "kz-presidential-office"
        assert resolve_entity(index, "Bộ Quốc phòng Nga") == "ru-defence-ministry"


def _entities(root: Path, change: Any) -> None:
    edit_json(root / "entities.json", change)


def _entity(data: list[dict[str, Any]], entity_id: str) -> dict[str, Any]:
    return next(e for e in data if e["id"] == entity_id)


def test_an_accidental_shared_alias_is_still_refused(corpus_copy: Path) -> None:
    def share_akorda(data: list[dict[str, Any]]) -> None:
        _entity(data, "tr-presidential-office")["aliases"].append("Akorda")

    _entities(corpus_copy, share_akorda)
    assert "name 'Akorda' is used by both 'kz-presidential-office' and 'tr-presidential-office'" in _problems(
        corpus_copy
    )


def test_an_ambiguous_name_needs_two_bearers_and_must_not_be_an_own_name(corpus_copy: Path) -> None:
    def break_names(data: list[dict[str, Any]]) -> None:
        _entity(data, "white-house")["ambiguous_names"] = ["spokesman"]
        _entity(data, "ru-foreign-ministry")["ambiguous_names"].append("Nga")

    _entities(corpus_copy, break_names)
    text = _problems(corpus_copy)
    assert "ambiguous name 'spokesman' is listed by 'white-house' only" in text
    assert "name 'Nga' is also a name of 'russia'" in text


def test_the_twins_table_shows_corpus_text_through_the_sanitiser() -> None:
    from rich.console import Console

    from kzcrisis.render.show import render_twins

    evil = "Evil\x1b]0;pwned\x07"
    hostile = {"id": "x-001", "outlet": evil, "date": None, "quote": "a\x1b[31m", "text_en": "b"}
    twin = {"id": "y-001", "outlet": None, "date": "2022-01-07", "quote": "[bold]c[/bold]", "text_en": "d"}
    console = Console(width=120, color_system=None)
    with console.capture() as captured:
        console.print(render_twins({**hostile, "statement": "s"}, [twin]))
    out = captured.get()
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold]c[/bold]" in out  # data, never markup
    assert "y-001" in out and "2022-01-07" in out
