"""The corpus as a Model Context Protocol server (`kzcrisis mcp`), for AI assistants.

Above `kzcrisis.api` in the layers; the `mcp` SDK (the optional extra `kzcrisis[mcp]`) is imported
only when the server starts, so nothing else pays for it.
"""

from __future__ import annotations

import os

__all__ = ["INSTALL", "MissingSDK", "serve"]

INSTALL = "pip install 'kzcrisis[mcp]'"


class MissingSDK(Exception):
    """The `mcp` package is not installed."""


def serve(corpus: str | os.PathLike[str] | None = None) -> None:
    """Open the corpus (`CorpusError` if it cannot be used), then serve it over stdio until stdin closes."""
    try:
        from kzcrisis.mcp.server import serve as run
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("mcp", "mcp_types"):
            raise
        raise MissingSDK(f"the MCP server needs the mcp package: {INSTALL}") from None
    from kzcrisis.api import Corpus

    with Corpus(corpus) as kz:
        run(kz)
