"""A stranger's corpus (issue 15, causes 3 to 5): the files hashed are the files loaded, no file can
hang or exhaust the tool, and ambiguous data is a problem named by file and line, never coerced.

Each case builds a small valid corpus (`write_corpus`) and breaks one thing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kzcrisis.cli.app import cli
from kzcrisis.corpus.files import is_ignored, list_corpus
from kzcrisis.corpus.models import MAX_COUNT, MAX_QUOTE
from kzcrisis.index.store import corpus_key
from tests.conftest import edit_json
from tests.query.test_compare import write_corpus

pytestmark = pytest.mark.slow  # subprocesses, FIFOs, a 15 MB article


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_corpus(folder, [("5.800", 5800, "exact", "2022-01-07"), ("26", 26, "exact", None)])
    return folder


def validate(root: Path) -> Result:
    return invoke("validate", "--corpus", str(root))


def claims_text(root: Path) -> str:
    return (root / "claims" / "a.json").read_text(encoding="utf-8")


def set_claims_text(root: Path, text: str) -> None:
    (root / "claims" / "a.json").write_text(text, encoding="utf-8")


def figure(root: Path, **change: Any) -> None:
    edit_json(root / "claims" / "a.json", lambda d: d["claims"][0]["figures"][0].update(change))


# --- strict parsing ------------------------------------------------------------------------------


def test_a_duplicate_key_is_a_problem_naming_key_file_and_line(root: Path) -> None:
    data = json.loads(claims_text(root))
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # The second "count" of the first figure would win silently: 58 instead of 5,800.
    text = text.replace('"count": 5800,', '"count": 5800,\n          "count": 58,', 1)
    set_claims_text(root, text)
    line = text.splitlines().index('          "count": 58,') + 1
    result = validate(root)
    assert result.exit_code == 1
    assert f"claims/a.json:{line}: duplicate key 'count' in one object" in result.stdout
    refused = invoke("compare", "--corpus", str(root), "--json")
    assert refused.exit_code == 1
    assert "duplicate key 'count'" in refused.stderr


@pytest.mark.parametrize("count", [True, "5800", 5800.0])
def test_a_count_is_an_integer_never_coerced(root: Path, count: Any) -> None:
    figure(root, count=count)
    result = validate(root)
    assert result.exit_code == 1
    assert "claims/a.json [claim a-0] (figures.0.count)" in result.stdout, result.stdout


@pytest.mark.parametrize("date", [20220107, "2022-01-07T00:00:00", 1641513600.0])
def test_a_date_is_a_yyyy_mm_dd_string(root: Path, date: Any) -> None:
    figure(root, as_of=date)
    result = validate(root)
    assert result.exit_code == 1
    assert "(figures.0.as_of)" in result.stdout
    assert "expected a real day written year-month-day, e.g. 2022-01-06" in result.stdout


def test_a_blank_quote_is_not_found_everywhere(root: Path) -> None:
    edit_json(root / "claims" / "a.json", lambda d: d["claims"][1].update(quote="   \n "))
    result = validate(root)
    assert result.exit_code == 1
    assert '[claim a-1] (quote): quote is "   \\n ": expected words, not only spaces' in result.stdout


def test_counts_are_bounded_and_compare_never_crashes(root: Path) -> None:
    figure(root, count=10**400)
    result = validate(root)
    assert result.exit_code == 1
    assert f"expected a whole number at most {MAX_COUNT}" in result.stdout
    refused = invoke("compare", "--corpus", str(root))
    assert refused.exit_code == 1
    assert "figures.0.count" in refused.stderr


def test_a_5000_digit_integer_is_located_and_every_other_problem_still_listed(root: Path) -> None:
    text = claims_text(root).replace("5800", "9" * 5000, 1)
    set_claims_text(root, text)
    edit_json(root / "entities.json", lambda d: d[0].update(iso="xx"))  # a second, unrelated problem
    result = validate(root)
    assert result.exit_code == 1
    assert "claims/a.json:1: invalid JSON: an integer with far too many digits" in result.stdout
    assert "entities.json" in result.stdout and "iso" in result.stdout


def test_field_sizes_are_bounded(root: Path) -> None:
    edit_json(root / "claims" / "a.json", lambda d: d["claims"][0].update(quote="x" * (MAX_QUOTE + 1)))
    result = validate(root)
    assert result.exit_code == 1
    assert f"[claim a-0] (quote): quote is too long: at most {MAX_QUOTE} characters" in result.stdout


def test_a_nul_byte_in_a_source_path_is_a_problem_not_a_crash(root: Path) -> None:
    edit_json(root / "sources.json", lambda d: d[0].update(file="sources/a\u0000.txt"))
    result = validate(root)
    assert result.exit_code == 1
    assert "sources.json [source a] (file): file name contains a NUL byte" in result.stdout


def test_an_alias_of_punctuation_only_is_a_problem(root: Path) -> None:
    edit_json(root / "entities.json", lambda d: d[0].update(aliases=["..."]))
    result = validate(root)
    assert result.exit_code == 1
    assert "name '...' has no letter or digit" in result.stdout


# --- one enumeration ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [".#a.json", "._a.json", "a.json~", "#a.json#", ".hidden.json", "Thumbs.db"])
def test_editor_and_os_artefacts_are_ignored_by_rule(root: Path, name: str) -> None:
    assert is_ignored(name)
    (root / "claims" / name).write_bytes(b"\x00\x01 not json at all")
    before = corpus_key(str(root))
    result = validate(root)
    assert result.exit_code == 0, result.output
    assert "OK: 2 claims" in result.stderr
    assert name not in list_corpus(str(root)).files
    (root / "claims" / name).write_bytes(b"changed")
    assert corpus_key(str(root)) == before  # neither loaded nor hashed


def test_an_emacs_lock_link_is_ignored(root: Path) -> None:
    # Emacs's lock file is a dangling symbolic link: ignored by its name before it is looked at.
    (root / "claims" / ".#a.json").symlink_to("user@host.1234:1700000000")
    assert validate(root).exit_code == 0
    assert len(json.loads(invoke("claims", "--corpus", str(root), "--json").stdout)) == 2


def test_a_hidden_claims_file_is_neither_loaded_nor_served(root: Path) -> None:
    data = json.loads(claims_text(root))
    data["claims"] = data["claims"][:1]
    data["claims"][0]["id"] = "a-hidden"
    (root / "claims" / ".extra.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ids = [r["id"] for r in json.loads(invoke("claims", "--corpus", str(root), "--json").stdout)]
    assert ids == ["a-0", "a-1"]


def test_an_upper_case_extension_is_never_silently_ignored(root: Path) -> None:
    (root / "claims" / "a.json").rename(root / "claims" / "a.JSON")
    result = validate(root)
    assert result.exit_code == 1
    assert "claims/a.JSON: claims files end in lower-case '.json'" in result.stdout


def test_a_symlinked_claims_folder_is_refused_for_hash_and_load_alike(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (root / "claims").rename(elsewhere)
    (root / "claims").symlink_to(elsewhere)
    result = validate(root)
    assert result.exit_code == 1
    assert "claims: is a symbolic link" in result.stdout
    with pytest.raises(OSError, match="symbolic link"):
        corpus_key(str(root))
    assert invoke("claims", "--corpus", str(root)).exit_code == 1


# --- special files never hang or exhaust -----------------------------------------------------------


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzcrisis", *args],
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang fails the test instead of blocking the suite
        env={**os.environ, "KZCRISIS_NO_CACHE": "1"},
        check=False,
    )


@pytest.mark.parametrize("where", ["claims/b.json", "notes", "sources/extra.txt"])
def test_a_fifo_anywhere_is_refused_never_read(root: Path, where: str) -> None:
    os.mkfifo(root / where)
    for args in (["validate"], ["claims"], ["compare"]):
        done = _cli(*args, "--corpus", str(root))
        assert done.returncode == 1, done.stderr
        assert f"{where}: is a FIFO" in done.stdout + done.stderr


@pytest.mark.parametrize("rel", ["claims/a.json", "corpus.json", "sources/a.txt"])
def test_a_link_to_a_device_is_never_read(root: Path, rel: str) -> None:
    (root / rel).unlink()
    (root / rel).symlink_to("/dev/zero")
    done = _cli("claims", "--corpus", str(root))
    assert done.returncode == 1
    assert f"{rel}: is a symbolic link" in done.stderr


def test_a_source_file_that_is_a_device_is_refused(root: Path) -> None:
    # No link involved: sources.json names a device path inside the corpus (a bind mount would do).
    from kzcrisis.corpus.files import read_regular

    with pytest.raises(OSError, match="a device, not a regular file"):
        read_regular("/dev/zero", 1024)
    os.mkfifo(root / "f")
    with pytest.raises(OSError, match="a FIFO, not a regular file"):
        read_regular(str(root / "f"), 1024)


def test_validate_and_a_query_agree_on_every_problem(root: Path) -> None:
    os.mkfifo(root / "claims" / "b.json")
    (root / "claims" / "c.JSON").write_text("{}", encoding="utf-8")
    listed = validate(root).stdout
    refused = invoke("claims", "--corpus", str(root)).stderr
    for line in listed.splitlines():
        assert line in refused
    assert re.search(r"claims/b\.json: is a FIFO", listed)


# --- pathological sizes ----------------------------------------------------------------------------


def _article_with(root: Path, before: str, quote: str, after: str) -> None:
    """Put `quote` in the article (one paragraph with `before` and `after`) and fix its sha256."""
    import hashlib

    first = json.loads(claims_text(root))["claims"][0]["quote"]
    article = f"{first}\n{before}{quote}{after}\n".encode()
    (root / "sources" / "a.txt").write_bytes(article)
    edit_json(root / "sources.json", lambda d: d[0].update(sha256=hashlib.sha256(article).hexdigest()))


def test_show_in_a_15_mb_paragraph_is_bounded_with_a_note(root: Path) -> None:
    quote = json.loads(claims_text(root))["claims"][1]["quote"]
    filler = "lorem ipsum " * 650_000  # ~7.8 MB on each side: one 15 MB line
    _article_with(root, filler, quote, " " + filler)
    result = invoke("show", "a-1", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    assert "paragraph cut" in result.stdout
    assert len(result.stdout) < 20_000
    assert "26" in result.stdout


def test_a_15_mb_english_text_is_refused_by_its_bound(root: Path) -> None:
    from kzcrisis.corpus.models import MAX_TEXT_EN

    edit_json(root / "claims" / "a.json", lambda d: d["claims"][0].update(text_en="x " * 7_500_000))
    result = validate(root)
    assert result.exit_code == 1
    assert f"(text_en): text_en is too long: at most {MAX_TEXT_EN} characters" in result.stdout


def test_a_1000_line_quote_is_shown_whole(root: Path) -> None:
    quote = "\n".join(f"q{i % 10}" for i in range(999)) + "\n26 người"
    _article_with(root, "", quote, "")
    edit_json(root / "claims" / "a.json", lambda d: d["claims"][1].update(quote=quote))
    shown = invoke("show", "a-1", "--corpus", str(root))
    assert shown.exit_code == 0, shown.output
    assert "paragraph cut" not in shown.stdout
    assert shown.stdout.count("q7") == 100 and "26 người«" in shown.stdout


def test_the_plain_layout_wraps_a_huge_word_linearly_and_losslessly() -> None:
    from kzcrisis.render.tables import VIEWS, render_plain

    text = "x" * 2_000_000 + " tail"
    record = {"id": "a-0", "date": None, "kind": "event", "text_en": text}
    out = render_plain([record], VIEWS["claims"], 100)
    lines = out.splitlines()
    width = len(lines[2].rstrip())
    assert width <= 100
    body = "".join(line.rsplit("   ", 1)[-1].strip() for line in lines[2:] if line.strip())
    assert body.count("x") == 2_000_000 and body.endswith("tail")
