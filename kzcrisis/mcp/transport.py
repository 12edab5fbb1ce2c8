"""The server's stdio transport: one JSON-RPC message a line, each line bounded, every bad one answered.

The SDK's own stdio transport drops a line it cannot read, so a client waiting for the answer to a
malformed request would wait for ever; and it reads a line of any length. Here a line that is not
JSON gets a parse error (-32700), one that is not a JSON-RPC message an invalid-request error
(-32600) with its id when it has one, and a line longer than `LINE_MAX` bytes is skipped unread and
refused the same way. End of input (stdin closed) ends the server.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, BinaryIO

import anyio
from mcp.shared.message import SessionMessage
from mcp_types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    ErrorData,
    JSONRPCError,
    JSONRPCMessage,
    jsonrpc_message_adapter,
)
from pydantic import ValidationError

# A request is a tool's name and a few short arguments; 16 MiB leaves room for a client that sends a
# long value, which the tool then refuses by name (see `kzcrisis.mcp.answers`).
LINE_MAX = 16 * 1024 * 1024
# Where the id of a line too long to read is looked for.
_ID_HEAD = re.compile(rb'"id"\s*:\s*(-?[0-9]{1,15}|"[^"\\]{0,100}")')


def read_line(stream: BinaryIO) -> tuple[bytes, bool] | None:
    """The next line and whether it was too long (then only its head is kept, the rest skipped unread);
    None at end of input."""
    line = stream.readline(LINE_MAX + 1)
    if not line:
        return None
    if len(line) > LINE_MAX and not line.endswith(b"\n"):
        while (rest := stream.readline(1 << 16)) and not rest.endswith(b"\n"):
            pass
        return line[:4096], True
    return line, False


def parse(line: bytes, *, too_long: bool = False) -> JSONRPCMessage | JSONRPCError | None:
    """The message of a line, or the error that answers it (None: a blank line, nothing to answer)."""
    if too_long:
        return _error(_sniff_id(line), INVALID_REQUEST, f"request too long: more than {LINE_MAX} bytes")
    if not line.strip():
        return None
    try:
        return jsonrpc_message_adapter.validate_json(line, by_name=False)
    except ValidationError:
        pass
    try:
        raw = json.loads(line)
    except (ValueError, RecursionError):  # nested deeper than Python's parser goes: not JSON to us
        return _error(None, PARSE_ERROR, "parse error: the line is not JSON")
    return _error(_id_of(raw), INVALID_REQUEST, "invalid request: not a JSON-RPC 2.0 message of MCP")


def _id_of(raw: Any) -> str | int | None:
    found = raw.get("id") if isinstance(raw, dict) else None
    return found if isinstance(found, str | int) and not isinstance(found, bool) else None


def _sniff_id(head: bytes) -> str | int | None:
    match = _ID_HEAD.search(head)
    return None if match is None else _id_of({"id": json.loads(match.group(1))})


def _error(request_id: str | int | None, code: int, message: str) -> JSONRPCError:
    return JSONRPCError(jsonrpc="2.0", id=request_id, error=ErrorData(code=code, message=message))


def _write(stream: BinaryIO, text: str) -> None:
    stream.write(text.encode("utf-8") + b"\n")
    stream.flush()


@asynccontextmanager
async def stdio() -> AsyncIterator[tuple[Any, Any]]:
    """(read, write) streams of messages over this process's stdin and stdout, as the SDK's server
    loop takes them. The read stream ends when stdin does."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    read_in, read_out = anyio.create_memory_object_stream[SessionMessage | Exception](0)
    write_in, write_out = anyio.create_memory_object_stream[SessionMessage](0)
    answers = write_in.clone()  # the reader's own handle: the errors it answers itself

    async def reader() -> None:
        async with read_in, answers:
            while (
                read := await anyio.to_thread.run_sync(read_line, stdin, abandon_on_cancel=True)
            ) is not None:
                message = parse(read[0], too_long=read[1])
                if isinstance(message, JSONRPCError):
                    await answers.send(SessionMessage(message))
                elif message is not None:
                    await read_in.send(SessionMessage(message))

    async def writer() -> None:
        async with write_out:
            async for item in write_out:
                text = item.message.model_dump_json(by_alias=True, exclude_unset=True)
                try:
                    await anyio.to_thread.run_sync(_write, stdout, text)
                except OSError:  # the client stopped reading (a closed pipe): nobody to serve
                    tasks.cancel_scope.cancel()
                    return

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(reader)
        tasks.start_soon(writer)
        try:
            yield read_out, write_in
        finally:
            write_in.close()  # the writer ends once the reader's handle is closed too
