"""The corpus's content hashes, file by file: what names a cache, and what a rebuild compares.

Apart from `index.perfile` so that hashing imports nothing of the models (start-up).
"""

from __future__ import annotations

import os
from typing import NamedTuple

from kzcrisis.corpus.files import CLAIMS_DIR, MAX_FILE_BYTES, open_regular
from kzcrisis.index.schema import FORMAT, blake2b

_CHUNK = 1 << 20


class Hashes(NamedTuple):
    """The corpus's content hashes: the corpus key, the head key, and each claims file's."""

    key: str
    head: str
    files: dict[str, str]


def corpus_hashes(root: str) -> Hashes:
    """BLAKE2b over the names and bytes of every file the loader reads (`loaded_files`), each file
    hashed once, up to the loader's size bound.

    Raises OSError for a tree the loader refuses or a file over the size bound (never read beyond
    it): the loader then names it.
    """
    from kzcrisis.corpus.files import list_corpus, loaded_files

    listing = list_corpus(root)
    if listing.problems:
        raise OSError(0, str(listing.problems[0]))
    corpus = blake2b(FORMAT.encode(), digest_size=32)
    head = blake2b(FORMAT.encode(), digest_size=32)
    files: dict[str, str] = {}
    for rel in loaded_files(root, listing):
        digest = file_digest(root, rel)
        line = b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0" + digest.encode()
        corpus.update(line)
        if rel.startswith(CLAIMS_DIR + "/") and rel.count("/") == 1:
            files[rel] = digest
        else:
            head.update(line)
    return Hashes(corpus.hexdigest(), head.hexdigest(), files)


def file_digest(root: str, rel: str) -> str:
    digest = blake2b(digest_size=16)
    with open_regular(os.path.join(root, rel)) as handle:
        if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
            raise OSError(0, f"{rel} is over the size bound")
        read = 0
        while read <= MAX_FILE_BYTES and (chunk := handle.read(_CHUNK)):
            read += len(chunk)
            digest.update(chunk)
        if read > MAX_FILE_BYTES:
            raise OSError(0, f"{rel} grew over the size bound")
    return digest.hexdigest()
