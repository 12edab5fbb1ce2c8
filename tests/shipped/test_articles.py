"""Facts of the shipped corpus (the curator's data, not the mechanism): these tests change when the
data does; expectations are read from the corpus where they can be, so adding an article breaks none."""

from __future__ import annotations

import json

from kzcrisis import load_corpus
from tests.conftest import CORPUS

# The five articles the corpus was started from; more may be added, none of these may go.
SEED_SOURCES = {"tienphong", "sco-20220110", "dantri", "tokayev-coup", "csto-request"}


def test_shipped_corpus_is_valid_and_large() -> None:
    corpus = load_corpus(CORPUS)
    assert len(corpus.claims) >= 100
    records = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    assert set(corpus.sources) == {r["slug"] for r in records}
    assert set(corpus.sources) >= SEED_SOURCES
    with_claims = {c.source for c in corpus.claims}
    assert with_claims == set(corpus.sources), "every shipped article has claims"
    kinds = {c.kind for c in corpus.claims}
    assert kinds == {"casualty", "arrest", "deployment", "reaction", "event"}


def test_shipped_corpus_facts_that_issues_name() -> None:
    corpus = load_corpus(CORPUS)
    figures = [
        (c.source, f.metric.value, f.group.value, f.count, f.qualifier.value)
        for c in corpus.claims
        for f in getattr(c, "figures", [])
    ]
    assert ("dantri", "killed", "non_security", 26, "exact") in figures
    assert ("tokayev-coup", "detained", "all", 5800, "about") in figures
    assert ("tokayev-coup", "detained", "all", 5000, "reached") in figures
    assert ("tokayev-coup", "injured", "all", 1000, "about") in figures
    assert ("dantri", "aircraft", "russian_forces", 75, "exact") in figures


def test_sources_are_the_seeds_byte_for_byte() -> None:
    corpus = load_corpus(CORPUS)
    for source in corpus.sources.values():
        assert (CORPUS / source.file).exists()
        assert source.url is None  # the texts carry no URL: none is invented
    assert corpus.sources["tienphong"].outlet == "Tiền Phong"
    assert corpus.sources["dantri"].outlet == "Dân trí"
    assert corpus.sources["tokayev-coup"].outlet is None
