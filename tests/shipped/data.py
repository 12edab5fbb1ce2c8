"""The shipped corpus as plain data, and the reading guide's rule names, for the tests of this folder.

Expectations are read from the corpus and its README where they can be: a rule renamed in the guide,
or a claim added, is picked up without editing the tests.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import CORPUS as SHIPPED

# The corpus these tests read: the shipped one, or any corpus grown from it the way the guide says
# ($KZCRISIS_TEST_CORPUS; tests/curate/test_walk.py adds an article in each language and runs them).
# Rules of the guide hold for every claim of it; facts are pinned on the five shipped articles only.
CORPUS = Path(os.environ.get("KZCRISIS_TEST_CORPUS") or SHIPPED)
SEED_SOURCES = frozenset({"tienphong", "sco-20220110", "dantri", "tokayev-coup", "csto-request"})

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


@cache
def languages() -> dict[str, str]:
    """Each article's language, by slug."""
    sources = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    return {s["slug"]: s.get("language", "vi") for s in sources}


def claims_in(language: str) -> list[Claim]:
    """The claims of the articles in one language: a rule read from Vietnamese words judges these only."""
    return [c for c in claims() if languages()[c["source"]] == language]


def seed_claims() -> list[Claim]:
    """The claims of the five shipped articles: what a test of the shipped facts may pin."""
    return [c for c in claims() if c["source"] in SEED_SOURCES]


def by_id(claim_id: str) -> Claim:
    return next(c for c in claims() if c["id"] == claim_id)
