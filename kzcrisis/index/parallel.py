"""Build the index in one process, or, for a large corpus, share the work with two forked ones.

From PARALLEL_MIN_BYTES of claims files (about 20,000 claims) on, two forked processes each
load, validate and turn into rows one half of the claims files, while this one writes the rows
to SQLite and makes the checks that span both halves (ids, quote and kind). On 2 cores that
halves a first run. The fork happens before any claim is loaded, so nothing large is shared and
there is no copy-on-write cost. Below the threshold, or without fork, one process does it all
through the same functions (`load_corpus`, `ClaimRows`), so both ways validate alike.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from kzcrisis.corpus.checks import check_corpus
from kzcrisis.corpus.files import list_corpus
from kzcrisis.corpus.load import claims_file_names, load_corpus, load_head
from kzcrisis.corpus.text import fold_space
from kzcrisis.errors import CorpusError, Problem
from kzcrisis.index.build import ClaimRows, fill_index, finish, insert_claims, write_head

PARALLEL_MIN_BYTES = 16 * 2**20

Half = tuple[list[Problem], list[tuple[str, str]], list[tuple[bytes, str]], Any]


def build_index(conn: sqlite3.Connection, root: str, key: str, fmt: str) -> None:
    """Validate the corpus at `root` and fill `conn` with its index; raise CorpusError if invalid."""
    listing = list_corpus(root)
    rels = claims_file_names(Path(root), [], listing)
    sizes = [_size(os.path.join(root, rel)) for rel in rels]
    # A tree with problems (links, FIFOs) goes the one-process way, which reports them all.
    if not listing.problems and sum(sizes) >= PARALLEL_MIN_BYTES and len(rels) > 1 and _can_fork():
        _build_in_two(conn, root, key, fmt, rels, _split_by_size(sizes))
    else:
        fill_index(conn, load_corpus(root), key, fmt)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _build_half(job: tuple[str, list[str]]) -> Half:
    """In a forked process: load and check some claims files, and build their rows (numbered from 0).

    Also returns the (claim id, file) pairs and (kind, quote) digests, in order, for the checks
    across halves.
    """
    import gc
    from hashlib import blake2b

    gc.disable()  # see index._without_gc: building frees almost nothing
    root, rels = job
    try:
        corpus = load_corpus(root, check=False, claim_files=rels)
    except CorpusError as exc:
        return exc.problems, [], [], None
    ids = [(c.id, corpus.claim_files[c.id]) for c in corpus.claims]
    quotes = [
        (blake2b(f"{c.kind}\0{fold_space(c.quote)}".encode(), digest_size=16).digest(), c.id)
        for c in corpus.claims
    ]
    problems = check_corpus(corpus)  # as load_corpus would, but after the ids and quotes are taken
    if problems:
        return problems, ids, quotes, None
    return [], ids, quotes, ClaimRows(corpus).span(0, len(corpus.claims))


def _build_in_two(conn: sqlite3.Connection, root: str, key: str, fmt: str, rels: list[str], cut: int) -> None:
    import multiprocessing

    problems: list[Problem] = []
    id_files: dict[str, str] = {}
    quote_ids: dict[bytes, str] = {}
    offset = 0
    head_written = False
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.imap(_build_half, [(root, rels[:cut]), (root, rels[cut:])])
        head = load_head(Path(root), problems)
        for half_problems, ids, quotes, rows in results:
            problems += half_problems
            problems += _across_halves(ids, quotes, id_files, quote_ids)
            if problems or head is None or rows is None:
                continue
            if not head_written:  # not `offset == 0`: the first half may have no claims
                write_head(conn, head, key, fmt)
                head_written = True
            claims, terms = rows
            insert_claims(
                conn,
                [(seq + offset, *rest) for seq, *rest in claims],
                [(term, seq + offset) for term, seq in terms],
            )
            offset += len(claims)
    if problems or head is None:
        # Both halves, and this process, read the head (entities, sources): each problem once.
        raise CorpusError(sorted(set(problems)) or [Problem("corpus.json", "missing")])
    finish(conn)


def _split_by_size(sizes: list[int]) -> int:
    """Where to cut the (sorted) claims files so that both halves have about as many bytes."""
    total, running = sum(sizes), 0
    for cut, size in enumerate(sizes):
        if running + size / 2 >= total / 2:
            return max(1, cut)
        running += size
    return len(sizes) - 1


def _across_halves(
    ids: list[tuple[str, str]],
    quotes: list[tuple[bytes, str]],
    id_files: dict[str, str],
    quote_ids: dict[bytes, str],
) -> list[Problem]:
    """The checks one half cannot make alone: ids, and (kind, quote), already used by the other."""
    out = [
        Problem(rel, f"duplicate id (also in {id_files[claim_id]})", claim=claim_id, field="id")
        for claim_id, rel in ids
        if claim_id in id_files
    ]
    files = dict(ids)
    out += [
        Problem(
            files[claim_id],
            f"same quote and kind as claim {quote_ids[digest]}",
            claim=claim_id,
            field="quote",
        )
        for digest, claim_id in quotes
        if digest in quote_ids
    ]
    for claim_id, rel in ids:
        id_files.setdefault(claim_id, rel)
    for digest, claim_id in quotes:
        quote_ids.setdefault(digest, claim_id)
    return out
