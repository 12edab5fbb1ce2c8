"""Turn a validated `Corpus` into the rows of the query index (see `kzcrisis.index`)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kzcrisis.corpus import Corpus, entity_names
from kzcrisis.text import match_key, name_key
from kzcrisis.vocab import COMMON_FIELDS, KIND_FIELDS

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (slug TEXT PRIMARY KEY, seq INTEGER, record TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE entities (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE aliases (key TEXT PRIMARY KEY, entity TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE claims (
    seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
    date TEXT, search_quote TEXT NOT NULL, search_en TEXT NOT NULL, search_names TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX claims_kind ON claims (kind, date);
CREATE INDEX claims_source ON claims (source);
CREATE TABLE terms (term TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (term, seq)) WITHOUT ROWID;
"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
    terms |= {f"s:{s.value}" for s in getattr(claim, "stances", [])}
    terms |= {f"m:{f.metric.value}" for f in getattr(claim, "figures", [])}
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
    claim_rows, term_rows = [], []
    for seq, claim in enumerate(corpus.claims):
        record = claim_record(claim, corpus)
        names = " ".join(n for ref in record["names"] for n in entity_names(corpus.entities[ref]))
        claim_rows.append(
            (
                seq,
                claim.id,
                claim.kind,
                claim.source,
                record["date"],
                match_key(claim.quote),
                match_key(claim.text_en),
                match_key(names),
                _dumps(record),
            )
        )
        term_rows += [(term, seq) for term in _terms(claim, corpus)]
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)
    conn.executemany("INSERT INTO terms VALUES (?, ?)", term_rows)
    conn.commit()


def _raw_text(corpus: Corpus, rel: str) -> str:
    return (corpus.root / rel).read_text(encoding="utf-8")
