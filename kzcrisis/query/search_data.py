"""`search`'s rules and words as data, for a face that cannot run Python (the static site's script).

Nothing here is a second rule set: every table is made from the functions `search` itself uses, or
read from the word index it queries.

- The query's rules: the word characters (`corpus.text.words`: letters and digits), each
  character's case fold (`exact_key`) and diacritic fold (`strip_marks`, what the index's folded
  columns hold), MAX_WORDS, NAME_WEIGHT, PHRASE_BONUS. A character missing from the folds folds to
  itself: only those that can change an answer are listed (those of the corpus's words, and those
  whose case fold holds one of them or splits a word).
- The claims' words as `search` reads them (`words` of the texts the index's FTS5 table was filled
  from; the tests hold them to the table's own), each claim's entity tokens and its size in tokens
  as FTS5 stores it, the table's row count and average size (what FTS5's bm25 reads), and the
  entities' names as `search.entity_words` makes them.

The script applies them as `parse_query`, `phrase_in`, `named_by` and `fts_query` do; the tests
hold both to one table of questions and answers (tests/query/search_vectors.json).
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from functools import cache
from typing import Any

from kzcrisis.corpus.text import WORD, exact_key, strip_marks, words
from kzcrisis.index.batches import rows_in
from kzcrisis.index.store import Index, rows
from kzcrisis.query.search import MAX_WORDS, NAME_WEIGHT, PHRASE_BONUS, EntityWords, entity_words

FORMAT = 1
# FTS5's bm25 constants (fts5_aux.c): the engine's, not ours; `search` uses bm25 as FTS5 defines it.
BM25 = {"k1": 1.2, "b": 0.75}


@cache
def _every() -> str:
    """Every character, in order (made from bytes: a list of a million strings would weigh ~90 MB)."""
    return (
        array("I", range(sys.maxunicode + 1))
        .tobytes()
        .decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be", "surrogatepass")
    )


@cache
def word_ranges() -> tuple[int, ...]:
    """The word characters as inclusive code point ranges, flat: (first, last, first, last, ...)."""
    return tuple(n for m in WORD.finditer(_every()) for n in (m.start(), m.end() - 1))


@cache
def _case_folded() -> tuple[tuple[str, str], ...]:
    """Every character that `exact_key` changes in text already in NFC (as a query is first put),
    with what it becomes."""
    return tuple((c, exact_key(c)) for c in _every() if c.casefold() != c)


def _is_word(c: str) -> bool:
    return WORD.fullmatch(c) is not None


def case_table(alphabet: set[str]) -> dict[str, str]:
    """The case folds that can change an answer: into a character of the corpus's words, or one
    that splits a word (a character neither changes may stay as typed: its word matches nothing)."""
    return {
        c: f for c, f in _case_folded() if not _is_word(c) or any(x in alphabet or not _is_word(x) for x in f)
    }


def fold_table(alphabet: set[str]) -> dict[str, str]:
    """The diacritic folds of the corpus's characters (a character typed with marks outside them
    matches nothing, with or without its marks, so it needs none)."""
    return {c: f for c in sorted(alphabet) if (f := strip_marks(c)) != c}


Words = dict[int, dict[str, list[str]]]  # a claim's seq -> its columns' words, in order


def _varints(blob: bytes) -> list[int]:
    """FTS5's column sizes (the `docsize` blob): SQLite varints, 7 bits a byte, high bit set to go on."""
    out, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            out.append(value)
            value = 0
    return out


def _words_of(index: Index, seqs: list[int]) -> Words:
    """The words of each claim's `refs`, `en` and `quote` columns, in order: `words` of the texts the
    index was filled from, as `search` reads them to check a phrase (tests hold them to the FTS5
    table's own, read through fts5vocab, which takes thirty times as long)."""
    out: Words = {}
    sql = "SELECT seq, search_names, search_en, search_quote FROM claims WHERE seq IN ({marks})"
    for seq, names, en, quote in rows_in(index.conn, sql, seqs):
        out[seq] = {"refs": names.split(), "en": words(en), "quote": words(quote)}
    return out


def query_rules(alphabet: set[str]) -> dict[str, Any]:
    """How a query is read and weighed, for a corpus whose words use the characters `alphabet`."""
    return {
        "word": list(word_ranges()),
        "case": case_table(alphabet),
        "fold": fold_table(alphabet),
        "max_words": MAX_WORDS,
        "name_weight": NAME_WEIGHT,
        "phrase_bonus": PHRASE_BONUS,
    }


def _vocabulary(words: Words, entities: EntityWords) -> list[str]:
    """Every word of the texts and the names, the commonest first (they get the shortest numbers)."""
    counts = Counter(t for cols in words.values() for c in ("en", "quote") for t in cols[c])
    counts.update(w for _, names in entities for name in names for w in name)
    return [t for t, _ in counts.most_common()]


def search_data(index: Index, ids: list[str]) -> dict[str, Any]:
    """What the site's script needs to answer as `search` does, for the claims `ids` (in the site's order)."""
    seq_of = dict(rows(index, "SELECT id, seq FROM claims"))
    seqs = [seq_of[i] for i in ids]
    sizes = {seq: sum(_varints(sz)) for seq, sz in rows(index, "SELECT id, sz FROM claim_words_docsize")}
    found = _words_of(index, seqs)
    entities = entity_words(index)
    entity_at = {token: n for n, (token, _names) in enumerate(entities)}
    terms = _vocabulary(found, entities)
    term_at = {t: n for n, t in enumerate(terms)}

    def claim(seq: int) -> list[Any]:
        # [size in tokens, its entities, its English words, its quote's words]
        mine = found[seq]
        return [
            sizes[seq],
            [entity_at[t] for t in mine["refs"]],
            [term_at[t] for t in mine["en"]],
            [term_at[t] for t in mine["quote"]],
        ]

    return {
        "format": FORMAT,
        "rules": query_rules({c for t in terms for c in t}),
        "bm25": BM25,
        # The claims written are the site's whole table: all of the index's, but for an export filter.
        "rows": len(seqs),
        "avgdl": sum(sizes[seq] for seq in seqs) / len(seqs) if seqs else 0.0,
        "terms": terms,
        # [the n of its token e<n>, each name's words]
        "entities": [
            [int(token[1:]), [[term_at[w] for w in name] for name in names]] for token, names in entities
        ],
        "claims": [claim(seq) for seq in seqs],
    }


__all__ = ["BM25", "FORMAT", "case_table", "fold_table", "query_rules", "search_data", "word_ranges"]
