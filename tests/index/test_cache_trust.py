"""A cache no other user can forge (issue 15, cause 2), and cache paths that mean what they say.

The attack: a user who can write the cache folder plants an index that says 58 where the corpus
says 5,800, with the trust record that vouches for it (everything in it can be computed from the
world-readable corpus). Running as root, the tests play the other user with file ownership and
modes (os.chown to another uid, chmod g+w / o+w), so they run everywhere, privileges or not.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from kzcrisis.index.store import corpus_key, corpus_signature
from kzcrisis.index.trust import TIMESTAMP_GRANULARITY_NS, _unsafe_folder, stat_line, usable_cache_dir
from tests.cli.test_environment import KZ, clean_env
from tests.query.test_compare import write_corpus

pytestmark = pytest.mark.slow  # processes, forged caches, FIFOs

OTHER_UID = 54321


def kz(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KZ, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def make_old(root: Path) -> None:
    """Files last modified well before now: not racily clean."""
    past = time.time_ns() - 10 * TIMESTAMP_GRANULARITY_NS
    for path in root.rglob("*"):
        os.utime(path, ns=(past, past))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_corpus(root, [("5.800", 5800, "exact", "2022-01-07"), ("26", 26, "exact", None)])
    make_old(root)
    return root


def count_of_a0(env: dict[str, str], corpus: Path) -> int:
    done = kz("claims", "--corpus", str(corpus), "--json", env=env)
    assert done.returncode == 0, done.stderr
    [a0] = [r for r in json.loads(done.stdout) if r["id"] == "a-0"]
    return int(a0["figures"][0]["count"])


def forge(cache: Path, corpus: Path) -> None:
    """What the other user can do: an index that says 58, named and vouched for like a real one."""
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.iterdir():
        old.unlink()
    key = corpus_key(str(corpus))
    prefix = next(iter(_prefixes(corpus)))
    planted = cache / "planted.sqlite"
    # A genuine index of the corpus, built where the attacker likes, then changed.
    done = kz("claims", "--corpus", str(corpus), env=clean_env(cache.parent / "attacker"))
    assert done.returncode == 0, done.stderr
    [genuine] = (cache.parent / "attacker").glob("*.sqlite")
    planted.write_bytes(genuine.read_bytes())
    conn = sqlite3.connect(planted)
    conn.execute("UPDATE claims SET record = replace(record, '\"count\":5800', '\"count\":58')")
    conn.commit()
    conn.close()
    final = cache / f"{prefix}{key[:32]}-{'0' * 32}.sqlite"
    planted.rename(final)
    trust = f"{corpus_signature(str(corpus))} {key} {final.name} {stat_line(os.stat(final))}\n"
    (cache / f"{prefix}trust.txt").write_text(trust, encoding="utf-8")


def _prefixes(corpus: Path) -> set[str]:
    from kzcrisis.index.schema import blake2b

    return {f"{blake2b(str(corpus).encode(), digest_size=8).hexdigest()}-"}


@pytest.mark.skipif(
    getattr(os, "geteuid", lambda: -1)() != 0,
    reason="chown to another user needs root; test_ownership_rule_as_another_user checks the same rule",
)
def test_a_forged_cache_is_served_only_from_a_folder_that_is_yours(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "shared" / "cache"
    env = clean_env(cache)
    forge(cache, corpus)
    # The control: a folder that is yours alone is trusted (you could forge your own cache anyway).
    assert count_of_a0(env, corpus) == 58
    # The folder of another user: refused with one warning, the answer built from the corpus.
    os.chown(cache, OTHER_UID, OTHER_UID)
    done = kz("claims", "--corpus", str(corpus), "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert [r["figures"][0]["count"] for r in json.loads(done.stdout)] == [5800, 26]
    assert done.stderr.count("warning: not using the cache folder") == 1
    assert f"belongs to user id {OTHER_UID}" in done.stderr


def test_ownership_rule_as_another_user(tmp_path: Path) -> None:
    """The ownership check without privileges: the same folder, judged for another uid."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    real = str(folder.resolve())
    assert _unsafe_folder(real, os.getuid()) is None
    why = _unsafe_folder(real, os.getuid() + 1)
    assert why is not None
    assert f"belongs to user id {os.getuid()}, not to you ({os.getuid() + 1})" in why


@pytest.mark.parametrize("mode", [0o775, 0o757, 0o777])
def test_a_cache_folder_others_may_write_is_refused(corpus: Path, tmp_path: Path, mode: int) -> None:
    cache = tmp_path / "cache"
    forge(cache, corpus)
    cache.chmod(mode)
    env = clean_env(cache)
    assert count_of_a0(env, corpus) == 5800
    assert len(list(cache.iterdir())) == 2, "nothing is written into a folder that is not trusted"


def test_a_parent_others_may_write_is_refused_unless_sticky(corpus: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    cache = shared / "cache"
    forge(cache, corpus)
    shared.chmod(0o777)  # another user could move `cache` away and put their own in its place
    assert count_of_a0(clean_env(cache), corpus) == 5800
    shared.chmod(0o1777)  # like /tmp: only the owner of `cache` may rename it
    assert count_of_a0(clean_env(cache), corpus) == 58


def test_usable_cache_dir_creates_a_private_folder(tmp_path: Path) -> None:
    folder = usable_cache_dir(str(tmp_path / "new" / "kz"), str(tmp_path / "corpus"))
    assert folder == str(tmp_path / "new" / "kz")
    assert (tmp_path / "new" / "kz").stat().st_mode & 0o777 == 0o700


def test_planted_fifo_and_device_links_never_hang(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = clean_env(cache)
    assert count_of_a0(env, corpus) == 5800
    [trust] = cache.glob("*trust.txt")
    [index] = cache.glob("*.sqlite")
    trust.unlink()
    os.mkfifo(trust)
    index.unlink()
    index.symlink_to("/dev/zero")
    assert count_of_a0(env, corpus) == 5800  # would hang on the FIFO or read /dev/zero forever


def test_a_racily_clean_corpus_is_not_trusted(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("5.800", 5800, "exact", "2022-01-07")])  # written just now
    cache = tmp_path / "cache"
    env = clean_env(cache)
    assert count_of_a0(env, root) == 5800
    [index] = cache.glob("*.sqlite")
    [trust] = cache.glob("*trust.txt")  # it vouches for the cache file only (what a rebuild starts from)
    signature, _key, name, _stat = trust.read_text(encoding="utf-8").split()
    assert signature == "-", "a file changed within the timestamp granularity was trusted"
    assert name == index.name
    make_old(root)
    assert count_of_a0(env, root) == 5800
    assert trust.read_text(encoding="utf-8").split()[0] == corpus_signature(str(root))


# --- cache paths ------------------------------------------------------------------------------


def test_a_relative_cache_folder_is_not_used(corpus: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = clean_env(None, KZCRISIS_CACHE_DIR="cache")
    done = kz("claims", "--corpus", str(corpus), "--json", env=env, cwd=work)
    assert done.returncode == 0
    assert "not an absolute path" in done.stderr
    assert list(work.iterdir()) == []


def test_tilde_is_expanded(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    env = clean_env(None, KZCRISIS_CACHE_DIR="~/kzc", HOME=str(home))
    assert count_of_a0(env, corpus) == 5800
    assert list((home / "kzc").glob("*.sqlite"))
    assert not (work / "~").exists()


def test_a_relative_xdg_cache_home_is_ignored(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    env = clean_env(None, HOME=str(home), XDG_CACHE_HOME="relative")
    done = kz("claims", "--corpus", str(corpus), env=env, cwd=work)
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []
    assert list((home / ".cache" / "kzcrisis").glob("*.sqlite"))


def test_a_cache_inside_the_corpus_is_refused(corpus: Path) -> None:
    before = corpus_key(str(corpus))
    env = clean_env(corpus / "cache")
    for _ in range(2):
        done = kz("claims", "--corpus", str(corpus), "--json", env=env)
        assert done.returncode == 0, done.stderr
        assert "inside the corpus" in done.stderr
    assert not (corpus / "cache").exists()
    assert corpus_key(str(corpus)) == before


def test_an_empty_corpus_path_is_a_usage_error(tmp_path: Path) -> None:
    done = kz("claims", "--corpus", "", env=clean_env(tmp_path / "cache"), cwd=tmp_path)
    assert done.returncode == 2
    assert "the corpus folder is empty ('')" in done.stderr
    assert done.stdout == ""
