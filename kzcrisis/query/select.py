"""Which claims pass the filters, and the records the commands list: claims, sources, entities.

Pure over the index: no printing, no click. Records stay JSON text until a caller needs them
as objects, so `--json` output never pays for parsing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from kzcrisis.corpus.choices import choose, choose_many, count, day, names
from kzcrisis.errors import LookupFailed, RetiredClaim, closest
from kzcrisis.index.store import Index, rows
from kzcrisis.query.names import resolve_entity, resolve_source

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
    # Keep claims whose statement is reported by at least this many articles (1: no filter).
    min_outlets: int | None = None
    # 'body' or 'caption': where in its article the claim stands.
    section: str | None = None
    # include, exclude or only; None: exclude with since/until (nothing says an undated claim is in
    # range), include without them. Commands say on stderr how many were left out (`undated_left_out`).
    undated: str | None = None


Names = str | Iterable[str] | None


def _day(value: dt.date | str | None, what: str) -> dt.date | None:
    return None if value is None else day(what, value)


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
    min_outlets: int | None = None,
    section: str | None = None,
    undated: str | None = None,
) -> Filters:
    """Filters from what a person typed: names resolved to ids (raising `LookupFailed` with
    suggestions), every value of a vocabulary checked (`InvalidChoice`, with suggestions).

    Each argument takes one value or several (alternatives); the Python API and the CLI both come
    here, so both refuse the same values with the same message (the arguments: `vocab.FILTERS`).
    """
    groups = []
    if countries := names("country", country):
        groups.append(tuple(resolve_entity(index, c, country=True) for c in countries))
    if actors := names("actor", actor):
        groups.append(tuple(resolve_entity(index, a) for a in actors))
    return Filters(
        kinds=choose_many("kind", kind),
        sources=tuple(resolve_source(index, s) for s in names("source", source)),
        entity_groups=tuple(groups),
        stances=choose_many("stance", stance),
        metrics=choose_many("metric", metric),
        since=_day(since, "since"),
        until=_day(until, "until"),
        limit=None if limit is None else count("limit", limit),
        min_outlets=None if min_outlets is None else count("min_outlets", min_outlets, minimum=1),
        section=None if section is None else choose("section", section),
        undated=None if undated is None else choose("undated", undated),
    )


_COLUMNS = "c.seq, c.id, c.kind, c.source, c.date, c.record"
# Served by the index claims_order (index.INDEXES): no sort of the whole table at query time.
# Dated claims by date; then the undated ones with a bound (reported by that day) by bound; then the rest.
_ORDER = "ORDER BY c.date IS NULL, c.date, c.bound IS NULL, c.bound, c.source_seq, c.ord"


def _dates(filters: Filters, clauses: list[str], params: list[Any]) -> None:
    """since/until, and what becomes of undated claims (see `Filters.undated`)."""
    dates: list[str] = []
    dated: list[str] = []
    if filters.since:
        dates.append("c.date >= ?")
        dated.append(filters.since.isoformat())
    if filters.until:
        dates.append("c.date <= ?")
        dated.append(filters.until.isoformat())
    undated = filters.undated or ("exclude" if dates else "include")
    # An undated claim reported by a day (its bound, `known_by`) tells of something on or before that
    # day: with --since after it, it cannot be in the range, and is neither kept nor counted.
    may_be_in = "c.date IS NULL AND (c.bound IS NULL OR c.bound >= ?)" if filters.since else "c.date IS NULL"
    may_params = [filters.since.isoformat()] if filters.since else []
    if undated == "only":
        clauses.append(f"({may_be_in})")
        params += may_params
    elif undated == "exclude":
        clauses += [*dates, "c.date IS NOT NULL"]
        params += dated
    elif dates:
        clauses.append(f"(({may_be_in}) OR ({' AND '.join(dates)}))")
        params += may_params + dated


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
    _dates(filters, clauses, params)
    if filters.min_outlets is not None and filters.min_outlets > 1:
        # Outlets, not articles: two articles of one outlet count once; an article whose text names
        # no outlet counts as one of its own (nothing says it is another's). Served by the partial
        # index claims_statement: only linked claims are grouped.
        clauses.append(
            "c.statement IN (SELECT l.statement FROM claims l JOIN sources s ON s.slug = l.source"
            " WHERE l.statement IS NOT NULL GROUP BY l.statement"
            " HAVING COUNT(DISTINCT COALESCE(json_extract(s.record, '$.outlet'), char(1) || s.slug)) >= ?)"
        )
        params.append(filters.min_outlets)
    if filters.section is not None:
        # Only captions carry a term (see index.build): the body is what is not a caption.
        negate = "NOT " if filters.section == "body" else ""
        clauses.append(f"c.seq {negate}IN (SELECT seq FROM terms WHERE term = 'x:caption')")
    return clauses, params


def _sql(filters: Filters, columns: str = _COLUMNS, order: str = _ORDER) -> tuple[str, list[Any]]:
    clauses, params = _where(filters)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    limit = " LIMIT ?" if filters.limit is not None else ""
    return (
        f"SELECT {columns} FROM claims c {where} {order}{limit}",
        params + ([filters.limit] if filters.limit is not None else []),
    )


def _query(index: Index, filters: Filters) -> list[tuple[Any, ...]]:
    return rows(index, *_sql(filters))


def claims_where(filters: Filters) -> tuple[str, list[Any]]:
    """The WHERE clause (claims as `c`, empty when nothing is filtered) and its parameters, without
    order or limit: for a query that reads another table's rows of the claims that pass."""
    clauses, params = _where(filters)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


# The order of `select_claims`, as columns of `claims c` (for queries that join it).
ORDER_COLUMNS = _ORDER.removeprefix("ORDER BY ")


def undated_left_out(index: Index, filters: Filters) -> int:
    """How many undated claims pass the other filters but were left out by the date range (0 when
    none was given, or `undated` was chosen)."""
    if filters.undated is not None or not (filters.since or filters.until):
        return 0
    sql, params = _sql(filters._replace(undated="only", limit=None), "COUNT(*)", "")
    return int(rows(index, sql, params)[0][0])


def count_claims(index: Index, filters: Filters) -> int:
    """How many claims pass the filters (no limit), without reading a record."""
    sql, params = _sql(filters._replace(limit=None), "COUNT(*)", "")
    return int(rows(index, sql, params)[0][0])


def nearest_dates(index: Index, filters: Filters) -> tuple[str | None, str | None]:
    """The last date before `since` and the first after `until` on which claims pass the other
    filters (None where there is none): where a reader may look when a date range holds nothing."""
    where, params = claims_where(filters._replace(since=None, until=None, undated="exclude", limit=None))
    joiner = " AND " if where else "WHERE "
    found: list[str | None] = []
    for bound, sql in (
        (filters.since, "SELECT MAX(c.date) FROM claims c {} c.date < ?"),
        (filters.until, "SELECT MIN(c.date) FROM claims c {} c.date > ?"),
    ):
        if bound is None:
            found.append(None)
            continue
        found.append(rows(index, sql.format(where + joiner), [*params, bound.isoformat()])[0][0])
    return found[0], found[1]


BATCH = 1000  # rows read at a time by iter_records


def iter_records(index: Index, filters: Filters) -> Iterator[str]:
    """The records of `select_claims`, as JSON text, read from the index `batch` rows at a time.

    Why: a listing that prints half a million claims would otherwise hold them all (about 1 GB at a
    million claims); read `BATCH` rows at a time, memory stays flat and the time grows only with
    what is printed. The index must stay open while the iterator is used.
    """
    cursor = index.conn.execute(*_sql(filters, "c.record"))
    try:
        while chunk := cursor.fetchmany(BATCH):
            for (record,) in chunk:
                yield str(record)
    finally:
        cursor.close()


def select_claims(index: Index, filters: Filters) -> list[Row]:
    """Claims that pass the filters, in date order (undated last), then source and article order."""
    return [Row(*r) for r in _query(index, filters)]


def get_claim(index: Index, claim_id: str) -> Row:
    found = rows(
        index,
        f"SELECT {_COLUMNS} FROM claims c WHERE c.id = ?",
        (claim_id.strip().lower(),),
    )
    if not found:
        from kzcrisis.corpus.releases import retirement_of

        retired = retirement_of(index.corpus_dir, claim_id)
        if retired is not None:  # a citation of a released id: its record, not a guess
            raise RetiredClaim(retired.id, retired.message(), retired.replaced_by)
        ids = [r[0] for r in rows(index, "SELECT id FROM claims")]
        raise LookupFailed(
            "claim id",
            claim_id,
            closest(claim_id, ids),
            "list ids with: kzcrisis claims --fields id,text_en",
        )
    return Row(*found[0])


def source_records(index: Index) -> list[tuple[str, str, dict[str, int]]]:
    """Each source's slug and record (JSON text) with its claim counts by kind, in corpus order."""
    counts: dict[str, dict[str, int]] = {}
    for slug, kind, n in rows(index, "SELECT source, kind, COUNT(*) FROM claims GROUP BY source, kind"):
        counts.setdefault(slug, {})[kind] = n
    return [
        (str(slug), rec, counts.get(slug, {}))
        for slug, rec in rows(index, "SELECT slug, record FROM sources ORDER BY seq")
    ]


def statement_size(index: Index, statement: str | None) -> int:
    """How many claims report `statement` (1 for a claim that links none)."""
    if not statement:
        return 1
    return int(rows(index, "SELECT COUNT(*) FROM claims WHERE statement = ?", (statement,))[0][0])


def shared_statements(index: Index) -> dict[str, dict[str, int]]:
    """For each source, how many statements it shares with each other source (none: left out).

    The join is of distinct (statement, source) pairs: a statement of thousands of claims from a
    few articles costs what a few claims cost.
    """
    out: dict[str, dict[str, int]] = {}
    for slug, other, n in rows(
        index,
        "WITH s AS (SELECT DISTINCT statement, source FROM claims WHERE statement IS NOT NULL) "
        "SELECT a.source, b.source, COUNT(*) FROM s a "
        "JOIN s b ON b.statement = a.statement AND b.source != a.source GROUP BY a.source, b.source",
    ):
        out.setdefault(str(slug), {})[str(other)] = int(n)
    return out


def entity_records(index: Index, entity_type: str | None = None) -> list[str]:
    sql = "SELECT record FROM entities" + (" WHERE type = ?" if entity_type else "") + " ORDER BY type, name"
    return [str(r[0]) for r in rows(index, sql, (entity_type,) if entity_type else ())]


def source_record(index: Index, slug: str) -> str:
    """A source's record (JSON text); every claim's source exists, `validate` sees to it."""
    return str(rows(index, "SELECT record FROM sources WHERE slug = ?", (slug,))[0][0])


def source_text(index: Index, slug: str) -> str:
    found = rows(index, "SELECT text FROM sources WHERE slug = ?", (slug,))
    return str(found[0][0]) if found else ""
