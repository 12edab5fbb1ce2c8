"""Read the corpus's files from disk and validate them against the models.

Each reader adds a located `Problem` for what is wrong and goes on; the order in which a corpus is
read, and the checks beyond the schema, are `kzcrisis.corpus.reading`'s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kzcrisis.corpus.article import read_article
from kzcrisis.corpus.files import (
    MAX_FILE_BYTES,
    FileTooLarge,
    Listing,
    claims_files,
    read_regular,
)
from kzcrisis.corpus.jsonfile import parse_json
from kzcrisis.corpus.models import Claim, ClaimModel, Corpus, Entity, Manifest, Source
from kzcrisis.corpus.plain import plain_problem
from kzcrisis.corpus.text import fold_space
from kzcrisis.corpus.vocab import KINDS
from kzcrisis.errors import CorpusError, Problem

_CLAIMS = TypeAdapter(list[Claim])
_CLAIM: TypeAdapter[ClaimModel] = TypeAdapter(Claim)
_SOURCES = TypeAdapter(list[Source])
_SOURCE = TypeAdapter(Source)
_ENTITIES = TypeAdapter(list[Entity])
_ENTITY = TypeAdapter(Entity)
# What the id in a Problem names, by file (the label of `Problem.record`).
_RECORD = {"sources.json": "source", "entities.json": "entity"}


def load_head(
    root: Path, problems: list[Problem], unusable: set[str] | None = None, *, texts: bool = True
) -> Corpus | None:
    """Everything but the claims: manifest, sources and their texts, entities (None if unusable).

    `unusable` gets the records left out for failing the schema (see `checks.ALL`). `texts=False`
    leaves the articles' texts out (see `load_text`): the index build reads them one at a time, so
    that memory does not grow with the corpus.
    """
    if not root.is_dir():
        raise CorpusError([Problem(str(root), "corpus folder not found (or not a folder)")])
    lost = set() if unusable is None else unusable
    broken: dict[str, Any] = {}
    manifest = _load_model(root, "corpus.json", Manifest, problems)
    sources = _load_list(root, "sources.json", (_SOURCES, _SOURCE), "slug", problems, lost, broken)
    entities = _load_list(root, "entities.json", (_ENTITIES, _ENTITY), "id", problems, lost)
    if manifest is None:
        return None
    raws: dict[str, str] = {}
    articles = _load_texts(root, sources, problems, raws) if texts else {}
    if texts:
        articles.update(_texts_of_broken_records(root, broken))
    return Corpus(root, manifest, sources, articles, entities, [], {}, raws)


def _texts_of_broken_records(root: Path, broken: dict[str, Any]) -> dict[str, str]:
    """The articles of source records that failed the schema, read as they are, so that their
    claims' quotes are still checked in the same run (the record's own problems are reported)."""
    texts = {}
    for slug, record in broken.items():
        rel = record.get("file") if isinstance(record, dict) else None
        if not isinstance(rel, str) or not rel:
            continue
        raw = read_article(root, slug, rel, None, [])
        if raw is not None:
            texts[slug] = fold_space(raw)
    return texts


def _read_json(root: Path, rel: str, problems: list[Problem]) -> Any:
    """Parse one JSON file as data only; any failure becomes a located Problem and None."""
    try:
        raw = read_regular(str(root / rel), MAX_FILE_BYTES)
    except FileTooLarge as exc:
        problems.append(Problem(rel, str(exc)))
        return None
    except FileNotFoundError:
        problems.append(Problem(rel, "file not found"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, f"cannot read: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, f"not UTF-8 (byte {exc.start})", line=line))
        return None
    return parse_json(text, rel, problems)


def _pydantic_problems(rel: str, exc: ValidationError, ids: list[str | None]) -> list[Problem]:
    out = []
    record = _RECORD.get(rel, "claim")
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        claim = None
        first = loc[0] if loc else None
        if isinstance(first, int):
            index = first
            loc.pop(0)
            claim = ids[index] if index < len(ids) and ids[index] else f"#{index + 1}"
            if loc and loc[0] in KINDS:
                loc.pop(0)  # the discriminator tag pydantic adds to the path
        field = ".".join(str(part) for part in loc) or None
        if err["type"].startswith("union_tag"):
            field = "kind"  # the field that chooses the kind of claim
        message, hint = plain_problem(err, field, _known_fields(), record)
        needs = _NOTE_NEEDED.match(message)
        if (
            needs and err["type"] == "value_error" and ";" not in message
        ):  # a record's own rule: the note it lacks is the field
            field = f"{field}.{needs.group(1)}" if field else needs.group(1)
        out.append(Problem(rel, message, claim=claim, field=field, record=record, hint=hint))
    return out


_NOTE_NEEDED = re.compile(r"^\w+ is null: (\w+) must")


def _known_fields() -> list[str]:
    """Every field name of the records a curator writes: what a misspelt name is compared with."""
    from kzcrisis.corpus import models

    kinds = (models.CasualtyClaim, models.ArrestClaim, models.DeploymentClaim, models.ReactionClaim)
    every = (*kinds, models.EventClaim, models.Figure, models.Source, models.Entity, models.Manifest)
    return sorted({name for model in every for name in model.model_fields})


def _load_model(root: Path, rel: str, model: type[Manifest], problems: list[Problem]) -> Manifest | None:
    data = _read_json(root, rel, problems)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems += _pydantic_problems(rel, exc, [])
        return None


def _ids_of(data: Any, key: str) -> list[str | None]:
    if not isinstance(data, list):
        return []
    return [item.get(key) if isinstance(item, dict) else None for item in data]


def _salvage(data: list[Any], adapter: TypeAdapter[Any]) -> tuple[list[Any], list[int]]:
    """The items of a list that failed the schema as a whole that pass it one by one (their
    problems are already reported), and the positions of those that do not."""
    good, bad = [], []
    for position, item in enumerate(data):
        try:
            good.append(adapter.validate_python(item))
        except ValidationError:
            bad.append(position)
    return good, bad


def _load_list(
    root: Path,
    rel: str,
    adapters: tuple[TypeAdapter[Any], TypeAdapter[Any]],
    key: str,
    problems: list[Problem],
    unusable: set[str],
    broken: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data = _read_json(root, rel, problems)
    record = _RECORD[rel]
    if data is None:
        unusable.add(f"{record}:*")
        return {}
    try:
        items = adapters[0].validate_python(data)
    except ValidationError as exc:
        ids = _ids_of(data, key)
        problems += _pydantic_problems(rel, exc, ids)
        if not isinstance(data, list):
            unusable.add(f"{record}:*")
            return {}
        items, bad = _salvage(data, adapters[1])
        for i in bad:
            ident = ids[i]
            if isinstance(ident, str):
                unusable.add(f"{record}:{ident}")
                if broken is not None:
                    broken[ident] = data[i]
    out: dict[str, Any] = {}
    for item in items:
        ident = getattr(item, key)
        if ident in out:
            problems.append(Problem(rel, f"duplicate {key} {ident!r}", claim=ident, record=record))
        out[ident] = item
    return out


def claims_file_names(root: Path, problems: list[Problem], listing: Listing) -> list[str]:
    """The claims files, by the one enumeration of the corpus (`kzcrisis.corpus.files`)."""
    if not (root / "claims").is_dir():
        problems.append(Problem("claims/", "folder not found"))
        return []
    rels, wrong_case = claims_files(listing)
    problems += wrong_case
    if not rels:
        problems.append(Problem("claims/", "no claims files (*.json)"))
    return rels


def load_claims_file(root: Path, rel: str, problems: list[Problem], seen: dict[str, str]) -> list[ClaimModel]:
    """The claims of one file that pass the schema; `seen` maps the ids of the files read before
    (and, once read, of this one) to their file: an id seen already is a problem and left out."""
    data = _read_json(root, rel, problems)
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) != {"source", "claims"}:
        problems.append(Problem(rel, 'expected an object with exactly "source" and "claims"'))
        return []
    raw_claims = data["claims"]
    try:
        parsed = _CLAIMS.validate_python(raw_claims)
    except ValidationError as exc:
        problems += _pydantic_problems(rel, exc, _ids_of(raw_claims, "id"))
        if not isinstance(raw_claims, list):
            return []
        parsed = _salvage(raw_claims, _CLAIM)[0]
    claims: list[ClaimModel] = []
    for claim in parsed:
        if claim.source != data["source"]:
            problems.append(
                Problem(
                    rel,
                    f"source {claim.source!r} differs from the file's {data['source']!r}",
                    claim=claim.id,
                    field="source",
                )
            )
        if claim.id in seen:
            problems.append(
                Problem(rel, f"duplicate id (also in {seen[claim.id]})", claim=claim.id, field="id")
            )
            continue
        seen[claim.id] = rel
        claims.append(claim)
    return claims


def _load_texts(
    root: Path, sources: dict[str, Source], problems: list[Problem], raws: dict[str, str]
) -> dict[str, str]:
    texts: dict[str, str] = {}
    for slug, src in sources.items():
        text = load_text(root, slug, src, problems, raws)
        if text is not None:
            texts[slug] = text
    return texts


def load_text(
    root: Path, slug: str, src: Source, problems: list[Problem], raws: dict[str, str] | None = None
) -> str | None:
    """The archived article of one source, checked (`kzcrisis.corpus.article`), white space folded
    (None if unusable); `raws`, when given, keeps the text as stored, so nothing reads it again."""
    raw = read_article(root, slug, src.file, src.sha256, problems)
    if raw is None:
        return None
    if raws is not None:
        raws[slug] = raw
    return fold_space(raw)
