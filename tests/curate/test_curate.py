"""The curator's commands on temporary corpora: add-source, coverage, draft, and validate's help."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from kzcrisis.corpus.reading import load_corpus
from kzcrisis.curate.archive import insert_record
from tests.conftest import CORPUS, edit_json, run

FIXTURE = Path(__file__).parents[1] / "fixtures" / "en_article.txt"
ADD = ["--outlet-note", "A test fixture names no outlet.", "--title", "Test fixture for kzcrisis"]
ADD += ["--date-note", "A test fixture has no date.", "--language", "en"]


def _diff(before: str, after: str) -> tuple[list[str], list[str]]:
    lines = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [ln[2:] for ln in lines if ln.startswith("- ")], [ln[2:] for ln in lines if ln.startswith("+ ")]


def _article(tmp_path: Path) -> Path:
    """The fixture article, made unique to this test (the corpus it is added to may hold the fixture)."""
    path = tmp_path / "article.txt"
    path.write_bytes(FIXTURE.read_bytes() + f"Made for {tmp_path.name}.\n".encode())
    return path


def test_add_source_archives_bytes_and_adds_one_record(corpus_copy: Path, tmp_path: Path) -> None:
    before = (corpus_copy / "sources.json").read_text(encoding="utf-8")
    article = _article(tmp_path)
    result = run("add-source", str(article), "--slug", "fixture-en-test", *ADD, "--corpus", str(corpus_copy))
    assert result.exit_code == 0, result.output
    after = (corpus_copy / "sources.json").read_text(encoding="utf-8")
    removed, added = _diff(before, after)
    # a diff shows the one record and nothing else: '},', then the record's lines ('}' is shared)
    assert removed == []
    records = json.loads(after)
    assert records[:-1] == json.loads(before)
    record = records[-1]
    assert added == [
        "  },",
        *json.dumps(record, ensure_ascii=False, indent=2).splitlines()[:-1],
    ] or added == [
        "  },",
        *["  " + line for line in json.dumps(record, ensure_ascii=False, indent=2).splitlines()[:-1]],
    ]
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    assert record["slug"] == "fixture-en-test" and record["sha256"] == digest
    assert record["outlet"] is None and record["outlet_note"] == "A test fixture names no outlet."
    assert record["language"] == "en" and "url" not in record  # nothing invented
    assert (corpus_copy / record["file"]).read_bytes() == article.read_bytes()
    claims = json.loads((corpus_copy / "claims" / "fixture-en-test.json").read_text(encoding="utf-8"))
    assert claims == {"source": "fixture-en-test", "claims": []}
    assert "fixture-en-test" in load_corpus(corpus_copy).sources
    assert not list(corpus_copy.rglob("*.tmp"))


def test_add_source_refuses_duplicates_and_writes_nothing(corpus_copy: Path, tmp_path: Path) -> None:
    shipped = load_corpus(corpus_copy)
    slug, source = next(iter(shipped.sources.items()))
    before = sorted(p.name for p in corpus_copy.rglob("*"))
    again = run(
        "add-source", str(corpus_copy / source.file), "--slug", "new-one", *ADD, "--corpus", str(corpus_copy)
    )
    assert again.exit_code == 2
    assert f"already archived as source {slug!r}" in again.stderr
    taken = run("add-source", str(_article(tmp_path)), "--slug", slug, *ADD, "--corpus", str(corpus_copy))
    assert taken.exit_code == 2
    assert f"slug {slug!r} is already in sources.json" in taken.stderr
    assert sorted(p.name for p in corpus_copy.rglob("*")) == before


def test_add_source_needs_a_note_for_what_it_does_not_give(tmp_path: Path, corpus_copy: Path) -> None:
    result = run("add-source", str(_article(tmp_path)), "--slug", "x", "--corpus", str(corpus_copy))
    assert result.exit_code == 2
    for note in ("outlet_note", "title_note", "published_note"):
        assert note in result.stderr  # all of them in one message
    assert "Traceback" not in result.output


def test_add_source_from_stdin_into_an_empty_array(tmp_path: Path, corpus_copy: Path) -> None:
    (corpus_copy / "sources.json").write_text("[]\n", encoding="utf-8")
    text = "Một bài báo thử.\n"
    result = run(
        "add-source", "-", "--slug", "stdin-one", *ADD[:-2], "--corpus", str(corpus_copy), input=text
    )
    assert result.exit_code == 0, result.output
    records = json.loads((corpus_copy / "sources.json").read_text(encoding="utf-8"))
    assert [r["slug"] for r in records] == ["stdin-one"]
    assert (corpus_copy / records[0]["file"]).read_text(encoding="utf-8") == text


def test_insert_record_keeps_the_file_s_indentation() -> None:
    four = '[\n    {\n        "slug": "a"\n    }\n]\n'
    out = insert_record(four, {"slug": "b"})
    assert out == '[\n    {\n        "slug": "a"\n    },\n    {\n        "slug": "b"\n    }\n]\n'


def _coverage(corpus: Path, slug: str) -> dict[str, Any]:
    result = run("coverage", "--source", slug, "--json", "--corpus", str(corpus))
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)[0]
    assert f"{slug}: {report['summary']['sentences']} sentences" in result.stderr
    return report


def test_coverage_places_each_claim_in_its_sentences(corpus_copy: Path) -> None:
    corpus = load_corpus(corpus_copy)
    slug = next(iter(corpus.sources))
    report = _coverage(corpus_copy, slug)
    by_claim = {c: s["text"] for s in report["sentences"] for c in s["claims"]}
    for claim in (c for c in corpus.claims if c.source == slug):
        # a quote's words are in the sentence(s) it is placed in
        assert claim.id in by_claim
        assert " ".join(claim.quote.split())[:20] in " ".join(
            s["text"] for s in report["sentences"] if claim.id in s["claims"]
        )


def test_coverage_flags_and_explains(corpus_copy: Path) -> None:
    corpus = load_corpus(corpus_copy)
    slug = next(iter(corpus.sources))
    report = _coverage(corpus_copy, slug)
    explained = [s for s in report["sentences"] if s["status"] == "explained"]
    assert explained, "the shipped coverage.json explains some sentences"
    (corpus_copy / "coverage.json").unlink()
    bare = _coverage(corpus_copy, slug)
    flagged = {s["n"]: s for s in bare["sentences"] if s["status"] == "flagged"}
    assert {s["n"] for s in explained} == set(flagged)
    assert all(s["signals"] for s in flagged.values())
    strict = run("coverage", "--source", slug, "--strict", "--corpus", str(corpus_copy))
    assert strict.exit_code == 1


def test_draft_for_a_named_sentence_and_to_a_file(corpus_copy: Path, tmp_path: Path) -> None:
    corpus = load_corpus(corpus_copy)
    slug = "tokayev-coup"
    report = _coverage(corpus_copy, slug)
    n = next(s["n"] for s in report["sentences"] if "khoảng 5.800" in s["text"])
    out = tmp_path / "draft.json"
    result = run(
        "draft", "--source", slug, "--sentence", str(n), "--output", str(out), "--corpus", str(corpus_copy)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    drafted = json.loads(out.read_text(encoding="utf-8"))
    (claim,) = drafted["claims"]
    assert claim["kind"] == "arrest" and claim["text_en"] == ""
    assert [(f["count"], f["qualifier"], f["metric"]) for f in claim["figures"]] == [
        (5800, "about", "detained")
    ]
    assert "kz-presidential-office" in claim["mentions"] or "kazakhstan" in claim["mentions"]
    assert "2022-01-09" in claim["note"]  # 'ngày 9/1', a candidate date
    numbers = [int(c.id.rsplit("-", 1)[1]) for c in corpus.claims if c.source == slug]
    assert claim["id"] == f"{slug}-{max(numbers) + 1:03d}"
    again = run("draft", "--source", slug, "--output", str(out), "--corpus", str(corpus_copy))
    assert again.exit_code == 2 and "exists" in again.stderr
    wrong = run("draft", "--source", slug, "--sentence", "999", "--corpus", str(corpus_copy))
    assert wrong.exit_code == 2 and "no sentence 999" in wrong.stderr


def test_validate_labels_source_records_and_reports_all_at_once(corpus_copy: Path) -> None:
    def break_sources(sources: list[dict[str, Any]]) -> None:
        sources[0]["outlet"], sources[0]["title"] = None, None
        sources[0].pop("outlet_note", None)
        sources[0].pop("title_note", None)
        sources[1]["sha256"] = "not-a-hash"

    edit_json(corpus_copy / "sources.json", break_sources)
    edit_json(corpus_copy / "claims" / "dantri.json", lambda d: d["claims"][0].update(actors=["atlantis"]))
    records = json.loads((corpus_copy / "sources.json").read_text(encoding="utf-8"))
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    first, second = records[0]["slug"], records[1]["slug"]
    assert f"sources.json [source {first}]: " in result.stdout
    assert "outlet_note" in result.stdout and "title_note" in result.stdout
    assert f"sources.json [source {second}] (sha256)" in result.stdout
    assert "[claim " + first not in result.stdout
    assert "unknown entity 'atlantis'" in result.stdout  # claim problems in the same run
    as_json = json.loads(run("validate", "--format", "json", "--corpus", str(corpus_copy)).stdout)
    assert {p["record"] for p in as_json if p["file"] == "sources.json"} == {"source"}


def test_validate_shows_where_a_retyped_quote_differs(corpus_copy: Path) -> None:
    path = corpus_copy / "claims" / "dantri.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    claim = next(c for c in data["claims"] if "ế" in c["quote"])
    original = claim["quote"]
    claim["quote"] = original.replace("ế", "ê", 1)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("validate", "--source", "dantri", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    assert f"[claim {claim['id']}] (quote): quote not found" in result.stdout
    assert "100% alike" not in result.stdout and "closest passage" in result.stdout
    assert "'ê' (U+00EA LATIN SMALL LETTER E WITH CIRCUMFLEX)" in result.stdout
    assert "'ế' (U+1EBF LATIN SMALL LETTER E WITH CIRCUMFLEX AND ACUTE)" in result.stdout
    line = int(re.search(r", line (\d+) of its file", result.stdout).group(1))  # type: ignore[union-attr]
    raw = (corpus_copy / load_corpus(corpus_copy, check=False).sources["dantri"].file).read_text(
        encoding="utf-8"
    )
    assert " ".join(original.split())[:25] in " ".join(raw.splitlines()[line - 1].split())
    problems = json.loads(
        run("validate", "--json", "--source", "dantri", "--corpus", str(corpus_copy)).stdout
    )
    (problem,) = problems
    assert original[:30] in problem["hint"]


def test_validate_source_keeps_to_its_article(corpus_copy: Path) -> None:
    edit_json(corpus_copy / "claims" / "dantri.json", lambda d: d["claims"][0].update(actors=["atlantis"]))
    other = run("validate", "--source", "tienphong", "--corpus", str(corpus_copy))
    assert other.exit_code == 0, other.output
    assert "source tienphong passes" in other.stderr
    own = run("validate", "--source", "dantri", "--corpus", str(corpus_copy))
    assert own.exit_code == 1 and "atlantis" in own.stdout
    unknown = run("validate", "--source", "dantr", "--corpus", str(corpus_copy))
    assert unknown.exit_code == 2 and "dantri" in unknown.stderr


def test_coverage_table_never_hands_control_characters_to_the_terminal(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("corpus.json", "entities.json"):
        (root / name).write_bytes((CORPUS / name).read_bytes())
    article = tmp_path / "a.txt"
    article.write_text("Nga cho biết \x1b[31mđỏ\u200b.\n", encoding="utf-8")
    notes = ["--outlet-note", "n", "--title", "t", "--date-note", "d"]
    assert run("add-source", str(article), "--slug", "ctl", *notes, "--corpus", str(root)).exit_code == 0
    table = run("coverage", "--corpus", str(root))
    assert "\x1b" not in table.stdout and "\\x1b[31m" in table.stdout and "\\u200b" in table.stdout
    exact = json.loads(run("coverage", "--json", "--corpus", str(root)).stdout)
    assert exact[0]["sentences"][0]["text"] == "Nga cho biết \x1b[31mđỏ\u200b."  # JSON stays exact


def test_validate_source_with_an_unreadable_sources_file(corpus_copy: Path) -> None:
    (corpus_copy / "sources.json").write_text("[{", encoding="utf-8")
    result = run("validate", "--source", "dantri", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    assert "sources.json:1: invalid JSON" in result.stdout


def test_validate_checks_coverage_json_too(corpus_copy: Path) -> None:
    path = corpus_copy / "coverage.json"
    good = path.read_text(encoding="utf-8")
    edit_json(path, lambda data: data[next(iter(data))][0].update(reason="boring"))
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    assert "coverage.json" in result.stdout and "'chrome'" in result.stdout  # the reasons it may give
    path.write_text(good, encoding="utf-8")
    edit_json(path, lambda data: data.update({"no-such-article": []}))
    unknown = run("validate", "--corpus", str(corpus_copy))
    assert unknown.exit_code == 1
    assert "coverage.json: unknown source 'no-such-article'" in unknown.stdout


def test_validate_source_edge_cases(tmp_path: Path) -> None:
    empty = run("validate", "--source", "", "--corpus", str(CORPUS))
    assert empty.exit_code == 2 and "--source needs a slug" in empty.stderr
    missing = run("validate", "--source", "dantri", "--corpus", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "corpus folder not found" in missing.stdout


def test_add_source_with_date_writes_a_record_that_validates(corpus_copy: Path, tmp_path: Path) -> None:
    """The guide's own first step passes --date: the day is stored as sources.json stores it."""
    args = ["--outlet", "Fixture Wire", "--title", "Test fixture for kzcrisis", "--language", "en"]
    result = run(
        "add-source", str(_article(tmp_path)), "--slug", "dated-fixture", *args,
        "--date", "2022-01-11", "--corpus", str(corpus_copy),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads((corpus_copy / "sources.json").read_text(encoding="utf-8"))[-1]
    assert record["slug"] == "dated-fixture" and record["published"] == "2022-01-11"
    assert str(load_corpus(corpus_copy).sources["dated-fixture"].published) == "2022-01-11"
    assert run("validate", "--corpus", str(corpus_copy)).exit_code == 0


def test_add_source_files_follow_the_umask_and_refuse_a_hostile_url(
    corpus_copy: Path, tmp_path: Path
) -> None:
    """The curator's files are written by the one writer: 0666 less the umask (they were 0600)."""
    import os
    import stat

    article = _article(tmp_path)
    hostile = run(
        "add-source",
        str(article),
        "--slug",
        "bad-url",
        *ADD,
        "--url",
        " javascript:alert(1)",
        "--corpus",
        str(corpus_copy),
    )
    assert hostile.exit_code == 2
    assert "is not a web address starting with http:// or https://" in hostile.stderr
    before = os.umask(0o027)
    try:
        result = run(
            "add-source", str(article), "--slug", "fixture-en-test", *ADD, "--corpus", str(corpus_copy)
        )
    finally:
        os.umask(before)
    assert result.exit_code == 0, result.output
    record = json.loads((corpus_copy / "sources.json").read_text(encoding="utf-8"))[-1]
    for path in (
        corpus_copy / "sources.json",
        corpus_copy / record["file"],
        corpus_copy / "claims" / "fixture-en-test.json",
    ):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
