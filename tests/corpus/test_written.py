"""A source's pieces and the day each was written; a figure's label and the projected qualifier:
each fails `validate` when broken, and the bound reaches the claims of its piece only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kzcrisis import load_corpus
from kzcrisis.corpus.written import WrittenDays
from kzcrisis.errors import CorpusError
from tests.conftest import CORPUS, edit_json, run


def _problems(root: Path) -> str:
    with pytest.raises(CorpusError) as caught:
        load_corpus(root)
    text = "\n".join(str(p) for p in caught.value.problems)
    result = run("validate", "--corpus", str(root))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stdout.strip()
    return text + "\n" + result.stdout


def _tokayev_coup(change: Any) -> Any:
    def edit(sources: list[dict[str, Any]]) -> None:
        change(next(s for s in sources if s["slug"] == "tokayev-coup"))

    return edit


def test_a_piece_starts_with_words_of_its_article(corpus_copy: Path) -> None:
    edit_json(
        corpus_copy / "sources.json", _tokayev_coup(lambda s: s["pieces"][0].update(starts="Nga cấp tốc"))
    )
    assert "piece 0: 'Nga cấp tốc' is not in the archived article" in _problems(corpus_copy)


def test_a_piece_needs_a_note(corpus_copy: Path) -> None:
    edit_json(corpus_copy / "sources.json", _tokayev_coup(lambda s: s["pieces"][0].update(written_note=" ")))
    assert "pieces" in _problems(corpus_copy)


def _figure_of(claim_id: str, change: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        change(next(c for c in data["claims"] if c["id"] == claim_id)["figures"][0])

    return edit


def test_a_label_stands_in_its_quote(corpus_copy: Path) -> None:
    path = corpus_copy / "claims" / "tokayev-coup.json"
    edit_json(path, _figure_of("tokayev-coup-016", lambda f: f.update(label="người biểu tình")))
    assert "label 'người biểu tình' is not in the quote" in _problems(corpus_copy)


def test_projected_needs_could_reach(corpus_copy: Path) -> None:
    path = corpus_copy / "claims" / "tokayev-coup.json"
    edit_json(path, _figure_of("tokayev-coup-038", lambda f: f.update(qualifier="projected")))
    # 'số người bị bắt giữ lên tới 5.000': reached, not 'có thể lên tới'
    assert "qualifier 'projected' needs one of ['có thể lên tới', 'có thể lên đến']" in _problems(corpus_copy)


def test_the_bound_of_a_quote_is_its_pieces_day() -> None:
    corpus = load_corpus(CORPUS)
    days = WrittenDays(corpus.sources, corpus.texts)
    ten = dt.date(2022, 1, 10)
    # before the piece 'Nga cấp tập đưa thêm quân...': Tokayev's statements of 10 January, no bound
    assert days.of("tokayev-coup", "Phủ Tổng thống Kazakhstan cho biết tổng cộng khoảng 5.800") is None
    assert days.of("tokayev-coup", "số người bị bắt giữ lên tới 5.000 người") == ten
    assert days.of("sco-20220110", "Tổ chức Hợp tác Thượng Hải sẽ chỉ can thiệp") == ten  # dateline
    assert days.of("dantri", "26 người biểu tình đã thiệt mạng") is None
    assert days.of("no-such-source", "x") is None
