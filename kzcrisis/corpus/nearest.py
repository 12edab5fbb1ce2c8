"""Where a quote that is not in its article almost is: the closest passage and how they differ.

A retyped quote differs from the article by a few characters: a straight quote for a curly one,
a changed diacritic, a zero-width space. `validate` shows the passage and those characters.

Finding the passage stays linear-ish: the article's word pairs are indexed once (on a skeleton
without case or diacritics, so a changed mark still anchors), each pair the quote shares with the
article votes for where the quote would start, and difflib runs only on the window around the
winning place, never on the whole article.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")
# difflib is quadratic in the window: a quote longer than this gets the passage but no diff.
MAX_DIFF_CHARS = 3000
MAX_DIFFERENCES = 6
_SLACK = 40  # characters either side of the window, for insertions and deletions


class _Skeleton(dict[int, str]):
    """A `str.translate` table: each character as one lower-case character without marks.

    One character for one, so that offsets in the skeleton are offsets in the text.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c))
        value = base[:1] if len(base) >= 1 else char
        self[code] = value
        return value


_SKELETON = _Skeleton({ord("đ"): "d", ord("Đ"): "d"})


def _pairs(text: str) -> list[tuple[str, int]]:
    """(word pair, offset of its first word) over the skeleton of `text`."""
    words = [(m.group(), m.start()) for m in _WORD.finditer(text.translate(_SKELETON))]
    return [(f"{a} {b}", pos) for (a, pos), (b, _) in itertools.pairwise(words)] or [
        (w, pos) for w, pos in words
    ]


class PassageFinder:
    """The closest passages of one article; build once, ask for many quotes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: dict[str, list[int]] | None = None

    def _positions(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for pair, pos in _pairs(self.text):
                index.setdefault(pair, []).append(pos)
            self._index = index
        return self._index

    def closest(self, quote: str) -> tuple[int, int] | None:
        """(start, end) of the article's passage most like `quote`, or None if no word pair is shared."""
        index = self._positions()
        votes: Counter[int] = Counter()
        for pair, pos in _pairs(quote):
            for found in index.get(pair, ())[:50]:  # a pair found everywhere says little
                votes[found - pos] += 1
        if not votes:
            return None
        start = max(votes.items(), key=lambda item: (item[1], -item[0]))[0]
        lo = max(0, start - _SLACK)
        window = self.text[lo : start + len(quote) + _SLACK]
        if len(quote) > MAX_DIFF_CHARS:
            return max(0, start), min(len(self.text), start + len(quote))
        blocks = [
            b for b in SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks() if b.size
        ]
        if not blocks:
            return None
        return lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size


def _show(segment: str) -> str:
    if not segment:
        return "nothing"
    shown = repr(segment)
    if len(segment) <= 2:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in segment)
        shown += f" ({names})"
    return shown


def describe_difference(quote: str, passage: str) -> list[str]:
    """Where `quote` and `passage` differ, one line per difference, character offsets in the quote."""
    if len(quote) > MAX_DIFF_CHARS:
        return ["(the quote is too long for a character diff)"]
    lines = []
    ops = [
        op for op in SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    for _tag, q1, q2, p1, p2 in ops[:MAX_DIFFERENCES]:
        lines.append(
            f"at character {q1 + 1} of the quote: the quote has {_show(quote[q1:q2])}, "
            f"the article has {_show(passage[p1:p2])}"
        )
    if len(ops) > MAX_DIFFERENCES:
        lines.append(f"... and {len(ops) - MAX_DIFFERENCES} more difference(s)")
    return lines


def quote_hint(finder: PassageFinder, quote: str) -> str:
    """The hint `validate` prints under 'quote not found': the passage and the differences."""
    span = finder.closest(quote)
    if span is None:
        return "no passage of the article shares two words in a row with the quote"
    passage = finder.text[span[0] : span[1]]
    alike = (
        SequenceMatcher(None, quote, passage, autojunk=False).ratio() if len(quote) <= MAX_DIFF_CHARS else 0
    )
    lines = [f"closest passage ({alike:.0%} alike, at character {span[0] + 1} of the article): {passage!r}"]
    return "\n".join(lines + describe_difference(quote, passage))
