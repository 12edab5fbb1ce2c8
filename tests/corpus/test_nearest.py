"""The closest passage of a retyped quote, and the character differences (property-tested)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzcrisis import load_corpus
from kzcrisis.corpus.nearest import PassageFinder, quote_hint
from kzcrisis.corpus.text import fold_space
from tests.conftest import CORPUS

SHIPPED = load_corpus(CORPUS)
FINDERS = {slug: PassageFinder(text) for slug, text in SHIPPED.texts.items()}
QUOTES = sorted((c.source, fold_space(c.quote)) for c in SHIPPED.claims)
ARTICLE = SHIPPED.texts["sco-20220110"]
FINDER = FINDERS["sco-20220110"]
EDITS = st.sampled_from(["\u200b", '"', "ô", "a", "", "“"])


def _rebuild(quote: str, passage: str, ops: list[tuple[int, int, int, int]]) -> str:
    """The passage rebuilt from the quote and the differences (checking the equal parts agree)."""
    out, qi, pi = "", 0, 0
    for q1, q2, p1, p2 in ops:
        assert quote[qi:q1] == passage[pi:p1]
        out += quote[qi:q1] + passage[p1:p2]
        qi, pi = q2, p2
    assert quote[qi:] == passage[pi:]
    return out + quote[qi:]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_retyped_quote_finds_its_passage(data: st.DataObject) -> None:
    source, original = data.draw(st.sampled_from(QUOTES))  # the shipped quotes, retyped wrongly
    article, finder = SHIPPED.texts[source], FINDERS[source]
    start, length = article.index(original), len(original)
    quote = original
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(1, len(quote) - 2))
        cut = data.draw(st.integers(0, 1))
        quote = quote[:at] + data.draw(EDITS) + quote[at + cut :]
    found = finder.closest(quote)
    if quote in article or found is None:  # an edit that changed nothing, or no two words left in a row
        return
    passage = article[found.start : found.end]
    assert _rebuild(quote, passage, found.ops) == passage
    assert found.ops, "a quote not in the article differs somewhere"
    overlap = min(found.end, start + length) - max(found.start, start)
    assert overlap >= 0.9 * length, (found, start, length)  # where the quote came from
    assert 0.8 < found.alike < 1


def test_the_hint_names_the_characters() -> None:
    original = "Đồng thời, tổ chức này cũng khẳng định sẽ ủng hộ quyết định của chính phủ Kazakhstan."
    assert original in ARTICLE
    hint = quote_hint(FINDER, original.replace("ộ", "ô").replace("Đồng thời", "Đồng\u200b thời"))
    assert f"{ARTICLE.index(original) + 1} of the article" in hint
    assert "the quote has '\\u200b' (U+200B ZERO WIDTH SPACE), the article has nothing" in hint
    assert "the quote has 'ô' (U+00F4 LATIN SMALL LETTER O WITH CIRCUMFLEX)" in hint
    assert "no passage" in quote_hint(FINDER, "Xyzzy plugh frobnicate quux")


def test_a_quote_whose_first_words_the_article_repeats_just_before_keeps_them() -> None:
    """The article has 'Liên Hợp Quốc Liên Hợp Quốc kêu gọi ...': a quote retyped with a zero-width
    space after its first two words once lost them (they matched the earlier copy, then were dropped
    as strays). Found by the property test above; the passage must start where the quote does."""
    original = "Liên Hợp Quốc kêu gọi các nhà lãnh đạo và những người biểu tình ở Kazakhstan kiềm chế."
    article = SHIPPED.texts["tienphong"]
    start = article.index(original)
    assert article[start - 14 : start] == "Liên Hợp Quốc "  # the repeat that misled the finder
    quote = original[:9] + "\u200b" + original[9:]
    found = FINDERS["tienphong"].closest(quote)
    assert found is not None
    assert (found.start, found.end) == (start, start + len(original))
    assert found.ops == [(9, 10, 9, 9)]  # the zero-width space, and nothing else
