"""Build the index as a stream: read, check and write one claims file at a time.

Why: loading the whole corpus before writing anything made memory grow with the corpus (a
million claims did not fit in 4 GB). Here what stays in memory from file to file is the head
(manifest, sources, entities, no article texts) and, for the checks that span files, compact keys
only: each claim's id (with its file), a 16-byte digest of its (folded quote, kind), and the
few fields the statement checks need of a linked claim (`corpus.checks.Linked`).

It validates exactly as `load_corpus` does, with the same functions: the schema of every file
first (problems there are the only ones reported, as `load_corpus` reports them), then the
grounding checks. Once a problem is found nothing more is written (the index is then thrown
away), but every file is still read so that all problems are reported in one pass.

(A two-process build was measured at 100,000 claims: 0.91x the time of one process for 1.45x the
CPU and 2.3x the memory; it was removed. See docs/performance.md.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kzcrisis.corpus.checks import (
    Linked,
    check_claims,
    check_entities,
    linked_claims,
    pieces_problems,
    statement_problems,
)
from kzcrisis.corpus.files import list_corpus
from kzcrisis.corpus.load import claims_file_names, load_claims_file, load_head, load_text
from kzcrisis.corpus.models import ClaimModel, Corpus
from kzcrisis.errors import CorpusError, Problem
from kzcrisis.index.build import ClaimRows, finish, insert_claims, write_head_rows
from kzcrisis.index.figures import insert_figures
from kzcrisis.index.schema import SCHEMA


def build_index(conn: sqlite3.Connection, root: str, key: str, fmt: str) -> None:
    """Validate the corpus at `root` and fill `conn` with its index; raise CorpusError if invalid."""
    folder = Path(root)
    schema: list[Problem] = []  # what load_corpus reports before any grounding check
    head = load_head(folder, schema, texts=False)
    listing = list_corpus(root)  # the one enumeration of the corpus, as load_corpus lists it
    schema += listing.problems
    rels = claims_file_names(folder, schema, listing)
    checks = check_entities(head) if head is not None else []
    conn.executescript(SCHEMA)
    rows = ClaimRows(head) if head is not None else None
    id_files: dict[str, int] = {}  # claim id -> index of its file in `rels`
    quotes: dict[bytes, str] = {}  # quote_key -> the first claim id with it
    linked: list[Linked] = []  # claims with a statement: the statement checks span files
    texts_read: set[str] = set()
    seq = 0
    for number, rel in enumerate(rels):
        claims = load_claims_file(folder, rel, schema)
        unique = []
        for claim in claims:  # ids repeated from an earlier file: a schema problem, as in load_corpus
            if claim.id in id_files:
                also = rels[id_files[claim.id]]
                schema.append(Problem(rel, f"duplicate id (also in {also})", claim=claim.id, field="id"))
            else:
                id_files[claim.id] = number
                unique.append(claim)
        if head is None or rows is None:
            continue
        raws: dict[str, str] = {}
        new = {slug for slug in {c.source for c in unique} if slug not in texts_read}
        part = _part(head, unique, rel, _texts(head, unique, schema, texts_read, raws), raws)
        checks += pieces_problems(head.sources, {s: t for s, t in part.texts.items() if s in new})
        checks += check_claims(part, quotes)
        linked += linked_claims(part)
        if not schema and not checks:
            rows.written.texts.update(part.texts)  # the head holds no text: each file brings its own
            insert_claims(conn, *rows.of(unique, seq))
            insert_figures(conn, unique, head, seq, rows.written)
            seq += len(unique)
    if head is not None:  # the articles no claim cites still have their sha256 checked
        for slug, src in head.sources.items():
            if slug not in texts_read:
                text = load_text(folder, slug, src, schema)
                checks += pieces_problems(head.sources, {slug: text} if text is not None else {})
    checks += statement_problems(linked)
    if head is None or schema or checks:
        raise CorpusError(schema or checks or [Problem("corpus.json", "missing")])
    write_head_rows(conn, head, key, fmt)
    finish(conn)


def _texts(
    head: Corpus, claims: list[ClaimModel], schema: list[Problem], read: set[str], raws: dict[str, str]
) -> dict[str, str]:
    """The folded texts of the articles `claims` cite (`raws` gets them as stored); each article's
    problems reported once."""
    texts = {}
    for slug in sorted({claim.source for claim in claims}):
        src = head.sources.get(slug)
        if src is None:
            continue
        text = load_text(head.root, slug, src, schema if slug not in read else [], raws)
        read.add(slug)
        if text is not None:
            texts[slug] = text
    return texts


def _part(
    head: Corpus, claims: list[ClaimModel], rel: str, texts: dict[str, str], raws: dict[str, str]
) -> Corpus:
    """The corpus as `check_claims` sees it: the head, with one file's claims and articles."""
    files = {claim.id: rel for claim in claims}
    return Corpus(head.root, head.manifest, head.sources, texts, head.entities, claims, files, raws)
