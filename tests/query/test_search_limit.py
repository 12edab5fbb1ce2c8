"""`search --limit N` is the first N claims of the search without a limit: the same ids, scores and
order, wherever the cut falls (inside a group of tied scores too), with phrase bonuses and phrases
of marked and unmarked words. The limit is applied while ranking, so this is worth testing apart.

The corpus is a synthetic one (bench/generate.py): its templates give many claims the same score.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.api import Corpus
from kzcrisis.query import search
from kzcrisis.query.search import Ranked, keep_best
from tests.conftest import generate_corpus, run, search_oracle, search_texts

pytestmark = pytest.mark.slow  # every limit checked against the full ranking, on large corpora

# Typed words that stand together or apart (the phrase bonus), a phrase and typed words of marked
# and unmarked letters (their words decide, not FTS5), a quoted phrase with another word, filters.
QUERIES = [
    "trung quoc",
    "lực lượng",
    "an ninh",
    "người biểu tình",
    "bắt giu",
    '"bắt giu"',
    '"bắt giu" người',
    "quan ngại",
    '"lực lượng" nga',
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_corpus(tmp_path_factory.mktemp("synthetic") / "corpus", 3000, seed=7, per_source=50)


@pytest.fixture
def kz(synthetic: Path) -> Iterator[Corpus]:
    with Corpus(synthetic) as corpus:
        yield corpus


def cuts(scores: list[float]) -> list[int]:
    """Limits to try: small ones, every cut that splits tied scores, the whole list and beyond."""
    split = [n for n in range(1, len(scores)) if scores[n - 1] == scores[n]]
    return sorted({0, 1, 2, 10, *split, len(scores), len(scores) + 5})


def ids_scores(records: list[dict[str, Any]]) -> list[tuple[str, float]]:
    return [(r["id"], r["score"]) for r in records]


@pytest.mark.parametrize("first_page", ["as shipped", "the limit"])
@pytest.mark.parametrize("query", QUERIES)
def test_a_limit_keeps_the_first_of_the_full_ranking(
    kz: Corpus, query: str, first_page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if first_page == "the limit":  # so that the rest of the candidates are read on every cut
        monkeypatch.setattr(search, "_first_page", lambda limit: limit)
    full = kz.search(query)
    scores = [r["score"] for r in full]
    assert len(full) > 10 and len(set(scores)) < len(scores), "the test needs matches with ties"
    assert scores == sorted(scores, reverse=True)
    for n in cuts(scores):
        assert kz.search(query, limit=n) == full[:n], (query, n)


def _date_order(r: dict[str, Any]) -> tuple[bool, str, bool, str, str]:
    bound = None if r["date"] else r["known_by"]
    return (r["date"] is None, r["date"] or "", bound is None, bound or "", r["id"])


@pytest.mark.parametrize("query", QUERIES)
def test_ties_keep_date_order(kz: Corpus, query: str) -> None:
    full = kz.search(query)
    for a, b in itertools.pairwise(full):
        if a["score"] == b["score"]:
            # Undated last, those with a bound (known_by) first, by it; the synthetic sources and
            # their claims are in id order.
            assert _date_order(a) < _date_order(b)


@pytest.mark.parametrize("dropped", [0, 3])
@pytest.mark.parametrize("query", ["trung quoc", "lực lượng", "an ninh"])
def test_the_rest_of_the_candidates_is_read_whole(
    kz: Corpus, query: str, dropped: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made common, over a first page no larger than the limit: scores equal once rounded but not
    before (SQLite's score takes 4e-7 off every other claim), words that fail their check (every
    `dropped`th claim, if any), final scores below the score SQLite sorts by (7e-7 off every fifth)."""
    plan = search._plan

    def harder(*args: Any) -> tuple[str, list[Any], Any]:
        sql, params, judge = plan(*args)
        sql = sql.replace(" AS score", " - (c.seq % 2) * 4e-7 AS score", 1)

        def judged(row: tuple[Any, ...]) -> Ranked | None:
            ranked = judge(row)
            if ranked is None or (dropped and row[0] % dropped == 0):
                return None
            return round(float(row[4]) - (7e-7 if row[0] % 5 == 1 else 0.0), 6), ranked[1], ranked[2]

        return sql, params, judged

    monkeypatch.setattr(search, "_plan", harder)
    monkeypatch.setattr(search, "_first_page", lambda limit: limit)
    full = kz.search(query)
    assert len(full) > 20
    for n in cuts([r["score"] for r in full]):
        assert kz.search(query, limit=n) == full[:n], (query, n)


def test_the_corpus_has_phrase_bonuses_and_mixed_phrases(kz: Corpus) -> None:
    entities = {e["id"]: e for e in kz.entities()}
    full = kz.search("trung quoc")
    together = [r["id"] for r in full if search_oracle('"trung quoc"', search_texts(r, entities))]
    assert 0 < len(together) < len(full)  # some earn the phrase bonus, some do not
    mixed = kz.search('"bắt giu"')
    assert {r["id"] for r in mixed} == {
        r["id"] for r in kz.claims() if search_oracle('"bắt giu"', search_texts(r, entities))
    }
    assert mixed


@pytest.mark.parametrize("query", ["trung quoc", "bắt giu", '"bắt giu"'])
def test_the_command_line_gives_what_the_api_gives(kz: Corpus, synthetic: Path, query: str) -> None:
    full = kz.search(query)
    for n in (1, 7, len(full)):
        result = run("search", query, "--corpus", str(synthetic), "--limit", str(n), "--json")
        assert result.exit_code == 0, result.output
        assert ids_scores(json.loads(result.stdout)) == ids_scores(full[:n])
    filtered = kz.search(query, kind="reaction", limit=5)
    assert filtered == [r for r in full if r["kind"] == "reaction"][:5]


# --- the limit alone, over candidates made to be hard: scores equal only once rounded ----------------


def judged(row: tuple[Any, ...]) -> Ranked | None:
    """Rows (seq, date, source_seq, ord, bound, score, keep) as search's SQL gives them: bound is what it
    sorts by, at least the final score (a phrase bonus the words may take back), keep False for a row
    whose words fail."""
    seq, date, source_seq, place, _bound, score, keep = row
    return (round(score, 6), (date is None, date or "", source_seq, place), seq) if keep else None


def listed(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """In the order SQLite gives them: bound before rounding, best first, then date order."""
    return sorted(rows, key=lambda r: (-r[4], r[1] is None, r[1] or "", r[2], r[3]))


def everything(rows: list[tuple[Any, ...]]) -> list[Ranked]:
    found = [r for row in rows if (r := judged(row)) is not None]
    return sorted(found, key=lambda r: (-r[0], r[1]))


def test_a_tie_once_rounded_is_decided_by_date() -> None:
    # 5.0000004 and 4.9999996 are both 5.0 once rounded: the earlier claim ranks first though its
    # score before rounding is lower, so it comes after the other from SQLite and must still be read.
    rows = listed(
        [
            (1, "2022-01-09", 1, 1, 5.0000004, 5.0000004, True),
            (2, "2022-01-02", 2, 2, 4.9999996, 4.9999996, True),
            (3, "2022-01-01", 3, 3, 4.0, 4.0, True),
            (4, None, 4, 4, 5.0000001, 5.0000001, True),
        ]
    )
    assert [seq for _, _, seq in keep_best(rows, 1, judged)] == [2]
    assert [seq for _, _, seq in keep_best(rows, 3, judged)] == [2, 1, 4]
    assert keep_best(rows, 0, judged) == []


def test_a_limit_is_the_first_of_everything_whatever_the_candidates() -> None:
    rng = random.Random(14)
    for _ in range(300):
        rows = []
        for seq in range(rng.randint(0, 60)):
            # Few distinct scores, some a hair apart, some bonuses taken back, some rows dropped.
            score = rng.choice([3.0, 4.5, 7.25]) + rng.choice([0.0, 0.0, 3e-7, -3e-7, 1e-5])
            bound = score + rng.choice([0.0, 0.0, 1.0])
            date = rng.choice([None, "2022-01-05", "2022-01-06", "2022-01-07"])
            rows.append((seq, date, rng.randint(1, 5), seq, bound, score, rng.random() > 0.2))
        rows = listed(rows)
        full = everything(rows)
        for limit in range(len(rows) + 2):
            assert keep_best(rows, limit, judged) == full[:limit]
