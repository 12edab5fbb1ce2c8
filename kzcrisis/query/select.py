"""Which claims pass the filters, and the records the commands list: claims, sources, entities.

Pure over the index: no printing, no click. Records stay JSON text until a caller needs them
as objects, so `--json` output never pays for parsing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from kzcrisis.errors import BadInput, LookupFailed
from kzcrisis.index.store import Index, rows
from kzcrisis.query.names import close_matches, resolve_entity, resolve_source

if TYPE_CHECKING:  # datetime costs start-up time; only a date filter needs it
    import datetime as dt


class Row(NamedTuple):
    """One claim as stored: `record` is its JSON text (see `kzcrisis.corpus.vocab.COMMON_FIELDS`)."""

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


Names = str | Iterable[str] | None


def _many(value: Names) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _day(value: dt.date | str | None, what: str) -> dt.date | None:
    import datetime as dt

    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{what}: {value!r} is not a date; expected YYYY-MM-DD, e.g. 2022-01-06") from None


def build_filters(
    index: Index,
    *,
    kind: Names = None,
    source: Names = None,
    country: Names = None,
    actor: Names = None,
    stance: Names = None,
    metric: Names = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    limit: int | None = None,
) -> Filters:
    """Filters from what a person typed: names resolved to ids (raising `LookupFailed` with suggestions).

    Each argument takes one value or several (alternatives); the Python API and the CLI both come here.
    """
    groups = []
    if countries := _many(country):
        groups.append(tuple(resolve_entity(index, c, country=True) for c in countries))
    if actors := _many(actor):
        groups.append(tuple(resolve_entity(index, a) for a in actors))
    return Filters(
        kinds=_many(kind),
        sources=tuple(resolve_source(index, s) for s in _many(source)),
        entity_groups=tuple(groups),
        stances=_many(stance),
        metrics=_many(metric),
        since=_day(since, "since"),
        until=_day(until, "until"),
        limit=limit,
    )


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
