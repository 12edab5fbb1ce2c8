"""Search over words, the Vietnamese way (the rules are in docs/guide.md, "Search rules").

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

import heapq
import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from kzcrisis.corpus.parties import entity_names
from kzcrisis.corpus.text import match_key, words
from kzcrisis.errors import BadInput
from kzcrisis.index.batches import rows_in
from kzcrisis.index.jsontext import extend
from kzcrisis.index.store import Index, rows
from kzcrisis.query.select import _COLUMNS, Filters, Row, _where

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
    return [
        (f"e{rowid}", [words(name) for name in entity_names(json.loads(record))])
        for rowid, record in rows(index, "SELECT rowid, record FROM entities")
    ]


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


# A candidate as ranked: its score rounded (what the records show, what ties compare), its place in
# date order (the terms of select._ORDER, ending with its place in the corpus), its seq.
Ranked = tuple[float, tuple[bool, str, int, int], int]
Judge = Callable[[tuple[Any, ...]], "Ranked | None"]
# Best first: the score before rounding, then date order (select._ORDER's: `date` here is _DAY).
_RANK = "ORDER BY score DESC, date, source_seq, ord"
# select._ORDER's dates as one text that sorts the same: the date; then '~' and an undated claim's
# bound (reported by that day); then '~~' for an undated claim without one.
_DAY = "COALESCE(c.date, '~' || COALESCE(c.bound, '~'))"
_FLAG = "(claim_words.rowid IN (SELECT rowid FROM claim_words WHERE claim_words MATCH ?))"
_BM25 = f"-bm25(claim_words, {_WEIGHTS})"


def _plan(index: Index, text: str, filters: Filters) -> tuple[str, list[Any], Judge]:
    """The SQL that lists the candidates (seq, date, source_seq, ord, score before rounding, what the
    judge needs), and the judge that checks a candidate's words where FTS5 cannot, and gives its
    final score."""
    parts = parse_query(text)
    entities = entity_words(index)
    tokens = [named_by(p, entities) for p in parts]
    # FTS5 finds the candidates of a phrase of marked and unmarked words; its words decide.
    checks = [(p, t) for p, t in zip(parts, tokens, strict=True) if p.phrase and _is_mixed(p)]
    typed = Part(tuple(w for p in parts if not p.phrase for w in p.words), phrase=True)
    columns, params, typed_tokens, check_typed = _score(typed, entities)
    texts = bool(checks) or check_typed
    if texts:
        columns.append("c.search_names, c.search_en, c.search_quote")
    clauses, where_params = _where(filters)
    where = " AND ".join(["claim_words MATCH ?", *clauses])
    sql = (
        f"SELECT c.seq AS seq, {_DAY} AS date, c.source_seq AS source_seq, c.ord AS ord, "
        f"{', '.join(columns)} "
        f"FROM claim_words JOIN claims c ON c.seq = claim_words.rowid WHERE {where}"
    )
    params += [" AND ".join(part_query(p, t) for p, t in zip(parts, tokens, strict=True)), *where_params]
    return sql, params, _judge(texts, checks, typed if check_typed else None, typed_tokens)


def _score(typed: Part, entities: EntityWords) -> tuple[list[str], list[Any], set[str], bool]:
    """The score's columns and parameters: words typed together (not in quotes) earn a bonus when
    FTS5 finds them side by side. (columns, params, the typed words' tokens, check them?)"""
    together = len(typed.words) > 1
    typed_tokens = named_by(typed, entities) if together else set()
    # Typed words of both kinds found together by FTS5 earn the bonus only if their words say so:
    # the score in SQL is then an upper bound, and the judge takes the bonus back when they do not.
    check_typed = together and _is_mixed(typed)
    columns = [f"{_BM25} + {PHRASE_BONUS!r} * {_FLAG} AS score" if together else f"{_BM25} AS score"]
    params: list[Any] = [part_query(typed, typed_tokens)] if together else []
    if check_typed:
        columns += [_BM25, _FLAG]
        params.append(part_query(typed, typed_tokens))
    return columns, params, typed_tokens, check_typed


def _judge(texts: bool, checks: list[tuple[Part, Any]], typed: Part | None, typed_tokens: Any) -> Judge:
    """The judge of `_plan`'s candidates: the phrases in `checks` must hold in the texts; `typed`
    (words of both kinds typed together) keeps its bonus only if its words hold."""

    def judge(row: tuple[Any, ...]) -> Ranked | None:
        seq, date, source_seq, place, score = row[:5]
        if texts:
            refs, found_in = row[-3], row[-2:]
            if not all(_holds(p, t, refs, found_in) for p, t in checks):
                return None
            if typed is not None and row[6] and not _holds(typed, typed_tokens, refs, found_in):
                score = row[5]
        return round(float(score), 6), (date is None, date or "", source_seq, place), seq

    return judge


def _best(found: list[Ranked]) -> list[Ranked]:
    return sorted(found, key=lambda r: (-r[0], r[1]))


def keep_best(
    candidates: Iterable[tuple[Any, ...]], limit: int, judge: Judge, floor: list[float] | None = None
) -> list[Ranked]:
    """The best `limit` candidates as `judge` ranks them, reading the candidates only until none left
    can be among them. They come by their score before rounding (column 4), at least their final
    score, then date order: once one's score rounded is below the lowest of `limit` kept, so are
    all those after it. A tie in the scores rounded is decided by date order, so a tie is read whole.
    `floor` (a heap, lowest first) receives the best `limit` scores so far, for the caller to see."""
    kept: list[Ranked] = []
    floor = [] if floor is None else floor
    for row in candidates if limit > 0 else ():
        if len(floor) == limit and round(float(row[4]), 6) < floor[0]:
            break
        if (ranked := judge(row)) is not None:
            kept.append(ranked)
            (heapq.heappush if len(floor) < limit else heapq.heappushpop)(floor, ranked[0])
    return _best(kept)[:limit]


def _first_page(limit: int) -> int:
    """How many candidates the first query keeps: mostly enough for a tie across the cut too."""
    return 2 * limit + 32


def rank_claims(index: Index, text: str, filters: Filters) -> list[Ranked]:
    """The claims that match, best first, at most `filters.limit` of them; no record is read.

    With a limit, SQLite sorts the candidates keeping only a few more than the limit (n log limit).
    Only when those are not enough (a tie across the cut, or words that fail their check) are the
    others read: those whose score may still tie the lowest kept, sorted once.
    """
    sql, params, judge = _plan(index, text, filters)
    limit = filters.limit
    if limit is None or limit < 0:
        found = [r for row in rows(index, f"{sql} {_RANK}", params) if (r := judge(row)) is not None]
        return _best(found)[:limit]
    first, floor = _first_page(limit), list[float]()

    def candidates() -> Iterator[tuple[Any, ...]]:
        page = rows(index, f"{sql} {_RANK} LIMIT ?", [*params, first])
        yield from page
        if len(page) == first:
            # Scores below the lowest kept, rounded, are out: a margin of 1e-6 keeps every tie.
            # (Not in the first query: SQLite would compute the score twice for every match.)
            low = floor[0] - 1e-6 if len(floor) == limit else -math.inf
            rest_sql = f"SELECT * FROM ({sql}) WHERE score >= ? {_RANK} LIMIT -1 OFFSET ?"
            rest = index.conn.execute(rest_sql, [*params, low, first])
            try:
                yield from rest
            finally:
                rest.close()

    return keep_best(candidates(), limit, judge, floor)


def _records(index: Index, seqs: list[int]) -> dict[int, Row]:
    out: dict[int, Row] = {}
    seqs = sorted(seqs)  # in the table's order: fewer pages read, each once
    sql = f"SELECT {_COLUMNS} FROM claims c WHERE c.seq IN ({{marks}})"
    out.update((r[0], Row(*r)) for r in rows_in(index.conn, sql, seqs))
    return out


def search_claims(index: Index, text: str, filters: Filters) -> list[tuple[float, Row]]:
    """Claims that hold every word and phrase of `text` (rules in the module docstring), best first:
    the records of those kept only."""
    ranked = rank_claims(index, text, filters)
    records = _records(index, [seq for _, _, seq in ranked])
    return [(score, records[seq]) for score, _, seq in ranked]


TEXT_BATCH = 500  # records read at a time by search_texts


def search_texts(index: Index, text: str, filters: Filters) -> Iterator[str]:
    """The records of `search_claims` as JSON text with their "score" spliced in (written as
    json.dumps writes a float, so the text shows the API's score to the last digit), best first,
    read TEXT_BATCH at a time: a search that matches a tenth of a million claims is never held whole."""
    ranked = rank_claims(index, text, filters)
    for start in range(0, len(ranked), TEXT_BATCH):
        chunk = ranked[start : start + TEXT_BATCH]
        records = _records(index, [seq for _, _, seq in chunk])
        for score, _, seq in chunk:
            yield extend(records[seq].record, ("score", repr(score)))


def indexed_words(index: Index) -> list[str]:
    """The distinct words of the word index (fts5vocab over `claim_words`, in a temporary table, so
    that a read-only index serves too)."""
    conn = index.conn
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.claim_vocab USING fts5vocab(main, claim_words, 'row')"
    )
    return [str(term) for (term,) in conn.execute("SELECT term FROM temp.claim_vocab")]


def count_claims(index: Index, text: str, filters: Filters) -> int:
    """How many claims match `text` and pass the filters (no limit), without reading a record."""
    sql, params, judge = _plan(index, text, filters)
    return sum(judge(row) is not None for row in index.conn.execute(sql, params))


__all__ = [
    "MAX_WORDS",
    "Part",
    "count_claims",
    "fts_query",
    "indexed_words",
    "keep_best",
    "parse_query",
    "rank_claims",
    "search_claims",
    "search_texts",
]
