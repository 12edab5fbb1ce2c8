"""The Python API: the user guide's example runs as written, and connections are closed, not leaked."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import warnings

import pytest

import kzcrisis
from kzcrisis.errors import LookupFailed
from tests.conftest import ROOT, run_json

README = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")


def _readme_example() -> str:
    return README.split("## Python API", 1)[1].split("```python\n", 1)[1].split("\n```", 1)[0]


def test_readme_example_runs_and_prints_real_content() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_readme_example(), "docs/guide.md", "exec"), {})
    lines = out.getvalue().splitlines()
    count, first_actor = lines[0].split(" ", 1)
    assert int(count) == len(run_json("reactions", "--country", "Russia"))
    assert first_actor == "Russia"
    assert "('non_security', 26)" in lines[1]  # Dân trí: 26 'protesters' killed, outside the security forces
    assert lines[2].startswith("conflict") or lines[2].startswith("undetermined")
    assert "1000" in lines[2] and "1300" in lines[2]  # the UN's and the Interior Ministry's injured


def test_api_and_cli_give_the_same_records() -> None:
    with kzcrisis.open_corpus() as kz:
        api = kz.reactions(country="Nga", stance="alleges_foreign_interference")
    cli = run_json("reactions", "--country", "Russia", "--stance", "alleges_foreign_interference")
    assert [r["id"] for r in api] == [r["id"] for r in cli]
    assert api


def test_figures_are_flat_rows_of_the_wanted_metric() -> None:
    with kzcrisis.open_corpus() as kz:
        rows = kz.figures(metric="killed")
    assert rows and {r["metric"] for r in rows} == {"killed"}
    assert all(isinstance(r["count"], int | None) and not isinstance(r["count"], dict) for r in rows)
    assert any(r["count"] == 26 and r["source"] == "dantri" for r in rows)


def test_show_gives_claim_paragraph_and_source() -> None:
    with kzcrisis.open_corpus() as kz:
        shown = kz.show("DANTRI-001")
    claim, paragraph = shown["claim"], shown["paragraph"]
    assert claim["id"] == "dantri-001"
    assert paragraph is not None
    assert paragraph["text"][paragraph["start"] : paragraph["end"]] == " ".join(claim["quote"].split())
    assert shown["source"]["slug"] == "dantri"


def test_unknown_name_raises_with_suggestions() -> None:
    with kzcrisis.open_corpus() as kz, pytest.raises(LookupFailed) as caught:
        kz.reactions(country="Rusia")
    assert "Russia" in caught.value.suggestions


def test_a_loop_of_queries_leaks_no_connection() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        for _ in range(20):
            with kzcrisis.open_corpus() as kz:
                kz.claims(kind="arrest")
                kz.compare()
        import gc

        gc.collect()


@pytest.mark.slow
def test_no_resource_warning_in_a_fresh_interpreter() -> None:
    """What a notebook does, under -W error::ResourceWarning (Python 3.13 reports unclosed databases)."""
    code = (
        "import gc, kzcrisis\n"
        "for _ in range(30):\n"
        "    with kzcrisis.open_corpus() as kz:\n"
        "        kz.search('trung quoc'); kz.figures(); kz.show('dantri-001'); kz.sources()\n"
        "gc.collect()\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert "ResourceWarning" not in result.stderr
