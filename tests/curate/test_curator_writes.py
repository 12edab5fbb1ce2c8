"""The curator's writes pass the loader's checks before they are written, and read no more than
the loader would."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from kzcrisis.corpus.files import MAX_FILE_BYTES
from tests.cli.test_environment import KZ, clean_env
from tests.conftest import run

NOTES = ("--title", "T", "--date-note", "The text gives no date.", "--language", "en")


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_add_source_refuses_an_outlet_with_escape_codes_and_writes_nothing(
    corpus_copy: Path, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("A new article about Almaty.\n", encoding="utf-8")
    before = files_of(corpus_copy)
    result = run(
        "add-source", str(article), "--slug", "esc", "--outlet", "Evil\x1b]0;owned\x07", *NOTES,
        "--corpus", str(corpus_copy),
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "the new sources.json would not load" in result.stderr
    assert "U+001B" in result.stderr
    assert files_of(corpus_copy) == before


def test_add_source_reads_stdin_up_to_the_bound_and_no_further(corpus_copy: Path, tmp_path: Path) -> None:
    # `yes` would never end: the command must stop reading at the bound and refuse.
    before = files_of(corpus_copy)
    command = [
        *KZ,
        "add-source",
        "-",
        "--slug",
        "endless",
        "--outlet",
        "O",
        *NOTES,
        "--corpus",
        str(corpus_copy),
    ]
    with subprocess.Popen(["yes"], stdout=subprocess.PIPE) as yes:
        done = subprocess.run(
            command,
            stdin=yes.stdout,
            capture_output=True,
            env=clean_env(tmp_path / "cache"),
            timeout=120,
            check=False,
        )
        yes.kill()
    assert done.returncode == 2, done.stderr
    assert f"larger than {MAX_FILE_BYTES // 2**20} MiB" in done.stderr.decode()
    assert files_of(corpus_copy) == before


def test_add_source_refuses_a_text_the_loader_would_refuse_as_nfd(corpus_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(unicodedata.normalize("NFD", "Bạo loạn ở Almaty.\n").encode("utf-8"))
    before = files_of(corpus_copy)
    result = run(
        "add-source", str(article), "--slug", "nfd", "--outlet", "O", *NOTES, "--corpus", str(corpus_copy)
    )
    assert result.exit_code == 2, result.output
    assert "not in Unicode NFC" in result.stderr
    assert files_of(corpus_copy) == before


def test_add_source_reads_sources_json_by_the_loaders_rules(corpus_copy: Path, tmp_path: Path) -> None:
    """A sources.json nested too deeply was a RecursionError (an internal error); a duplicate key was
    taken silently. Both are the loader's problems, named before anything is written."""
    article = tmp_path / "a.txt"
    article.write_text("A new article about Almaty.\n", encoding="utf-8")
    sources = corpus_copy / "sources.json"
    original = sources.read_text(encoding="utf-8")
    for broken, words in (
        ("[" * 200_000 + "]" * 200_000, "invalid JSON: nested too deeply"),
        (original.replace('"slug":', '"slug": "x", "slug":', 1), "duplicate key 'slug' in one object"),
    ):
        sources.write_text(broken, encoding="utf-8")
        before = files_of(corpus_copy)
        result = run(
            "add-source",
            str(article),
            "--slug",
            "deep",
            "--outlet",
            "O",
            *NOTES,
            "--corpus",
            str(corpus_copy),
        )
        assert result.exit_code == 2, result.output
        assert f"sources.json: {words}; fix it first (kzcrisis validate)" in result.stderr
        assert "internal error" not in result.stderr
        assert files_of(corpus_copy) == before
