"""Search over words, the Vietnamese way: the user guide's "Search rules" on the shipped corpus.

Precision (every hit contains the words, as words) and recall (every claim that contains them is
a hit) against an oracle written apart from the code (`tests.conftest.search_oracle`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest

from kzcrisis.errors import BadInput
from kzcrisis.query.search import MAX_WORDS, fts_query, parse_query
from tests.conftest import CORPUS, oracle_words, run, run_json, search_oracle, search_texts

ENTITIES = {e["id"]: e for e in json.loads((CORPUS / "entities.json").read_text(encoding="utf-8"))}


@cache
def every_claim() -> tuple[dict[str, Any], ...]:
    return tuple(run_json("claims"))


def expected(query: str) -> set[str]:
    return {r["id"] for r in every_claim() if search_oracle(query, search_texts(r, ENTITIES))}


QUERIES = [
    "Nga",
    "nga",
    "quân",
    "quan",
    "bắt giữ",
    "bat giu",
    '"bắt giữ"',
    '"bắt giu"',
    "thị chính",
    "trung quoc",
    "Trung Quốc",
    '"trung quoc"',
    "tokayev",
    "TOKAYEV",
    "ngày",
    "ngay",
    "Moscow",
    "CSTO",
    "5.800",
    "người biểu tình",
    '"người biểu tình"',
    '"nguoi bieu tinh" almaty',
    "Psaki",
    "đàm phán",
    "dam phan",
]


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_exactly_the_claims_that_hold_the_words(query: str) -> None:
    got = [r["id"] for r in run_json("search", query)]
    assert len(got) == len(set(got))
    assert set(got) == expected(query), query


@pytest.mark.slow
def test_the_oracle_is_not_trivial() -> None:
    # The comparisons above mean something only if the queries find some claims and not others.
    sizes = {q: len(expected(q)) for q in QUERIES}
    assert 0 < sizes["quân"] < sizes["quan"] < len(every_claim())
    assert sizes["Nga"] > 10 and sizes["ngày"] > 10
    assert 0 < sizes['"bắt giữ"'] < sizes["Nga"]
    assert 0 < sizes["thị chính"] < sizes["ngày"]  # the caption of Almaty's burnt city hall


def test_nga_is_a_word_never_part_of_ngay() -> None:
    for record in run_json("search", "Nga"):
        names = search_texts(record, ENTITIES)
        assert any("nga" in oracle_words(text) for text in names), record["id"]
    # Russia (Nga) is referred to by each such claim or named in its words.
    with_ngay_only = [
        r
        for r in every_claim()
        if "ngày" in oracle_words(r["quote"])
        and not any(search_oracle("nga", [t]) for t in search_texts(r, ENTITIES))
    ]
    assert with_ngay_only, "the corpus has claims with ngày and no Nga: the test needs them"
    hits = {r["id"] for r in run_json("search", "Nga")}
    assert not hits & {r["id"] for r in with_ngay_only}


def test_diacritics_typed_are_meant() -> None:
    troops = {r["id"] for r in run_json("search", "quân")}
    any_form = {r["id"] for r in run_json("search", "quan")}
    assert troops < any_form  # quan finds quân and quan (quan ngại, liên quan), quân only quân
    for record in run_json("search", "quân"):
        assert any("quân" in oracle_words(t) for t in search_texts(record, ENTITIES))


def test_a_quoted_phrase_is_found_and_ranked_first() -> None:
    phrase = run_json("search", '"bắt giữ"')
    assert [r["id"] for r in phrase] and all("bắt giữ" in r["quote"].lower() for r in phrase)
    words = run_json("search", "bắt giữ")
    assert {r["id"] for r in phrase} <= {r["id"] for r in words}
    scores = [r["score"] for r in words]
    assert scores == sorted(scores, reverse=True)


def test_entity_name_hits_weigh_more() -> None:
    # Wang Yi is named in his claims' entities; a claim that names him in the quote only ranks after.
    found = run_json("search", "vuong nghi")
    assert found and "wang-yi" in found[0]["names"]
    assert all(isinstance(r["score"], float) and r["score"] > 0 for r in found)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "*",
        "tokayev*",
        "-nga",
        "nga:",
        "NEAR(nga quân)",
        "nga OR quân",
        "nga AND",
        "NOT",
        "{quote}: nga",
        "nga)",
        "'; DROP TABLE claims; --",
        "^nga",
        "a\x00b",
        "quân\u0301",
        "c++",
    ],
)
def test_fts_syntax_in_input_is_taken_literally(text: str) -> None:
    result = run("search", "--json", "--", text)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        got = {r["id"] for r in json.loads(result.stdout)}
        assert got == expected(text), text
    else:
        assert "nothing to search for" in result.output


def test_operators_are_words() -> None:
    # OR is not an operator: both words must stand in the claim ("or" is an English word).
    both = {r["id"] for r in run_json("search", "nga OR quân")}
    assert both == expected("nga or quân") and both <= {r["id"] for r in run_json("search", "nga quân")}


def test_query_parsing() -> None:
    assert [p.words for p in parse_query('Nga "bắt  giữ" ')] == [("nga",), ("bắt", "giữ")]
    assert [p.phrase for p in parse_query('Nga "bắt giữ"')] == [False, True]
    assert parse_query('"nga"')[0].phrase is False  # one word in quotes is just a word
    assert fts_query(parse_query("quân nga")) == '({en quote} : "quân") AND ({en_f quote_f} : "nga")'
    with pytest.raises(BadInput, match="at most 64"):
        parse_query(" ".join(["nga"] * (MAX_WORDS + 1)))
    with pytest.raises(BadInput, match="nothing to search for"):
        parse_query(" -*: ")


def test_too_many_words_is_a_usage_error() -> None:
    result = run("search", " ".join(["nga"] * 65))
    assert result.exit_code == 2
    assert "at most 64" in result.output


README = (CORPUS.parent / "docs" / "guide.md").read_text(encoding="utf-8")
CLAIM_ID = re.compile(r"\b[a-z]+(?:-[a-z0-9]+)*-\d{3}\b")


def readme_rules() -> list[tuple[str, list[str], list[str]]]:
    table = README.split("### Search rules", 1)[1].split("\n\n", 2)[1]
    out = []
    for line in table.splitlines()[2:]:
        _rule, typed, finds, never = (cell.strip() for cell in line.strip("|").split("|"))
        out.append((typed.strip("`"), CLAIM_ID.findall(finds), CLAIM_ID.findall(never)))
    return out


def test_readme_search_rules_are_real() -> None:
    rules = readme_rules()
    assert len(rules) >= 8
    for typed, finds, never in rules:
        got = {r["id"] for r in run_json("search", typed)}
        assert got == expected(typed), typed
        assert finds and set(finds) <= got, (typed, set(finds) - got)
        assert not set(never) & got, (typed, set(never) & got)


def test_each_claim_carries_the_tokens_of_its_entities() -> None:
    from kzcrisis.index.store import open_index

    with open_index(None) as index:
        token = {eid: f"e{rowid}" for rowid, eid in index.conn.execute("SELECT rowid, id FROM entities")}
        refs = dict(index.conn.execute("SELECT id, search_names FROM claims").fetchall())
    for record in every_claim():
        assert set(refs[record["id"]].split()) == {token[ref] for ref in record["names"]}, record["id"]


def test_a_phrase_of_marked_and_plain_words() -> None:
    # "bắt giu": bắt exactly, giu in any form, together: the claims with "bắt giữ", not "bất ... giữ".
    assert {r["id"] for r in run_json("search", '"bắt giu"')} == {
        r["id"] for r in run_json("search", '"bắt giữ"')
    }
    assert expected('"bất giu"') == set() == {r["id"] for r in run_json("search", '"bất giu"')}
