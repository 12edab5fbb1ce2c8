"""`kzcrisis export parquet`: the same tables as SQLite, read back with pyarrow (when installed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from kzcrisis.export.tables import TABLES
from tests.conftest import run, run_json

Connect = Callable[[Path], sqlite3.Connection]

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the 'parquet' extra: pip install '.[parquet]'")


def test_parquet_tables_match_sqlite(tmp_path: Path, connect: Connect) -> None:
    assert run("export", "parquet", str(tmp_path / "tables")).exit_code == 0
    assert run("export", "sqlite", str(tmp_path / "kz.db")).exit_code == 0
    conn = connect(tmp_path / "kz.db")
    for table in TABLES:
        read = pq.read_table(tmp_path / "tables" / f"{table.name}.parquet")
        assert read.column_names == list(table.names)
        assert read.num_rows == conn.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0]
    claims = pq.read_table(tmp_path / "tables" / "claims.parquet").to_pylist()
    assert len(claims) == len(run_json("claims")) == 133
    figures = pq.read_table(tmp_path / "tables" / "figures.parquet")
    assert str(figures.schema.field("count").type) == "int64"
    rows = figures.to_pylist()
    assert any(r["claim"] == "dantri-016" and r["count"] == 26 and r["metric"] == "killed" for r in rows)


def test_parquet_follows_the_filters(tmp_path: Path) -> None:
    assert run("export", "parquet", str(tmp_path / "t"), "--kind", "arrest").exit_code == 0
    kinds = set(pq.read_table(tmp_path / "t" / "claims.parquet").column("kind").to_pylist())
    assert kinds == {"arrest"}
    metrics = set(pq.read_table(tmp_path / "t" / "figures.parquet").column("metric").to_pylist())
    assert metrics == {"detained"}


def test_parquet_dates_are_dates(tmp_path: Path) -> None:
    import datetime as dt

    assert run("export", "parquet", str(tmp_path / "t")).exit_code == 0
    dated = {
        ("claims", "date"): ("id", "dantri-001", dt.date(2022, 1, 7)),
        ("figures", "as_of"): ("claim", "tokayev-coup-016", dt.date(2022, 1, 9)),
    }
    for (table, column), (key, value, day) in dated.items():
        read = pq.read_table(tmp_path / "t" / f"{table}.parquet")
        assert str(read.schema.field(column).type) == "date32[day]", (table, column)
        assert any(r[key] == value and r[column] == day for r in read.to_pylist()), (table, value)
    sources = pq.read_table(tmp_path / "t" / "sources.parquet")
    assert str(sources.schema.field("published").type) == "date32[day]"
