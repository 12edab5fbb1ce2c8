"""`coverage` and `draft` use the article text they validated: a file swapped after validation is
never read (a shared corpus could point it at /dev/zero)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzcrisis.corpus.reading import load_corpus
from kzcrisis.curate.coverage import corpus_coverage
from kzcrisis.curate.draft import draft_file


def test_coverage_uses_the_text_it_validated_not_a_file_swapped_after(
    corpus_copy: Path, tmp_path: Path
) -> None:
    loaded = load_corpus(corpus_copy)
    before = corpus_coverage(loaded, ["dantri"])[0]
    for slug in loaded.sources:  # every article swapped for a link to another text
        path = corpus_copy / loaded.sources[slug].file
        path.unlink()
        path.symlink_to(tmp_path / "elsewhere.txt")
    (tmp_path / "elsewhere.txt").write_text("Một văn bản khác.\n", encoding="utf-8")
    after = corpus_coverage(loaded, ["dantri"])[0]
    assert after.sentences == before.sentences
    assert any("dantri-007" in s.claims for s in after.sentences)


def test_draft_uses_the_text_it_validated_not_a_file_swapped_after(corpus_copy: Path, tmp_path: Path) -> None:
    loaded = load_corpus(corpus_copy)
    report = corpus_coverage(loaded, ["dantri"])[0]
    path = corpus_copy / loaded.sources["dantri"].file
    path.unlink()
    (tmp_path / "other.txt").write_text("Một câu khác.\n", encoding="utf-8")
    path.symlink_to(tmp_path / "other.txt")  # the attack used /dev/zero: never read either way
    drafted = draft_file(loaded, corpus_coverage(loaded, ["dantri"])[0], [1])
    assert drafted["claims"][0]["quote"] == report.sentences[0].text


def test_the_article_reader_refuses_a_link_and_a_device(corpus_copy: Path) -> None:
    from kzcrisis.errors import CorpusError

    src = json.loads((corpus_copy / "sources.json").read_text(encoding="utf-8"))[0]
    path = corpus_copy / src["file"]
    path.unlink()
    path.symlink_to("/dev/zero")
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    assert any(p.file == src["file"] and "symbolic link" in p.message for p in caught.value.problems)
