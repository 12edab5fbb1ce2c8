"""Turn a validated `Corpus` into the rows of the query index (see `kzcrisis.index`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from pydantic_core import to_json

from kzcrisis.corpus import Corpus, entity_names
from kzcrisis.index import INDEXES, SCHEMA
from kzcrisis.text import match_key, name_key
from kzcrisis.vocab import COMMON_FIELDS, KIND_FIELDS


def _dumps(value: Any) -> str:
    # pydantic-core's encoder: the same compact, UTF-8 JSON as json.dumps, several times faster.
    return to_json(value).decode("utf-8")


def claim_record(claim: Any, corpus: Corpus) -> dict[str, Any]:
    """The JSON record of a claim: its fields in a fixed order, plus the outlet and entity names."""
    dumped = claim.model_dump(mode="json")
    source = corpus.sources.get(claim.source)
    dumped["outlet"] = source.outlet if source else None
    refs = dict.fromkeys(ref for _, ref in claim.entity_refs())
    dumped["names"] = {ref: corpus.entities[ref].name for ref in refs}
    return {key: dumped[key] for key in COMMON_FIELDS + KIND_FIELDS[claim.kind]}


def _acting_entities(claim: Any, corpus: Corpus) -> set[str]:
    """Who a claim is by or about as a party (not mere mentions), with whom they speak for."""
    out: set[str] = set()
    for field, ref in claim.entity_refs():
        if field == "mentions":
            continue
        current: str | None = ref
        while current and current not in out:
            out.add(current)
            current = corpus.entities[current].speaks_for
    return out


def _terms(claim: Any, corpus: Corpus) -> set[str]:
    terms = {f"e:{e}" for e in _acting_entities(claim, corpus)}
    # __dict__, not getattr: a missing attribute on a pydantic model is a slow exception.
    terms |= {f"s:{s.value}" for s in claim.__dict__.get("stances", ())}
    terms |= {f"m:{f.metric.value}" for f in claim.__dict__.get("figures", ())}
    return terms


def fill_index(conn: sqlite3.Connection, corpus: Corpus, key: str, fmt: str) -> None:
    conn.executescript(SCHEMA)
    meta = {
        "format": fmt,
        "corpus_key": key,
        "corpus_name": corpus.manifest.name,
        "corpus_version": corpus.manifest.version,
        "manifest": corpus.manifest.model_dump_json(),
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    conn.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?)",
        [
            (slug, seq, src.model_dump_json(), _raw_text(corpus, src.file))
            for seq, (slug, src) in enumerate(corpus.sources.items())
        ],
    )
    conn.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?)",
        [(e.id, e.type.value, e.name, e.model_dump_json()) for e in corpus.entities.values()],
    )
    aliases: dict[str, tuple[str, str]] = {}
    for entity in corpus.entities.values():
        for name in entity_names(entity):
            aliases.setdefault(name_key(name), (entity.id, name))
    conn.executemany("INSERT INTO aliases VALUES (?, ?, ?)", [(k, *v) for k, v in aliases.items()])
    source_seq = {slug: seq for seq, slug in enumerate(corpus.sources)}
    # Each entity's names are keyed once, not once per claim that names it.
    entity_keys = {eid: match_key(" ".join(entity_names(e))) for eid, e in corpus.entities.items()}
    conn.executemany(
        "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_claim_row(seq, claim, corpus, source_seq, entity_keys) for seq, claim in enumerate(corpus.claims)),
    )
    conn.executemany(
        "INSERT INTO terms VALUES (?, ?)",
        ((term, seq) for seq, claim in enumerate(corpus.claims) for term in _terms(claim, corpus)),
    )
    conn.executescript(INDEXES)
    conn.commit()


def _claim_row(
    seq: int, claim: Any, corpus: Corpus, source_seq: dict[str, int], entity_keys: dict[str, str]
) -> tuple[Any, ...]:
    record = claim_record(claim, corpus)
    return (
        seq,
        claim.id,
        claim.kind,
        claim.source,
        source_seq[claim.source],
        record["date"],
        match_key(claim.quote),
        match_key(claim.text_en),
        " ".join(entity_keys[ref] for ref in record["names"]),
        _dumps(record),
    )


def _raw_text(corpus: Corpus, rel: str) -> str:
    return (corpus.root / rel).read_text(encoding="utf-8")
