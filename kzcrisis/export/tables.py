"""The rows of the one normalised model of the corpus that every export writes.

Defined once (`TABLES`, in `kzcrisis.export.schema`) and filled once here (`collect`): SQLite,
Parquet, the annotations and the static site all read the same `Export`, so a column means the
same thing in every format.

The shared filters select claims; `figures`, `claim_entities` and `statements` follow the claims
kept, while `sources`, `source_texts`, `entities` and `entity_names` are reference tables and are
always whole (a claim's foreign keys always resolve). `sources.claims` counts the claims kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kzcrisis.corpus.interval import bounds
from kzcrisis.corpus.parties import ROLE_OF, countries, entity_refs, parties
from kzcrisis.corpus.vocab import FIGURE_KINDS
from kzcrisis.export.schema import LIST_SEPARATOR, TABLE, TABLES, Column, Table

if TYPE_CHECKING:
    from kzcrisis.index.records import QuantityRecord
    from kzcrisis.query.select import Filters
    from kzcrisis.query.session import Session

Record = dict[str, Any]
Row = tuple[Any, ...]

__all__ = ["LIST_SEPARATOR", "TABLE", "TABLES", "Column", "Export", "Record", "Row", "Table", "collect"]


@dataclass
class Export:
    """What every format writes: the corpus's description, the tables' rows and the claim records."""

    name: str
    version: str
    description: str
    content_hash: str
    records: list[Record]
    sources: list[Record]
    texts: dict[str, str]
    entities: dict[str, Record]
    # compare's quantities of the claims kept, as `kzcrisis compare --json` gives them
    quantities: list[QuantityRecord] = field(default_factory=list)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    links: list[list[Row]] = field(default_factory=list)  # claim_entities rows of records[i]


def collect(kz: Session, filters: Filters) -> Export:
    """Read the corpus once through the query path the commands use and fill every table."""
    from pydantic_core import from_json  # pydantic's parser: 100,000 records in half json's time

    from kzcrisis.query.compare import compare_quantities, quantity_record

    records = [from_json(row.record) for row in kz.rows(filters)]
    manifest = kz.manifest()
    kinds = filters.kinds or FIGURE_KINDS  # what `compare` reads, among the claims kept
    out = Export(
        name=manifest["name"],
        version=manifest["version"],
        description=manifest.get("description", ""),
        content_hash=kz.index.corpus_key,
        records=records,
        sources=kz.sources(),
        texts=kz.source_texts(),
        entities={e["id"]: e for e in kz.entities()},
        quantities=[quantity_record(q) for q in compare_quantities(kz.index, filters._replace(kinds=kinds))],
    )
    out.rows = _rows(out)
    return out


def _rows(data: Export) -> dict[str, list[Row]]:
    counts: dict[str, int] = {}
    for rec in data.records:
        counts[rec["source"]] = counts.get(rec["source"], 0) + 1
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for seq, src in enumerate(data.sources):
        rows["sources"].append(_source_row(src, seq, counts.get(src["slug"], 0)))
        rows["source_texts"].append((src["slug"], data.texts[src["slug"]]))
    for ent in data.entities.values():
        rows["entities"].append(
            (ent["id"], ent["type"], ent["name"], ent.get("iso"), ent.get("speaks_for"), ent.get("role"))
        )
        names = [("name", ent["name"])] + [("vi", n) for n in ent.get("names_vi") or []]
        names += [("alias", n) for n in ent.get("aliases") or []]
        rows["entity_names"] += [(ent["id"], form, n) for form, n in dict.fromkeys(names)]
    known = {eid: (e["type"], e.get("speaks_for")) for eid, e in data.entities.items()}
    figure_id = 0
    for seq, rec in enumerate(data.records):
        by = parties(entity_refs(rec), rec.get("on_behalf_of"), known)
        rows["claims"].append(_claim_row(rec, seq, countries(by, known), by))
        for position, fig in enumerate(rec.get("figures") or []):
            rows["figures"].append(_figure_row(rec, fig, figure_id, position))
            figure_id += 1
        links = entity_links(rec)
        data.links.append(links)
        rows["claim_entities"] += links
        if rec.get("statement"):
            rows["statements"].append((rec["statement"], rec["id"]))
    rows["statements"].sort()
    return rows


def _source_row(src: Record, seq: int, claims: int) -> Row:
    return (
        src["slug"],
        seq,
        src.get("outlet"),
        src.get("outlet_note"),
        src.get("title"),
        src.get("title_note"),
        src.get("language", "vi"),
        src.get("published"),
        src.get("published_note"),
        src.get("author"),
        src.get("url"),
        src.get("url_note"),
        src["file"],
        src["sha256"],
        src.get("notes") or None,
        claims,
    )


def json_list(values: Iterable[Any] | None) -> str | None:
    """A list as a compact JSON array (null when empty): one cell, readable by Datasette and SQLite."""
    items = list(values or ())
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")) if items else None


def _claim_row(rec: Record, seq: int, countries: list[str], parties: list[str]) -> Row:
    return (
        rec["id"],
        seq,
        rec["kind"],
        rec["source"],
        rec.get("date"),
        rec.get("date_note"),
        rec.get("known_by"),
        rec.get("reported_by"),
        rec.get("speaker"),
        rec["quote"],
        rec["text_en"],
        rec.get("note"),
        json_list(rec.get("stances")),
        json_list(countries),
        json_list(parties),
        rec.get("mission"),
        rec.get("legal_basis"),
        rec.get("command"),
        rec.get("place"),
        rec.get("statement"),
        rec.get("section", "body"),
    )


def _figure_row(rec: Record, fig: Record, figure_id: int, position: int) -> Row:
    low, high = bounds(fig["count"], fig["qualifier"])
    return (
        figure_id,
        rec["id"],
        position,
        rec["source"],
        fig["metric"],
        fig["group"],
        fig.get("label"),
        fig["count"],
        fig["qualifier"],
        low,
        high,
        json_list(fig.get("components")),
        fig.get("as_of"),
        fig.get("as_of_note"),
        rec.get("known_by"),
        rec.get("statement"),
        fig.get("note"),
    )


def entity_links(rec: Record) -> list[Row]:
    """The claim_entities rows of one claim record: (claim, entity, role), each once."""
    return list(dict.fromkeys((rec["id"], entity, ROLE_OF[field].role) for field, entity in entity_refs(rec)))
