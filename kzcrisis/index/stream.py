"""Build the index as a stream: read, check and write one claims file at a time.

Why: loading the whole corpus before writing anything made memory grow with the corpus (a
million claims did not fit in 4 GB). The corpus is read as `load_corpus` reads it, by the same
`kzcrisis.corpus.reading.Reading`, without the articles' texts in the head; each file's claims are
written as they come. Once a problem is found nothing more is written (the index is then thrown
away), but every file is still read so that all problems are reported in one pass. When the schema
fails, only the schema's problems are reported: the articles of the records that failed it are not
read here, so the grounding checks would report more than `load_corpus` does.

(A two-process build was measured at 100,000 claims: 0.91x the time of one process for 1.45x the
CPU and 2.3x the memory; it was removed. See docs/performance.md.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kzcrisis.corpus.reading import Reading
from kzcrisis.errors import CorpusError, Problem
from kzcrisis.index.build import ClaimRows, finish, write_head_rows
from kzcrisis.index.perfile import Hashes, KeyedRows, add_file, file_blocks, first_ord
from kzcrisis.index.schema import SCHEMA


def build_index(
    conn: sqlite3.Connection, root: str, key: str, fmt: str, hashes: Hashes | None = None
) -> None:
    """Validate the corpus at `root` and fill `conn` with its index; raise CorpusError if invalid.

    `hashes`: the content hashes the files were read under (`perfile.corpus_hashes`), recorded so
    that a later build can reuse the rows of the files that did not change; without them, none is.
    """
    reading = Reading(Path(root), texts=False)
    head = reading.head
    conn.executescript(SCHEMA)
    rows = ClaimRows(head) if head is not None else None
    blocks = file_blocks(reading.rels)
    counts: dict[str, int] = {}
    keyed = KeyedRows(conn)
    for rel, claims, texts in reading.files():
        if rows is not None and not reading.schema and not reading.checks:
            digest = hashes.files.get(rel, "") if hashes else ""
            first = first_ord(counts, claims[0].source if claims else None, len(claims))
            file = (rel, digest, blocks[rel], first)
            add_file(conn, rows, file, claims, texts, reading.quote_keys, keyed)
    keyed.flush()
    reading.finish()
    if head is None or reading.schema or reading.checks:
        raise CorpusError(reading.schema or reading.checks or [Problem("corpus.json", "missing")])
    write_head_rows(conn, head, key, fmt)
    conn.execute("INSERT INTO meta VALUES ('head_key', ?)", (hashes.head if hashes else "",))
    finish(conn)
