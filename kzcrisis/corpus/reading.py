"""The one order of reading a corpus: the head, the claims files one by one, the checks.

`load_corpus` collects a `Reading` into one `Corpus`; the index build (`kzcrisis.index.stream`)
consumes it one claims file at a time, so that its memory does not grow with the corpus: what it
keeps from file to file is the head (without the articles' texts) and, for the checks that span
files, compact keys only (each claim's id and file, a 16-byte `quote_key`, the `Linked` fields).

Every problem is collected (file, claim id, field); the schema's problems (`Reading.schema`) and
the grounding checks' (`Reading.checks`) are kept apart, because the two callers report them
differently when the schema fails (see `load_corpus` and `index.stream.build_index`).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
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
from kzcrisis.paths import corpus_dir_str


def load_corpus(path: str | os.PathLike[str] | None = None, *, check: bool = True) -> Corpus:
    """Load, validate and check the corpus at `path` (default: `KZCRISIS_CORPUS`, then the shipped one).

    Raises `CorpusError` listing every problem when anything is wrong: a record that fails the
    schema is reported and left out, and the checks still run on everything else, so that one run
    shows every problem of every file. `check=False` stops after the schema.
    """
    reading = Reading(Path(corpus_dir_str(path)), texts=True, check=check)
    claims: list[ClaimModel] = []
    files: dict[str, str] = {}
    for rel, part, _texts in reading.files():
        claims += part
        files.update(dict.fromkeys((claim.id for claim in part), rel))
    reading.finish()
    head = reading.head
    if head is None:
        raise CorpusError(reading.schema or [Problem("corpus.json", "missing")])
    if reading.schema or reading.checks:
        raise CorpusError(reading.schema + reading.checks)
    return Corpus(
        head.root, head.manifest, head.sources, head.texts, head.entities, claims, files, head.articles
    )


FileRead = tuple[str, list[ClaimModel], dict[str, str]]  # a claims file, its claims, their articles


class Reading:
    """One pass over the corpus folder at `root`, in the order every caller reads it.

    `texts=False` leaves the articles out of the head and reads each with the claims file that
    cites it (each article's problems reported once; those no claim cites are read by `finish`).
    `check=False` runs the schema only.
    """

    def __init__(self, root: Path, *, texts: bool, check: bool = True) -> None:
        self.schema: list[Problem] = []  # the schema's problems, the files' and the articles'
        self.checks: list[Problem] = []  # the grounding checks' problems
        # The records left out for failing the schema (see `checks.ALL`): their claims do not fail
        # as well for pointing at them.
        self._unusable: set[str] = set()
        self.head = load_head(root, self.schema, self._unusable, texts=texts)
        listing = list_corpus(str(root))  # the one enumeration of the corpus; load_head saw the folder
        self.schema += listing.problems
        self.rels = claims_file_names(root, self.schema, listing)
        self._root, self._texts, self._check = root, texts, check
        self._quotes: dict[bytes, str] = {}  # quote_key -> the first claim id with it
        self._linked: list[Linked] = []  # claims with a statement: the statement checks span files
        self._read: set[str] = set()  # the articles read so far (texts=False)
        # The `quote_key` of each claim of the file last yielded, in order, when checked (else
        # empty): the index records them, and need not compute them again.
        self.quote_keys: list[bytes] = []
        if check and self.head is not None:
            self.checks += check_entities(self.head, frozenset(self._unusable))
            self.checks += pieces_problems(self.head.sources, self.head.texts)  # empty if texts=False

    def files(self, only: Collection[str] | None = None) -> Iterator[FileRead]:
        """Each claims file, its claims that pass the schema (ids unique across files), checked, and
        the folded texts of the articles they cite (all of them with `texts=True`).

        `only`: just these files (an incremental build, `kzcrisis.index.incremental`, which checks
        what spans files against the index, and does not call `finish`).
        """
        seen: dict[str, str] = {}  # claim id -> its file
        for rel in self.rels if only is None else [rel for rel in self.rels if rel in only]:
            claims = load_claims_file(self._root, rel, self.schema, seen)
            texts: dict[str, str] = {}
            self.quote_keys = []
            if self.head is not None:
                part = self._part(self.head, claims, rel)
                texts = part.texts
                if self._check:
                    unusable = frozenset(self._unusable)
                    self.checks += check_claims(part, self._quotes, unusable, self.quote_keys)
                    self._linked += linked_claims(part)
            yield rel, claims, texts

    def finish(self) -> None:
        """The checks that span files; the articles no claim cites have their sha256 checked."""
        if self.head is not None and not self._texts:
            for slug, src in self.head.sources.items():
                if slug not in self._read:
                    text = load_text(self._root, slug, src, self.schema)
                    if self._check and text is not None:
                        self.checks += pieces_problems(self.head.sources, {slug: text})
        if self._check and self.head is not None:
            self.checks += statement_problems(self._linked)

    def _part(self, head: Corpus, claims: list[ClaimModel], rel: str) -> Corpus:
        """The corpus as `check_claims` sees it: the head, with one file's claims and articles."""
        raws: dict[str, str] = {}
        texts = head.texts if self._texts else self._texts_of(head, claims, raws)
        files = {claim.id: rel for claim in claims}
        articles = head.articles if self._texts else raws
        return Corpus(head.root, head.manifest, head.sources, texts, head.entities, claims, files, articles)

    def _texts_of(self, head: Corpus, claims: list[ClaimModel], raws: dict[str, str]) -> dict[str, str]:
        """The folded texts of the articles `claims` cite (`raws` gets them as stored); each
        article's problems reported once."""
        texts = {}
        for slug in sorted({claim.source for claim in claims}):
            src = head.sources.get(slug)
            if src is None:
                continue
            new = slug not in self._read
            text = load_text(head.root, slug, src, self.schema if new else [], raws)
            self._read.add(slug)
            if text is not None:
                texts[slug] = text
                if new and self._check:
                    self.checks += pieces_problems(head.sources, {slug: text})
        return texts
