"""Every file kzcrisis reads from a corpus or a cache goes through the one bounded reader
(`kzcrisis.corpus.files.open_regular` / `read_regular`: a regular file, no final link followed,
never blocking on a FIFO, size-bounded by its callers). A direct `open()` or `Path.read_text()`
anywhere else is how `validate` came to hang on a FIFO `sources.json`: this finds the next one."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, source_lines

# A call that opens or reads a file by path, outside the reader and the writer.
_READS = re.compile(r"\.read_text\(|\.read_bytes\(|(?<![\w.])open\(|\bos\.open\(|\bio\.open\(|\bos\.fdopen\(")

# The few that are not a corpus or cache file, each with why it may stay.
ALLOWED = {
    ("kzcrisis/corpus/files.py", "fd = os.open(path, _OPEN_FLAGS)"),  # the bounded reader itself
    ("kzcrisis/corpus/files.py", 'return os.fdopen(fd, "rb")'),
    # the package's own templates (importlib.resources), not a corpus file
    ("kzcrisis/export/html.py", 'resources.files("kzcrisis.export").joinpath("templates", name).read_text('),
    ("kzcrisis/cli/app.py", "devnull = os.open(os.devnull, os.O_WRONLY)"),  # a closed stdout/stderr
    ("kzcrisis/cli/app.py", 'sys.stderr = open(os.devnull, "w", encoding="utf-8")'),
    ("kzcrisis/index/lock.py", "fd = os.open(lock_path(folder, prefix), flags, 0o600)"),  # O_NOFOLLOW
    ("kzcrisis/index/lock.py", "fd = os.open(folder, os.O_RDONLY"),  # a folder, listed only
    ("kzcrisis/index/cachefiles.py", "fd = os.open(folder, os.O_RDONLY"),
    # the writer's own temporary file in the cache folder, made and written by copy_index (O_EXCL, O_NOFOLLOW)
    ("kzcrisis/index/cachefiles.py", 'os.fdopen(os.open(target, flags, 0o600), "wb") as out'),
}


def unbounded_reads(root: Path) -> list[tuple[str, str]]:
    """(file, line) of every direct open or read under `root`/kzcrisis, except the writer's own
    package (`kzcrisis/outfile`: it opens what it creates, and /proc/self/status) and ALLOWED."""
    return source_lines(root, _READS, ALLOWED)


def test_every_file_read_goes_through_the_bounded_reader() -> None:
    assert unbounded_reads(ROOT) == []


def test_the_reader_check_finds_a_direct_read(tmp_path: Path) -> None:
    module = tmp_path / "kzcrisis" / "curate" / "scope.py"
    module.parent.mkdir(parents=True)
    module.write_text('data = json.loads((Path(root) / "sources.json").read_text(encoding="utf-8"))\n')
    assert unbounded_reads(tmp_path) == [
        (
            "kzcrisis/curate/scope.py",
            'data = json.loads((Path(root) / "sources.json").read_text(encoding="utf-8"))',
        )
    ]
