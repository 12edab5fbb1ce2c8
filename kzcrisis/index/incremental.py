"""Bring an earlier index up to the corpus by re-reading only the claims files that changed.

What is reused, and when (docs/performance.md):
- only an index of the same format whose head key (`perfile.corpus_hashes`: the manifest,
  sources.json, entities.json, coverage.json and every archived article) equals the corpus's: a
  change to any of those reaches every claim (names, outlets, dates known, grounding), so the whole
  index is built again;
- a claims file whose content hash is the one recorded keeps its rows: it passed every check of
  its own under this very head. A changed, added or removed file has its rows deleted and the new
  ones inserted (read and checked by `Reading`, the one order of reading a corpus);
- what spans files is checked again on the compact keys the index holds: duplicate ids (the
  claims' unique ids), duplicate quotes (`quote_keys`), and the statements any changed claim had or
  has (from the claims' and figures' rows, by `statement_problems`); their twins are filled again;
- every claim's place among its source's claims (`ord`) is moved where a file of that source before
  it changed size.

Anything unusual (a problem in the corpus, many files changed, blocks that moved) returns False: the
caller then builds the whole index, which also reports the problems exactly as a full build does.
All of it is one transaction: the index is updated in place, or a copy of it while someone reads it
(`index.store`), and committed only once complete.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from kzcrisis.corpus.checks import Linked, statement_problems
from kzcrisis.corpus.models import ClaimModel
from kzcrisis.corpus.reading import Reading
from kzcrisis.index.batches import rows_in
from kzcrisis.index.build import ClaimRows, corpus_order, fill_twins, fill_words, remove_words
from kzcrisis.index.perfile import (
    PLACE_BITS,
    Hashes,
    add_file,
    file_blocks,
    first_ord,
    seq_range,
)
from kzcrisis.index.schema import FORMAT

# More files changed than this share of the corpus: a full build costs about as much.
_MOST_CHANGED = 0.25

Recorded = dict[str, tuple[str, int, int, int]]  # claims file -> (hash, block, first ord, count)


class Busy(Exception):
    """The index could not be locked for the update: another connection is reading it."""


def update_index(
    conn: sqlite3.Connection, root: str, hashes: Hashes, *, begin: str, ready: Callable[[], bool]
) -> bool:
    """Update `conn` (an earlier index, or a writable copy of one) to the corpus at `root`, whose
    content hashes are `hashes`, in one transaction begun by `begin`, committed only if `ready()`
    still says yes at the end (the corpus did not change meanwhile); False, with nothing committed,
    if it cannot. Raises `Busy`, with nothing done, where `begin` cannot take its lock."""
    try:
        conn.execute(begin)
    except sqlite3.OperationalError as exc:
        raise Busy(str(exc)) from exc
    try:
        done = _update(conn, root, hashes) and ready()
        if done:
            conn.commit()
        else:
            conn.rollback()
    except BaseException:
        conn.rollback()
        raise
    return done


def _update(conn: sqlite3.Connection, root: str, hashes: Hashes) -> bool:
    meta = dict(conn.execute("SELECT name, value FROM meta"))
    if meta.get("format") != FORMAT or meta.get("head_key") != hashes.head or not hashes.head:
        return False
    reading = Reading(Path(root), texts=False)
    if reading.head is None or reading.schema or reading.checks:
        return False
    plan = _changes(conn, reading.rels, hashes)
    if plan is None or not _apply(conn, reading, *plan):
        return False
    conn.execute("UPDATE meta SET value = ? WHERE name = 'corpus_key'", (hashes.key,))
    return True


Known = tuple[Recorded, dict[str, int], Hashes]  # what the index records, each file's block, hashes


def _changes(
    conn: sqlite3.Connection, rels: list[str], hashes: Hashes
) -> tuple[Known, list[str], list[str]] | None:
    """What the index records, the files changed or added, and the files whose rows go; None when
    a full build is the better way (many files changed, a block moved)."""
    found = conn.execute("SELECT rel, hash, block, first, count FROM files")
    recorded: Recorded = {rel: (digest, block, first, count) for rel, digest, block, first, count in found}
    blocks = file_blocks(rels)
    changed = [rel for rel in rels if recorded.get(rel, ("",))[0] != hashes.files.get(rel, "-")]
    gone = [rel for rel in recorded if rel not in blocks or rel in changed]
    if len(changed) + len(gone) > max(4, _MOST_CHANGED * len(rels)):
        return None
    if any(recorded[rel][1] != blocks[rel] for rel in recorded if rel in blocks and rel not in changed):
        return None  # a file's block moved (two names with one hash): rare, rebuilt whole
    return (recorded, blocks, hashes), changed, gone


def _apply(
    conn: sqlite3.Connection,
    reading: Reading,
    known: Known,
    changed: list[str],
    gone: list[str],
) -> bool:
    recorded, blocks, hashes = known
    statements: set[str] = set()
    for rel in gone:
        statements |= _remove_file(conn, recorded[rel][1])
    assert reading.head is not None
    rows = ClaimRows(reading.head)
    for rel, claims, texts in reading.files(only=set(changed)):
        if reading.schema or reading.checks or _clashes(conn, claims):
            return False
        statements |= {claim.statement for claim in claims if claim.statement}
        # Placed at ord 0 for now; `_place` moves every file to its place below.
        add_file(conn, rows, (rel, hashes.files[rel], blocks[rel], 0), claims, texts)
        fill_words(conn, seq_range(blocks[rel]))
    if reading.schema or reading.checks:
        return False
    _place(conn, reading.rels, {r: v[2] for r, v in recorded.items()} | dict.fromkeys(changed, 0))
    if statements and statement_problems(_linked(conn, statements, blocks)):
        return False
    fill_twins(conn, statements)
    return True


def _remove_file(conn: sqlite3.Connection, block: int) -> set[str]:
    """Delete a file's rows (found by its block); the statements its claims had."""
    seqs = seq_range(block)
    found = conn.execute(
        "SELECT DISTINCT statement FROM claims WHERE seq BETWEEN ? AND ? AND statement IS NOT NULL", seqs
    )
    statements = {statement for (statement,) in found}
    remove_words(conn, seqs)
    for table in ("claims", "figures", "quote_keys"):
        conn.execute(f"DELETE FROM {table} WHERE seq BETWEEN ? AND ?", seqs)
    _remove_terms(conn, seqs)
    conn.execute("DELETE FROM files WHERE block = ?", (block,))
    return statements


def _remove_terms(conn: sqlite3.Connection, seqs: tuple[int, int]) -> None:
    """Delete the terms of a range of seq, one term at a time: the table is keyed by (term, seq), so
    each is a seek, where one DELETE by seq would read the whole table (millions of rows at 1M)."""
    term = conn.execute("SELECT MIN(term) FROM terms").fetchone()[0]
    while term is not None:  # a few hundred distinct terms: entities, stances, metrics
        conn.execute("DELETE FROM terms WHERE term = ? AND seq BETWEEN ? AND ?", (term, *seqs))
        term = conn.execute("SELECT MIN(term) FROM terms WHERE term > ?", (term,)).fetchone()[0]


def _clashes(conn: sqlite3.Connection, claims: list[ClaimModel]) -> bool:
    """Whether a claim's id or quote is already another file's (the index holds the others' only)."""
    from kzcrisis.corpus.checks import claim_quote_key

    ids = [claim.id for claim in claims]
    if next(rows_in(conn, "SELECT 1 FROM claims WHERE id IN ({marks})", ids), None):
        return True
    keys = [claim_quote_key(claim) for claim in claims]
    return next(rows_in(conn, "SELECT 1 FROM quote_keys WHERE key IN ({marks})", keys), None) is not None


def _place(conn: sqlite3.Connection, rels: list[str], firsts: dict[str, int]) -> None:
    """Give each file's claims their place among their source's: its files in order, each after
    the last (`perfile.first_ord`, as a full build numbers them)."""
    files = {
        rel: (block, source, count)
        for rel, block, source, count in conn.execute("SELECT rel, block, source, count FROM files")
    }
    counts: dict[str, int] = {}
    for rel in rels:
        block, source, count = files[rel]
        wanted = first_ord(counts, source, count)
        shift = wanted - firsts[rel]
        if shift:
            seqs = seq_range(block)
            conn.execute("UPDATE claims SET ord = ord + ? WHERE seq BETWEEN ? AND ?", (shift, *seqs))
            conn.execute("UPDATE files SET first = ? WHERE rel = ?", (wanted, rel))


def _linked(conn: sqlite3.Connection, statements: set[str], blocks: dict[str, int]) -> list[Linked]:
    """The claims of `statements` as the statement checks see them, from the index, in corpus order."""
    files = {block: rel for rel, block in blocks.items()}
    rank = corpus_order(conn)
    out = []
    for statement in sorted(statements):
        found = conn.execute(
            "SELECT seq, id, source, kind FROM claims WHERE statement = ?", (statement,)
        ).fetchall()
        found.sort(key=lambda row: (rank[row[0] >> PLACE_BITS], row[0]))
        for seq, claim_id, source, kind in found:
            figures = conn.execute(
                "SELECT metric, grp, count, qualifier, json_extract(row, '$.note') FROM figures "
                "WHERE seq = ? ORDER BY pos",
                (seq,),
            )
            shape = tuple((m, g, c, q, bool(note)) for m, g, c, q, note in figures)
            rel = files.get(seq >> PLACE_BITS, "claims/")
            out.append(Linked(statement, claim_id, source, kind, rel, shape))
    return out
