"""The corpus's content hashes, file by file: what names a cache, and what a rebuild compares.

Apart from `index.perfile` so that hashing imports nothing of the models (start-up).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from typing import NamedTuple

from kzcrisis.corpus.files import CLAIMS_DIR, MAX_FILE_BYTES, open_regular
from kzcrisis.index.schema import blake2b
from kzcrisis.index.trust import stat_line

# A file's recorded metadata and content hash: (`trust.stat_line`, BLAKE2b-128 hex digest).
Seen = dict[str, tuple[str, str]]

_CHUNK = 1 << 20
_KEY_SALT = b"kzcrisis-corpus-1"  # what a key is made of changes only with it


class Hashes(NamedTuple):
    """The corpus's content hashes: the corpus key, the head key, and each claims file's."""

    key: str
    head: str
    files: dict[str, str]


def corpus_hashes(
    root: str, known: Mapping[str, tuple[str, str]] | None = None, seen: Seen | None = None
) -> Hashes:
    """BLAKE2b over the names and bytes of every file the loader reads (`loaded_files`), each file
    hashed once, up to the loader's size bound.

    `known`: hashes recorded earlier, by file, with the metadata the file had then; one is reused,
    the file not read, while the file's metadata are the same (the caller leaves out what was racily
    clean, see `index.trust`). The key is the same either way. `seen`, if given, gets every file's
    metadata and hash.

    Raises OSError for a tree the loader refuses or a file over the size bound (never read beyond
    it): the loader then names it.
    """
    from kzcrisis.corpus.files import list_corpus, loaded_files

    listing = list_corpus(root)
    if listing.problems:
        raise OSError(0, str(listing.problems[0]))
    # Of the content only, not of kzcrisis's index format: the key is the corpus's content hash that
    # `--version` and every API and MCP answer carry, so that a script pins what it queried; a new
    # index format changes none of it (an index says its own format, checked before it is read).
    corpus = blake2b(_KEY_SALT, digest_size=32)
    head = blake2b(_KEY_SALT, digest_size=32)
    files: dict[str, str] = {}
    for rel in loaded_files(root, listing):
        found = _unchanged(root, rel, known.get(rel)) if known else None
        line_digest = found or file_digest(root, rel)
        if seen is not None:
            seen[rel] = line_digest
        digest = line_digest[1]
        line = b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0" + digest.encode()
        corpus.update(line)
        if rel.startswith(CLAIMS_DIR + "/") and rel.count("/") == 1:
            files[rel] = digest
        else:
            head.update(line)
    return Hashes(corpus.hexdigest(), head.hexdigest(), files)


def _unchanged(root: str, rel: str, recorded: tuple[str, str] | None) -> tuple[str, str] | None:
    """The recorded (metadata, hash) of a file, if it is still a regular file with those metadata."""
    if recorded is None:
        return None
    try:
        st = os.lstat(os.path.join(root, rel))
    except OSError:
        return None
    return recorded if stat.S_ISREG(st.st_mode) and stat_line(st) == recorded[0] else None


def file_digest(root: str, rel: str) -> tuple[str, str]:
    """A file's metadata (taken before its bytes are read) and the hash of its bytes."""
    digest = blake2b(digest_size=16)
    with open_regular(os.path.join(root, rel)) as handle:
        st = os.fstat(handle.fileno())
        if st.st_size > MAX_FILE_BYTES:
            raise OSError(0, f"{rel} is over the size bound")
        read = 0
        while read <= MAX_FILE_BYTES and (chunk := handle.read(_CHUNK)):
            read += len(chunk)
            digest.update(chunk)
        if read > MAX_FILE_BYTES:
            raise OSError(0, f"{rel} grew over the size bound")
    return stat_line(st), digest.hexdigest()
