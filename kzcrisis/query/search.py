"""Search over words, the Vietnamese way (the rules are in the README, "Search rules").

- A claim's words are those of its quote, its English text and the names (every alias) of the
  entities it refers to; a word is a run of letters and digits (`kzcrisis.corpus.text.words`).
- Every query word must stand as a whole word in the claim (`nga` is not found in *ngày*).
- A word typed without diacritics matches any diacritic form (`quan` finds *quân* and *quan*);
  a word typed with diacritics matches that form only (`quân` is not *quan*). Case never matters.
- Words between double quotes make a phrase: consecutive, in that order, within one text.
- Nothing else is an operator: `*`, `-`, `:`, `(`, `^` separate words like spaces, and AND, OR,
  NOT and NEAR are words like any other. No input can make an SQL or FTS5 syntax error.
- Ranking: BM25 (SQLite FTS5's `bm25`), a hit in an entity's names weighing NAME_WEIGHT times a
  hit in the texts; the words typed (unquoted) standing together as a phrase add PHRASE_BONUS.
  Ties keep date order. The score is in the JSON records.
"""

from __future__ import annotations

import json
import unicodedata
from typing import NamedTuple

from kzcrisis.corpus.text import match_key, words
from kzcrisis.errors import BadInput
from kzcrisis.index.store import Index, rows
from kzcrisis.query.select import _COLUMNS, _ORDER, Filters, Row, _where

MAX_WORDS = 64
NAME_WEIGHT = 2.0
PHRASE_BONUS = 1.0
# The columns of the word index (index.schema): the entities, then the texts exact and folded.
EXACT = "{en quote}"
FOLDED = "{en_f quote_f}"
_WEIGHTS = ", ".join(str(w) for w in (NAME_WEIGHT, 1.0, 1.0, 1.0, 1.0))


class Part(NamedTuple):
    """A word, or a quoted phrase of words, that a claim must contain."""

    words: tuple[str, ...]
    phrase: bool = False


def has_marks(word: str) -> bool:
    """A word typed with diacritics (đ included): it means that form."""
    return match_key(word) != word


def parse_query(text: str) -> list[Part]:
    """The parts of a query: each word, each "double-quoted" phrase (an unclosed quote runs to the end)."""
    parts: list[Part] = []
    for n, chunk in enumerate(unicodedata.normalize("NFC", text).split('"')):
        found = tuple(words(chunk))
        if n % 2 and len(found) > 1:
            parts.append(Part(found, phrase=True))
        else:
            parts += [Part((w,)) for w in found]
    count = sum(len(p.words) for p in parts)
    if not count:
        raise BadInput(f"nothing to search for in {text!r}: give at least one word (letters or digits)")
    if count > MAX_WORDS:
        raise BadInput(f"too many words to search for ({count}); give at most {MAX_WORDS}")
    return parts


def _fts(columns: str, tokens: tuple[str, ...]) -> str:
    # Tokens are letters and digits only, so a double-quoted FTS5 string holds them literally.
    return f'{columns} : "{" ".join(tokens)}"'


def _is_mixed(part: Part) -> bool:
    return 0 < sum(map(has_marks, part.words)) < len(part.words)


def text_query(part: Part) -> str:
    """The FTS5 expression of one part over the quote and the English text."""
    marked = [w for w in part.words if has_marks(w)]
    if not marked:
        return _fts(FOLDED, part.words)
    if len(marked) == len(part.words):
        return _fts(EXACT, part.words)
    # Marked and unmarked words in one phrase: folded as a phrase, the marked words exact;
    # `phrase_in` then checks the phrase word by word.
    return " AND ".join(
        [_fts(FOLDED, tuple(match_key(w) for w in part.words))] + [_fts(EXACT, (w,)) for w in marked]
    )


def phrase_in(part: Part, text_words: list[str]) -> bool:
    """The part stands in these words: marked words exactly, the others in any diacritic form."""
    want = [(w, has_marks(w)) for w in part.words]
    folded = [match_key(w) for w in text_words]
    n = len(want)
    return any(
        all(
            (text_words[i + k] == w) if marked else (folded[i + k] == w) for k, (w, marked) in enumerate(want)
        )
        for i in range(len(text_words) - n + 1)
    )


EntityWords = list[tuple[str, list[list[str]]]]


def entity_words(index: Index) -> EntityWords:
    """Each entity's token in the word index (e<rowid>) and the words of each of its names."""
    out = []
    for rowid, record in rows(index, "SELECT rowid, record FROM entities"):
        e = json.loads(record)
        names = [
            e["id"],
            e["name"],
            *e.get("names_vi", []),
            *e.get("aliases", []),
            *([e["iso"]] if e.get("iso") else []),
        ]
        out.append((f"e{rowid}", [words(name) for name in names]))
    return out


def named_by(part: Part, entities: EntityWords) -> set[str]:
    """The tokens of the entities one of whose names holds the part."""
    return {token for token, names in entities if any(phrase_in(part, name) for name in names)}


def part_query(part: Part, tokens: set[str]) -> str:
    """A part found in the texts, or in the names of an entity the claim refers to."""
    either = [f"({text_query(part)})", *(f'refs : "{t}"' for t in sorted(tokens))]
    return either[0] if len(either) == 1 else f"({' OR '.join(either)})"


def fts_query(parts: list[Part], entities: EntityWords | None = None) -> str:
    """The FTS5 MATCH expression of the parts: every part must match."""
    return " AND ".join(part_query(p, named_by(p, entities) if entities else set()) for p in parts)


def _holds(part: Part, tokens: set[str], refs: str, texts: tuple[str, ...]) -> bool:
    return bool(tokens & set(refs.split())) or any(phrase_in(part, words(t)) for t in texts)


def _matching(index: Index, query: str) -> set[int]:
    return {
        int(r[0]) for r in rows(index, "SELECT rowid FROM claim_words WHERE claim_words MATCH ?", [query])
    }


def search_claims(index: Index, text: str, filters: Filters) -> list[tuple[float, Row]]:
    """Claims that hold every word and phrase of `text` (rules in the module docstring), best first."""
    parts = parse_query(text)
    entities = entity_words(index)
    tokens = [named_by(p, entities) for p in parts]
    clauses, params = _where(filters)
    where = " AND ".join(["claim_words MATCH ?", *clauses])
    found = rows(
        index,
        f"SELECT {_COLUMNS}, -bm25(claim_words, {_WEIGHTS}), c.search_names, c.search_en, c.search_quote "
        f"FROM claim_words JOIN claims c ON c.seq = claim_words.rowid WHERE {where} {_ORDER}",
        [" AND ".join(part_query(p, t) for p, t in zip(parts, tokens, strict=True)), *params],
    )
    # FTS5 finds the candidates of a phrase of marked and unmarked words; its words decide.
    checks = [(p, t) for p, t in zip(parts, tokens, strict=True) if p.phrase and _is_mixed(p)]
    typed = Part(tuple(w for p in parts if not p.phrase for w in p.words), phrase=True)
    typed_tokens = named_by(typed, entities) if len(typed.words) > 1 else set()
    together = _matching(index, part_query(typed, typed_tokens)) if len(typed.words) > 1 else set()
    width = len(Row._fields)
    scored = []
    for order, found_row in enumerate(found):
        refs, texts = found_row[width + 1], found_row[width + 2 :]
        if not all(_holds(p, t, refs, texts) for p, t in checks):
            continue
        score = float(found_row[width])
        if found_row[0] in together and (not _is_mixed(typed) or _holds(typed, typed_tokens, refs, texts)):
            score += PHRASE_BONUS
        scored.append((round(score, 6), order, Row(*found_row[:width])))
    scored.sort(key=lambda item: (-item[0], item[1]))
    kept = scored if filters.limit is None else scored[: filters.limit]
    return [(score, row) for score, _, row in kept]


__all__ = ["MAX_WORDS", "Part", "fts_query", "parse_query", "search_claims"]
