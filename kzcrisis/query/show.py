"""Where a claim's quote stands in its article: the paragraph that holds it."""

from __future__ import annotations

from bisect import bisect_right
from typing import TypedDict

from kzcrisis.corpus.text import fold_space


class Paragraph(TypedDict):
    """The paragraph (white space folded) and the quote's span in it, in code points."""

    text: str
    start: int
    end: int


def paragraph_of(quote: str, article: str) -> Paragraph | None:
    """The article's lines that hold the quote (one line, or the fewest consecutive lines).

    One pass over the article (a join and a find), not a search over every run of lines: a quote
    in a book-length text costs what reading the text costs.
    """
    folded_quote = fold_space(quote)
    lines = [line for line in (fold_space(raw) for raw in article.splitlines()) if line]
    if not folded_quote or not lines:
        return None
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    joined = " ".join(lines)
    found = joined.find(folded_quote)
    if found < 0:
        return None
    first = bisect_right(starts, found) - 1
    last = bisect_right(starts, found + len(folded_quote) - 1) - 1
    begin = starts[first]
    finish = starts[last] + len(lines[last])
    return {"text": joined[begin:finish], "start": found - begin, "end": found - begin + len(folded_quote)}
