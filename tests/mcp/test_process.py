"""`kzcrisis mcp` as a process: malformed and oversized lines answered, a clean exit when stdin
closes, the corpus rules of every command, hostile corpus text escaped, a clear error without the
SDK, and a CLI whose start-up does not import the SDK."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp.client.session import ClientSession
from mcp_types import TextContent, TextResourceContents

from kzcrisis.corpus.text import UNSAFE
from kzcrisis.mcp.transport import LINE_MAX, parse, read_line
from tests.mcp.client import COMMAND, server_env, structured, talk
from tests.query.test_compare import write_corpus

pytestmark = pytest.mark.slow  # a subprocess or a server session per case: left out of `make quick`

INIT = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    },
}


class Raw:
    """The server spoken to line by line, bytes as they are."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [*COMMAND, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **server_env()},
        )

    def send(self, line: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()

    def answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        assert ready, "no answer"
        return dict(json.loads(self.process.stdout.readline()))

    def close(self) -> tuple[int, bytes, bytes]:
        out, err = self.process.communicate(timeout=30)  # closes stdin first
        return self.process.returncode, out, err


def test_closing_stdin_ends_the_server_cleanly() -> None:
    server = Raw()
    code, out, err = server.close()
    assert (code, out) == (0, b"")
    assert b"Traceback" not in err
    # And after a session.
    server = Raw()
    server.send(json.dumps(INIT).encode())
    assert server.answer()["result"]["serverInfo"]["name"] == "kzcrisis"
    code, out, err = server.close()
    assert (code, out, b"Traceback" in err) == (0, b"", False)


def test_malformed_and_oversized_lines_are_answered_and_the_session_goes_on() -> None:
    server = Raw()
    server.send(b"not json at all")
    assert server.answer() == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32700, "message": "parse error: the line is not JSON"},
    }
    server.send(b"\xff\xfe{")
    assert server.answer()["error"]["code"] == -32700
    server.send(json.dumps(INIT).encode())
    assert "result" in server.answer()
    server.send(b'{"jsonrpc":"2.0","method":"notifications/initialized"}')
    server.send(b'{"jsonrpc":"2.0","id":7,"method":"tools/call","params":"nonsense"}')
    assert server.answer()["error"] == {
        "code": -32600,
        "message": "invalid request: not a JSON-RPC 2.0 message of MCP",
    }
    server.send(b"[1, 2]")
    assert server.answer()["id"] is None
    server.send(
        b'{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"show","arguments":{"id":"'
        + b"x" * (LINE_MAX + 10)
        + b'"}}}'
    )
    too_long = server.answer()
    assert too_long["id"] == 8 and too_long["error"]["code"] == -32600
    assert "too long" in too_long["error"]["message"]
    server.send(
        b'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"show","arguments":{"id":"dantri-016"}}}'
    )
    shown = server.answer()
    assert shown["id"] == 9 and shown["result"]["structuredContent"]["result"]["claim"]["id"] == "dantri-016"
    code, _out, err = server.close()
    assert code == 0 and b"Traceback" not in err


def test_read_line_keeps_lines_whole_and_skips_a_long_one() -> None:
    stream = io.BytesIO(b'{"a": 1}\n' + b"y" * (LINE_MAX + 5) + b"\n\n{}")
    assert read_line(stream) == (b'{"a": 1}\n', False)
    head, too_long = read_line(stream) or (b"", False)
    assert too_long and len(head) == 4096
    assert read_line(stream) == (b"\n", False)
    assert read_line(stream) == (b"{}", False)
    assert read_line(stream) is None
    assert parse(b"\n") is None  # a blank line: nothing to answer
    assert parse(b'{"id": "a', too_long=True).id is None  # type: ignore[union-attr]
    assert parse(b'{"jsonrpc":"2.0","id":"q-1","method":', too_long=True).id == "q-1"  # type: ignore[union-attr]


def test_a_corpus_that_cannot_be_used_is_one_error_before_serving(tmp_path: Path) -> None:
    result = subprocess.run(
        [*COMMAND, "--corpus", str(tmp_path / "nowhere")],
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, **server_env()},
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr and b"nowhere" in result.stderr


def test_without_the_sdk_one_line_says_what_to_install() -> None:
    code = "import sys; sys.modules['mcp'] = None; from kzcrisis.cli.app import main; main(['mcp'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: the MCP server needs the mcp package: pip install 'kzcrisis[mcp]'"
    ]


def test_the_cli_does_not_import_the_sdk() -> None:
    for args in (["--help"], ["reactions", "--country", "Russia", "--json"], ["mcp", "--help"]):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "kzcrisis", *args],
            check=False,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={**os.environ, **server_env()},
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
        assert "kzcrisis.cli.app" in imported
        assert not {
            name for name in imported if name.split(".")[0] in ("mcp", "mcp_types", "anyio", "starlette")
        }


HOSTILE = "Nga\x1b]52;c;cm0gLXJmIH4K\x07 \x1b[2J\x9b31m\u202eevil\u200b\U000e0041\n"


def test_hostile_article_text_is_escaped_and_the_corpus_option_applies(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, [("26", 26, "exact", None), ("40", 40, "exact", None)])
    article = root / "sources" / "a.txt"
    data = article.read_bytes() + HOSTILE.encode()
    article.write_bytes(data)
    sources = json.loads((root / "sources.json").read_text())
    sources[0]["sha256"] = hashlib.sha256(data).hexdigest()
    (root / "sources.json").write_text(json.dumps(sources))

    async def use(session: ClientSession) -> Any:
        return (
            await session.read_resource("kzcrisis://sources/a"),
            await session.call_tool("timeline", {}),
            await session.call_tool("compare", {"metric": "killed"}),
        )

    article_read, timeline, compare = talk(use, corpus=root)
    text = article_read.contents[0]
    assert isinstance(text, TextResourceContents)
    assert not UNSAFE.search(text.text)
    assert "Nga\\x1b]52;c;cm0gLXJmIH4K\\x07 \\x1b[2J\\x9b31m\\u202eevil\\u200b\\U000e0041" in text.text
    assert "Theo nguồn 0, 26 người đã thiệt mạng." in text.text  # the rest as it is
    assert [c["id"] for c in structured(timeline)["results"]] == ["a-0", "a-1"]
    assert sorted(f["count"] for f in structured(compare)["results"][0]["figures"]) == [26, 40]
    for result in (timeline, compare):
        shown = result.content[0]
        assert isinstance(shown, TextContent)
        assert not UNSAFE.search(shown.text)
        assert json.loads(shown.text) == result.structured_content


@pytest.mark.parametrize("evil", ["\x1b[2J", "\u202e", "\x9b", "\U000e0041", "\ud800"])
def test_json_text_escapes_what_a_terminal_would_act_on(evil: str) -> None:
    from kzcrisis.render.formats import dumps
    from kzcrisis.render.sanitize import json_safe

    value = {"quote": f"Nga {evil} Trung Quốc", "n": [1, "\t\n"]}
    text = json_safe(dumps(value))
    assert not UNSAFE.search(text) and "\ud800" not in text
    assert json.loads(text) == value
    assert "Trung Quốc" in text  # Vietnamese stays readable


def test_a_client_that_stops_reading_ends_the_server_quietly() -> None:
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [*COMMAND],
        stdin=subprocess.PIPE,
        stdout=write_end,
        stderr=subprocess.PIPE,
        env={**os.environ, **server_env()},
    )
    os.close(write_end)
    os.close(read_end)  # nobody reads the answers
    assert server.stdin is not None
    with contextlib.suppress(BrokenPipeError):
        server.stdin.write(json.dumps(INIT).encode() + b"\n")
        server.stdin.flush()
    _out, err = server.communicate(timeout=60)
    assert server.returncode == 0
    assert b"Traceback" not in err
