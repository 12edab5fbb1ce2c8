"""What the index keeps of each claims file, so that a rebuild re-reads only the files that changed.

- The content is hashed file by file (`index.hashes`): the corpus key is the hash of the files'
  names and hashes; the head key the same over every file but the claims files (the manifest,
  sources.json, entities.json, coverage.json and the archived articles).
- Each claims file gets a block of keys: a claim's `seq` is its file's block and its place in the
  file, so that it does not move when another file changes (`file_blocks`). Its place among the
  claims of its source, which listings are ordered by after the source, is `ord`, a column apart:
  an edit moves the claims of the files of one source at most.
- The `files` table records each file's hash, block, source, first `ord` and number of claims; the
  `quote_keys` table each claim's `quote_key`, what must be unique across files.

A full build and an incremental one write the same rows by the same functions (`add_file`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from kzcrisis.corpus.checks import claim_quote_key
from kzcrisis.index.build import ClaimRows, insert_claims, insert_terms
from kzcrisis.index.figures import insert_figures
from kzcrisis.index.hashes import Hashes
from kzcrisis.index.schema import PLACE_BITS, blake2b

__all__ = [
    "BLOCK_BITS",
    "PLACE_BITS",
    "Hashes",
    "KeyedRows",
    "add_file",
    "file_blocks",
    "first_ord",
    "seq_range",
]

# A file's claims are numbered within a block of 2**PLACE_BITS keys: a claims file is at most
# 16 MiB, and a claim's JSON is far more than 16 bytes. Blocks are 40 bits: seq stays below 2**60.
BLOCK_BITS = 40


def file_blocks(rels: Iterable[str]) -> dict[str, int]:
    """Each claims file's block: a hash of its name, or, if an earlier file (in `rels`' order) has
    it, the next free one. A function of the names alone, so that both builds agree."""
    taken: set[int] = set()
    blocks = {}
    for rel in rels:
        block = int.from_bytes(blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=5).digest(), "big")
        while block in taken:
            block = (block + 1) % (1 << BLOCK_BITS)
        taken.add(block)
        blocks[rel] = block
    return blocks


def seq_range(block: int) -> tuple[int, int]:
    """The first and last seq of a block."""
    first = block << PLACE_BITS
    return first, first + (1 << PLACE_BITS) - 1


class KeyedRows:
    """The rows of the tables keyed by something else than the claims' seq (`terms` by term,
    `quote_keys` by key), held back over a few dozen files and inserted in key order.

    Why: a file's rows of these tables fall all over their B-trees, mostly in pages the page cache
    no longer holds; in key order, a batch visits each page once. At 100,000 claims SQLite's time
    for the two tables goes from ~1.5 s to ~0.8 s of CPU (sorting adds ~0.15 s), for ~2 MB held.
    The tables hold the same rows either way.
    """

    HELD = 20_000  # rows held at most: the memory stays flat

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._terms: list[tuple[str, int]] = []
        self._keys: list[tuple[bytes, int]] = []

    def add(self, terms: Iterable[tuple[str, int]], keys: Iterable[tuple[bytes, int]]) -> None:
        self._terms += terms
        self._keys += keys
        if len(self._terms) + len(self._keys) > self.HELD:
            self.flush()

    def flush(self) -> None:
        """Insert every row held."""
        self._terms.sort()
        self._keys.sort()
        insert_terms(self._conn, self._terms)
        self._conn.executemany("INSERT INTO quote_keys VALUES (?, ?)", self._keys)
        self._terms, self._keys = [], []


def add_file(
    conn: sqlite3.Connection,
    rows: ClaimRows,
    file: tuple[str, str, int, int],
    claims: Sequence[Any],
    texts: dict[str, str],
    keys: Sequence[bytes] = (),
    keyed: KeyedRows | None = None,
) -> None:
    """The rows of one claims file (`file`: its name, hash, block and first `ord`, see `first_ord`).

    `keys`: the claims' `quote_key`s if the checks made them (`Reading.quote_keys`), else they are
    computed. `keyed`: where the rows of `terms` and `quote_keys` wait (the caller then flushes it
    once every file is added); without it they are inserted at once.
    """
    rel, digest, block, first = file
    rows.written.texts.update(texts)  # the head holds no text: each file brings its own
    seq = seq_range(block)[0]
    claim_rows, terms = rows.of(claims, seq, first)
    insert_claims(conn, claim_rows)
    insert_figures(conn, claims, rows.corpus, seq, rows.written)
    if len(keys) != len(claims):
        keys = [claim_quote_key(claim) for claim in claims]
    pending = keyed or KeyedRows(conn)
    pending.add(terms, zip(keys, range(seq, seq + len(claims)), strict=True))
    if keyed is None:
        pending.flush()
    source = claims[0].source if claims else None  # one source a file, in a valid corpus
    conn.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)", (rel, digest, block, source, first, len(claims))
    )


def first_ord(counts: dict[str, int], source: str | None, count: int) -> int:
    """A file's first `ord`: the number of claims of its source in the files before it (`counts`,
    updated), 0 for a file without claims."""
    if source is None or not count:
        return 0
    first = counts.get(source, 0)
    counts[source] = first + count
    return first
