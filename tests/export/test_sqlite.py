"""`kzcrisis export sqlite`: the schema, full-text search with search's word rules, and Datasette."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.outfile import MARKER
from kzcrisis.query.search import has_marks, parse_query
from tests import agreement
from tests.conftest import CORPUS, run, run_json
from tests.query.test_search_data import VECTORS

pytestmark = pytest.mark.slow  # Datasette

Connect = Callable[[Path], sqlite3.Connection]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sqlite") / "kz.db"
    result = run("export", "sqlite", str(out))
    assert result.exit_code == 0, result.output
    assert "exported 133 claims" in result.stderr
    return out


def _fts(conn: sqlite3.Connection, query: str) -> set[str]:
    sql = "SELECT id FROM claims WHERE seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)"
    return {r[0] for r in conn.execute(sql, (query,))}


@pytest.mark.parametrize("vector", [v for v in VECTORS if not v.get("error")], ids=lambda v: v["query"])
def test_full_text_search_finds_what_search_finds(
    exported: Path, connect: Connect, vector: dict[str, Any]
) -> None:
    """Each word or phrase of the question as an FTS5 phrase (what Datasette's search sends): the
    CLI's claims, but for a phrase of marked and bare words, which SQL cannot check word by word."""
    parts = parse_query(vector["query"])
    found = _fts(connect(exported), " AND ".join(f'"{" ".join(p.words)}"' for p in parts))
    if any(0 < sum(map(has_marks, p.words)) < len(p.words) for p in parts if p.phrase):
        assert found <= set(vector["ids"])
    else:
        assert found == set(vector["ids"])


def test_tables_hold_the_corpus(exported: Path, connect: Connect) -> None:
    conn = connect(exported)
    claims = run_json("claims")
    assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == len(claims)
    counts = dict(conn.execute("SELECT slug, claims FROM sources"))
    assert counts["tienphong"] == sum(1 for c in claims if c["source"] == "tienphong")
    # one figure a row, integer counts: dantri reports 26 'protesters' killed (its label), the
    # Interior Ministry's count outside the security forces, one statement with tokayev-coup-037
    sql = (
        "SELECT count, typeof(count), qualifier, label, statement, known_by FROM figures "
        "WHERE claim LIKE 'dantri-%' AND metric = 'killed' AND \"group\" = 'non_security'"
    )
    row = conn.execute(sql).fetchone()
    assert row == (26, "integer", "exact", "người biểu tình", "interior-ministry-others-killed", None)
    bound = "SELECT known_by, statement FROM figures WHERE claim = 'tokayev-coup-019'"
    assert conn.execute(bound).fetchone() == ("2022-01-10", "russian-aircraft-75")
    assert conn.execute("SELECT known_by FROM claims WHERE id = 'sco-20220110-006'").fetchone() == (
        "2022-01-10",
    )
    assert conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == sum(
        len(c.get("figures") or []) for c in claims
    )
    # ISO dates, keys that resolve, roles and labels
    assert conn.execute("SELECT date FROM claims WHERE id = 'dantri-001'").fetchone() == ("2022-01-07",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    roles = set(conn.execute("SELECT role FROM claim_entities WHERE claim = 'dantri-001'"))
    assert roles == {("reported_by",), ("actor",), ("speaker",), ("mention",)}
    assert json.loads(conn.execute("SELECT countries FROM claims WHERE id = 'dantri-001'").fetchone()[0]) == [
        "united-states"
    ]
    names = {r[0] for r in conn.execute("SELECT name FROM entity_names WHERE entity = 'united-states'")}
    assert {"Mỹ", "Hoa Kỳ", "USA"} <= names


def test_full_text_search_keeps_typed_diacritics(exported: Path, connect: Connect) -> None:
    conn = connect(exported)
    with_marks, without = _fts(conn, "quân"), _fts(conn, "quan")
    assert "dantri-001" in with_marks  # "lực lượng quân sự"
    assert with_marks < without  # quan also finds quan, quán, quân ...
    texts = dict(conn.execute("SELECT id, lower(quote || ' ' || text_en) FROM claims"))
    assert all("quân" in texts[claim] for claim in with_marks)
    assert "dantri-001" in _fts(conn, "luc luong quan su")
    assert "dantri-001" in _fts(conn, "Blinken")
    assert _fts(conn, "tokayev") == {r["id"] for r in run_json("search", "tokayev")}


def test_metadata_describes_columns_facets_and_labels(exported: Path) -> None:
    meta = json.loads(exported.with_name("kz.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] and meta["source"] and "133 claims" in meta["description"]
    tables = meta["databases"]["kz"]["tables"]
    assert tables["figures"]["facets"] == ["source", "metric", "group", "qualifier"]
    assert "source" in tables["claims"]["facets"] and {"array": "countries"} in tables["claims"]["facets"]
    assert tables["entities"]["label_column"] == "name"
    assert tables["claims"]["fts_table"] == "claims_fts"
    assert "verbatim" in tables["claims"]["columns"]["quote"]


def test_filters_pick_the_claims(tmp_path: Path, connect: Connect) -> None:
    out = tmp_path / "dantri.db"
    assert run("export", "sqlite", str(out), "--source", "dantri").exit_code == 0
    conn = connect(out)
    assert {r[0] for r in conn.execute("SELECT DISTINCT source FROM claims")} == {"dantri"}
    assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 5  # reference tables stay whole


def test_a_failed_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kzcrisis.export import sqlite as export_sqlite

    def broken(*_args: Any) -> Iterator[tuple[Any, ...]]:
        yield from ()
        raise KeyboardInterrupt

    monkeypatch.setattr(export_sqlite, "_fts_rows", broken)
    target = tmp_path / "kz.db"
    target.write_bytes(b"the previous export")
    assert run("export", "sqlite", str(target)).exit_code != 0  # Ctrl-C half way
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kz.db"]


def test_usage_errors(tmp_path: Path) -> None:
    result = run("export", "sqlite", str(tmp_path / "missing" / "kz.db"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = run("export", "csv", str(tmp_path / "x"))
    assert result.exit_code == 2 and "sqlite" in result.stderr
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = run("export", "html", str(tmp_path / "mine"))
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert not (tmp_path / "mine" / MARKER).exists()


# --- Datasette, for real ----------------------------------------------------------------------


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def datasette(exported: Path) -> Iterator[str]:
    """Datasette serving the export with its metadata on 127.0.0.1, stopped after the tests."""
    if importlib.util.find_spec("datasette") is None:
        if os.environ.get("CI"):
            pytest.fail("datasette is missing in CI: it is in the test extra, pip install '.[test]'")
        pytest.skip("datasette is not installed: it is in the test extra, pip install '.[test]'")
    metadata = ["--metadata", str(exported.with_name("kz.metadata.json"))]
    server, base = agreement.start_datasette(exported, *metadata)
    try:
        yield base
    finally:
        agreement.stop(server)


def test_datasette_facets_on_source(datasette: str) -> None:
    page = _get(f"{datasette}/kz/claims.json?_facet=source&_size=0")
    facet = {r["value"]: r["count"] for r in page["facet_results"]["source"]["results"]}
    expected = {s["slug"]: sum(s["claims"].values()) for s in run_json("sources")}
    assert facet == expected
    shipped = json.loads((CORPUS / "claims" / "tienphong.json").read_text(encoding="utf-8"))
    assert facet["tienphong"] == len(shipped["claims"]) > 0  # read from the corpus, not pinned


def test_datasette_full_text_search(datasette: str) -> None:
    query = urllib.parse.urlencode({"_search": "lực lượng quân sự Nga", "_shape": "objects"})
    page = _get(f"{datasette}/kz/claims.json?{query}")
    ids = {row["id"] for row in page["rows"]}
    assert "dantri-001" in ids
    row = next(r for r in page["rows"] if r["id"] == "dantri-001")
    assert "Antony Blinken" in row["quote"]


def test_datasette_labels_entities(datasette: str) -> None:
    page = _get(f"{datasette}/kz/claims.json?id=dantri-001&_labels=on&_shape=objects")
    assert page["rows"][0]["reported_by"] == {"value": "blinken", "label": "Antony Blinken"}


def test_documented_tables_are_current() -> None:
    from kzcrisis.export.schema import tables_markdown
    from tests.conftest import ROOT

    assert (ROOT / "docs" / "export-tables.md").read_text(encoding="utf-8") == tables_markdown()
