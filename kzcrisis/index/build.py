"""Turn a validated `Corpus` into the rows of the query index (see `kzcrisis.index`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from kzcrisis.corpus.models import MAX_TWINS, Corpus
from kzcrisis.corpus.parties import entity_names, parties
from kzcrisis.corpus.text import exact_key, name_key, strip_marks
from kzcrisis.corpus.written import WrittenDays
from kzcrisis.index.jsontext import encode, extend, twins_sql, without_twins
from kzcrisis.index.schema import INDEXES, PLACE_BITS, SCHEMA


def write_head(conn: sqlite3.Connection, corpus: Corpus, key: str, fmt: str) -> None:
    """The tables, and every row that is not a claim: meta, sources, entities, aliases."""
    conn.executescript(SCHEMA)
    write_head_rows(conn, corpus, key, fmt)


def write_head_rows(conn: sqlite3.Connection, corpus: Corpus, key: str, fmt: str) -> None:
    """Every row that is not a claim, into the tables made: meta, sources, entities, aliases."""
    meta = {
        "format": fmt,
        "corpus_key": key,
        "corpus_name": corpus.manifest.name,
        "corpus_version": corpus.manifest.version,
        "manifest": corpus.manifest.model_dump_json(),
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    conn.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?)",
        (  # a generator: one article's text in memory at a time
            (slug, seq, src.model_dump_json(), _raw_text(corpus, slug))
            for seq, (slug, src) in enumerate(corpus.sources.items())
        ),
    )
    conn.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?)",
        [(e.id, e.type.value, e.name, e.model_dump_json()) for e in corpus.entities.values()],
    )
    aliases: dict[str, tuple[str, str]] = {}
    for entity in corpus.entities.values():
        for name in entity_names(entity):
            aliases.setdefault(name_key(name), (entity.id, name))
    conn.executemany("INSERT INTO aliases VALUES (?, ?, ?)", [(k, *v) for k, v in aliases.items()])
    shared = {(name_key(n), e.id): n for e in corpus.entities.values() for n in e.ambiguous_names}
    conn.executemany("INSERT INTO ambiguous VALUES (?, ?, ?)", [(*k, n) for k, n in shared.items()])


Rows = list[tuple[Any, ...]]
_CACHED = 50_000  # entries per cache of ClaimRows


class ClaimRows:
    """The claims' rows and terms, a span of claims at a time (so that memory stays flat).

    What many claims share is worked out once (cached by what it depends on, in memory that grows
    with the distinct values, not with the claims): an outlet's JSON, the names of a set of
    entities, the terms of a set of references (7% less time for the rows at 100,000 claims).
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.source_seq = {slug: seq for seq, slug in enumerate(corpus.sources)}
        # search_names holds the claim's entities as tokens of the word index: e<rowid in entities>
        # (entities are inserted in corpus order, see write_head); their names are matched apart.
        self.entity_tokens = {eid: f"e{n}" for n, eid in enumerate(corpus.entities, 1)}
        self._outlets: dict[str, str] = {}
        self.written = WrittenDays(corpus.sources, corpus.texts)  # shared with the figures' rows
        self._names: dict[tuple[str, ...], tuple[str, str]] = {}  # refs -> (names JSON, search tokens)
        self._acting: dict[tuple[Any, ...], list[str]] = {}
        self._entities = {e.id: (e.type.value, e.speaks_for) for e in corpus.entities.values()}

    def of(self, some: Sequence[Any], first_seq: int, first_ord: int) -> tuple[Rows, Rows]:
        """The rows of `some` claims (not necessarily `self.corpus`'s), keyed from `first_seq` and
        placed in the corpus from `first_ord` (see `index.schema`)."""
        claims, terms = [], []
        for pos, claim in enumerate(some):
            seq = first_seq + pos
            refs = claim.entity_refs()
            day = self.written.of(claim.source, claim.quote)
            known_by = day.isoformat() if day else None
            record, tokens = self._record(claim, refs, known_by)
            claims.append(
                (
                    seq,
                    claim.id,
                    claim.kind,
                    claim.source,
                    self.source_seq[claim.source],
                    claim.date.isoformat() if claim.date else None,
                    None if claim.date else known_by,
                    claim.statement,
                    exact_key(claim.quote),
                    exact_key(claim.text_en),
                    tokens,
                    record,
                    first_ord + pos,
                )
            )
            terms += [(term, seq) for term in self._terms(claim, refs)]
        return claims, terms

    def _record(self, claim: Any, refs: list[tuple[str, str]], known_by: str | None) -> tuple[str, str]:
        """The claim's JSON record, and its entities as search tokens."""
        outlet = self._outlets.get(claim.source)
        if outlet is None:
            source = self.corpus.sources.get(claim.source)
            outlet = self._outlets[claim.source] = encode(source.outlet if source else None)
        ids = tuple(dict.fromkeys(ref for _, ref in refs))
        named = self._names.get(ids)
        if named is None:
            if len(self._names) > _CACHED:  # a corpus of all-different claims: memory stays bounded
                self._names.clear()
            names = encode({ref: self.corpus.entities[ref].name for ref in ids})
            named = self._names[ids] = (names, " ".join(self.entity_tokens[ref] for ref in ids))
        known = f'"{known_by}"' if known_by else "null"
        # `twins` is filled in by `finish` once every claim is in: a twin may be in another file.
        pairs = (("outlet", outlet), ("known_by", known), ("names", named[0]), ("twins", "[]"))
        return extend(claim.model_dump_json(), *pairs), named[1]

    def _terms(self, claim: Any, refs: list[tuple[str, str]]) -> list[str]:
        # __dict__, not getattr: a missing attribute on a pydantic model is a slow exception.
        fields = claim.__dict__
        key = (
            tuple(refs),
            claim.on_behalf_of,
            tuple(s.value for s in fields.get("stances", ())),
            tuple(f.metric.value for f in fields.get("figures", ())),
            claim.section,
        )
        terms = self._acting.get(key)
        if terms is None:
            if len(self._acting) > _CACHED:
                self._acting.clear()
            found = {f"e:{e}" for e in parties(refs, claim.on_behalf_of, self._entities)}
            found |= {f"s:{s}" for s in key[2]}
            found |= {f"m:{m}" for m in key[3]}
            if claim.section == "caption":
                found.add("x:caption")  # the body, by far the larger part, is found as 'not a caption'
            terms = self._acting[key] = sorted(found)
        return terms


def insert_claims(conn: sqlite3.Connection, claims: Rows) -> None:
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claims)


def insert_terms(conn: sqlite3.Connection, terms: Sequence[tuple[str, int]]) -> None:
    conn.executemany("INSERT INTO terms VALUES (?, ?)", terms)


def finish(conn: sqlite3.Connection) -> None:
    conn.executescript(INDEXES)
    fill_words(conn)
    fill_twins(conn)
    conn.commit()


def fill_twins(conn: sqlite3.Connection, statements: Collection[str] | None = None) -> None:
    """Each linked claim's record gets the ids of the other claims of its statement, in corpus order,
    the first `MAX_TWINS` of them: linear in the size of a group, not quadratic. `statements`: only
    the claims of these (an incremental build's); all when None.

    Only linked claims are touched (served by the partial index claims_statement), so an
    unlinked corpus costs one empty query.
    """
    members: dict[str, list[tuple[int, str]]] = {}
    if statements is None:
        found = conn.execute("SELECT seq, id, statement FROM claims WHERE statement IS NOT NULL").fetchall()
    else:
        found = []
        conn.create_function("kz_without_twins", 1, without_twins, deterministic=True)
        for statement in sorted(statements):
            conn.execute(
                "UPDATE claims SET record = kz_without_twins(record) WHERE statement = ?", (statement,)
            )
            found += conn.execute(
                "SELECT seq, id, statement FROM claims WHERE statement = ?", (statement,)
            ).fetchall()
    rank = corpus_order(conn)
    found.sort(key=lambda row: (rank[row[0] >> PLACE_BITS], row[0]))
    for seq, claim_id, statement in found:
        members.setdefault(statement, []).append((seq, claim_id))
    updates = []
    for group in members.values():
        head = [claim_id for _, claim_id in group[: MAX_TWINS + 1]]
        for seq, claim_id in group:
            twins = [other for other in head if other != claim_id][:MAX_TWINS]
            updates.append((encode(twins), seq))
    conn.executemany(f"UPDATE claims SET record = {twins_sql('record')} WHERE seq = ?", updates)


def corpus_order(conn: sqlite3.Connection) -> dict[int, int]:
    """Each block's file's place among the claims files (by name): with seq, the corpus order."""
    return {block: n for n, (block,) in enumerate(conn.execute("SELECT block FROM files ORDER BY rel"))}


# The columns of the word index (see `index.schema`), from the claims' search columns.
_WORDS = "search_names, search_en, search_quote, kz_fold(search_en), kz_fold(search_quote)"


def fill_words(conn: sqlite3.Connection, seqs: tuple[int, int] | None = None) -> None:
    """The word index of `search` (see `index.schema`), from the claims' search columns, in one
    statement; `seqs`: only the claims of this range of seq (an incremental build's)."""
    conn.create_function("kz_fold", 1, strip_marks, deterministic=True)
    if seqs is None:
        # FTS5 flushes its in-memory terms to a new segment each `hashsize` bytes (1 MB by default),
        # and merges the segments as it goes: 16 MB makes fewer, larger segments, a fifth less time
        # at 100,000 claims for ~16 MB more memory while building (bench/run.py).
        conn.execute("INSERT INTO claim_words (claim_words, rank) VALUES ('hashsize', ?)", (16 * 2**20,))
    where = "" if seqs is None else " WHERE seq BETWEEN ? AND ?"
    conn.execute(
        f"INSERT INTO claim_words (rowid, refs, en, quote, en_f, quote_f) SELECT seq, {_WORDS} FROM claims"
        + where,
        seqs or (),
    )


def remove_words(conn: sqlite3.Connection, seqs: tuple[int, int]) -> None:
    """Take the claims of a range of seq out of the word index: a contentless FTS5 table forgets a
    row when given the very values it was made from, which the claims' search columns still hold."""
    conn.create_function("kz_fold", 1, strip_marks, deterministic=True)
    conn.execute(
        "INSERT INTO claim_words (claim_words, rowid, refs, en, quote, en_f, quote_f) "
        f"SELECT 'delete', seq, {_WORDS} FROM claims WHERE seq BETWEEN ? AND ?",
        seqs,
    )


def _raw_text(corpus: Corpus, slug: str) -> str:
    """The article as stored, for `show`: from the texts read while validating, else read again by
    the one reader, whose sha256 check proves it is the text that was validated."""
    kept = corpus.articles.get(slug)
    if kept is not None:
        return kept
    from kzcrisis.corpus.article import read_article
    from kzcrisis.errors import CorpusError, Problem

    problems: list[Problem] = []
    src = corpus.sources[slug]
    text = read_article(corpus.root, slug, src.file, src.sha256, problems)
    if text is None or problems:
        raise CorpusError(problems or [Problem(src.file, "the article changed while it was being read")])
    return text
