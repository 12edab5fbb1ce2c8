"""The server's answers in process (no SDK): every tool gives the Python API's answer to the same
question, a page at a time, and refuses what the CLI refuses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import kzcrisis
from kzcrisis.errors import BadInput, InvalidChoice, LookupFailed
from kzcrisis.mcp.answers import FIGURES_MAX, LIMIT_DEFAULT, TOOLS, answer, input_schema
from tests.query.test_compare import write_corpus

Api = Callable[[kzcrisis.Corpus], list[Any]]

# (tool, arguments, the API's answer to the same question, an id or value it must hold)
AGREEMENT: list[tuple[str, dict[str, Any], Api, str]] = [
    ("search", {"text": "Nga"}, lambda kz: kz.search("Nga"), "tokayev-coup-009"),
    (
        "search",
        {"text": "trung quoc", "kind": "reaction"},
        lambda kz: kz.search("trung quoc", kind="reaction"),
        "tokayev-coup-009",
    ),
    ("search", {"text": '"bắt giữ"'}, lambda kz: kz.search('"bắt giữ"'), "tokayev-coup-038"),
    ("reactions", {"country": "Nga"}, lambda kz: kz.reactions(country="Russia"), "tokayev-coup-009"),
    (
        "reactions",
        {"country": ["Mỹ", "trung quoc"]},
        lambda kz: kz.reactions(country=["United States", "China"]),
        "dantri-001",
    ),
    (
        "reactions",
        {"stance": "Questions-CSTO-Deployment"},
        lambda kz: kz.reactions(stance="questions_csto_deployment"),
        "dantri-001",
    ),
    ("casualties", {"metric": "killed"}, lambda kz: kz.casualties(metric="killed"), "csto-request-012"),
    ("arrests", {}, lambda kz: kz.arrests(), "tokayev-coup-038"),
    ("figures", {"metric": "detained"}, lambda kz: kz.figures(metric="detained"), "tokayev-coup-038"),
    ("deployment", {"country": "Armenia"}, lambda kz: kz.deployment(country="Armenia"), "armenia"),
    (
        "timeline",
        {"kind": "event", "since": "2022-01-05", "until": "2022-01-07"},
        lambda kz: kz.timeline(kind="event", since="2022-01-05", until="2022-01-07"),
        "2022-01-0",
    ),
    ("timeline", {"undated": "only"}, lambda kz: kz.timeline(undated="only"), "'date': None"),
    ("compare", {"metric": "detained"}, lambda kz: kz.compare(metric="detained"), "tokayev-coup-038"),
    (
        "compare",
        {"metric": ["killed"], "group": "security_forces"},
        lambda kz: kz.compare(metric="killed", group="security_forces"),
        "csto-request-012",
    ),
    ("sources", {}, lambda kz: kz.sources(), "dantri"),
    ("entities", {"type": "country"}, lambda kz: kz.entities("country"), "russia"),
]


@pytest.fixture(scope="module")
def kz() -> Iterator[kzcrisis.Corpus]:
    with kzcrisis.open_corpus() as corpus:
        yield corpus


@pytest.mark.parametrize(
    ("tool", "arguments", "api", "holds"), AGREEMENT, ids=[f"{t}-{a}" for t, a, _, _ in AGREEMENT]
)
def test_each_tool_answers_as_the_api(
    kz: kzcrisis.Corpus, tool: str, arguments: dict[str, Any], api: Api, holds: str
) -> None:
    got = answer(kz, tool, arguments)
    expected = api(kz)
    assert got["results"] == expected[:LIMIT_DEFAULT]
    assert got["count"] == len(got["results"])
    assert got["corpus"]["hash"].endswith(kz.content_hash)
    assert holds in repr(got["results"])


def test_every_tool_is_in_the_agreement_table() -> None:
    assert {tool.name for tool in TOOLS} - {"show"} == {tool for tool, *_ in AGREEMENT}


def test_pages_join_into_the_whole_answer(kz: kzcrisis.Corpus) -> None:
    whole, pages, offset = kz.timeline(), [], 0
    while offset is not None:
        page = answer(kz, "timeline", {"limit": 7, "offset": offset})
        pages += page["results"]
        offset = page["next_offset"]
    assert pages == whole
    assert answer(kz, "timeline", {"offset": len(whole)})["results"] == []
    assert answer(kz, "timeline", {"limit": 0})["next_offset"] == 0


@pytest.mark.parametrize(
    ("tool", "arguments", "error", "words"),
    [
        ("compare", {"metric": "deaths"}, InvalidChoice, "metric: 'deaths' is not one of killed"),
        (
            "casualties",
            {"metric": "detained"},
            InvalidChoice,
            "metric: 'detained' is not one of killed, injured.",
        ),
        ("reactions", {"stance": "concern"}, InvalidChoice, "Did you mean: expresses_concern?"),
        ("reactions", {"country": "Rusia"}, LookupFailed, "Russia"),
        ("reactions", {"country": "Lavrov"}, LookupFailed, "Sergei Lavrov is a person, not a country"),
        ("reactions", {"limit": True}, BadInput, "limit: expected a whole number, got a boolean"),
        ("reactions", {"country": {"a": 1}}, BadInput, "country: expected a string, got an object"),
        ("compare", {"conflicts": "yes"}, BadInput, "conflicts: expected true or false"),
        ("show", {"id": 16}, BadInput, "id: expected a string, got a number"),
        ("search", {"text": "Nga", "kind": ["reaction"] * 21}, BadInput, "kind: 21 values; at most 20"),
    ],
)
def test_bad_arguments_raise_the_clis_errors(
    kz: kzcrisis.Corpus, tool: str, arguments: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as caught:
        answer(kz, tool, arguments)
    assert isinstance(caught.value, ValueError)  # kzcrisis.UsageError, as the API raises
    assert words in str(caught.value)


def test_a_bad_choice_has_the_same_words_as_the_cli(kz: kzcrisis.Corpus) -> None:
    from click.testing import CliRunner

    from kzcrisis.cli.app import cli

    with pytest.raises(InvalidChoice) as caught:
        answer(kz, "compare", {"group": "protester"})
    cli_says = CliRunner().invoke(cli, ["compare", "--group", "protester"]).output
    assert caught.value.detail in " ".join(cli_says.split())
    assert "Did you mean: protesters" in caught.value.detail


def test_the_schema_accepts_nothing_else() -> None:
    for tool in TOOLS:
        schema = input_schema(tool)
        assert schema["additionalProperties"] is False
        assert set(schema["required"]) <= set(schema["properties"])
        if "limit" in schema["properties"]:
            assert schema["properties"]["limit"]["minimum"] == 0


def test_a_quantity_reported_many_times_is_shown_in_part(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [(str(n), n, "exact", None) for n in range(10, 10 + FIGURES_MAX + 5)])
    with kzcrisis.open_corpus(root) as kz:
        got = answer(kz, "compare", {"metric": "killed"})
        whole = kz.compare(metric="killed")
    quantity = got["results"][0]
    assert len(whole[0]["figures"]) == FIGURES_MAX + 5
    assert quantity["figures"] == whole[0]["figures"][:FIGURES_MAX]
    assert quantity["figures_left_out"] == 5
    assert quantity["verdict"] == whole[0]["verdict"]
