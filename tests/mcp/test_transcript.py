"""The session shown in docs/mcp.md is real: replayed against `kzcrisis mcp`, each answer is the one
the page shows. `KZCRISIS_WRITE_TRANSCRIPT=1 pytest tests/mcp/test_transcript.py` writes it anew
(after a change of the corpus or of the answers' shape)."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
from pathlib import Path
from typing import Any

from tests.mcp.client import COMMAND, server_env

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "mcp.md"
DOC = PAGE.read_text(encoding="utf-8")
START, END = "<!-- transcript -->\n", "<!-- /transcript -->"
BLOCK = re.compile(r"\*\*(→ client|← server)\*\*\n\n```json\n(.*?)\n```\n", re.DOTALL)

# What the client says (an assistant's questions): the server's lines are recorded from the server.
CLIENT: list[dict[str, Any]] = [
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "example-assistant", "version": "1.0"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {
            "name": "reactions",
            "arguments": {"country": "Mỹ", "stance": "questions_csto_deployment", "limit": 1},
        },
    },
    {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "tools/call",
        "params": {"name": "compare", "arguments": {"metric": "kiled"}},
    },
    {
        "jsonrpc": "2.0",
        "id": 4,
        "method": "resources/read",
        "params": {"uri": "kzcrisis://claims/dantri-016"},
    },
]


def replay(messages: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each message sent in turn, and the server's answer to each request: the session as it went."""
    server = subprocess.Popen(
        [*COMMAND], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, **server_env()}
    )
    assert server.stdin is not None and server.stdout is not None
    session: list[tuple[str, dict[str, Any]]] = []
    try:
        for message in messages:
            server.stdin.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
            server.stdin.flush()
            session.append(("→ client", message))
            if "id" in message:
                ready, _, _ = select.select([server.stdout], [], [], 60)
                assert ready, f"no answer to {message['method']}"
                session.append(("← server", json.loads(server.stdout.readline())))
    finally:
        server.stdin.close()
        assert server.wait(timeout=30) == 0
        server.stdout.close()
    return session


def shown(session: list[tuple[str, dict[str, Any]]]) -> str:
    return "".join(
        f"**{who}**\n\n```json\n{json.dumps(message, ensure_ascii=False, indent=2)}\n```\n\n"
        for who, message in session
    )


def test_the_session_on_the_page_is_what_the_server_answers() -> None:
    session = replay(CLIENT)
    if os.environ.get("KZCRISIS_WRITE_TRANSCRIPT"):
        head, rest = DOC.split(START, 1)
        PAGE.write_text(head + START + shown(session) + END + rest.split(END, 1)[1], encoding="utf-8")
    on_page = [(who, json.loads(text)) for who, text in BLOCK.findall(DOC.split(START, 1)[1])]
    assert on_page == session
    answers = [message for who, message in session if who == "← server"]
    # What the page shows: a cited reaction, the CLI's suggestion, a claim by its id.
    reaction = answers[1]["result"]["structuredContent"]
    assert reaction["results"][0]["speaker"] == "blinken"
    assert reaction["next_offset"] is not None
    assert "Did you mean: killed" in answers[2]["error"]["message"]
    assert json.loads(answers[3]["result"]["contents"][0]["text"])["id"] == "dantri-016"
