"""When the text holding a claim was written: the upper bound ("reported by") of an undated claim.

A source's `published` day (a dateline) bounds every claim of its text; where a page joins pieces
written on different days, each piece's `written` day bounds the claims whose quote stands in it
(from its `starts` words to the next piece). Never a guess: null where the text shows no day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kzcrisis.corpus.text import fold_space


class WrittenDays:
    """`of(claim)`: the day its text was written; each source's folded text is made once."""

    def __init__(self, sources: dict[str, Any], texts: dict[str, str]) -> None:
        self.sources = sources
        self.texts = dict(texts)
        self._pieces: dict[str, tuple[str, list[tuple[int, dt.date | None]]]] = {}

    def of(self, source_slug: str, quote: str) -> dt.date | None:
        source = self.sources.get(source_slug)
        if source is None:
            return None
        if not source.pieces:
            return source.published  # type: ignore[no-any-return]
        folded, starts = self._pieces.get(source_slug) or self._fold(source_slug)
        at = folded.find(fold_space(quote))
        written = source.published
        for start, day in starts:
            if at < 0 or start < 0 or start > at:
                break
            written = day
        return written  # type: ignore[no-any-return]

    def _fold(self, slug: str) -> tuple[str, list[tuple[int, dt.date | None]]]:
        folded = fold_space(self.texts.get(slug, ""))
        starts = [(folded.find(fold_space(p.starts)), p.written) for p in self.sources[slug].pieces]
        self._pieces[slug] = (folded, sorted(starts, key=lambda s: s[0]))
        return self._pieces[slug]
