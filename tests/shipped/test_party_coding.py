"""Stances, attribution by context, 'led by', on-behalf-of and entities, as the guide reads them."""

from __future__ import annotations

import itertools
import re

from kzcrisis.corpus.text import name_key
from kzcrisis.corpus.vocab import STANCE_HELP, Stance
from tests.conftest import run_json
from tests.shipped.data import Claim, by_id, claims, entities, fold, guide_section, line_of

# --- stances -------------------------------------------------------------------------------


def stance_table() -> dict[str, tuple[str, str]]:
    row = re.compile(r"^\| `([a-z_]+)` \| (.+?) \| `([a-z0-9-]+)` \|$", re.MULTILINE)
    rows = row.findall(guide_section("Stances"))
    return {stance: (definition, example) for stance, definition, example in rows}


def test_every_stance_has_its_definition_and_a_real_example() -> None:
    table = stance_table()
    assert set(table) == {s.value for s in Stance}
    for stance, (definition, example) in table.items():
        assert definition == STANCE_HELP[Stance(stance)], stance
        assert stance in by_id(example)["stances"], (stance, example)


def test_lukashenko_scenario_is_a_reaction_of_belarus() -> None:
    said = {r["id"]: r for r in run_json("reactions", "--country", "Belarus")}
    assert "draws_parallel" in said["tienphong-043"]["stances"]


def test_a_coup_named_in_the_quote_is_tagged() -> None:
    for claim in claims():
        if claim["kind"] == "reaction" and "đảo chính" in claim["quote"]:
            assert "alleges_coup" in claim["stances"], claim["id"]


# --- attribution ---------------------------------------------------------------------------

SAYS = re.compile(r"cho biết|thông báo|tuyên bố|(?i:theo) ")
CONTINUES = re.compile(r"^(Ngoài ra|Đồng thời)|\bcũng\b")


def test_a_figure_that_continues_a_report_keeps_its_source() -> None:
    """By context: a figure sentence with no source of its own that continues ('Ngoài ra', 'cũng')
    the figures of the sentence before it, in the same paragraph, is reported by the same source."""
    checked = 0
    figure_claims = [c for c in claims() if c.get("figures")]
    for before, claim in itertools.pairwise(figure_claims):
        quote = fold(claim["quote"])
        same_paragraph = claim["source"] == before["source"] and line_of(claim) == line_of(before)
        if same_paragraph and not SAYS.search(quote) and CONTINUES.search(quote) and before["reported_by"]:
            assert claim["reported_by"] == before["reported_by"], claim["id"]
            checked += 1
    assert checked >= 2  # dantri-017, tokayev-coup-037


# --- deployment ----------------------------------------------------------------------------


def country_named(word: str) -> str | None:
    for entity in entities().values():
        if entity["type"] == "country" and name_key(word) in {name_key(n) for n in entity["names_vi"]}:
            return str(entity["id"])
    return None


def test_led_by_is_the_command_and_a_contributor() -> None:
    checked = 0
    for claim in claims():
        if claim["kind"] != "deployment":
            continue
        for word in re.findall(r"(\w+) dẫn đầu", fold(claim["quote"])):
            leader = country_named(word)
            if leader:
                assert claim["command"] == leader, claim["id"]
                assert leader in claim["contributors"], claim["id"]
                checked += 1
    assert checked >= 3


# --- on behalf of --------------------------------------------------------------------------


def test_a_statement_on_behalf_of_another_side_is_not_the_speakers_country() -> None:
    acting = [c for c in claims() if c.get("on_behalf_of")]
    assert {c["id"] for c in acting} >= {"csto-request-005", "csto-request-006", "csto-request-007"}
    for country in {entities()[p]["speaks_for"] for c in acting for p in _people(c)}:
        found = {r["id"] for r in run_json("claims", "--actor", country)}
        assert not found & {c["id"] for c in acting}, country
    for claim in acting:
        found = {r["id"] for r in run_json("claims", "--actor", claim["on_behalf_of"])}
        assert claim["id"] in found


def _people(claim: Claim) -> set[str]:
    refs = [claim.get("speaker"), claim.get("reported_by"), *(claim.get("actors") or [])]
    return {str(r) for r in refs if r and entities()[str(r)]["type"] == "person"}


def test_armenia_no_longer_lists_the_csto_chairs_statement() -> None:
    assert [r["id"] for r in run_json("reactions", "--country", "Armenia")] == []


# --- entities ------------------------------------------------------------------------------

VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300-\u0303\u0309\u0323]")
NATIONALITIES = {
    "kazakhstan": "Kazakh",
    "russia": "Russian",
    "united-states": "American",
    "china": "Chinese",
    "united-kingdom": "British",
    "france": "French",
    "turkey": "Turkish",
    "belarus": "Belarusian",
    "armenia": "Armenian",
    "tajikistan": "Tajik",
    "kyrgyzstan": "Kyrgyz",
    "uzbekistan": "Uzbek",
    "azerbaijan": "Azerbaijani",
    "afghanistan": "Afghan",
}


def test_vietnamese_names_are_kept_apart_from_aliases() -> None:
    import unicodedata

    for entity in entities().values():
        vi = {name_key(n) for n in entity["names_vi"]}
        own = vi | {name_key(entity["name"])}
        aliases = [a for a in entity["aliases"] if name_key(a) in own]
        assert aliases == [], entity["id"]
        for alias in entity["aliases"]:
            decomposed = unicodedata.normalize("NFD", alias)
            assert not VIETNAMESE_LETTERS.search(decomposed), alias


def test_every_country_has_its_nationality_adjective() -> None:
    countries = {i for i, e in entities().items() if e["type"] == "country"}
    assert set(NATIONALITIES) == countries
    for country, adjective in NATIONALITIES.items():
        assert adjective in entities()[country]["aliases"], country


def test_bodies_of_a_government_speak_for_their_country() -> None:
    government = re.compile(r"Ministry|White House|Department of State|Government|Office of the President")
    for entity in entities().values():
        if entity["type"] == "organisation" and government.search(entity["name"]):
            assert entities()[entity["speaks_for"]]["type"] == "country", entity["id"]
