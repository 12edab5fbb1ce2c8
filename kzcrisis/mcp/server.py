"""`kzcrisis mcp`: the corpus as a Model Context Protocol server over stdio, built on the `mcp` SDK.

Read only. Tools answer through `kzcrisis.mcp.answers` (the Python API's queries); resources are the
archived articles (`kzcrisis://sources/{slug}`) and the claims by id (`kzcrisis://claims/{id}`);
the prompt `cite` tells an assistant how to cite. A bad argument is a JSON-RPC error (invalid
params) carrying the CLI's message and its suggestions; text a client may show goes through the
one sanitiser (`kzcrisis.render.sanitize`): JSON with its unsafe characters escaped, the archived
text and the messages with them made visible.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Annotated, Any

from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from mcp.server.mcpserver.prompts import Prompt
from mcp.server.mcpserver.resources import FunctionResource
from mcp.server.mcpserver.tools import Tool
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, TextContent, ToolAnnotations
from pydantic import WithJsonSchema

from kzcrisis.api import Corpus
from kzcrisis.errors import LookupFailed, UsageError
from kzcrisis.mcp import answers
from kzcrisis.render.sanitize import clean, clean_line, json_safe
from kzcrisis.version import __version__

SCHEME = "kzcrisis"
SOURCE_URI = f"{SCHEME}://sources/{{slug}}"
CLAIM_URI = f"{SCHEME}://claims/{{claim_id}}"

CITE = """\
You answer from the kzcrisis corpus: claims about the January 2022 unrest in Kazakhstan, each taken
verbatim from an archived Vietnamese news article. Use its tools (search, reactions, casualties,
arrests, figures, deployment, timeline, compare, show, sources, entities) and say only what they return.

For every fact you state, cite:
- the quote, verbatim in Vietnamese as the claim's "quote" gives it, with its English rendering
  ("text_en");
- the outlet (or the source slug when the outlet is null) and who reported it ("reported_by");
- the claim id (e.g. dantri-016), which `show` and the resource kzcrisis://claims/{id} open;
- the date, or say that the article does not date it (the claim's "date_note" says why).
Give figures with their qualifier (at least, about, up to) and as-of date; where sources disagree,
say so (`compare`), and never add them up or pick one yourself.

Where the corpus has no claim for what is asked, say "the corpus does not say", and do not answer
from memory. Name the corpus version and hash the answers carry when you report them.
"""


def _invalid(error: UsageError) -> MCPError:
    """A bad argument as a JSON-RPC invalid-params error: the CLI's message, made safe to print, with
    the closest known values in `data.suggestions`."""
    suggestions = [clean_line(s) for s in getattr(error, "suggestions", [])]
    return MCPError(code=INVALID_PARAMS, message=clean_line(str(error)), data={"suggestions": suggestions})


def _json_text(value: Any) -> str:
    from kzcrisis.render.formats import dumps

    return json_safe(dumps(value))


class CorpusServer(MCPServer[Any]):
    """An MCPServer whose tools are `answers.TOOLS`: the SDK lists them and speaks the protocol; the
    arguments are checked and answered by kzcrisis, so that a bad one gets the CLI's words."""

    def __init__(self, kz: Corpus) -> None:
        self.kz = kz
        super().__init__(
            "kzcrisis",
            title="kzcrisis: who said what about the January 2022 unrest in Kazakhstan",
            version=__version__,
            instructions=CITE,
            tools=[_tool(self, spec) for spec in answers.TOOLS],
            resources=list(_source_resources(kz)),
            log_level="WARNING",
        )
        self.resource(
            CLAIM_URI,
            name="claim",
            title="A claim by its id",
            description="One claim's record (JSON), as the show tool's 'claim'.",
            mime_type="application/json",
        )(self._claim)
        self.add_prompt(
            Prompt.from_function(
                _cite, name="cite", title="How to cite kzcrisis", description="How to cite the corpus."
            )
        )

    def answer(self, name: str, arguments: dict[str, Any]) -> CallToolResult:
        try:
            found = answers.answer(self.kz, name, arguments)
        except UsageError as exc:
            raise _invalid(exc) from None
        return CallToolResult(
            content=[TextContent(type="text", text=_json_text(found))], structured_content=found
        )

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> CallToolResult:
        # Not through the SDK's argument model: it would drop an unknown argument silently and word a
        # wrong value its own way. `answers` checks them all, with the CLI's messages.
        return self.answer(name, arguments)

    async def run_stdio_async(self) -> None:
        """Serve over stdin and stdout with kzcrisis's transport (`kzcrisis.mcp.transport`: every line
        bounded, every bad one answered) and the SDK's server loop."""
        from kzcrisis.mcp.transport import stdio

        # The SDK's own run_stdio_async does the same with its transport; there is no public way to
        # give it another one, hence the base class's low-level server.
        low = self._lowlevel_server
        async with stdio() as (read, write):
            await low.run(read, write, low.create_initialization_options())

    async def read_resource(self, uri: Any, context: Any = None) -> Iterable[ReadResourceContents]:
        try:
            return list(await super().read_resource(uri, context))  # type: ignore[arg-type]
        except ResourceNotFoundError:
            raise ResourceNotFoundError(f"unknown resource: {clean_line(str(uri))!r}") from None

    async def _claim(self, claim_id: str) -> str:
        try:
            return _json_text(self.kz.claim(claim_id))
        except LookupFailed as exc:
            raise ResourceNotFoundError(clean_line(str(exc))) from None


def _tool(server: CorpusServer, spec: answers.Tool) -> Tool:
    async def run(**arguments: Any) -> CallToolResult:
        return server.answer(spec.name, {k: v for k, v in arguments.items() if v is not None})

    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                arg.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=inspect.Parameter.empty if arg.required else None,
                annotation=Annotated[Any, WithJsonSchema(arg.schema)],
            )
            for arg in spec.args
        ]
    )
    tool = Tool.from_function(
        run,
        name=spec.name,
        description=spec.description,
        annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False),
        structured_output=False,
    )
    tool.parameters = answers.input_schema(spec)
    return tool


def _source_resources(kz: Corpus) -> Iterable[FunctionResource]:
    """Each archived article, read-only, as the claims' quotes stand in it."""
    for source in kz.sources():
        slug = str(source["slug"])

        async def read(slug: str = slug) -> str:
            return clean(kz.article(slug))

        outlet = source.get("outlet") or slug
        yield FunctionResource(
            uri=SOURCE_URI.format(slug=slug),
            name=clean_line(slug),
            title=clean_line(f"{outlet}: {source.get('title') or ''}".rstrip(": ")),
            description=clean_line(f"The archived text of {outlet}'s article ({slug})."),
            mime_type="text/plain",
            fn=read,
        )


def _cite() -> str:
    """How to cite the corpus, and what to say where it says nothing."""
    return CITE


def serve(kz: Corpus) -> None:
    """Serve over stdin and stdout until stdin closes."""
    import anyio

    anyio.run(CorpusServer(kz).run_stdio_async)
