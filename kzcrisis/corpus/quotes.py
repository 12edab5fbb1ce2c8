"""The one quote locator: where a claim's quote stands in its article.

A quote matches its article with white space folded (`fold_space`): the folded text is the
article's words joined by one space. Every face that places a quote (the check that it is there,
`show`'s paragraph, `coverage`'s sentences, the annotations' selectors, the site's highlights)
asks an `Anchor`, so that they all find the same place.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from kzcrisis.corpus.text import fold_space

_WORD = re.compile(r"\S+")


class Anchor:
    """Find a folded quote in an article and give its span in the folded text or in the stored one.

    Per word we keep where it starts in both, so a folded offset maps back to a stored one with one
    bisection (no per-character table). The article is NFC (the loader refuses any other form), so
    the stored text's code points are the ones counted.
    """

    def __init__(self, raw: str) -> None:
        import unicodedata

        self.raw = unicodedata.normalize("NFC", raw)
        # The words joined by one space: what `fold_space` makes (str.split and \S agree on white space).
        self.folded = " ".join(self.raw.split())
        self._starts: tuple[array[int], array[int]] | None = None

    def _word_starts(self) -> tuple[array[int], array[int]]:
        """Where each word starts in the folded text and in the stored one (made on first need:
        `coverage` only needs the folded text)."""
        if self._starts is None:
            folded_starts, raw_starts = array("q"), array("q")
            at = 0
            for match in _WORD.finditer(self.raw):
                folded_starts.append(at)
                raw_starts.append(match.start())
                at += match.end() - match.start() + 1
            self._starts = folded_starts, raw_starts
        return self._starts

    @property
    def folded_starts(self) -> array[int]:
        return self._word_starts()[0]

    @property
    def raw_starts(self) -> array[int]:
        return self._word_starts()[1]

    def raw_offset(self, folded_index: int) -> int:
        """Where the folded text's `folded_index` is in the stored text."""
        folded_starts, raw_starts = self._word_starts()
        word = bisect_right(folded_starts, folded_index) - 1
        return raw_starts[word] + folded_index - folded_starts[word]

    def folded_spans(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) of the quote in the folded text, overlapping ones included."""
        folded_quote = fold_space(quote)
        spans: list[tuple[int, int]] = []
        if not folded_quote:
            return spans
        start = self.folded.find(folded_quote)
        while start >= 0:
            spans.append((start, start + len(folded_quote)))
            start = self.folded.find(folded_quote, start + 1)
        return spans

    def folded_span(self, quote: str) -> tuple[int, int] | None:
        """(start, end) of the quote's first occurrence in the folded text, or None."""
        folded_quote = fold_space(quote)
        found = self.folded.find(folded_quote) if folded_quote else -1
        return (found, found + len(folded_quote)) if found >= 0 else None

    def find(self, quote: str) -> tuple[int, int] | None:
        """(start, end) of the quote's first occurrence in the stored text, or None."""
        span = self.folded_span(quote)
        if span is None:
            return None
        return self.raw_offset(span[0]), self.raw_offset(span[1] - 1) + 1
