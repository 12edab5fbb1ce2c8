"""`kzcrisis mcp` through the SDK's own client over stdio: the same answers as the Python API, every
quote verbatim in its archived article, bad arguments refused with the CLI's words."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp.client.session import ClientSession
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, TextContent, TextResourceContents

import kzcrisis
from kzcrisis.corpus.text import fold_space, numbers_in
from kzcrisis.mcp.answers import LIMIT_DEFAULT, LIMIT_MAX, TOOLS
from tests.mcp.client import structured, talk

pytestmark = pytest.mark.slow  # a subprocess or a server session per case: left out of `make quick`


def api_stamp(kz: kzcrisis.Corpus) -> dict[str, Any]:
    return {"version": kz.version, "hash": f"blake2b:{kz.content_hash}"}


def stands(quote: str, article: str) -> bool:
    """Verbatim as the corpus means it: the same words, white space folded (a quote may span lines)."""
    return fold_space(quote) in fold_space(article)


def assert_grounded(kz: kzcrisis.Corpus, claims: list[dict[str, Any]]) -> None:
    """Every claim carries what a citation needs, and its quote stands verbatim in its article."""
    assert claims
    for claim in claims:
        for key in ("id", "quote", "text_en", "source", "outlet", "reported_by", "date"):
            assert key in claim, (claim["id"], key)
        assert claim["date"] is not None or claim["date_note"], claim["id"]
        assert stands(claim["quote"], kz.article(claim["source"])), claim["id"]


def test_lists_the_tools_with_the_cli_names_and_choices() -> None:
    async def use(session: ClientSession) -> Any:
        return (await session.list_tools()).tools

    tools = {tool.name: tool for tool in talk(use)}
    assert set(tools) == {
        "search",
        "reactions",
        "casualties",
        "arrests",
        "figures",
        "deployment",
        "timeline",
        "compare",
        "show",
        "sources",
        "entities",
    }
    compare = tools["compare"].input_schema
    assert compare["additionalProperties"] is False
    assert compare["properties"]["metric"]["anyOf"][0]["enum"] == [
        "killed",
        "injured",
        "detained",
        "troops",
        "aircraft",
    ]
    assert compare["properties"]["limit"]["maximum"] == LIMIT_MAX
    assert tools["casualties"].input_schema["properties"]["metric"]["anyOf"][0]["enum"] == [
        "killed",
        "injured",
    ]
    assert tools["search"].input_schema["required"] == ["text"]
    assert tools["show"].input_schema["required"] == ["id"]
    assert tools["reactions"].annotations is not None and tools["reactions"].annotations.read_only_hint
    assert {"country", "source", "actor", "since", "until", "stance"} <= set(
        tools["reactions"].input_schema["properties"]
    )


def test_search_answers_as_the_api_does() -> None:
    questions = ["Nga", "trung quoc", '"bắt giữ"']

    async def use(session: ClientSession) -> list[Any]:
        return [await session.call_tool("search", {"text": text}) for text in questions]

    answers = talk(use)
    with kzcrisis.open_corpus() as kz:
        for text, result in zip(questions, answers, strict=True):
            answer = structured(result)
            expected = kz.search(text)
            assert answer["results"] == expected[:LIMIT_DEFAULT], text
            assert answer["corpus"] == api_stamp(kz)
            assert answer["next_offset"] == (LIMIT_DEFAULT if len(expected) > LIMIT_DEFAULT else None)
            assert_grounded(kz, answer["results"])
            # The text a client shows is the same answer as JSON.
            assert isinstance(result.content[0], TextContent)
            assert json.loads(result.content[0].text) == answer
        ids = {c["id"] for c in structured(answers[1])["results"]}
        assert "tokayev-coup-009" in ids  # "Trung Quốc" found without diacritics
        assert all("bắt giữ" in c["quote"].lower() for c in structured(answers[2])["results"])


def test_reactions_for_russia_and_pages() -> None:
    async def use(session: ClientSession) -> list[Any]:
        whole = await session.call_tool("reactions", {"country": "Nga"})
        pages, offset = [], 0
        while offset is not None:
            page = structured(
                await session.call_tool("reactions", {"country": "Russia", "limit": 2, "offset": offset})
            )
            pages.append(page)
            offset = page["next_offset"]
        return [whole, pages]

    whole, pages = talk(use)
    with kzcrisis.open_corpus() as kz:
        expected = kz.reactions(country="Russia")
        assert structured(whole)["results"] == expected
        assert [c for page in pages for c in page["results"]] == expected
        assert len(pages) == -(-len(expected) // 2)  # no empty last page: one more is asked for each time
        assert "tokayev-coup-009" in {c["id"] for c in expected}
        assert_grounded(kz, expected)


def test_compare_detained_and_figures() -> None:
    async def use(session: ClientSession) -> list[Any]:
        return [
            await session.call_tool("compare", {"metric": "detained"}),
            await session.call_tool("figures", {"metric": ["killed"], "group": "security_forces"}),
            await session.call_tool("casualties", {"metric": "injured", "source": "Dân trí"}),
        ]

    compare, figures, casualties = talk(use)
    with kzcrisis.open_corpus() as kz:
        assert structured(compare)["results"] == kz.compare(metric="detained")
        assert structured(figures)["results"] == kz.figures(metric="killed", group="security_forces")
        assert structured(casualties)["results"] == kz.casualties(metric="injured", source="dantri")
        quantity = structured(compare)["results"][0]
        assert quantity["metric"] == "detained"
        for figure in quantity["figures"]:
            assert stands(figure["quote"], kz.article(figure["source"]))
            assert figure["count"] in numbers_in(figure["quote"], "vi")  # 5000 is "5.000"
        assert_grounded(kz, structured(casualties)["results"])


def test_show_and_the_resources() -> None:
    async def use(session: ClientSession) -> list[Any]:
        listed = (await session.list_resources()).resources
        templates = (await session.list_resource_templates()).resource_templates
        article = await session.read_resource("kzcrisis://sources/dantri")
        claim = await session.read_resource("kzcrisis://claims/DANTRI-016")
        return [await session.call_tool("show", {"id": "dantri-016"}), listed, templates, article, claim]

    shown, listed, templates, article, claim = talk(use)
    with kzcrisis.open_corpus() as kz:
        assert structured(shown)["result"] == kz.show("dantri-016")
        assert {str(r.uri) for r in listed} == {f"kzcrisis://sources/{s['slug']}" for s in kz.sources()}
        assert [t.uri_template for t in templates] == ["kzcrisis://claims/{claim_id}"]
        text = article.contents[0]
        assert isinstance(text, TextResourceContents)
        assert text.text == kz.article("dantri")
        assert_grounded(kz, kz.claims(source="dantri"))
        for record in kz.claims(source="dantri"):
            assert stands(record["quote"], text.text)
        record = claim.contents[0]
        assert isinstance(record, TextResourceContents)
        assert json.loads(record.text) == kz.claim("dantri-016")


def test_the_prompt_says_how_to_cite() -> None:
    async def use(session: ClientSession) -> Any:
        prompts = (await session.list_prompts()).prompts
        return prompts, await session.get_prompt("cite")

    prompts, prompt = talk(use)
    assert [p.name for p in prompts] == ["cite"]
    text = prompt.messages[0].content
    assert isinstance(text, TextContent)
    for needed in ("the corpus does not say", "quote", "outlet", "claim id"):
        assert needed in text.text


# --- bad arguments: JSON-RPC invalid params, with the CLI's words ----------------------------------


BAD: list[tuple[str, dict[str, Any], str, list[str]]] = [
    ("compare", {"metric": "kiled"}, "metric: 'kiled' is not one of killed, injured", []),
    ("compare", {"metric": "deaths"}, "metric: 'deaths' is not one of killed", []),
    ("compare", {"group": "protester"}, "Did you mean: protesters", []),
    ("reactions", {"country": "Rusia"}, "unknown country: 'Rusia'. Did you mean: Russia?", ["Russia"]),
    ("reactions", {"stance": ["concern"]}, "Did you mean: expresses_concern?", []),
    ("timeline", {"kind": "reactions"}, "Did you mean: reaction?", []),
    ("reactions", {"source": "dantr"}, "unknown source: 'dantr'. Did you mean: dantri?", ["dantri"]),
    ("reactions", {"limit": -1}, "limit: -1 is not a whole number from 0 to 100.", []),
    ("reactions", {"limit": LIMIT_MAX + 1}, f"limit: {LIMIT_MAX + 1} is not a whole number from 0 to", []),
    ("reactions", {"offset": -5}, "offset: -5 is not a whole number from 0", []),
    ("reactions", {"limit": "ten"}, "limit: expected a whole number, got str", []),
    ("reactions", {"since": "6/1/2022"}, "'6/1/2022' is not a date", []),
    (
        "reactions",
        {"contry": "Russia"},
        "unknown argument of reactions: 'contry'. Did you mean: country?",
        ["country"],
    ),
    ("search", {}, "text: required", []),
    ("search", {"text": "x" * 10_000_000}, "text: 10000000 characters; at most 1000 are accepted", []),
    ("reactions", {"country": ["Russia"] * 21}, "country: 21 values; at most 20", []),
    ("show", {"id": "dantri-16"}, "unknown claim id: 'dantri-16'. Did you mean: dantri-016", ["dantri-016"]),
    ("serch", {"text": "Nga"}, "unknown tool: 'serch'. Did you mean: search?", ["search"]),
    ("entities", {"type": "people"}, "type: 'people' is not one of country, organisation, person", []),
]


def test_bad_arguments_are_invalid_params_with_the_clis_suggestions() -> None:
    async def use(session: ClientSession) -> list[MCPError]:
        errors = []
        for tool, arguments, _message, _suggested in BAD:
            with pytest.raises(MCPError) as caught:
                await session.call_tool(tool, arguments)
            errors.append(caught.value)
        # The session is still served after them all.
        structured(await session.call_tool("reactions", {"country": "Russia", "limit": 1}))
        return errors

    for (tool, arguments, message, suggested), error in zip(BAD, talk(use), strict=True):
        assert error.error.code == INVALID_PARAMS, (tool, arguments)
        assert message in error.error.message, (error.error.message, message)
        assert len(error.error.message) < 600
        assert isinstance(error.error.data, dict)
        # A name not known: the closest names as data too (a choice's are in its message).
        assert error.error.data["suggestions"][: len(suggested)] == suggested


def test_a_hostile_argument_comes_back_escaped() -> None:
    evil = "Nga\x1b]52;c;cm0gLXJmIH4K\x07\x9b31m\u202e"

    async def use(session: ClientSession) -> list[str]:
        messages = []
        for tool, arguments in (("reactions", {"country": evil}), ("compare", {"metric": evil}), (evil, {})):
            with pytest.raises(MCPError) as caught:
                await session.call_tool(tool, arguments)
            messages.append(caught.value.error.message)
        with pytest.raises(MCPError) as caught:
            await session.read_resource(f"kzcrisis://claims/{evil}")
        return [*messages, caught.value.error.message]

    for message in talk(use):
        assert not any(ch in message for ch in "\x1b\x07\x9b\u202e"), message
        assert "\\x1b]52" in message


def test_every_tool_is_listed_in_the_docs() -> None:
    from tests.mcp.test_transcript import DOC

    for tool in TOOLS:
        assert f"`{tool.name}`" in DOC, tool.name
