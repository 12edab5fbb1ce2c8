"""The commands on the shipped corpus, through click's CliRunner: real content, exit codes, streams."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.cli.app import cli
from kzcrisis.corpus.vocab import COMMON_FIELDS
from tests.conftest import ROOT, edit_json, run, run_json

LISTINGS = ["claims", "reactions", "casualties", "arrests", "deployment", "timeline"]


def test_casualties_from_dantri_hold_the_interior_ministry_figure() -> None:
    records = run_json("casualties", "--source", "dantri")
    assert records and {r["source"] for r in records} == {"dantri"}
    figures = [(f["metric"], f["group"], f["count"], f["qualifier"]) for r in records for f in r["figures"]]
    assert ("killed", "non_security", 26, "exact") in figures  # the ministry's 26 'người biểu tình'
    ministry = next(r for r in records if any(f["count"] == 26 for f in r["figures"]))
    assert ministry["reported_by"] == "kz-interior-ministry"
    assert ministry["names"]["kz-interior-ministry"] == "Ministry of Internal Affairs of Kazakhstan"
    assert "26 người biểu tình" in ministry["quote"]


@pytest.mark.parametrize("alias", ["Nga", "russia", "RU", "Moscow", "Moskva", "NGA", "Russian Federation"])
def test_country_aliases_are_one(alias: str) -> None:
    assert run_json("reactions", "--country", alias) == run_json("reactions", "--country", "Russia")


@pytest.mark.parametrize("alias", ["Mỹ", "my", "US", "USA", "United States", "u.s.", "Hoa Kỳ"])
def test_us_aliases_are_one(alias: str) -> None:
    assert run_json("reactions", "--country", alias) == run_json("reactions", "--country", "United States")


def test_reactions_of_russia_include_its_ministry_and_not_blinken() -> None:
    records = run_json("reactions", "--country", "Russia")
    assert records and all(r["kind"] == "reaction" for r in records)
    assert any(r["reported_by"] == "ru-foreign-ministry" for r in records)
    assert not any(r.get("speaker") == "blinken" for r in records)


def test_actor_filter_follows_who_speaks_for_whom() -> None:
    wang_yi = run_json("claims", "--actor", "Vương Nghị")
    assert wang_yi
    china = {r["id"] for r in run_json("claims", "--country", "Trung Quốc")}
    assert {r["id"] for r in wang_yi} <= china
    for record in run_json("claims", "--actor", "lavrov"):
        parties = [record.get("reported_by"), record.get("speaker"), *record["actors"]]
        assert "lavrov" in parties


def test_us_questions_the_csto_deployment() -> None:
    records = run_json("reactions", "--country", "US", "--stance", "questions_csto_deployment")
    assert records
    assert all("questions_csto_deployment" in r["stances"] for r in records)
    assert any(r.get("speaker") == "blinken" for r in records)


def test_unknown_country_suggests_the_closest() -> None:
    result = run("reactions", "--country", "Rusia")
    assert result.exit_code == 2
    assert "Rusia" in result.stderr and "Russia" in result.stderr
    assert "kzcrisis entities" in result.stderr
    assert result.stdout == ""


def test_organisation_is_not_a_country() -> None:
    result = run("reactions", "--country", "CSTO")
    assert result.exit_code == 2
    assert "--actor" in result.stderr


def test_unknown_source_and_field_are_usage_errors() -> None:
    result = run("claims", "--source", "bbc")
    assert result.exit_code == 2 and "bbc" in result.stderr
    result = run("claims", "--fields", "id,colour")
    assert result.exit_code == 2 and "colour" in result.stderr and "text_en" in result.stderr


def test_source_by_outlet_name_without_diacritics() -> None:
    assert run_json("claims", "--source", "dan tri") == run_json("claims", "--source", "dantri")


def test_empty_result_is_exit_0_with_a_note() -> None:
    result = run(
        "reactions", "--country", "Russia", "--since", "2022-01-10", "--until", "2022-01-02", "--json"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "nothing matches" in result.stderr


def test_since_until_keep_dated_claims_in_range() -> None:
    records = run_json("timeline", "--since", "2022-01-05", "--until", "2022-01-06")
    assert records
    assert all("2022-01-05" <= r["date"] <= "2022-01-06" for r in records)


def test_timeline_is_in_date_order_with_undated_last() -> None:
    records = run_json("timeline")
    dates = [r["date"] for r in records]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert dates[: len(dated)] == dated  # all undated ones come after
    assert records[0]["date"] == "2022-01-02"  # protests began on 2 January


def test_timeline_table_marks_undated() -> None:
    result = run("timeline", "--kind", "event")
    assert result.exit_code == 0
    assert "undated" in result.stdout and "2022-01-02" in result.stdout


def test_search_is_diacritic_insensitive_and_ranked() -> None:
    plain = run_json("search", "trung quoc")
    accented = run_json("search", "Trung Quốc")
    assert plain == accented and plain
    scores = [r["score"] for r in plain]
    assert scores == sorted(scores, reverse=True)
    assert any("Trung Quốc" in r["quote"] for r in plain)


def test_search_finds_tokayev_by_english_name() -> None:
    records = run_json("search", "tokayev")
    assert len(records) >= 5
    assert all("tokayev" in json.dumps(r, ensure_ascii=False).lower() for r in records)


def test_show_gives_the_quote_in_its_paragraph() -> None:
    [record] = run_json("casualties", "--source", "dantri", "--limit", "1")
    result = run("show", record["id"])
    assert result.exit_code == 0
    assert record["id"] in result.stdout
    assert "»" in result.stdout and "«" in result.stdout
    assert "Dân trí" in result.stdout


def test_show_unknown_id_suggests() -> None:
    result = run("show", "dantri-0016")
    assert result.exit_code == 2
    assert "dantri-016" in result.stderr or "Did you mean" in result.stderr


@pytest.mark.parametrize("command", LISTINGS)
def test_json_records_have_the_common_fields(command: str) -> None:
    records = run_json(command)
    assert records
    for record in records:
        assert list(record)[: len(COMMON_FIELDS)] == list(COMMON_FIELDS)


def test_fields_pick_and_order_in_every_format() -> None:
    records = run_json("claims", "--fields", "date,id", "--limit", "3")
    assert [list(r) for r in records] == [["date", "id"]] * 3
    out = run("claims", "--fields", "id,kind", "--format", "csv", "--limit", "2").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["id", "kind"] and len(rows) == 3
    lines = run("claims", "--format", "jsonl", "--limit", "4").stdout.splitlines()
    assert len(lines) == 4 and all(json.loads(line)["id"] for line in lines)


def test_csv_has_one_value_per_cell() -> None:
    out = run("casualties", "--format", "csv", "--fields", "id,figures,actors,names").stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["dantri-016"]["figures"] == "26 killed (non security); 18 injured (non security)"
    assert rows["dantri-016"]["names"].startswith("kz-interior-ministry=Ministry of Internal Affairs")
    assert not out.startswith("\ufeff")


def test_excel_csv_has_a_bom_and_no_formula_cells() -> None:
    out = run("claims", "--format", "csv", "--excel", "--fields", "id,date_note,quote").stdout
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == len(run_json("claims"))
    assert any("Bộ Nội vụ Kazakhstan" in r["quote"] for r in rows)  # Vietnamese intact
    assert all(not r[f].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for f in r)


def test_excel_needs_csv() -> None:
    result = run("sources", "--excel")
    assert result.exit_code == 2 and "--format csv" in result.stderr


def test_json_and_format_json_are_the_same() -> None:
    assert run("arrests", "--json").stdout == run("arrests", "--format", "json").stdout


def test_json_conflicting_with_format_is_a_usage_error() -> None:
    result = run("arrests", "--json", "--format", "csv")
    assert result.exit_code == 2


def test_deployment_names_article_4() -> None:
    records = run_json("deployment")
    assert any("Article 4" in (r.get("legal_basis") or "") for r in records)
    contributors = {c for r in records for c in r.get("contributors") or []}
    assert {"russia", "belarus", "armenia", "tajikistan", "kyrgyzstan"} <= contributors


def test_sources_and_entities() -> None:
    sources = {s["slug"]: s for s in run_json("sources")}
    assert sources["dantri"]["outlet"] == "Dân trí"
    assert sources["tienphong"]["claims"]["reaction"] > 10
    entities = {e["id"]: e for e in run_json("entities")}
    assert entities["wang-yi"]["names_vi"] == ["Vương Nghị"]
    assert entities["russia"]["iso"] == "RU"


def test_version_names_the_corpus_hash() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "kzcrisis 0.1.0" in result.stdout
    assert "blake2b:" in result.stdout


def test_validate_passes_on_the_shipped_corpus() -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert "OK:" in result.stderr and "every check passed" in result.stderr


def test_every_command_has_help_with_an_example() -> None:
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Examples:" in result.stdout, name
        assert f"kzcrisis {name}" in result.stdout, name


def test_corpus_env_and_option_point_at_another_folder(tmp_path: object) -> None:
    result = run("claims", "--corpus", "/nonexistent/corpus", "--json")
    assert result.exit_code == 1
    assert "/nonexistent/corpus" in result.stderr
    assert result.stdout == ""
    result = run("claims", "--json", env={"KZCRISIS_CORPUS": "/nonexistent/other"})
    assert result.exit_code == 1 and "/nonexistent/other" in result.stderr


def test_shell_completion_offers_names_without_diacritics() -> None:
    import os
    import shlex
    import subprocess
    import sys

    env = {
        **os.environ,
        "_KZCRISIS_COMPLETE": "bash_complete",
        "COMP_WORDS": "kzcrisis reactions --country trung",
        "COMP_CWORD": "3",
    }
    out = subprocess.run(
        [sys.executable, "-m", "kzcrisis"], env=env, capture_output=True, text=True, check=True
    )
    # Quoted, so that the shell keeps it as one word (shlex splits it as a shell would).
    assert "plain,'Trung Quốc'" in out.stdout.splitlines()
    assert all(len(shlex.split(line.split(",", 1)[1])) == 1 for line in out.stdout.splitlines())
    env["COMP_WORDS"] = "kzcrisis rea"
    env["COMP_CWORD"] = "1"
    out = subprocess.run(
        [sys.executable, "-m", "kzcrisis"], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines() == ["plain,reactions"]


def test_deployment_table_shows_mission_legal_basis_and_command() -> None:
    out = run("deployment", env={"COLUMNS": "120"}).stdout
    assert "legal basis: Article 4 of the Collective Security Treaty" in " ".join(out.split())
    assert "mission:" in out
    assert "command:" in out


def test_usage_errors_show_the_command_usage() -> None:
    result = run("show", "nope")
    assert result.exit_code == 2
    assert "Usage: cli show [OPTIONS] ID" in result.stderr or "show [OPTIONS] ID" in result.stderr
    assert "--help" in result.stderr
    result = run("search", "   ")
    assert result.exit_code == 2
    assert "give at least one word" in result.stderr
    result = run("reactions", "--country", "Rusia")
    assert "Did you mean: Russia?" in result.stderr


# --- parties and names ----------------------------------------------------------------------


def test_every_referenced_id_has_a_name() -> None:
    for record in run_json("claims"):
        refs = [record.get("reported_by"), record.get("speaker"), record.get("command")]
        refs += [*record["actors"], *record["mentions"], *(record.get("contributors") or [])]
        assert {r for r in refs if r} <= set(record["names"]), record["id"]
        assert all(isinstance(name, str) and name for name in record["names"].values())


def test_speaks_for_is_followed_transitively(corpus_copy: Path) -> None:
    """Psaki speaks for the White House, which speaks for the United States: --actor on either finds her."""

    def chain(entities: list[dict[str, Any]]) -> None:
        by_id = {e["id"]: e for e in entities}
        by_id["psaki"]["speaks_for"] = "white-house"
        by_id["white-house"]["speaks_for"] = "united-states"

    edit_json(corpus_copy / "entities.json", chain)
    psaki = {r["id"] for r in run_json("claims", "--corpus", str(corpus_copy)) if r.get("speaker") == "psaki"}
    assert psaki
    for party in ("White House", "Nhà Trắng", "United States", "Mỹ"):
        found = {r["id"] for r in run_json("claims", "--actor", party, "--corpus", str(corpus_copy))}
        assert psaki <= found, party


def test_readme_jq_example_is_null_safe() -> None:
    import shutil
    import subprocess

    if shutil.which("jq") is None:
        pytest.skip("needs jq")
    readme = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    program = readme.split("| jq -r '", 1)[1].split("' |", 1)[0]
    records = run("claims", "--json").stdout  # some records have neither a speaker nor a reporter
    assert any(r.get("speaker") is None and r["reported_by"] is None for r in json.loads(records))
    out = subprocess.run(["jq", "-r", program], input=records, capture_output=True, text=True, check=True)
    assert len(out.stdout.splitlines()) == len(json.loads(records))
    assert "Jen Psaki: " in out.stdout and "  -: " in out.stdout


def test_show_json_is_one_object_with_paragraph_and_source() -> None:
    result = run("show", "tokayev-coup-016", "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert set(shown) == {"claim", "paragraph", "source", "twins", "reports"}
    assert shown["reports"] == len(shown["twins"]) + 1 if shown["claim"].get("statement") else 1
    assert shown["claim"]["id"] == "tokayev-coup-016"
    para = shown["paragraph"]
    assert para["text"][para["start"] : para["end"]] == " ".join(shown["claim"]["quote"].split())
    assert shown["source"]["slug"] == "tokayev-coup"
    picked = json.loads(run("show", "tokayev-coup-016", "--json", "--fields", "id,date").stdout)
    assert picked == {"id": "tokayev-coup-016", "date": shown["claim"]["date"]}


# --- undated claims ---------------------------------------------------------------------------


def test_since_says_how_many_undated_claims_it_left_out() -> None:
    every = run_json("timeline")
    undated = [r["id"] for r in every if r["date"] is None]
    in_range = [r["id"] for r in every if r["date"] and r["date"] >= "2022-01-06"]
    assert undated and in_range
    result = run("timeline", "--since", "2022-01-06", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == in_range
    assert f"{len(undated)} undated claim(s) left out" in result.stderr
    assert "--undated include" in result.stderr
    kept = run("timeline", "--since", "2022-01-06", "--undated", "include", "--json")
    assert [r["id"] for r in json.loads(kept.stdout)] == in_range + undated
    assert "undated" not in kept.stderr
    assert [r["id"] for r in run_json("timeline", "--undated", "only")] == undated
    assert [r["id"] for r in run_json("timeline", "--undated", "exclude")] == [
        r["id"] for r in every if r["date"]
    ]
    assert "left out" not in run("timeline", "--json").stderr


def test_the_undated_note_counts_what_the_command_would_show() -> None:
    undated_hits = [r for r in run_json("search", "nga") if r["date"] is None]
    result = run("search", "nga", "--until", "2022-01-31", "--json")
    assert f"{len(undated_hits)} undated claim(s) left out" in result.stderr
    undated_casualties = [r for r in run_json("casualties") if r["date"] is None]
    result = run("casualties", "--since", "2022-01-01", "--json")
    assert f"{len(undated_casualties)} undated claim(s) left out" in result.stderr


# --- choices, dates, completion -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "means"),
    [
        (["claims", "--format", "JSON", "--limit", "2"], ["claims", "--format", "json", "--limit", "2"]),
        (["claims", "--kind", "Reaction"], ["claims", "--kind", "reaction"]),
        (["claims", "--stance", "Condemns-Violence"], ["claims", "--stance", "condemns_violence"]),
        (["casualties", "--metric", "KILLED"], ["casualties", "--metric", "killed"]),
        (["figures", "--group", "security forces"], ["figures", "--group", "security_forces"]),
        (["entities", "--type", "Country"], ["entities", "--type", "country"]),
        (["timeline", "--undated", "ONLY"], ["timeline", "--undated", "only"]),
        (
            ["claims", "--fields", "ID,Text_EN", "--format", "csv"],
            ["claims", "--fields", "id,text_en", "--format", "csv"],
        ),
    ],
)
def test_choices_ignore_case_where_that_is_unambiguous(args: list[str], means: list[str]) -> None:
    typed, meant = run(*args), run(*means)
    assert typed.exit_code == 0, typed.output
    assert typed.stdout == meant.stdout and typed.stdout.strip()


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["claims", "--stance", "condems_violence"], "Did you mean: condemns_violence"),
        (["claims", "--kind", "reactions"], "Did you mean: reaction"),
        (["claims", "--format", "jsn"], "Did you mean: json"),
        (["compare", "--metric", "kiled"], "Did you mean: killed"),
        (["claims", "--fields", "id,txt_en"], "Did you mean: text_en"),
    ],
)
def test_bad_choices_suggest_the_closest(args: list[str], suggestion: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert suggestion in result.output


@pytest.mark.parametrize("value", ["2022-1-6", "06/01/2022", "2022-13-01", "yesterday"])
def test_date_errors_say_what_is_expected(value: str) -> None:
    result = run("claims", "--since", value)
    assert result.exit_code == 2
    assert "expected YYYY-MM-DD, e.g. 2022-01-06" in result.output
    assert "%Y" not in result.output


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize(
    ("args", "keywords"),
    [
        (("timeline",), {}),
        (("reactions", "--country", "Russia"), {"kind": "reaction", "country": "Russia"}),
        (("claims", "--kind", "casualty", "--limit", "4"), {"kind": "casualty", "limit": 4}),
        (("timeline", "--since", "2030-01-01"), {"since": "2030-01-01"}),
    ],
)
def test_streamed_json_is_the_answer_read_whole(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], keywords: dict[str, Any], fmt: str
) -> None:
    """Listings stream JSON from the index a batch at a time; with batches of 5 and 7 rows (so that
    the shipped corpus crosses many batch boundaries, and the two sizes do not line up) the bytes
    are those of the records read whole through the API."""
    from kzcrisis.query import select
    from kzcrisis.query.session import Session
    from kzcrisis.render import to_json as output
    from kzcrisis.render.formats import iter_json, iter_jsonl

    monkeypatch.setattr(select, "BATCH", 5)
    monkeypatch.setattr(output, "STREAM_BATCH", 7)
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.output
    with Session() as kz:
        records = [row.record for row in kz.rows(kz.filters(**keywords))]
    expected = "".join(iter_json(records) if fmt == "json" else iter_jsonl(records))
    assert result.stdout == expected
    if args == ("timeline",):
        assert len(records) > 100 and '"id":"csto-request-001"' in result.stdout
    if args[0] == "reactions":
        assert 3 < len(records) < 50 and all("russia" in r for r in records)
    if "--limit" in args:
        assert len(records) == 4 and all('"kind":"casualty"' in r for r in records)
    if "2030-01-01" in args:
        assert records == [] and "nothing matches" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("query", ["kazakhstan", "trung quoc", '"bắt giữ"'])
def test_streamed_search_is_the_search_read_whole(
    monkeypatch: pytest.MonkeyPatch, query: str, fmt: str
) -> None:
    """search streams its JSON too (records read TEXT_BATCH at a time, written STREAM_BATCH at a
    time); with 3 and 7 the bytes are the API's records, best first, with their scores."""
    from kzcrisis import open_corpus
    from kzcrisis.query import search
    from kzcrisis.query.session import Session
    from kzcrisis.render import to_json as output
    from kzcrisis.render.formats import iter_json, iter_jsonl

    monkeypatch.setattr(search, "TEXT_BATCH", 3)
    monkeypatch.setattr(output, "STREAM_BATCH", 7)
    result = run("search", query, "--format", fmt)
    assert result.exit_code == 0, result.output
    with Session() as session, open_corpus() as kz:
        found = session.search_rows(query, session.filters())
        api = kz.search(query)
    records = [f'{row.record[:-1]},"score":{score!r}}}' for score, row in found]
    assert len(records) >= 2
    expected = "".join(iter_json(records) if fmt == "json" else iter_jsonl(records))
    assert result.stdout == expected
    if fmt == "jsonl":
        printed = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        printed = json.loads(result.stdout)
    assert [(r["id"], r["score"]) for r in printed] == [(r["id"], r["score"]) for r in api]


def test_the_undated_note_counts_what_the_other_filters_keep() -> None:
    """`--section caption --since DAY`: the note counts undated captions, not every undated claim."""
    undated_captions = run_json("claims", "--section", "caption", "--undated", "only")
    every_undated = run_json("claims", "--undated", "only")
    assert 0 < len(undated_captions) < len(every_undated)
    result = run("claims", "--section", "caption", "--since", "2022-01-01", "--json")
    assert f"{len(undated_captions)} undated claim(s) left out" in result.stderr
