"""The API once passed `limit=2.5` to SQLite (IntegrityError). A limit is checked once, in
`query.session` (Session.filters), for every method that takes one: a whole number from 0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import kzcrisis

METHODS: dict[str, Callable[[kzcrisis.Corpus, Any], list[Any]]] = {
    "claims": lambda kz, limit: kz.claims(limit=limit),
    "arrests": lambda kz, limit: kz.arrests(limit=limit),
    "deployment": lambda kz, limit: kz.deployment(limit=limit),
    "timeline": lambda kz, limit: kz.timeline(limit=limit),
    "search": lambda kz, limit: kz.search("Tokayev", limit=limit),
    "figures": lambda kz, limit: kz.figures(limit=limit),
    "compare": lambda kz, limit: kz.compare(limit=limit),
}


@pytest.fixture(scope="module")
def kz() -> Iterator[kzcrisis.Corpus]:
    with kzcrisis.open_corpus() as corpus:
        yield corpus


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("bad", [2.5, True, -3, "7", float("nan"), 10**30], ids=repr)
def test_a_limit_that_is_not_a_whole_number_is_a_usage_error(
    kz: kzcrisis.Corpus, method: str, bad: Any
) -> None:
    with pytest.raises(kzcrisis.InvalidChoice):
        METHODS[method](kz, bad)


@pytest.mark.parametrize("method", METHODS)
def test_a_whole_limit_is_kept(kz: kzcrisis.Corpus, method: str) -> None:
    everything = METHODS[method](kz, None)
    assert len(everything) >= 2
    assert METHODS[method](kz, 1) == everything[:1]
    assert METHODS[method](kz, 0) == []
