"""`kzcrisis figures` (one row per figure) and the figure filters of `casualties` and `arrests`."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.query.figures import FIGURE_FIELDS
from tests.conftest import run, run_json


def every_figure() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(c, f) for c in run_json("claims") for f in c.get("figures") or []]


def test_one_row_per_figure_with_flat_fields() -> None:
    rows = run_json("figures")
    figures = every_figure()
    assert len(rows) == len(figures) > 10
    for row, (claim, figure) in zip(rows, figures, strict=True):
        assert list(row) == list(FIGURE_FIELDS)
        assert (row["claim"], row["metric"], row["group"], row["count"]) == (
            claim["id"],
            figure["metric"],
            figure["group"],
            figure["count"],
        )
        assert row["quote"] == claim["quote"] and row["outlet"] == claim["outlet"]
        assert row["reported_by_name"] == (
            claim["names"][claim["reported_by"]] if claim["reported_by"] else None
        )
        assert not any(isinstance(v, dict | list) for v in row.values())


def test_the_presidential_office_total_and_its_interval() -> None:
    [row] = [r for r in run_json("figures", "--metric", "detained") if r["claim"] == "tokayev-coup-016"]
    assert (row["count"], row["qualifier"], row["low"], row["high"]) == (5800, "about", 5220, 6380)
    assert row["reported_by_name"] == "Office of the President of Kazakhstan"
    assert row["as_of"] == "2022-01-09"


def test_metric_group_limit_and_shared_filters_apply_to_figures() -> None:
    killed = run_json("figures", "--metric", "killed")
    assert killed and {r["metric"] for r in killed} == {"killed"}
    police = run_json("figures", "--group", "security_forces")
    assert police and {r["group"] for r in police} == {"security_forces"}
    assert len(run_json("figures", "--limit", "3")) == 3
    dantri = run_json("figures", "--source", "dantri")
    assert dantri and {r["source"] for r in dantri} == {"dantri"}
    dated = run_json("figures", "--since", "2022-01-09")
    assert dated and all(
        r["claim"] in {c["id"] for c in run_json("claims", "--since", "2022-01-09")} for r in dated
    )


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_limit_counts_figures_in_every_format(fmt: str) -> None:
    result = run("figures", "--limit", "4", "--format", fmt, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    count = {
        "table": sum(1 for line in out.splitlines() if line.strip()[:4] in ("2022", "unda", "by 2")),
        "json": len(json.loads(out)) if fmt == "json" else 0,
        "jsonl": len(out.splitlines()),
        "csv": len(list(csv.reader(io.StringIO(out)))) - 1,
    }[fmt]
    assert count == 4


def figures_csv() -> str:
    result = run("figures", "--format", "csv")
    assert result.exit_code == 0
    return result.stdout


def test_csv_has_one_value_per_cell() -> None:
    rows = list(csv.DictReader(io.StringIO(figures_csv())))
    assert len(rows) == len(every_figure())
    assert list(rows[0]) == list(FIGURE_FIELDS)
    for row in rows:
        assert not any(v.startswith(("{", "[")) for v in row.values())
        assert row["count"] == "" or row["count"].isdigit()


CREATE = (
    "CREATE TABLE figures (claim TEXT, statement TEXT, source TEXT, outlet TEXT, metric TEXT, grp TEXT, "
    "label TEXT, count INTEGER, qualifier TEXT, low REAL, high REAL, as_of TEXT, known_by TEXT, "
    "reported_by TEXT, reported_by_name TEXT, quote TEXT, text_en TEXT, note TEXT)"
)


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 command-line shell")
def test_csv_loads_with_sqlite3_import(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(figures_csv(), encoding="utf-8")
    db = tmp_path / "f.db"
    script = f"{CREATE};\n.import --csv --skip 1 {path} figures\n"
    subprocess.run(["sqlite3", str(db)], input=script, text=True, check=True, capture_output=True)
    with contextlib.closing(sqlite3.connect(db)) as conn:  # sqlite3's own `with` only commits
        types = dict(conn.execute("SELECT typeof(count), COUNT(*) FROM figures GROUP BY 1").fetchall())
        detained = conn.execute(
            "SELECT count, low, high FROM figures WHERE claim = 'tokayev-coup-016' AND metric = 'detained'"
        ).fetchall()
        total = conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
    assert total == len(every_figure())
    dozens = sum(1 for _, f in every_figure() if f["count"] is None)
    assert types == {"integer": total - dozens, **({"text": dozens} if dozens else {})}
    assert detained == [(5800, 5220.0, 6380.0)]


def _records(*args: str) -> list[dict[str, Any]]:
    return list(run_json("casualties", *args))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_casualties_metric_removes_the_other_metrics_figures(fmt: str) -> None:
    result = run("casualties", "--metric", "killed", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "csv":
        # A spreadsheet cell holds the figures as text, '; ' between them: "26 killed (protesters)".
        cells = [row["figures"] for row in csv.DictReader(io.StringIO(result.stdout))]
        texts = [f for cell in cells for f in cell.split("; ")]
        assert texts and all(" killed (" in t for t in texts), texts
        counts = [re.match(r"[~≥>≤]?([\d,]+) killed", t) for t in texts]
        figures = [{"metric": "killed", "count": int(m.group(1).replace(",", ""))} for m in counts if m]
    else:
        lines = (
            json.loads(result.stdout)
            if fmt == "json"
            else [json.loads(x) for x in result.stdout.splitlines()]
        )
        figures = [f for r in lines for f in r["figures"]]
    assert figures and {f["metric"] for f in figures} == {"killed"}
    # The injured figures the issue saw leak (300, 18, 1,300) are gone; the claims stay.
    assert not {300, 1300} & {f["count"] for f in figures}


def test_casualties_without_metric_keep_every_figure() -> None:
    metrics = {f["metric"] for r in _records() for f in r["figures"]}
    assert metrics == {"killed", "injured"}


def test_casualties_limit_counts_the_rows_printed() -> None:
    table = run("casualties", "--limit", "2", env={"COLUMNS": "200"}).stdout
    assert sum(1 for line in table.splitlines() if line.strip()[:4] in ("2022", "unda")) == 2
    assert len(_records("--limit", "2")) == 2
    killed = run("casualties", "--metric", "killed", "--limit", "1", env={"COLUMNS": "200"}).stdout
    rows = [line for line in killed.splitlines() if line.strip()[:4] in ("2022", "unda")]
    assert len(rows) == 1 and " killed " in rows[0]


def test_arrests_metric_and_the_api() -> None:
    import kzcrisis

    assert {f["metric"] for r in run_json("arrests", "--metric", "detained") for f in r["figures"]} == {
        "detained"
    }
    with kzcrisis.open_corpus() as kz:
        killed = kz.casualties(metric="killed")
        assert killed and all(f["metric"] == "killed" for r in killed for f in r["figures"])
        assert len(kz.figures(metric="killed", limit=2)) == 2
