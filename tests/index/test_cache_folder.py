"""The cache folder is resolved once and used as resolved; clean-up touches only what kzcrisis made."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kzcrisis.index import store
from kzcrisis.index.cachefiles import ABANDONED_SECONDS, remove_stale
from kzcrisis.index.store import open_index
from kzcrisis.index.trust import usable_cache_dir
from kzcrisis.query.select import get_claim
from tests.index.test_cache_trust import OTHER_UID, corpus, forge  # noqa: F401 - a fixture

HEX16 = "0123456789abcdef"


def count_of_a0(root: Path) -> int:
    import json

    with open_index(str(root)) as index:
        return int(json.loads(get_claim(index, "a-0").record)["figures"][0]["count"])


def test_the_cache_folder_is_used_as_resolved(corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    real = tmp_path / "mine"
    real.mkdir(mode=0o700)
    link = tmp_path / "cache-link"
    link.symlink_to(real)
    assert usable_cache_dir(str(link), str(corpus)) == str(real.resolve())


def test_a_cache_link_flipped_after_the_check_is_not_followed(
    corpus: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The race of a shared folder, made deterministic: the link flips right after the check."""
    mine, planted = tmp_path / "mine", tmp_path / "planted"
    mine.mkdir(mode=0o700)
    forge(planted, corpus)  # an index that says 58, vouched for by its trust record
    link = tmp_path / "cache-link"
    link.symlink_to(mine)
    checked = store.usable_cache_dir  # type: ignore[attr-defined]

    def check_then_flip(folder: str | None, root: str) -> str | None:
        found = checked(folder, root)
        link.unlink()
        link.symlink_to(planted)
        return found

    monkeypatch.setattr(store, "usable_cache_dir", check_then_flip)
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(link))
    assert count_of_a0(corpus) == 5800
    assert list(mine.glob("*.sqlite")), "the index is written where the check was made"


def _old(path: Path) -> Path:
    past = time.time() - 2 * ABANDONED_SECONDS
    os.utime(path, (past, past), follow_symlinks=False)
    return path


def test_clean_up_removes_only_the_temporary_files_kzcrisis_makes(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    # the writer's names in the cache: a cache file, and the private folder an index is built in;
    # and the names of earlier versions
    ours = [folder / f".tmp-{HEX16}.tmp", folder / f".tmp-{HEX16}", folder / f".tmp-{HEX16}-{HEX16}.sqlite"]
    private = folder / f".tmp-{HEX16}-{HEX16}.tmp"
    private.mkdir(mode=0o700)
    (private / f"{HEX16}-index.sqlite").write_text("x", encoding="utf-8")
    others = [
        folder / ".tmp-notes.txt",
        folder / ".tmp-draft",
        folder / f".tmp-{HEX16}.bak",
        folder / "0123456789abcdef-report.sqlite",
    ]
    for path in ours + others:
        path.write_text("x", encoding="utf-8")
        _old(path)
    kept_folder = folder / ".tmp-photos.tmp"  # a folder of someone else's, under a name not ours
    kept_folder.mkdir()
    _old(private)
    _old(kept_folder)
    remove_stale(str(folder), f"{HEX16}-", keep="")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(p.name for p in others), kept_folder.name])


def test_clean_up_leaves_a_link_with_a_kzcrisis_name(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep", encoding="utf-8")
    link = folder / f".tmp-{HEX16}"
    link.symlink_to(target)
    _old(link)
    remove_stale(str(folder), f"{HEX16}-", keep="")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(getattr(os, "geteuid", lambda: -1)() != 0, reason="chown to another user needs root")
def test_clean_up_leaves_another_users_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    theirs = folder / f".tmp-{HEX16}"
    theirs.write_text("x", encoding="utf-8")
    os.chown(theirs, OTHER_UID, OTHER_UID)
    _old(theirs)
    remove_stale(str(folder), f"{HEX16}-", keep="")
    assert theirs.exists()
