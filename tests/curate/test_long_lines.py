"""An article of one long line splits into its sentences (the bench holds the time: bench/run.py)."""

from __future__ import annotations

from pathlib import Path

from kzcrisis.corpus.reading import load_corpus
from kzcrisis.curate.coverage import corpus_coverage
from kzcrisis.curate.sentences import split_sentences
from tests.hostile import long_line_corpus


def test_coverage_splits_an_article_of_one_long_line(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    long_line_corpus(root, 200_000)
    loaded = load_corpus(root)
    sentences = split_sentences(loaded.articles["a"])
    # "... ông A. Nam nói." is one sentence: 'A.' is an initial, not an end.
    assert {s.text for s in sentences[:-1]} == {"Theo nguồn tin, 26 người đã thiệt mạng và ông A. Nam nói."}
    assert len(sentences) == 200_000 // len("Theo nguồn tin, 26 người đã thiệt mạng và ông A. Nam nói. ") + 1
    assert sentences[-1].end == len(loaded.texts["a"])
    [report] = corpus_coverage(loaded)
    assert report.sentences[0].claims == ("a-1",)
    assert report.count("covered") == len(sentences) - 1  # the quote is in every whole sentence


def test_draft_on_an_article_of_one_long_line_drafts_each_uncovered_sentence(tmp_path: Path) -> None:
    from kzcrisis.curate.draft import draft_file
    from tests.hostile import _claim, write_sources

    root = tmp_path / "corpus"
    arrests = "Khoảng 5.800 người bị bắt ngày 9/1. " * 20_000  # 720,000 characters, no line break
    first = "Theo nguồn tin, 26 người đã thiệt mạng. "
    write_sources(root, {"a": (first + arrests.rstrip() + "\n", [_claim("a-1", "a", first[:-2], 26, None)])})
    loaded = load_corpus(root)
    [report] = corpus_coverage(loaded)
    assert len(report.sentences) == 20_001 and report.count("covered") == 1
    drafted = draft_file(loaded, report, [])
    assert len(drafted["claims"]) == 20_000
    last = drafted["claims"][-1]
    assert last["id"] == "a-20001" and last["quote"] == "Khoảng 5.800 người bị bắt ngày 9/1."
    assert [(f["count"], f["qualifier"]) for f in last["figures"]] == [(5800, "about")]
