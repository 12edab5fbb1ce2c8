"""What the index keeps of each claims file, so that a rebuild re-reads only the files that changed.

- The content is hashed file by file (`index.hashes`): the corpus key is the hash of the files'
  names and hashes; the head key the same over every file but the claims files (the manifest,
  sources.json, entities.json, coverage.json and the archived articles).
- Each claims file gets a block of keys: a claim's `seq` is its file's block and its place in the
  file, so that it does not move when another file changes (`file_blocks`). Its place in the
  corpus, which listings are ordered by, is `ord`, a column apart.
- The `files` table records each file's hash, block, first `ord` and number of claims; the
  `quote_keys` table each claim's `quote_key`, what must be unique across files.

A full build and an incremental one write the same rows by the same functions (`add_file`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from kzcrisis.corpus.checks import claim_quote_key
from kzcrisis.index.build import ClaimRows, insert_claims
from kzcrisis.index.figures import insert_figures
from kzcrisis.index.hashes import Hashes
from kzcrisis.index.schema import blake2b

__all__ = ["BLOCK_BITS", "PLACE_BITS", "Hashes", "add_file", "file_blocks", "seq_range"]

# A file's claims are numbered within a block of 2**20 keys: a claims file is at most 16 MiB, and
# a claim's JSON is far more than 16 bytes. Blocks are 40 bits: seq stays below 2**60.
PLACE_BITS = 20
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


def add_file(
    conn: sqlite3.Connection,
    rows: ClaimRows,
    file: tuple[str, str, int, int],
    claims: Sequence[Any],
    texts: dict[str, str],
) -> None:
    """The rows of one claims file (`file`: its name, hash, block and first `ord`)."""
    rel, digest, block, first = file
    rows.written.texts.update(texts)  # the head holds no text: each file brings its own
    seq = seq_range(block)[0]
    insert_claims(conn, *rows.of(claims, seq, first))
    insert_figures(conn, claims, rows.corpus, seq, rows.written)
    conn.executemany(
        "INSERT INTO quote_keys VALUES (?, ?)",
        ((claim_quote_key(claim), seq + pos) for pos, claim in enumerate(claims)),
    )
    conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?)", (rel, digest, block, first, len(claims)))
