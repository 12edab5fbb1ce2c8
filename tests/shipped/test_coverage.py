"""Every sentence of every shipped article is covered by a claim or explained in corpus/coverage.json.

Adding an article adds its entries: `kzcrisis coverage --source SLUG --flagged` lists what needs one.
"""

from __future__ import annotations

from kzcrisis import load_corpus
from kzcrisis.curate.coverage import corpus_coverage
from tests.shipped.data import CORPUS


def test_every_fact_bearing_sentence_is_covered_or_explained() -> None:
    reports = corpus_coverage(load_corpus(CORPUS))
    flagged = [(r.source, s.n, s.text) for r in reports for s in r.sentences if s.status == "flagged"]
    assert flagged == [], "sentences with neither a claim nor a coverage.json entry"


def test_no_coverage_entry_is_stale() -> None:
    reports = corpus_coverage(load_corpus(CORPUS))
    stale = [(r.source, e.sentence) for r in reports for e in r.stale]
    assert stale == [], "coverage.json entries for sentences that now have a claim or no longer exist"


def test_the_summary_adds_up() -> None:
    for report in corpus_coverage(load_corpus(CORPUS)):
        counts = sum(report.count(status) for status in ("covered", "explained", "flagged", "plain"))
        assert counts == len(report.sentences) > 0
