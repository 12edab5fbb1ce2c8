"""Full-text search over quotes, English text and entity names."""

from __future__ import annotations

from typing import Any

from kzcrisis.corpus.text import match_key
from kzcrisis.errors import BadInput
from kzcrisis.index.store import Index
from kzcrisis.query.select import _COLUMNS, Filters, Row, _query

# Ranking: a term found in an entity's names weighs most, then the English text, then the quote;
# the whole query found as a phrase adds a bonus. Ties keep date order.
SEARCH_WEIGHTS = {"search_names": 3.0, "search_en": 2.0, "search_quote": 2.0}
PHRASE_BONUS = 3.0


def search_claims(index: Index, text: str, filters: Filters) -> list[tuple[float, Row]]:
    """Claims whose quote, English text or entity names contain every word of `text`.

    Case- and diacritic-insensitive ('trung quoc' finds 'Trung Quốc'); ranked best first.
    """
    terms = match_key(text).split()
    if not terms:
        raise BadInput(f"nothing to search for in {text!r}: give at least one word")
    extra = []
    params: list[Any] = []
    for term in terms:
        # instr, not LIKE: the columns and the terms are already folded (match_key), and instr has
        # neither wildcards to escape nor LIKE's limit on the length of a pattern.
        extra.append("(" + " OR ".join(f"instr(c.{col}, ?) > 0" for col in SEARCH_WEIGHTS) + ")")
        params += [term] * len(SEARCH_WEIGHTS)
    search_columns = ", ".join(f"c.{col}" for col in SEARCH_WEIGHTS)
    found = _query(index, filters._replace(limit=None), extra, params, f"{_COLUMNS}, {search_columns}")
    phrase = " ".join(terms)
    width = len(Row._fields)
    scored = []
    for order, found_row in enumerate(found):
        cols = found_row[width:]
        score = sum(
            w * col.count(t) for t in terms for w, col in zip(SEARCH_WEIGHTS.values(), cols, strict=True)
        )
        if len(terms) > 1 and any(phrase in col for col in cols):
            score += PHRASE_BONUS
        scored.append((score, order, Row(*found_row[:width])))
    scored.sort(key=lambda item: (-item[0], item[1]))
    kept = scored if filters.limit is None else scored[: filters.limit]
    return [(score, row) for score, _, row in kept]
