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
