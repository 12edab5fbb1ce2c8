"""Web addresses: the only values a corpus may turn into links (kzcrisis/corpus/links.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzcrisis.corpus.links import EXPECTED, is_web_address
from tests.conftest import run

# Each would run script, load a document or leave the site when clicked, in some browser.
HOSTILE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u00a0javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http:alert(1)",
    "http:/evil.example",
    "https://",
    "http:// evil.example",
    "https://evil.example/\x00",
    "https://evil.example/ onmouseover=alert(1)",
    "https://evil.example/\u2028",
    "ftp://example.org/article",
    "",
]
SAFE = [
    "https://dantri.com.vn/the-gioi/kazakhstan.htm",
    "http://example.org",
    "HTTPS://VNEXPRESS.NET/a?b=c#d",
    "https://tienphong.vn/bao-dong-o-kazakhstan-post1404436.tpo",
    "https://vi.wikipedia.org/wiki/Bất_ổn_ở_Kazakhstan_2022",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_address_is_not_a_web_address(url: str) -> None:
    assert not is_web_address(url)


@pytest.mark.parametrize("url", SAFE)
def test_http_and_https_addresses_are(url: str) -> None:
    assert is_web_address(url)


def test_validate_names_file_record_field_value_and_what_is_expected(corpus_copy: Path) -> None:
    path = corpus_copy / "sources.json"
    sources = json.loads(path.read_text(encoding="utf-8"))
    sources[0]["url"] = " JaVaScript:alert(document.cookie)"
    sources[1]["url"] = "data:text/html,<script>alert(1)</script>"
    path.write_text(json.dumps(sources, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run("validate", "--corpus", str(corpus_copy))
    assert result.exit_code == 1
    for source, value in ((sources[0], sources[0]["url"]), (sources[1], sources[1]["url"])):
        line = f"sources.json [source {source['slug']}] (url): {value!r} is not {EXPECTED}"
        assert line in result.stdout.splitlines()
    assert EXPECTED == "a web address starting with http:// or https://"
    # and nothing is served from that corpus
    assert run("claims", "--corpus", str(corpus_copy)).exit_code == 1
