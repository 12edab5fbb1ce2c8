"""`export annotations`: every claim as a W3C Web Annotation (JSON-LD), anchored in its archived article.

The file is one `AnnotationCollection` whose page holds one `Annotation` per claim:

- `target.source` is the archived article, named by the SHA-256 of its bytes as an RFC 6920
  `ni:` URI (the corpus records no URL for any article, and none is invented); `target.via` is the
  article's URL where the corpus has one. The article's slug, sha256 and file are under `kzcrisis`.
- `TextPositionSelector` `start`/`end` count Unicode code points of the archived text as stored
  (UTF-8, NFC: Python's `text[start:end]`; not bytes, not UTF-16 units as JavaScript counts).
- `TextQuoteSelector` `exact` is that raw slice, line breaks and no-break spaces included: a
  claim's quote matches the article with white space folded, so `exact` may differ from the
  claim's `quote` in white space only. `prefix` and `suffix` are the 32 code points around it.
- The body is the English rendering (`language` en). The claim's id, kind, date, source, parties
  and figures are under the extension key `kzcrisis` (plain JSON: a JSON-LD processor that
  expands the document drops keys its context does not define).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from typing import Any

from kzcrisis.corpus.links import is_web_address
from kzcrisis.corpus.quotes import Anchor
from kzcrisis.export.tables import Export, Record
from kzcrisis.outfile import output_file

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # code points of prefix and suffix
EXTENSION_KEYS = (
    "id",
    "kind",
    "source",
    "date",
    "known_by",
    "statement",
    "reported_by",
    "actors",
    "speaker",
    "stances",
    "figures",
)


def ni_uri(sha256_hex: str) -> str:
    """RFC 6920 name of content by its SHA-256: ni:///sha-256;<base64url, no padding>."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def annotation(rec: Record, source: Record, anchor: Anchor) -> dict[str, Any]:
    span = anchor.find(rec["quote"])
    if span is None:  # a validated corpus never gets here: every quote stands in its article
        raise ValueError(f"claim {rec['id']}: quote not found in the archived article {source['slug']!r}")
    start, end = span
    raw = anchor.raw
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": {
            "id": ni_uri(source["sha256"]),
            "type": "Text",
            "format": "text/plain",
            "language": source.get("language") or "vi",
        },
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": raw[start:end],
                "prefix": raw[max(0, start - AFFIX) : start],
                "suffix": raw[end : end + AFFIX],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
        "kzcrisis": {
            "slug": source["slug"],
            "sha256": source["sha256"],
            "file": source["file"],
            "outlet": source.get("outlet"),
            "title": source.get("title"),
        },
    }
    if source.get("title"):
        target["source"]["title"] = source["title"]
    if is_web_address(source.get("url")):  # a link in annotation tools: http(s) only
        target["via"] = source["url"]
    return {
        "id": f"#{rec['id']}",
        "type": "Annotation",
        "motivation": "describing",
        "body": {
            "type": "TextualBody",
            "value": rec["text_en"],
            "language": "en",
            "format": "text/plain",
            "purpose": "describing",
        },
        "target": target,
        "kzcrisis": {key: rec.get(key) for key in EXTENSION_KEYS if key in rec},
    }


def annotation_collection(data: Export, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The AnnotationCollection of every exported claim, in the listings' order."""
    sources = {s["slug"]: s for s in data.sources}
    anchors: dict[str, Anchor] = {}
    items = []
    for rec in data.records:
        slug = rec["source"]
        if slug not in anchors:
            anchors[slug] = Anchor(data.texts[slug])
        items.append(annotation(rec, sources[slug], anchors[slug]))
        if progress is not None:
            progress(1)
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"kzcrisis {data.name} {data.version}: claims anchored in their archived articles",
        "total": len(items),
        "kzcrisis": {"content_hash": data.content_hash},
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write_annotations(
    data: Export, target: str | os.PathLike[str], progress: Callable[[int], None] | None
) -> None:
    import json

    collection = annotation_collection(data, progress)
    with output_file(target, stdout=True) as out:
        page = collection.pop("first")
        head = json.dumps(collection, ensure_ascii=False, indent=1)
        # One annotation a line: the file stays diffable, and is written in pieces.
        out.write(
            (
                head[: -len("\n}")] + ',\n "first": {"type": "AnnotationPage", "startIndex": 0, "items": [\n'
            ).encode()
        )
        last = len(page["items"]) - 1
        for index, item in enumerate(page["items"]):
            out.write((json.dumps(item, ensure_ascii=False) + (",\n" if index < last else "\n")).encode())
        out.write(b"]}\n}\n")
