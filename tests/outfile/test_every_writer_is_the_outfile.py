"""Every file kzcrisis writes goes through the one writer (`kzcrisis.outfile`): the exports (tested in
tests/export), the curator's writes (`draft --output`, `add-source`, `changes --record`) and the
cache. Two checks: nothing in the package writes a file by path by itself, and each curator write,
attacked as an export was (its temporary file swapped for a link between write and rename), leaves
the victim as it was."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from kzcrisis.cli.app import _run
from tests.conftest import ROOT, edit_json, source_lines

# A call that creates, replaces or changes a file or a folder by path.
_WRITES = re.compile(
    r"\.write_text\(|\.write_bytes\(|\bos\.(?:replace|rename|remove|unlink|chmod|symlink|link)\(|"
    r"\.rename\(|\.chmod\(|\.unlink\(|\.touch\(|\bshutil\.|mkstemp\(|mkdtemp\(|"
    r"NamedTemporaryFile\(|\bsqlite3\.connect\(|\.mkdir\(|\bos\.makedirs\("
)

# What may stay, each with why.
ALLOWED = {
    # the writer's own files and folders: outputs.path() is inside its private 0700 folder
    ("kzcrisis/export/sqlite.py", 'conn = sqlite3.connect(":memory:")'),
    ("kzcrisis/export/sqlite.py", "conn = sqlite3.connect(path)"),
    ("kzcrisis/index/store.py", 'conn = sqlite3.connect(":memory:")'),
    ("kzcrisis/index/store.py", "conn = sqlite3.connect(tmp)"),
    ("kzcrisis/index/store.py", "outputs.rename(tmp, name)"),  # the writer's own rename
    ("kzcrisis/index/store.py", "os.remove(tmp)"),  # the writer's own temporary file, to build anew
    # read-only connections to an index (`mode=ro` in the URI the two callers give)
    ("kzcrisis/index/cachefiles.py", "conn = sqlite3.connect(uri, uri=True)"),
    # the cache's vouched-for index, updated in place and renamed: a regular file of this user's in
    # the cache folder, which no other user can write (index.trust), under the build lock
    ("kzcrisis/index/store.py", "conn = sqlite3.connect(uri, uri=True, timeout=0)"),
    ("kzcrisis/index/store.py", "os.rename(path, final)"),
    # the wheel's index named by its hash, in the build hook's own temporary folder (hatch_build.py)
    ("kzcrisis/index/package.py", "os.rename(found[1], named)"),
    ("kzcrisis/export/html.py", "folder.mkdir(sub)"),  # OutputFolder.mkdir, inside the writer's folder
    # the cache folder, made 0700 before it is checked (index.trust.usable_cache_dir)
    ("kzcrisis/index/trust.py", "os.makedirs(folder, mode=0o700, exist_ok=True)"),
    ("kzcrisis/index/lock.py", "os.makedirs(folder, mode=0o700, exist_ok=True)"),
    ("kzcrisis/index/store.py", "os.makedirs(folder, exist_ok=True)"),
    # the corpus's own folders (claims/, articles/, releases/): the file system decides who writes there
    ("kzcrisis/curate/archive.py", "folder.mkdir(exist_ok=True)"),
    ("kzcrisis/curate/archive.py", "claims.parent.mkdir(exist_ok=True)"),
    ("kzcrisis/cli/commands/changes.py", "target.parent.mkdir(exist_ok=True)"),
    # add-source undoing what it wrote when a later file fails
    ("kzcrisis/curate/archive.py", "article.unlink(missing_ok=True)"),
    ("kzcrisis/curate/archive.py", "claims.unlink(missing_ok=True)"),
}


def writes_by_path(root: Path) -> list[tuple[str, str]]:
    """(file, line) of every write by path under `root`/kzcrisis, outside the writer and ALLOWED."""
    return source_lines(root, _WRITES, ALLOWED)


def test_nothing_writes_a_file_by_path_but_the_writer() -> None:
    assert writes_by_path(ROOT) == []


def test_the_writer_check_finds_a_write_by_path(tmp_path: Path) -> None:
    module = tmp_path / "kzcrisis" / "cli" / "commands" / "curate.py"
    module.parent.mkdir(parents=True)
    module.write_text('    Path(write_to).write_text(text, encoding="utf-8")\n')
    assert writes_by_path(tmp_path) == [
        ("kzcrisis/cli/commands/curate.py", 'Path(write_to).write_text(text, encoding="utf-8")')
    ]


def _draft(corpus: Path, tmp_path: Path) -> tuple[list[str], Path]:
    out = tmp_path / "shared" / "draft.json"
    return ["draft", "--source", "dantri", "--output", str(out), "--corpus", str(corpus)], out.parent


def _record(corpus: Path, _tmp_path: Path) -> tuple[list[str], Path]:
    edit_json(corpus / "corpus.json", lambda m: m.update(version="9.0.0"))
    (corpus / "releases").mkdir(exist_ok=True)
    return ["changes", "--record", "--corpus", str(corpus)], corpus / "releases"


def _add_source(corpus: Path, tmp_path: Path) -> tuple[list[str], Path]:
    article = tmp_path / "article.txt"
    article.write_text("Một bài báo thử nghiệm về Kazakhstan, ngày 6/1/2022.\n", encoding="utf-8")
    args = ["add-source", str(article), "--slug", "swap-test", "--title", "Thử nghiệm", "--language", "vi"]
    args += ["--outlet-note", "A test names no outlet.", "--date-note", "A test has no date."]
    return [*args, "--corpus", str(corpus)], corpus / "sources"


@pytest.mark.parametrize(
    "command", [_draft, _record, _add_source], ids=["draft", "changes-record", "add-source"]
)
def test_a_curator_writes_temporary_file_swapped_for_a_link_leaves_the_victim_unchanged(
    corpus_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: Callable[[Path, Path], tuple[list[str], Path]],
) -> None:
    victim = tmp_path / "secret"
    victim.write_bytes(b"root only")
    victim.chmod(0o600)
    args, folder = command(corpus_copy, tmp_path)
    folder.mkdir(exist_ok=True)
    sources_before = (corpus_copy / "sources.json").read_bytes()
    real_fsync = os.fsync
    swapped: list[str] = []

    def attacker_then_fsync(fd: int) -> None:  # between the write and the rename
        for entry in folder.iterdir():
            if entry.name.endswith(".tmp") and not swapped:
                entry.rename(folder / "moved-away")
                entry.symlink_to(victim)
                swapped.append(entry.name)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", attacker_then_fsync)
    code = _run(args)
    err = capsys.readouterr().err
    assert swapped, "the hook never saw the temporary file"
    assert code == 1, err
    assert "changed by someone else while it was written" in err
    assert "Traceback" not in err
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert victim.read_bytes() == b"root only"
    assert (corpus_copy / "sources.json").read_bytes() == sources_before
