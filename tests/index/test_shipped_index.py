"""The index shipped in the wheel: used only when it checks out against the installed corpus."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kzcrisis.index.package import build_shipped_index
from kzcrisis.index.shipped import shipped_name
from kzcrisis.index.store import open_index
from kzcrisis.query.select import get_claim
from tests.conftest import CORPUS, edit_json


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package folder laid out as an installed wheel: `_corpus/` and `_index/` with its index."""
    package = tmp_path / "site-packages" / "kzcrisis"
    shutil.copytree(CORPUS, package / "_corpus")
    (package / "_index").mkdir()
    index = Path(build_shipped_index(str(package / "_corpus"), str(package / "_index")))
    write_record(package, [index])
    monkeypatch.setattr("kzcrisis.paths._HERE", str(package))
    monkeypatch.setenv("KZCRISIS_CACHE_DIR", str(tmp_path / "cache"))
    return package


def write_record(package: Path, files: list[Path]) -> None:
    """The wheel's RECORD as pip installs it: `path,sha256=<urlsafe base64, no padding>,size`."""
    info = package.parent / "kzcrisis-0.0.0.dist-info"
    info.mkdir(exist_ok=True)
    lines = []
    for path in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).decode().rstrip("=")
        lines.append(f"{path.relative_to(package.parent).as_posix()},sha256={digest},{path.stat().st_size}")
    (info / "RECORD").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The corpus folders the index was built from during the test."""
    from kzcrisis.index import store

    made: list[str] = []
    build = store._build

    def counted(conn: sqlite3.Connection, root: str, signature: str, key: str) -> None:
        made.append(root)
        build(conn, root, signature, key)

    monkeypatch.setattr(store, "_build", counted)
    return made


def shipped_file(package: Path) -> Path:
    [path] = (package / "_index").glob("*.sqlite")
    return path


def text_en(claim_id: str) -> str:
    with open_index() as index:
        return str(json.loads(get_claim(index, claim_id).record)["text_en"])


def test_the_shipped_index_serves_the_first_run_without_a_build(installed: Path, builds: list[str]) -> None:
    assert "Blinken" in text_en("dantri-001")
    assert builds == []
    [cached] = (installed.parent.parent / "cache").glob("*.sqlite")
    assert cached.read_bytes() == shipped_file(installed).read_bytes()
    assert cached.name.endswith(shipped_file(installed).name)


def test_a_tampered_shipped_index_is_never_served(installed: Path, builds: list[str]) -> None:
    path = shipped_file(installed)
    with closing(sqlite3.connect(path)) as conn, conn:  # still valid SQLite, its name kept, a record changed
        conn.execute(
            "UPDATE claims SET record = replace(record, 'Blinken', 'Someone else') WHERE id = 'dantri-001'"
        )
    assert "Someone else" in path.read_text(encoding="utf-8", errors="replace")
    assert "Blinken" in text_en("dantri-001")
    assert builds == [str(installed / "_corpus")]  # rebuilt in the cache from the corpus


def test_a_tampered_installed_corpus_is_rebuilt_not_answered_from_the_shipped_index(
    installed: Path, builds: list[str]
) -> None:
    def change(data: dict[str, list[dict[str, str]]]) -> None:
        data["claims"][0]["text_en"] = "Changed after installation."

    edit_json(installed / "_corpus" / "claims" / "dantri.json", change)
    assert text_en("dantri-001") == "Changed after installation."
    assert len(builds) == 1


def test_an_installed_corpus_is_trusted_without_a_stat_of_every_file(
    installed: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text_en("dantri-001")

    def every_file(root: str) -> None:
        raise AssertionError("every corpus file was listed")

    monkeypatch.setattr("kzcrisis.index.store._corpus_files", every_file)
    with open_index() as index:
        assert index.cache_file is not None
    assert builds == []


def test_a_file_replaced_in_the_installed_corpus_is_seen(installed: Path) -> None:
    assert "Blinken" in text_en("dantri-001")
    claims = installed / "_corpus" / "claims" / "dantri.json"
    data = json.loads(claims.read_text(encoding="utf-8"))
    data["claims"][0]["text_en"] = "Replaced by an editor."
    new = claims.with_name("dantri.json.new")
    new.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    new.replace(claims)  # as editors and pip do: a new file renamed over the old one
    assert text_en("dantri-001") == "Replaced by an editor."


def test_without_a_cache_a_tampered_shipped_index_is_not_served_either(
    installed: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZCRISIS_NO_CACHE", "1")
    assert "Blinken" in text_en("dantri-001")
    assert builds == []  # the shipped index, checked, served read-only
    with closing(sqlite3.connect(shipped_file(installed))) as conn, conn:
        conn.execute("UPDATE claims SET record = replace(record, 'Blinken', 'Someone else')")
    assert "Blinken" in text_en("dantri-001")
    assert len(builds) == 1


def tamper_and_rename_to_its_own_hash(package: Path) -> None:
    path = shipped_file(package)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE claims SET record = replace(record, 'Blinken', 'Someone else')")
    path.rename(path.with_name(shipped_name(str(path), path.name.split("-")[0])))


@pytest.mark.parametrize("no_cache", [True, False])
def test_a_shipped_index_renamed_to_its_own_hash_is_not_served(
    installed: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch, no_cache: bool
) -> None:
    if no_cache:
        monkeypatch.setenv("KZCRISIS_NO_CACHE", "1")
    tamper_and_rename_to_its_own_hash(installed)
    assert "Blinken" in text_en("dantri-001")  # built from the corpus: RECORD does not list it
    assert len(builds) == 1


def test_a_shipped_index_without_a_record_is_not_served(installed: Path, builds: list[str]) -> None:
    (installed.parent / "kzcrisis-0.0.0.dist-info" / "RECORD").unlink()
    assert "Blinken" in text_en("dantri-001")
    assert len(builds) == 1
