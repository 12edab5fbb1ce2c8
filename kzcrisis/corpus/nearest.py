"""Where a quote that is not in its article almost is: the closest passage and how they differ.

A retyped quote differs from the article by a few characters: a straight quote for a curly one,
a changed diacritic, a zero-width space. `validate` shows the passage and those characters.

Finding the passage stays linear-ish: the article's word pairs are indexed once (on a skeleton
without case or diacritics, so a changed mark still anchors), each pair the quote shares with the
article votes for where the quote would start, and difflib runs only on the window around the
winning place, never on the whole article.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from difflib import Match, SequenceMatcher
from typing import NamedTuple

_WORD = re.compile(r"\w+")
# difflib is quadratic in the window: a quote longer than this gets the passage but no diff.
MAX_DIFF_CHARS = 3000
MAX_DIFFERENCES = 6
_SLACK = 40  # characters either side of the window, for insertions and deletions
_NEAR = 4  # votes this many characters apart count for the same place
_TRUSTED = 8  # equal characters at an end that are taken as aligned without difflib


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


def _common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their start."""
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


class Passage(NamedTuple):
    """Where the passage is in the article, what differs ((quote from, to, passage from, to), with
    passage offsets relative to `start`), and how alike they are (difflib's ratio, 0..1)."""

    start: int
    end: int
    ops: list[tuple[int, int, int, int]]
    alike: float


class PassageFinder:
    """The closest passages of one article; build once, ask for many quotes."""

    def __init__(self, text: str, raw: str | None = None) -> None:
        """`text` is the folded article; `raw`, the article as archived, lets a hint name the line."""
        self.text = text
        self.raw = raw
        self._index: dict[str, list[int]] | None = None
        self._lines: tuple[list[int], list[int]] | None = None

    def line_of(self, offset: int) -> int | None:
        """The line of the archived article where the folded text's `offset` is (from 1)."""
        if self.raw is None:
            return None
        if self._lines is None:
            starts, numbers, at = [], [], 0
            for number, line in enumerate(unicodedata.normalize("NFC", self.raw).splitlines(), start=1):
                folded = " ".join(line.split())
                if folded:  # the folded text is the non-empty lines, folded, joined by one space
                    starts.append(at)
                    numbers.append(number)
                    at += len(folded) + 1
            self._lines = starts, numbers
        starts, numbers = self._lines
        i = bisect.bisect_right(starts, offset) - 1
        return numbers[i] if i >= 0 else None

    def _positions(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for pair, pos in _pairs(self.text):
                index.setdefault(pair, []).append(pos)
            self._index = index
        return self._index

    def closest(self, quote: str) -> Passage | None:
        """The article's passage most like `quote` and how they differ, or None if no word pair is shared."""
        index = self._positions()
        votes: Counter[int] = Counter()
        for pair, pos in _pairs(quote):
            for found in index.get(pair, ())[:50]:  # a pair found everywhere says little
                votes[found - pos] += 1
        if not votes:
            return None
        # An inserted or deleted character shifts the votes after it by one: count the neighbours too.
        near = {o: sum(votes.get(o + d, 0) for d in range(-_NEAR, _NEAR + 1)) for o in votes}
        start = max(votes, key=lambda o: (near[o], votes[o], -o))
        if len(quote) > MAX_DIFF_CHARS:
            return Passage(max(0, start), min(len(self.text), start + len(quote)), [], 0.0)
        return self._align(quote, start)

    def _align(self, quote: str, start: int) -> Passage | None:
        # One difflib run, on what is left once the plainly equal ends are cut off (`_equal_ends`).
        text = self.text
        prefix, suffix = self._equal_ends(quote, start)
        end = start + len(quote)
        a0, b0, a1, b1 = self._window(quote, start, prefix, suffix)
        matcher = SequenceMatcher(None, quote[a0:a1], text[b0:b1], autojunk=False)
        blocks = _without_strays([b for b in matcher.get_matching_blocks() if b.size])
        if not blocks and not (prefix and suffix):
            return None
        if blocks and not prefix and blocks[0].a:
            blocks = _with_head(quote[a0 : a0 + blocks[0].a], text, b0, blocks)
        # The passage: from the window's ends where the quote's ends are equal, else its blocks'.
        mid_lo = b0 if prefix else b0 + blocks[0].b
        mid_hi = b1 if suffix else b0 + blocks[-1].b + blocks[-1].size
        if (mid_lo, mid_hi) != (b0, b1):  # the passage is narrower than the window: diff just it
            matcher = SequenceMatcher(None, quote[a0:a1], text[mid_lo:mid_hi], autojunk=False)
        first, last = (start if prefix else mid_lo), (end if suffix else mid_hi)
        return _passage(quote, matcher, (a0, mid_lo), (first, last), prefix + suffix)

    def _window(self, quote: str, start: int, prefix: int, suffix: int) -> tuple[int, int, int, int]:
        """What is left to diff, (a0, b0) to (a1, b1) of the quote and the text: the equal ends cut
        off, else a window of _SLACK characters more than the quote on each side of `start`."""
        end = start + len(quote)
        b0 = start + prefix if prefix else max(0, start - _SLACK)
        b1 = end - suffix if suffix else min(len(self.text), end + _SLACK)
        return prefix, b0, len(quote) - suffix, b1

    def _equal_ends(self, quote: str, start: int) -> tuple[int, int]:
        """The common prefix of the quote and the text at `start`, and the common suffix if the
        quote ends where its length says (a changed mark or quote sign keeps the length); each 0
        when too short to trust."""
        text = self.text
        prefix = _common_prefix(quote, text[start : start + len(quote)]) if start >= 0 else 0
        prefix = prefix if prefix >= _TRUSTED else 0  # a few equal characters may be chance
        end = start + len(quote)
        if not prefix or end > len(text):
            return prefix, 0
        rest = len(quote) - prefix
        suffix = _common_prefix(quote[prefix:][::-1], text[end - rest : end][::-1])
        return prefix, suffix if suffix >= _TRUSTED else 0


def _passage(
    quote: str, matcher: SequenceMatcher[str], at: tuple[int, int], span: tuple[int, int], ends: int
) -> Passage:
    """The passage `span` of the article, with the differences `matcher` found (its quote from
    `at[0]`, its text from `at[1]`) and its likeness; `ends` characters were equal before diffing."""
    (a0, mid_lo), (first, last) = at, span
    ops = [
        (a0 + q1, a0 + q2, mid_lo - first + t1, mid_lo - first + t2)
        for tag, q1, q2, t1, t2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    same = ends + sum(b.size for b in matcher.get_matching_blocks())
    return Passage(first, last, ops, 2 * same / (len(quote) + last - first))


def _with_head(head: str, text: str, b0: int, blocks: list[Match]) -> list[Match]:
    """The blocks, with the quote's `head` (what precedes its first block) matched nearest that block.

    difflib takes the earliest of equal matches: where the article repeats the quote's first words
    just before the passage ('Liên Hợp Quốc Liên Hợp Quốc kêu gọi'), the head would match the far
    copy and be dropped as a stray, and the passage would lose its first words. Matched backwards
    from the first block, the earliest match is the nearest one.
    """
    right = b0 + blocks[0].b
    left = max(b0, right - len(head) - _SLACK)
    backwards = SequenceMatcher(None, head[::-1], text[left:right][::-1], autojunk=False)
    found = [
        Match(len(head) - m.a - m.size, right - m.b - m.size - b0, m.size)
        for m in reversed(backwards.get_matching_blocks())
        if m.size
    ]
    return _without_strays(found + blocks)


def _without_strays(blocks: list[Match]) -> list[Match]:
    """Matching blocks without a few characters matched far from the rest at either end (a '0' of
    the quote matched to a '0' of a date before the passage): a block shorter than the extra gap it
    leaves in the article, beyond the gap in the quote, is chance; the longest block is not."""

    def excess(x: Match, y: Match) -> int:
        return (y.b - x.b - x.size) - (y.a - x.a - x.size)

    if not blocks:
        return blocks
    low = high = max(range(len(blocks)), key=lambda i: blocks[i].size)  # grow from the longest
    while low > 0 and blocks[low - 1].size >= excess(blocks[low - 1], blocks[low]):
        low -= 1
    while high < len(blocks) - 1 and blocks[high + 1].size >= excess(blocks[high], blocks[high + 1]):
        high += 1
    return blocks[low : high + 1]


def _show(segment: str) -> str:
    if not segment:
        return "nothing"
    shown = repr(segment)
    if len(segment) <= 2:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in segment)
        shown += f" ({names})"
    return shown


def describe_difference(quote: str, passage: str, ops: list[tuple[int, int, int, int]]) -> list[str]:
    """Where `quote` and `passage` differ, one line per difference, character offsets in the quote."""
    if len(quote) > MAX_DIFF_CHARS:
        return ["(the quote is too long for a character diff)"]
    lines = [
        f"at character {q1 + 1} of the quote: the quote has {_show(quote[q1:q2])}, "
        f"the article has {_show(passage[p1:p2])}"
        for q1, q2, p1, p2 in ops[:MAX_DIFFERENCES]
    ]
    if len(ops) > MAX_DIFFERENCES:
        lines.append(f"... and {len(ops) - MAX_DIFFERENCES} more difference(s)")
    return lines


def quote_hint(finder: PassageFinder, quote: str) -> str:
    """The hint `validate` prints under 'quote not found': the passage and the differences."""
    found = finder.closest(quote)
    if found is None:
        return "no passage of the article shares two words in a row with the quote"
    passage = finder.text[found.start : found.end]
    line = finder.line_of(found.start)
    where = f"{found.alike:.0%} alike, at character {found.start + 1} of the article" + (
        f", line {line} of its file" if line else ""
    )
    lines = [f"closest passage ({where}): {passage!r}"]
    return "\n".join(lines + describe_difference(quote, passage, found.ops))
