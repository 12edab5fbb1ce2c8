"""The site's search data (`kzcrisis.query.search_data`): made from `search`'s own rules and word index.

The browser applies it (tests/export/test_site_search.py); both are held to the same table of
questions and answers, tests/fixtures/search_vectors.json, which the CLI must give here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import kzcrisis
from kzcrisis.corpus.text import strip_marks, words
from kzcrisis.query.search import MAX_WORDS, entity_words
from kzcrisis.query.search_data import search_data
from kzcrisis.query.select import Filters
from tests.conftest import ROOT, run

VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "fixtures" / "search_vectors.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def corpus() -> Iterator[kzcrisis.Corpus]:
    with kzcrisis.open_corpus() as kz:
        yield kz


@pytest.fixture(scope="module")
def data(corpus: kzcrisis.Corpus) -> dict[str, Any]:
    return search_data(corpus.index, [r.id for r in corpus.rows(Filters())])


@pytest.mark.parametrize("vector", VECTORS, ids=[v["query"] for v in VECTORS])
def test_search_gives_the_shared_answers(vector: dict[str, Any]) -> None:
    result = run("search", vector["query"], "--json")
    if vector.get("error"):
        assert result.exit_code == 2 and "nothing to search for" in result.output
        return
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == vector["ids"]


def test_the_vectors_cover_names_phrases_and_diacritics() -> None:
    by_query = {v["query"]: v["ids"] for v in VECTORS}
    # Moskva's claim has no word "nga": Nga finds it through Russia's names.
    assert "sco-20220110-010" in by_query["Nga"] and len(by_query["Nga"]) == 31
    assert set(by_query["quân"]) < set(by_query["quan"])
    assert set(by_query['"trung quoc"']) < set(by_query["trung quoc"])
    assert by_query["xyzzy"] == [] and len(by_query) >= 25


def _texts(corpus: kzcrisis.Corpus) -> dict[str, tuple[str, str, str]]:
    sql = "SELECT id, search_names, search_en, search_quote FROM claims"
    return {r[0]: r[1:] for r in corpus.index.conn.execute(sql)}


def test_each_claims_words_are_those_search_reads(corpus: kzcrisis.Corpus, data: dict[str, Any]) -> None:
    terms, texts = data["terms"], _texts(corpus)
    tokens = [f"e{e[0]}" for e in data["entities"]]
    ids = [r.id for r in corpus.rows(Filters())]
    assert len(data["claims"]) == len(ids) == 133
    for claim_id, (size, refs, en, quote) in zip(ids, data["claims"], strict=True):
        names, en_text, quote_text = texts[claim_id]
        assert [tokens[e] for e in refs] == names.split()
        assert [terms[t] for t in en] == words(en_text)
        assert [terms[t] for t in quote] == words(quote_text)
        assert size == len(refs) + 2 * (len(en) + len(quote))  # the folded columns hold as many words
    first = dict(zip(ids, data["claims"], strict=True))["dantri-001"]
    assert [terms[t] for t in first[2]][:6] == ["us", "secretary", "of", "state", "antony", "blinken"]


def test_entity_names_are_searchs_own(corpus: kzcrisis.Corpus, data: dict[str, Any]) -> None:
    terms = data["terms"]
    made = [
        [int(token[1:]), [[terms.index(w) for w in name] for name in names]]
        for token, names in entity_words(corpus.index)
    ]
    assert data["entities"] == made
    russia = next(e for e in data["entities"] if [terms.index("nga")] in e[1])
    assert [terms.index("kremlin")] in russia[1]


def test_the_folds_give_the_index_folded_words(corpus: kzcrisis.Corpus, data: dict[str, Any]) -> None:
    fold = data["rules"]["fold"]
    for term in data["terms"]:
        assert "".join(fold.get(c, c) for c in term) == strip_marks(term), term
    # ...and the index's folded columns hold the words folded, one for one.
    conn = corpus.index.conn
    conn.execute("CREATE VIRTUAL TABLE temp.check_words USING fts5vocab(main, claim_words, instance)")
    try:
        found: dict[tuple[int, str], list[str]] = {}
        for doc, col, term in conn.execute(
            "SELECT doc, col, term FROM temp.check_words WHERE col != 'refs' ORDER BY doc, col, offset"
        ):
            found.setdefault((doc, col), []).append(term)
    finally:
        conn.execute("DROP TABLE temp.check_words")
    assert found and all(
        [strip_marks(t) for t in found.get((doc, col), [])] == found.get((doc, col + "_f"), [])
        for doc, col in found
        if not col.endswith("_f")
    )


def test_the_query_rules(data: dict[str, Any]) -> None:
    rules = data["rules"]
    ranges = rules["word"]

    def is_word(c: str) -> bool:
        return any(ranges[i] <= ord(c) <= ranges[i + 1] for i in range(0, len(ranges), 2))

    assert all(map(is_word, "aệđ5ж")) and not any(map(is_word, '_-"“.: '))
    assert rules["case"]["Đ"] == "đ" and rules["case"]["Ố"] == "ố" and rules["case"]["Т"] == "т"
    assert rules["case"]["İ"] == "i̇"  # its fold splits a word: listed though no word of the corpus has it
    assert "Ж" not in rules["case"]  # no word holds ж: typed, its word matches nothing either way
    assert rules["fold"]["đ"] == "d" and rules["fold"]["ố"] == "o" and "a" not in rules["fold"]
    assert rules["max_words"] == MAX_WORDS and data["rows"] == 133 and data["avgdl"] > 0


def test_a_filtered_export_carries_its_claims_only(corpus: kzcrisis.Corpus) -> None:
    ids = ["tienphong-008", "dantri-001"]
    part = search_data(corpus.index, ids)
    texts = _texts(corpus)
    assert [[part["terms"][t] for t in c[3]] for c in part["claims"]] == [words(texts[i][2]) for i in ids]
    assert part["rows"] == 133  # BM25 reads the whole index, as search does
