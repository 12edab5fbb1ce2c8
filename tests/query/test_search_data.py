"""The site's search data (`kzcrisis.query.search_data`): made from `search`'s own rules and word index.

The browser applies it (tests/export/test_site_search.py); both are held to the same table of
questions and answers, tests/fixtures/search_vectors.json, which the CLI must give here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from kzcrisis.corpus.text import strip_marks
from kzcrisis.index.store import Index
from kzcrisis.query.search import MAX_WORDS, entity_words
from kzcrisis.query.search_data import search_data
from kzcrisis.query.select import Filters
from kzcrisis.query.session import Session
from tests.conftest import ROOT, run

VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "fixtures" / "search_vectors.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def corpus() -> Iterator[Session]:
    with Session() as kz:  # the query path the export reads the index through
        yield kz


@pytest.fixture(scope="module")
def data(corpus: Session) -> dict[str, Any]:
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


def index_words(index: Index) -> dict[tuple[int, str], list[str]]:
    """The words of each claim's columns as the index's FTS5 table holds them: (seq, column) -> words."""
    conn = index.conn
    conn.execute("CREATE VIRTUAL TABLE temp.check_words USING fts5vocab(main, claim_words, instance)")
    try:
        found: dict[tuple[int, str], list[str]] = {}
        for doc, col, term in conn.execute(
            "SELECT doc, col, term FROM temp.check_words ORDER BY doc, col, offset"
        ):
            found.setdefault((doc, col), []).append(term)
    finally:
        conn.execute("DROP TABLE temp.check_words")
    return found


def check_words(index: Index, data: dict[str, Any], ids: list[str]) -> None:
    """The data's words of each claim are those of the FTS5 table, and its folds the table's folded words."""
    held = index_words(index)
    seq_of = dict(index.conn.execute("SELECT id, seq FROM claims"))
    terms, fold = data["terms"], data["rules"]["fold"]
    tokens = [f"e{e[0]}" for e in data["entities"]]
    assert len(data["claims"]) == len(ids)
    for claim_id, (size, refs, en, quote) in zip(ids, data["claims"], strict=True):
        seq = seq_of[claim_id]
        assert [tokens[e] for e in refs] == held.get((seq, "refs"), [])
        for column, found in (("en", en), ("quote", quote)):
            assert [terms[t] for t in found] == held.get((seq, column), []), (claim_id, column)
            folded = ["".join(fold.get(c, c) for c in terms[t]) for t in found]
            assert folded == held.get((seq, column + "_f"), []), (claim_id, column)
        assert size == len(refs) + 2 * (len(en) + len(quote))  # FTS5's own count of the claim's words


def test_each_claims_words_are_the_index_words(corpus: Session, data: dict[str, Any]) -> None:
    ids = [r.id for r in corpus.rows(Filters())]
    check_words(corpus.index, data, ids)
    first = dict(zip(ids, data["claims"], strict=True))["dantri-001"]
    assert [data["terms"][t] for t in first[2]][:6] == ["us", "secretary", "of", "state", "antony", "blinken"]
    for term in data["terms"]:  # the fold table gives the index's folded form of every word
        assert "".join(data["rules"]["fold"].get(c, c) for c in term) == strip_marks(term), term


def test_entity_names_are_searchs_own(corpus: Session, data: dict[str, Any]) -> None:
    terms = data["terms"]
    made = [
        [int(token[1:]), [[terms.index(w) for w in name] for name in names]]
        for token, names in entity_words(corpus.index)
    ]
    assert data["entities"] == made
    russia = next(e for e in data["entities"] if [terms.index("nga")] in e[1])
    assert [terms.index("kremlin")] in russia[1] and [terms.index("ru")] in russia[1]


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


def test_a_filtered_export_carries_its_claims_only(corpus: Session) -> None:
    ids = ["tienphong-008", "dantri-001"]
    part = search_data(corpus.index, ids)
    check_words(corpus.index, part, ids)
    assert part["rows"] == 2  # ranked among the claims exported (BM25's row count and average size)
