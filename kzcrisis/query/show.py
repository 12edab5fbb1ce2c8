"""Where a claim's quote stands in its article: the paragraph that holds it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TypedDict

from kzcrisis.corpus.quotes import Anchor


class Paragraph(TypedDict):
    """The paragraph (white space folded) and the quote's span in it, in code points."""

    text: str
    start: int
    end: int


def paragraph_of(quote: str, article: str) -> Paragraph | None:
    """The article's lines that hold the quote (one line, or the fewest consecutive lines).

    The quote is placed by the one locator (`kzcrisis.corpus.quotes`); then one pass over the
    article finds its lines: a quote in a book-length text costs what reading the text costs.
    """
    anchor = Anchor(article)
    span = anchor.folded_span(quote)
    if span is None:
        return None
    line_starts, at = [], 0
    for line in anchor.raw.splitlines(keepends=True):
        line_starts.append(at)
        at += len(line)
    line_starts.append(at)
    first = bisect_right(line_starts, anchor.raw_offset(span[0])) - 1
    last = bisect_right(line_starts, anchor.raw_offset(span[1] - 1)) - 1
    words = anchor.raw_starts
    first_word = bisect_left(words, line_starts[first])
    after_word = bisect_left(words, line_starts[last + 1])
    begin = anchor.folded_starts[first_word]
    finish = anchor.folded_starts[after_word] - 1 if after_word < len(words) else len(anchor.folded)
    return {"text": anchor.folded[begin:finish], "start": span[0] - begin, "end": span[1] - begin}
