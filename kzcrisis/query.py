"""Queries over the index: filters, name resolution, search, one claim.

Pure over the index: no printing, no click. Records stay JSON text until a caller needs them
as objects, so `--json` output never pays for parsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from kzcrisis.errors import BadInput, LookupFailed
from kzcrisis.index import Index, rows
from kzcrisis.text import match_key, name_key

if TYPE_CHECKING:
    import datetime as dt


class Row(NamedTuple):
    """One claim as stored: `record` is its JSON text (see `kzcrisis.vocab.COMMON_FIELDS`)."""

    seq: int
    id: str
    kind: str
    source: str
    date: str | None
    record: str


class Filters(NamedTuple):
    """What to keep. Values repeated within one option are alternatives (OR);
    different options must all hold (AND). Undated claims fail `since` and `until`."""

    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    entity_groups: tuple[tuple[str, ...], ...] = ()
    stances: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int | None = None


_COLUMNS = "c.seq, c.id, c.kind, c.source, c.date, c.record"
# Served by the index claims_order (index.INDEXES): no sort of the whole table at query time.
_ORDER = "ORDER BY c.date IS NULL, c.date, c.source_seq, c.seq"


def _where(filters: Filters) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: tuple[str, ...]) -> None:
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)

    def has_term(prefix: str, values: tuple[str, ...]) -> None:
        if values:
            marks = ", ".join("?" * len(values))
            clauses.append(f"c.seq IN (SELECT seq FROM terms WHERE term IN ({marks}))")
            params.extend(prefix + v for v in values)

    any_of("c.kind", filters.kinds)
    any_of("c.source", filters.sources)
    for group in filters.entity_groups:
        has_term("e:", group)
    has_term("s:", filters.stances)
    has_term("m:", filters.metrics)
    if filters.since:
        clauses.append("c.date >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append("c.date <= ?")
        params.append(filters.until.isoformat())
    return clauses, params


def _query(
    index: Index, filters: Filters, extra: list[str], extra_params: list[Any], columns: str = _COLUMNS
) -> list[tuple[Any, ...]]:
    clauses, params = _where(filters)
    clauses += extra
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    limit = " LIMIT ?" if filters.limit is not None else ""
    sql = f"SELECT {columns} FROM claims c {where} {_ORDER}{limit}"
    all_params = params + extra_params + ([filters.limit] if filters.limit is not None else [])
    return rows(index, sql, all_params)


def select_claims(index: Index, filters: Filters) -> list[Row]:
    """Claims that pass the filters, in date order (undated last), then source and article order."""
    return [Row(*r) for r in _query(index, filters, [], [])]


# Ranking: a term found in an entity's names weighs most, then the English text, then the quote;
# the whole query found as a phrase adds a bonus. Ties keep date order.
SEARCH_WEIGHTS = {"search_names": 3.0, "search_en": 2.0, "search_quote": 2.0}
PHRASE_BONUS = 3.0


def search_claims(index: Index, text: str, filters: Filters) -> list[tuple[float, Row]]:
    """Claims whose quote, English text or entity names contain every word of `text`.

    Case- and diacritic-insensitive ('trung quoc' finds 'Trung Quốc'); ranked best first.
    """
    terms = match_key(text).split()
    if not terms:
        raise BadInput(f"nothing to search for in {text!r}: give at least one word")
    extra = []
    params: list[Any] = []
    for term in terms:
        # instr, not LIKE: the columns and the terms are already folded (match_key), and instr has
        # neither wildcards to escape nor LIKE's limit on the length of a pattern.
        extra.append("(" + " OR ".join(f"instr(c.{col}, ?) > 0" for col in SEARCH_WEIGHTS) + ")")
        params += [term] * len(SEARCH_WEIGHTS)
    search_columns = ", ".join(f"c.{col}" for col in SEARCH_WEIGHTS)
    found = _query(index, filters._replace(limit=None), extra, params, f"{_COLUMNS}, {search_columns}")
    phrase = " ".join(terms)
    width = len(Row._fields)
    scored = []
    for order, found_row in enumerate(found):
        cols = found_row[width:]
        score = sum(
            w * col.count(t) for t in terms for w, col in zip(SEARCH_WEIGHTS.values(), cols, strict=True)
        )
        if len(terms) > 1 and any(phrase in col for col in cols):
            score += PHRASE_BONUS
        scored.append((score, order, Row(*found_row[:width])))
    scored.sort(key=lambda item: (-item[0], item[1]))
    kept = scored if filters.limit is None else scored[: filters.limit]
    return [(score, row) for score, _, row in kept]


def get_claim(index: Index, claim_id: str) -> Row:
    found = rows(
        index,
        f"SELECT {_COLUMNS} FROM claims c WHERE c.id = ?",
        (claim_id.strip().lower(),),
    )
    if not found:
        ids = [r[0] for r in rows(index, "SELECT id FROM claims")]
        raise LookupFailed(
            "claim id",
            claim_id,
            close_matches(claim_id, ids),
            "list ids with: kzcrisis claims --fields id,text_en",
        )
    return Row(*found[0])


def close_matches(value: str, candidates: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    import difflib

    return difflib.get_close_matches(value, candidates, n=n, cutoff=cutoff)


def resolve_entity(index: Index, text: str, *, country: bool = False) -> str:
    """The entity id a user means by `text` (English, Vietnamese, alias, ISO code; any case or accents)."""
    what = "country" if country else "actor"
    found = rows(
        index,
        "SELECT a.entity, e.type, e.name FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.key = ?",
        (name_key(text),),
    )
    if found:
        entity, kind, name = found[0]
        if country and kind != "country":
            raise LookupFailed(what, text, [], f"{name} is a {kind}, not a country: use --actor")
        return str(entity)
    candidates = rows(
        index,
        "SELECT a.key, e.name FROM aliases a JOIN entities e ON e.id = a.entity"
        + (" WHERE e.type = 'country'" if country else ""),
    )
    names = {str(key): str(name) for key, name in candidates}
    close = close_matches(name_key(text), list(names), n=6, cutoff=0.8)
    suggestions = list(dict.fromkeys(names[k] for k in close))[:3]
    raise LookupFailed(
        what, text, suggestions, "list them with: kzcrisis entities" + (" --type country" if country else "")
    )


def resolve_source(index: Index, text: str) -> str:
    """A source slug from its slug or its outlet's name ('Dân trí', 'dan tri')."""
    key = name_key(text)
    known = rows(index, "SELECT slug, json_extract(record, '$.outlet') FROM sources")
    for slug, outlet in known:
        if key and key in (name_key(slug), name_key(outlet) if outlet else None):
            return str(slug)
    slugs = [str(slug) for slug, _ in known]
    raise LookupFailed("source", text, close_matches(text.lower(), slugs), "list them with: kzcrisis sources")


def source_records(index: Index) -> list[tuple[str, dict[str, int]]]:
    """Each source's record (JSON text) with its claim counts by kind, in corpus order."""
    counts: dict[str, dict[str, int]] = {}
    for slug, kind, n in rows(index, "SELECT source, kind, COUNT(*) FROM claims GROUP BY source, kind"):
        counts.setdefault(slug, {})[kind] = n
    return [
        (rec, counts.get(slug, {}))
        for slug, rec in rows(index, "SELECT slug, record FROM sources ORDER BY seq")
    ]


def entity_records(index: Index, entity_type: str | None = None) -> list[str]:
    sql = "SELECT record FROM entities" + (" WHERE type = ?" if entity_type else "") + " ORDER BY type, name"
    return [str(r[0]) for r in rows(index, sql, (entity_type,) if entity_type else ())]


def source_record(index: Index, slug: str) -> str:
    """A source's record (JSON text); every claim's source exists, `validate` sees to it."""
    return str(rows(index, "SELECT record FROM sources WHERE slug = ?", (slug,))[0][0])


def source_text(index: Index, slug: str) -> str:
    found = rows(index, "SELECT text FROM sources WHERE slug = ?", (slug,))
    return str(found[0][0]) if found else ""
