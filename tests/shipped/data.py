"""The shipped corpus as plain data, and the reading guide's rule names, for the tests of this folder.

Expectations are read from the corpus and its README where they can be: a rule renamed in the guide,
or a claim added, is picked up without editing the tests.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

from tests.conftest import CORPUS

Claim = dict[str, Any]
GUIDE = (CORPUS / "README.md").read_text(encoding="utf-8")


def guide_section(title: str) -> str:
    """The text of one '### title' section of the reading guide."""
    start = GUIDE.index(f"### {title}")
    end = GUIDE.find("\n### ", start + 1)
    return GUIDE[start : end if end >= 0 else len(GUIDE)]


def date_rules() -> list[str]:
    """The names of the date rules, as the guide lists them ('- **`same-account`**: ...')."""
    return re.findall(r"^- \*\*`([a-z-]+)`\*\*", guide_section("Dates"), flags=re.MULTILINE)


@cache
def claims() -> list[Claim]:
    out: list[Claim] = []
    for path in sorted((CORPUS / "claims").glob("*.json")):
        out += json.loads(path.read_text(encoding="utf-8"))["claims"]
    return out


@cache
def entities() -> dict[str, dict[str, Any]]:
    data = json.loads((CORPUS / "entities.json").read_text(encoding="utf-8"))
    return {e["id"]: e for e in data}


@cache
def article_lines(slug: str) -> list[str]:
    """The article's lines, NFC and white space folded (as `validate` reads quotes)."""
    sources = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    path = CORPUS / next(s["file"] for s in sources if s["slug"] == slug)
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def line_of(claim: Claim) -> str:
    """The article line that holds the claim's quote (every quote of the shipped corpus is in one line)."""
    quote = fold(claim["quote"])
    found = [line for line in article_lines(claim["source"]) if quote in line]
    assert found, f"{claim['id']}: quote not in one line of its article"
    return found[0]


def by_id(claim_id: str) -> Claim:
    return next(c for c in claims() if c["id"] == claim_id)
