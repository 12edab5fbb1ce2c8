"""Terminal injection (issue 15, cause 1): nothing from a corpus, a file name or an argument drives
the terminal. Control and invisible format characters are shown as visible escapes, rich never reads
data as markup, and JSON stays exact.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from kzcrisis.cli.app import cli
from kzcrisis.corpus.text import UNSAFE
from kzcrisis.errors import Problem
from kzcrisis.index.records import QuantityRecord
from kzcrisis.render.chart import render_comparison
from kzcrisis.render.sanitize import clean, clean_line, problem_line
from kzcrisis.render.show import render_claim
from kzcrisis.render.tables import VIEWS, render_plain, render_stacked, render_table
from tests.conftest import edit_json
from tests.query.test_compare import write_corpus

# The attacks: an OSC 52 clipboard write, an OSC 8 link, a screen clear, C1 CSI, BEL, NUL, a
# right-to-left override, a zero-width space, and a tag character.
OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
HOSTILE = f"Nga{OSC52}{OSC8}{CLEAR}\x9b31m\x00\u202eevil\u200b\U000e0041"


def assert_safe(text: str) -> None:
    found = UNSAFE.findall(text)
    assert not found, f"raw unsafe characters reached the output: {sorted(set(map(hex, map(ord, found))))}"


def rendered(renderable: Any, width: int = 120) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    text = console.export_text()
    console.file.close()
    return text


# --- the function ---------------------------------------------------------------------------


def test_clean_shows_each_attack_visibly() -> None:
    out = clean(HOSTILE)
    assert_safe(out)
    assert out.startswith("Nga\\x1b]52;c;cm0gLXJmIH4K\\x07")
    for shown in ("\\x9b", "\\x00", "\\u202e", "\\u200b", "\\U000e0041", "\\x1b[2J"):
        assert shown in out


def test_clean_keeps_layout_and_vietnamese() -> None:
    text = "Trung Quốc\tủng hộ\nTokayev — «5.800»"
    assert clean(text) == text
    assert clean_line(text) == "Trung Quốc\\tủng hộ\\nTokayev — «5.800»"


@given(st.text())
def test_clean_never_lets_an_unsafe_character_through(text: str) -> None:
    assert_safe(clean(text))
    assert "\n" not in clean_line(text)
    if not UNSAFE.search(text):
        assert clean(text) == text  # nothing to escape: unchanged


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None)])
    name = os.fsencode(root / "claims") + b"/\x9b31m.json"
    with open(name, "wb") as handle:
        handle.write(b"{not json")
    result = invoke("validate", "--corpus", str(root))
    assert result.exit_code == 1
    assert "claims/\\udc9b31m.json:1: invalid JSON" in result.stdout
    assert clean("a\udc9bb") == "a\\udc9bb"


def test_problem_line_cleans_the_file_name() -> None:
    line = problem_line(Problem("claims/\x1b[2Jx\n.json", "invalid JSON", line=3))
    assert line == "claims/\\x1b[2Jx\\n.json:3: invalid JSON"


# --- every renderer ---------------------------------------------------------------------------


def hostile_record() -> dict[str, Any]:
    return {
        "id": "a-0",
        "kind": "reaction",
        "source": "a",
        "outlet": HOSTILE,
        "date": None,
        "date_note": HOSTILE,
        "reported_by": None,
        "actors": ["x"],
        "speaker": None,
        "stances": ["supports_government"],
        "mentions": [],
        "quote": f"quote {HOSTILE}",
        "text_en": f"text {HOSTILE} [link=https://evil.example]here[/link] [/bold]",
        "note": HOSTILE,
        "names": {"x": HOSTILE},
        # and the keys of a figure row (`kzcrisis figures`), so that its view is checked too
        "claim": "a-0",
        "as_of": None,
        "count": 5,
        "qualifier": "exact",
        "metric": "killed",
        "group": "all",
        "reported_by_name": HOSTILE,
        # and of an entity (`kzcrisis entities`)
        "type": "person",
        "name": f"name {HOSTILE} [link=https://evil.example]here[/link]",
        "names_vi": [HOSTILE],
        "aliases": [HOSTILE],
        "iso": None,
        "speaks_for": None,
    }


@pytest.mark.parametrize("view", sorted(set(VIEWS) - {"figures", "search"}))
def test_tables_plain_and_stacked_layouts_are_safe(view: str) -> None:
    records = [hostile_record()]
    for out in (
        rendered(render_table(records, VIEWS[view], title=HOSTILE)),
        rendered(render_stacked(records, VIEWS[view], HOSTILE)),
        render_plain(records, VIEWS[view], 100),
    ):
        assert_safe(out)
        assert "\\x1b]52" in out
    # Markup in data is printed as it is, not obeyed.
    assert "[link=https://evil.example]here[/link]" in render_plain(records, VIEWS[view], 200)


def test_show_is_safe_with_and_without_its_paragraph() -> None:
    record = hostile_record()
    source = {"outlet": HOSTILE, "title": HOSTILE, "published": None, "file": "s\x1b.txt", "sha256": "0" * 64}
    paragraph = {"text": f"before {HOSTILE} quote after", "start": 7, "end": 12}
    for shown in (render_claim(record, source, paragraph), render_claim(record, source, None)):
        out = rendered(shown)
        assert_safe(out)
        assert "\\u202eevil" in out
        assert "[/bold]" in out


def test_compare_chart_prints_markup_literally_and_safely() -> None:
    figure = {
        "claim": "a-0",
        "as_of": None,
        "count": 26,
        "qualifier": "exact",
        "low": 26.0,
        "high": 26.0,
        "reported_by_name": HOSTILE,
        "outlet": "[link=https://evil.example]Dân trí[/link] [/bold]",
    }
    quantity: QuantityRecord = {
        "metric": "killed",
        "group": "all",
        "verdict": "single",
        "reason": "one figure only [/]",
        "latest": ["a-0"],
        "latest_reason": HOSTILE,
        "subgroups": [],
        "figures": [figure],
        "pairs": [],
    }
    for narrow in (False, True):
        out = rendered(render_comparison([quantity], narrow=narrow), width=200 if not narrow else 50)
        assert_safe(out)
        assert "[link=https://evil.example]" in out.replace("\n", "")


# --- through the command line -----------------------------------------------------------------


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "250"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def test_compare_with_markup_in_an_outlet_neither_links_nor_crashes(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None), ("40", 40, "exact", None)])
    edit_json(
        root / "sources.json", lambda d: d[0].update(outlet="[link=https://evil.example]A[/link] [/bold]")
    )
    result = invoke("compare", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    assert "[link=https://evil.example]A[/link]" in result.stdout.replace("\n", "")
    assert "\x1b]8" not in result.stdout
    # JSON stays exact.
    data = json.loads(invoke("compare", "--corpus", str(root), "--json").stdout)
    assert data[0]["figures"][0]["outlet"] == "[link=https://evil.example]A[/link] [/bold]"


def test_control_characters_in_text_fields_are_problems_named_by_validate(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None)])
    edit_json(root / "entities.json", lambda d: d[0].update(name=f"X{OSC52}"))
    edit_json(root / "claims" / "a.json", lambda d: d["claims"][0].update(text_en="t\u202e"))
    result = invoke("validate", "--corpus", str(root))
    assert result.exit_code == 1
    assert_safe(result.output)
    assert re.search(r"entities\.json:\d+: .*U\+001B", result.stdout), result.stdout
    assert re.search(r"claims/a\.json:\d+: .*U\+202E", result.stdout), result.stdout
    # A query refuses the corpus, with the same safe message.
    refused = invoke("claims", "--corpus", str(root))
    assert refused.exit_code == 1
    assert_safe(refused.output)
    assert "U+001B" in refused.stderr


def test_a_file_name_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None)])
    (root / "claims" / "\x1b]52;c;eA==\x07.json").write_text("{not json", encoding="utf-8")
    result = invoke("validate", "--corpus", str(root))
    assert result.exit_code == 1
    assert_safe(result.output)
    assert "claims/\\x1b]52;c;eA==\\x07.json:1: invalid JSON" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--actor", f"Nga{OSC52}"],  # "did you mean" names the typed value
        ["show", f"dantri-01{CLEAR}"],
        ["claims", f"--bogus{OSC52}"],  # click's own message
        [f"claimz{OSC8}"],  # no such command
        ["claims", "--since", f"2022{CLEAR}"],
        ["claims", "--fields", f"id,x{OSC52}"],  # a usage error raised inside the command
        ["claims", "--corpus", f"/nonexistent/{OSC52}"],
    ],
)
def test_what_a_user_types_comes_back_escaped(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code in (1, 2)
    assert_safe(result.output)
    assert "\\x1b" in result.stderr


def test_version_names_a_hostile_corpus_folder_safely(tmp_path: Path) -> None:
    root = tmp_path / f"c{CLEAR}\u202e"
    write_corpus(root, [("26", 26, "exact", None)])
    edit_json(root / "corpus.json", lambda d: d.update(name="t [bold]x[/bold]"))
    result = CliRunner().invoke(cli, ["--version"], env={"KZCRISIS_CORPUS": str(root)})
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert "\\x1b[2J" in result.stdout
    assert "t [bold]x[/bold]" in result.stdout
