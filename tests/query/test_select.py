"""The query library on the shipped corpus: filters against a plain-Python oracle, names, search."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzcrisis.corpus.vocab import KINDS, Stance
from kzcrisis.errors import LookupFailed
from kzcrisis.index.store import Index, open_index
from kzcrisis.query.names import resolve_entity, resolve_source
from kzcrisis.query.search import search_claims
from kzcrisis.query.select import Filters, get_claim, select_claims
from tests.conftest import CORPUS, acting_parties


@cache
def index() -> Index:
    """Opened on first use, inside a test, so in the session's own cache folder (conftest)."""
    return open_index(None)


@pytest.fixture(autouse=True, scope="module")
def _close_index() -> Iterator[None]:
    """The module's one connection is closed when its tests are done, not left to the collector."""
    yield
    if index.cache_info().currsize:
        index().close()
        index.cache_clear()


@cache
def all_records() -> list[dict[str, Any]]:
    return [json.loads(row.record) for row in select_claims(index(), Filters())]


ENTITIES = {e["id"]: e for e in json.loads((CORPUS / "entities.json").read_text(encoding="utf-8"))}


def oracle(f: Filters) -> list[str]:
    kept = []
    for r in all_records():
        if f.kinds and r["kind"] not in f.kinds:
            continue
        if f.sources and r["source"] not in f.sources:
            continue
        if any(not (set(group) & acting_parties(r, ENTITIES)) for group in f.entity_groups):
            continue
        if f.stances and not set(f.stances) & set(r.get("stances") or []):
            continue
        mode = f.undated or ("exclude" if f.since or f.until else "include")
        if r["date"] is None and mode == "exclude":
            continue
        if r["date"] is None and f.since and r["known_by"] and r["known_by"] < f.since.isoformat():
            continue  # reported before the range begins: it cannot be in it
        if r["date"] is not None and (
            mode == "only"
            or (f.since and r["date"] < f.since.isoformat())
            or (f.until and r["date"] > f.until.isoformat())
        ):
            continue
        if f.min_outlets and f.min_outlets > 1 and len(reporting_articles(r)) < f.min_outlets:
            continue
        if f.section and r["section"] != f.section:
            continue
        kept.append(r["id"])
    return kept if f.limit is None else kept[: f.limit]


def reporting_articles(record: dict[str, Any]) -> set[str]:
    """The articles that report a claim's statement: its own, and its twins'."""
    if not record["statement"]:
        return {record["source"]}
    return {r["source"] for r in all_records() if r["statement"] == record["statement"]}


DATES = st.one_of(st.none(), st.dates(dt.date(2022, 1, 1), dt.date(2022, 1, 12)))
filters = st.builds(
    Filters,
    undated=st.sampled_from([None, "include", "exclude", "only"]),
    kinds=st.lists(st.sampled_from(KINDS), max_size=2).map(tuple),
    sources=st.lists(
        st.sampled_from(["dantri", "tienphong", "tokayev-coup", "csto-request", "sco-20220110"]), max_size=2
    ).map(tuple),
    entity_groups=st.lists(
        st.lists(st.sampled_from(sorted(ENTITIES)), min_size=1, max_size=2).map(tuple), max_size=2
    ).map(tuple),
    stances=st.lists(st.sampled_from([s.value for s in Stance]), max_size=2).map(tuple),
    since=DATES,
    until=DATES,
    limit=st.one_of(st.none(), st.integers(0, 50)),
    metrics=st.just(()),
    min_outlets=st.one_of(st.none(), st.integers(1, 3)),
    section=st.sampled_from([None, "body", "caption"]),
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(filters)
def test_select_claims_agrees_with_a_plain_python_filter(f: Filters) -> None:
    assert [row.id for row in select_claims(index(), f)] == oracle(f)


def test_all_claims_in_date_order_with_undated_last() -> None:
    dates = [r["date"] for r in all_records()]
    dated = [d for d in dates if d]
    assert dates == dated + [None] * (len(dates) - len(dated))
    assert dated == sorted(dated)


@pytest.mark.parametrize(
    ("typed", "entity"),
    [
        ("Nga", "russia"),
        ("moskva", "russia"),
        ("U.S.", "united-states"),
        ("vuong nghi", "wang-yi"),
        ("Liên Hợp Quốc", "un"),
        ("KZ", "kazakhstan"),
    ],
)
def test_resolve_entity(typed: str, entity: str) -> None:
    assert resolve_entity(index(), typed) == entity


def test_resolve_entity_suggests_and_refuses_non_countries() -> None:
    with pytest.raises(LookupFailed) as caught:
        resolve_entity(index(), "Kazakstan", country=True)
    assert "Kazakhstan" in caught.value.suggestions
    with pytest.raises(LookupFailed, match="unknown country"):
        resolve_entity(index(), "Lavrov", country=True)


@pytest.mark.parametrize("typed", ["", "  ", "!!", "\u0301"])
def test_empty_names_match_nothing(typed: str) -> None:
    with pytest.raises(LookupFailed):
        resolve_source(index(), typed)
    with pytest.raises(LookupFailed):
        resolve_entity(index(), typed)


def test_resolve_source_by_outlet() -> None:
    assert resolve_source(index(), "TIEN PHONG") == "tienphong"
    assert resolve_source(index(), "Dân trí") == "dantri"


def test_search_ranks_name_hits_first_and_needs_every_word() -> None:
    found = search_claims(index(), "vuong nghi", Filters())
    assert found
    assert all(
        "wang-yi" in json.loads(row.record)["names"]
        or "vương nghị" in json.loads(row.record)["quote"].lower()
        for _, row in found
    )
    scores = [score for score, _ in found]
    assert scores == sorted(scores, reverse=True)
    assert search_claims(index(), "vuong nghi zzzz", Filters()) == []


def test_get_claim_ignores_case_and_space() -> None:
    assert get_claim(index(), "  DANTRI-016 ").id == "dantri-016"
    with pytest.raises(LookupFailed) as caught:
        get_claim(index(), "dantri-16")
    assert "dantri-016" in caught.value.suggestions


def bounds_of_undated() -> list[str]:
    return sorted({r["known_by"] for r in all_records() if r["date"] is None and r["known_by"]})


@pytest.mark.parametrize("after", [-1, 0, 1])
def test_an_undated_claim_reported_before_the_range_is_not_in_it(after: int) -> None:
    """An undated claim whose article was written on a day (`known_by`) tells of that day or
    before: `--since` after that day rules it out, kept by neither `--undated only` nor `include`,
    nor counted as left out; one without a bound may still belong. (`--since` the day before, on and
    after the latest such day.)"""
    if not bounds_of_undated():
        pytest.skip("no undated claim has a bound in this corpus")
    day = dt.date.fromisoformat(bounds_of_undated()[-1]) + dt.timedelta(days=after)
    undated = [r for r in all_records() if r["date"] is None]
    may_belong = {r["id"] for r in undated if r["known_by"] is None or r["known_by"] >= day.isoformat()}
    assert (may_belong == {r["id"] for r in undated}) == (after <= 0)  # the rule bites after the day
    only = select_claims(index(), Filters(since=day, undated="only"))
    assert {row.id for row in only} == may_belong
    kept = select_claims(index(), Filters(since=day, undated="include"))
    assert {row.id for row in kept if row.date is None} == may_belong
    from kzcrisis.query.select import undated_left_out

    assert undated_left_out(index(), Filters(since=day)) == len(may_belong)
