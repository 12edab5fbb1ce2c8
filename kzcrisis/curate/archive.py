"""`add-source`: archive an article's text byte for byte and add its one record to sources.json.

The curator's files are theirs: sources.json gets the new record inserted before its closing
bracket, in the file's own indentation, and nothing else changes (a diff shows exactly that
record). Every file is written by `kzcrisis.outfile` (whole or not at all); a new
article or claims file never overwrites one that exists.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kzcrisis.corpus.article import article_text
from kzcrisis.corpus.files import MAX_FILE_BYTES, FileTooLarge, read_regular
from kzcrisis.corpus.jsonfile import parse_json
from kzcrisis.corpus.models import Source
from kzcrisis.errors import BadInput, Problem
from kzcrisis.outfile import write_bytes

SOURCES_FILE = "sources.json"


def _existing(root: Path) -> tuple[str, list[dict[str, Any]]]:
    path = root / SOURCES_FILE
    try:
        text = read_regular(str(path), MAX_FILE_BYTES).decode("utf-8")
    except FileNotFoundError:
        return "[]\n", []
    except (OSError, UnicodeDecodeError, FileTooLarge) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise BadInput(f"cannot read {path}: {why}; fix it first (kzcrisis validate)") from None
    problems: list[Problem] = []
    data = parse_json(text, SOURCES_FILE, problems)  # the loader's reader: nesting, duplicates, ...
    if problems:
        raise BadInput(f"cannot read {path}: {problems[0].message}; fix it first (kzcrisis validate)")
    if not isinstance(data, list):
        raise BadInput(f"{path} is not a JSON array; fix it first (kzcrisis validate)")
    return text, [d for d in data if isinstance(d, dict)]


def loader_problems(text: str, rel: str) -> None:
    """Raise BadInput if the loader would refuse `text` as the corpus file `rel` (strict JSON, no
    control or invisible character in any string): a curator command writes only what loads."""
    problems: list[Problem] = []
    parse_json(text, rel, problems)
    if problems:
        listed = "; ".join(str(p) for p in problems[:3])
        raise BadInput(f"the new {rel} would not load: {listed}; nothing was written")


def build_record(fields: dict[str, Any], file: str, sha256: str) -> dict[str, Any]:
    """The source record, validated by the model; only the fields given (and those it requires)."""
    record: dict[str, Any] = {"slug": fields["slug"], "file": file, "sha256": sha256}
    for key in ("outlet", "outlet_note", "title", "title_note", "language", "published", "published_note"):
        if fields.get(key) is not None or key in ("outlet", "title", "published"):
            record[key] = fields.get(key)
    for key in ("author", "url", "url_note", "notes"):
        if fields.get(key):
            record[key] = fields[key]
    try:
        Source.model_validate(record)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        )
        raise BadInput(f"the source record would not be valid: {problems}") from None
    return record


def insert_record(text: str, record: dict[str, Any]) -> str:
    """`text` (a JSON array) with `record` added last, in the array's own indentation."""
    end = text.rstrip().rfind("]")
    body = text[:end].rstrip()
    indent = re.search(r"\n([ \t]+)[{\[]", body)
    unit = indent.group(1) if indent else "  "
    dumped = json.dumps(record, ensure_ascii=False, indent=len(unit.expandtabs()) or 2)
    dumped = "\n".join(unit + line for line in dumped.splitlines())
    separator = "\n" if body.endswith("[") else ",\n"
    return body + separator + dumped + "\n" + text[end:]


def add_source(root: Path, content: bytes, fields: dict[str, Any]) -> dict[str, Any]:
    """Archive `content` under `root`/sources/ and add its record; returns the record.

    Refuses (BadInput) a slug or a text already in the corpus, a text that is not UTF-8, and a
    record the model would refuse, before writing anything.
    """
    if not root.is_dir():
        raise BadInput(f"corpus folder not found: {root}")
    problems: list[Problem] = []
    if article_text(content, "the article", None, problems) is None:
        raise BadInput(f"the article cannot be archived: {problems[0].message}") from None
    if not content.strip():
        raise BadInput("the article is empty")
    digest = hashlib.sha256(content).hexdigest()
    text, existing = _existing(root)
    for other in existing:
        if other.get("slug") == fields["slug"]:
            raise BadInput(f"slug {fields['slug']!r} is already in {SOURCES_FILE}: choose another --slug")
        if other.get("sha256") == digest:
            raise BadInput(
                f"this text is already archived as source {other.get('slug')!r} ({other.get('file')})"
            )
    folder = root / "sources"
    folder.mkdir(exist_ok=True)
    rel = f"sources/{len(existing):03d}_{digest[:16]}.txt"
    record = build_record(fields, rel, digest)
    new_sources = insert_record(text, record)
    loader_problems(new_sources, SOURCES_FILE)  # what the loader would refuse is never written
    article = root / rel
    if article.exists():
        raise BadInput(f"{rel} already exists: is it an article no record points at?")
    write_bytes(article, content, replace=False)
    claims = root / "claims" / f"{fields['slug']}.json"
    made_claims = False
    try:
        if not claims.exists():
            claims.parent.mkdir(exist_ok=True)
            body = json.dumps({"source": fields["slug"], "claims": []}, ensure_ascii=False, indent=2) + "\n"
            write_bytes(claims, body.encode("utf-8"), replace=False)
            made_claims = True
        write_bytes(root / SOURCES_FILE, new_sources.encode("utf-8"))
    except BaseException:
        article.unlink(missing_ok=True)
        if made_claims:
            claims.unlink(missing_ok=True)
        raise
    return record
