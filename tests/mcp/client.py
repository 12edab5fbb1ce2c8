"""Talk to `kzcrisis mcp`, started as a subprocess, with the SDK's own client over stdio."""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

T = TypeVar("T")

# `python -m kzcrisis mcp` with this interpreter: the checkout under test, not some other install.
COMMAND = [sys.executable, "-m", "kzcrisis", "mcp"]


def server_env() -> dict[str, str]:
    """The test's cache folder (and corpus, if set) for the server: the SDK passes on only a safe few."""
    return {key: value for key, value in os.environ.items() if key.startswith("KZCRISIS_")}


def talk(use: Callable[[ClientSession], Awaitable[T]], *args: str, corpus: Path | None = None) -> T:
    """Start the server, initialise a session, run `use` on it, close stdin; its result."""
    extra = [*args, *(["--corpus", str(corpus)] if corpus else [])]
    params = StdioServerParameters(command=COMMAND[0], args=[*COMMAND[1:], *extra], env=server_env())

    async def run() -> T:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await use(session)

    return anyio.run(run)


def structured(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    assert isinstance(result.structured_content, dict)
    return result.structured_content
