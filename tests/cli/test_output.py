"""One --format for every command: parsed once, refused where the command does not write it (naming
what it does), and never looked at by the commands themselves."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import click
import pytest

from kzcrisis.cli.app import COMMANDS, cli
from kzcrisis.cli.options import FormatChoice
from kzcrisis.export import EXPORTERS, FORMATS
from kzcrisis.render.formats import Format
from tests.conftest import ROOT, edit_json, run
from tests.curate.test_curate import ADD, FIXTURE


def _format_choices() -> dict[str, list[str]]:
    """Each command with --format -> the formats it offers (the first is its default)."""
    found = {}
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        for param in command.params:
            if param.name == "fmt":
                assert isinstance(param.type, FormatChoice), name
                found[name] = [str(c) for c in param.type.choices]
    return found


def test_every_command_that_writes_data_takes_the_one_format_vocabulary() -> None:
    offered = _format_choices()
    # a schema; files named by FORMAT; the MCP protocol on stdout
    assert set(COMMANDS) - set(offered) == {"schema", "export", "mcp"}
    vocabulary = {f.value for f in Format}
    assert all(set(formats) <= vocabulary for formats in offered.values())
    assert offered["validate"] == ["table", "json", "jsonl", "csv"]
    assert offered["coverage"] == ["table", "json", "jsonl"]
    assert offered["draft"] == ["json"]
    assert offered["add-source"] == offered["changes"] == ["table", "json"]
    assert offered["claims"] == offered["compare"] == offered["show"] == ["table", "json", "jsonl", "csv"]


@pytest.mark.parametrize(
    ("args", "offered"),
    [
        (("coverage", "--format", "csv"), "choose table, json, jsonl."),
        (("draft", "--source", "dantri", "--format", "table"), "choose json."),
        (("draft", "--source", "dantri", "--format", "JSONL"), "choose json."),
    ],
)
def test_a_format_a_command_does_not_write_is_a_usage_error_naming_those_it_does(
    args: tuple[str, ...], offered: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "is not offered by this command" in result.stderr and offered in result.stderr
    assert result.stdout == ""


def test_a_misspelt_format_gets_the_closest() -> None:
    result = run("validate", "--format", "jsn")
    assert result.exit_code == 2 and "Did you mean: json" in result.stderr


def test_json_and_format_together_and_excel_without_csv_are_usage_errors() -> None:
    assert "give only one of them" in run("validate", "--json", "--format", "table").stderr
    result = run("validate", "--format", "json", "--excel")
    assert result.exit_code == 2 and "use it with --format csv" in result.stderr


def test_validate_writes_its_problems_in_every_format(corpus_copy: Path) -> None:
    edit_json(corpus_copy / "claims" / "dantri.json", _break_first_quote)
    corpus = ("--corpus", str(corpus_copy))
    table = run("validate", *corpus)
    assert table.exit_code == 1 and "quote not found" in table.stdout and "dantri-001" in table.stdout
    assert run("validate", *corpus, "--format", "text").stdout == table.stdout  # its former name
    for args in (("--json",), ("--format", "json")):
        problems = json.loads(run("validate", *corpus, *args).stdout)
        assert [(p["claim"], p["field"]) for p in problems] == [("dantri-001", "quote")]
    lines = run("validate", *corpus, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["claim"] for line in lines] == ["dantri-001"]
    rows = list(csv.DictReader(io.StringIO(run("validate", *corpus, "--format", "csv").stdout)))
    assert [(r["file"], r["claim"], r["field"]) for r in rows] == [
        ("claims/dantri.json", "dantri-001", "quote")
    ]
    assert "closest passage" in rows[0]["hint"]


def _break_first_quote(data: dict[str, list[dict[str, str]]]) -> None:
    data["claims"][0]["quote"] += " không có trong bài"


def test_validate_of_a_sound_corpus_writes_an_empty_answer() -> None:
    assert run("validate", "--json").stdout == "[]\n"
    assert run("validate", "--format", "jsonl").stdout == ""
    assert run("validate", "--format", "csv").stdout == "file,claim,field,line,record,message,hint\n"
    result = run("validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "OK: " in result.stderr


def test_coverage_jsonl_is_one_report_a_line() -> None:
    lines = run("coverage", "--source", "dantri", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["source"] == "dantri"
    assert any("dantri-016" in s["claims"] for s in report["sentences"])


def test_add_source_json_prints_the_record_it_added(corpus_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(FIXTURE.read_bytes() + b"\nA line only this test adds.\n")
    args = ("add-source", str(article), "--slug", "fixture-json", *ADD, "--corpus", str(corpus_copy))
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["slug"] == "fixture-json" and len(record["sha256"]) == 64
    assert "added source fixture-json" in result.stderr


def test_export_formats_are_its_exporters() -> None:
    assert list(FORMATS) == list(EXPORTERS) == ["sqlite", "annotations", "html", "parquet"]
    assert {FORMATS[name] for name in ("html", "parquet")} == {"DIR"}
    result = run("export", "xml", "out")
    assert result.exit_code == 2 and "sqlite" in result.stderr


def test_no_command_looks_at_the_format() -> None:
    """The commands build answers; only the renderers know the formats (kzcrisis.render.registry)."""
    for path in sorted((ROOT / "kzcrisis" / "cli" / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"Format", "format", "fmt", "fields", "excel"}, path.name
