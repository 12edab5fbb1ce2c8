"""Which files make up a corpus, and how each one is opened: one enumeration for hashing and loading.

The rules (docs/reliability.md):
- every regular file under the corpus folder is part of the corpus listing, in sorted order,
  except names ignored by rule: hidden names (`.x`, which covers editor lock files `.#x.json`,
  macOS `._x.json` and `.DS_Store`, and hidden folders such as `.git`), backups and autosaves
  (`x~`, `#x#`), and `Thumbs.db` / `desktop.ini`;
- the claims files are the files directly in `claims/` whose name ends in `.json`; a name that
  ends in `.JSON` or any other case of it is a problem to rename, never silently skipped;
- a symbolic link, FIFO, socket or device inside the corpus is a problem, not followed or read:
  nothing can hang a read;
- the content hash covers only the files kzcrisis reads (`loaded_files`), each up to
  `MAX_FILE_BYTES`: a large file nothing reads is never hashed;
- every file is opened without following a link and without blocking, and read only if it is
  a regular file, up to a size limit.
"""

from __future__ import annotations

import os
import stat
from typing import Any, BinaryIO, NamedTuple

from kzcrisis.errors import Problem

CLAIMS_DIR = "claims"
# A corpus file larger than this is refused: claims are split one file per source, so a real
# file is small, and a 50 MB file is a mistake or an attack. Nothing reads or hashes further.
MAX_FILE_BYTES = 16 * 1024 * 1024
_IGNORED_NAMES = frozenset({"Thumbs.db", "desktop.ini"})
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)


def is_ignored(name: str) -> bool:
    """Hidden names, editor and OS artefacts: never part of a corpus."""
    return (
        name.startswith(".")
        or name.endswith("~")
        or (len(name) > 1 and name.startswith("#") and name.endswith("#"))
        or name in _IGNORED_NAMES
    )


class Listing(NamedTuple):
    """The corpus's files (relative, `/`-separated, sorted) and what is wrong with the tree."""

    files: list[str]
    problems: list[Problem]
    folders: list[str]


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def list_corpus(root: str) -> Listing:
    """Every file of the corpus folder by the rules above (raises OSError if `root` cannot be listed)."""
    files: list[str] = []
    folders: list[str] = []
    problems: list[Problem] = []
    stack = [""]
    while stack:
        folder = stack.pop()
        with os.scandir(os.path.join(root, folder) if folder else root) as entries:
            found = sorted((e for e in entries if not is_ignored(e.name)), key=lambda e: e.name, reverse=True)
        for entry in found:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_symlink():
                problems.append(
                    Problem(rel, "is a symbolic link; a corpus holds only regular files and folders")
                )
            elif entry.is_dir(follow_symlinks=False):
                stack.append(rel)
                folders.append(rel)
            elif entry.is_file(follow_symlinks=False):
                files.append(rel)
            else:
                kind = _kind(entry.stat(follow_symlinks=False).st_mode)
                problems.append(Problem(rel, f"is {kind}; a corpus holds only regular files and folders"))
    files.sort()
    return Listing(files, problems, sorted(folders))


def claims_files(listing: Listing) -> tuple[list[str], list[Problem]]:
    """The claims files of a listing, and a problem for each `.JSON`-like name (any other case)."""
    rels, problems = [], []
    for rel in listing.files:
        folder, _, name = rel.rpartition("/")
        if folder != CLAIMS_DIR:
            continue
        if name.endswith(".json"):
            rels.append(rel)
        elif name.lower().endswith(".json"):
            problems.append(
                Problem(rel, "claims files end in lower-case '.json': rename it, or it is not read")
            )
    for rel in listing.folders:
        folder, _, name = rel.rpartition("/")
        if folder == CLAIMS_DIR and name.lower().endswith(".json"):
            problems.append(Problem(rel, "is a folder, not a claims file"))
    return rels, problems


HEAD_FILES = ("corpus.json", "sources.json", "entities.json", "coverage.json")


def loaded_files(root: str, listing: Listing) -> list[str]:
    """The files of a listing that kzcrisis reads: the head files, the claims files, and the
    articles sources.json names (read leniently here: the loader reports what is wrong with it).

    What the content hash covers: a file nothing reads (a 1 TB disk image left in the folder)
    is never hashed, so it cannot slow a query down.
    """
    present = set(listing.files)
    wanted = {rel for rel in HEAD_FILES if rel in present}
    wanted.update(claims_files(listing)[0])
    for record in source_records(root) or []:
        rel = record.get("file") if isinstance(record, dict) else None
        if isinstance(rel, str) and "\0" not in rel:
            normal = os.path.normpath(rel).replace(os.sep, "/")
            if normal in present:
                wanted.add(normal)
    return sorted(wanted)


def source_records(root: str) -> list[Any] | None:
    """The records of sources.json, read leniently, for what needs them before the loader runs (the
    files to hash, `validate --source`): by the bounded reader, and None for a file that cannot be
    read or parsed at all (a FIFO, too large, nested too deep, not a list), which the loader names."""
    import json

    try:
        records = json.loads(read_regular(os.path.join(root, "sources.json"), MAX_FILE_BYTES))
    except (OSError, ValueError, FileTooLarge, RecursionError):
        return None
    return records if isinstance(records, list) else None


class FileTooLarge(Exception):
    """A file over the size limit (not read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"file is larger than {limit // 2**20} MiB")


def open_regular(path: str) -> BinaryIO:
    """Open `path` for reading if it is a regular file, not following a final link, never blocking
    on a FIFO. Raises OSError (`strerror` says why) otherwise."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(0, f"{_kind(mode)}, not a regular file", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (FileTooLarge beyond, even if it grows)."""
    with open_regular(path) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise FileTooLarge(limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data
