"""Corpora that validate but carry what an attacker would put in one: the bounded cases of
`bench/run.py --bounded` and of the tests that hold the bounds (a statement shared by thousands of claims,
an article of one 2 MB line, a terabyte sparse file left in the folder)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MANIFEST = {"name": "hostile", "version": "0", "period": {"start": "2022-01-01", "end": "2022-01-31"}}
ENTITIES = [{"id": "x", "type": "country", "name": "X", "iso": "XX"}]


def _claim(claim_id: str, slug: str, quote: str, count: int, statement: str | None) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "id": claim_id,
        "kind": "casualty",
        "source": slug,
        "quote": quote,
        "text_en": f"{count} people were killed.",
        "date": None,
        "date_note": "synthetic",
        "figures": [
            {
                "metric": "killed",
                "group": "all",
                "count": count,
                "qualifier": "exact",
                "as_of": None,
                "as_of_note": "synthetic",
            }
        ],
    }
    if statement:
        claim["statement"] = statement
    return claim


def write_sources(root: Path, articles: dict[str, tuple[str, list[dict[str, Any]]]]) -> None:
    """A corpus of `slug -> (article text, claims)`, every file as the loader wants it."""
    (root / "sources").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "corpus.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    (root / "entities.json").write_text(json.dumps(ENTITIES), encoding="utf-8")
    records = []
    for slug, (text, claims) in articles.items():
        data = text.encode("utf-8")
        (root / "sources" / f"{slug}.txt").write_bytes(data)
        records.append(
            {
                "slug": slug,
                "file": f"sources/{slug}.txt",
                "sha256": hashlib.sha256(data).hexdigest(),
                "outlet": slug.upper(),
                "title": slug,
                "published": None,
                "published_note": "synthetic",
            }
        )
        body = json.dumps({"source": slug, "claims": claims}, ensure_ascii=False)
        (root / "claims" / f"{slug}.json").write_text(body, encoding="utf-8")
    (root / "sources.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def statement_corpus(root: Path, n: int, statement: str = "the-toll") -> None:
    """`n` claims in two articles, every one linked to the same statement."""
    articles = {}
    for slug, word in (("a", "nguồn"), ("b", "báo")):
        ids = range(0 if slug == "a" else n // 2, n // 2 if slug == "a" else n)
        quotes = [f"Theo {word} {i}, 5.800 người đã thiệt mạng." for i in ids]
        claims = [_claim(f"{slug}-{i}", slug, q, 5800, statement) for i, q in zip(ids, quotes, strict=True)]
        articles[slug] = ("\n".join(quotes) + "\n", claims)
    write_sources(root, articles)


def long_line_corpus(root: Path, size: int = 2 * 2**20) -> None:
    """One article of one line of about `size` characters: short sentences with no line break."""
    sentence = "Theo nguồn tin, 26 người đã thiệt mạng và ông A. Nam nói. "
    line = (sentence * (size // len(sentence) + 1))[:size].rsplit(" ", 1)[0]
    quote = "Theo nguồn tin, 26 người đã thiệt mạng"
    write_sources(root, {"a": (line + "\n", [_claim("a-1", "a", quote, 26, None)])})


def sparse_file(path: Path, size: int = 1 << 40) -> Path:
    """A file of `size` bytes that takes no disk space (a terabyte by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)
    return path
