"""Questions every face of kzcrisis must answer alike, and how each face is asked.

`QUESTIONS` is the table: each question is a command (claims, search, figures, compare) with the
arguments a person gives, names in any spelling. A face is a function `Question -> Answer`:

- `ask_cli`: `kzcrisis COMMAND ... --json` (the reference);
- `ask_api`: `kzcrisis.open_corpus()`'s method of that name;
- `ask_sql`: SQL over the tables of `export sqlite` (or of `export parquet`, loaded into SQLite);
- `ask_datasette`: Datasette's JSON API over the SQLite export.

An `Answer` is what must agree: the claim ids in order (search: as a set; its order is BM25's),
and for figures and compare each figure's claim and bounds (low, high). Another face (the static
site) adds an `ask_*` of the same shape.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kzcrisis.corpus.text import name_key

Named = dict[str, Any]


@dataclass(frozen=True)
class Question:
    """`command` with the API's keyword arguments (`named`) and, for search, the text typed."""

    name: str
    command: str  # a method of the API and a command of the CLI: claims, search, figures, ...
    named: Named = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True)
class Answer:
    """What every face must give alike: ids in order (a sorted tuple for search), and figures'
    (claim, metric, group, low, high) in order (compare: grouped by quantity)."""

    ids: tuple[str, ...] = ()
    figures: tuple[tuple[Any, ...], ...] = ()


def q(name: str, command: str = "claims", text: str = "", **named: Any) -> Question:
    return Question(name, command, named, text)


QUESTIONS: tuple[Question, ...] = (
    # every filter
    q("all"),
    q("kind", kind="reaction"),
    q("kinds", kind=["casualty", "arrest"]),
    q("kind-case", kind="Deployment"),
    q("source-slug", source="dantri"),
    q("source-outlet", source="Dân trí"),
    q("source-outlet-plain", source="tien phong"),
    q("sources", source=["tokayev-coup", "csto-request"]),
    q("country-en", country="Russia"),
    q("country-vi", country="Nga"),
    q("country-vi-lower", country="nga"),
    q("country-iso", country="RU"),
    q("country-china-plain", country="trung quoc"),
    q("country-china-marks", country="Trung Quốc"),
    q("country-us", country="Mỹ"),
    q("country-armenia", country="Armenia"),
    q("countries-or", country=["Armenia", "Belarus"]),
    q("country-and-actor", country="Russia", actor="CSTO"),
    q("actor-person", actor="Lavrov"),
    q("actor-org", actor="CSTO"),
    q("actor-pashinyan", actor="Pashinyan"),
    q("actor-tokayev", actor="tokayev"),
    q("stance", kind="reaction", stance="expresses_concern"),
    q("stances-or", stance=["supports_government", "offers_help"]),
    q("stance-case", stance="Questions-CSTO-Deployment"),
    q("casualties-metric", "casualties", metric="killed"),
    q("arrests", "arrests"),
    q("reactions-country", "reactions", country="Trung Quốc"),
    q("deployment-actor", "deployment", actor="Belarus"),
    q("timeline-kind", "timeline", kind="event", until="2022-01-05"),
    q("since", since="2022-01-07"),
    q("until", until="2022-01-06"),
    q("range", since="2022-01-05", until="2022-01-07"),
    q("range-undated-include", since="2022-01-06", until="2022-01-06", undated="include"),
    q("undated-only", undated="only"),
    q("undated-exclude", undated="exclude"),
    q("section-caption", section="caption"),
    q("section-body", section="body", kind="event"),
    q("min-outlets", min_outlets=2),
    q("limit", limit=7),
    q("limit-zero", limit=0),
    q("limit-kind", kind="reaction", country="United States", limit=3),
    # search: words with and without diacritics, names, phrases, filters
    q("search-nga", "search", "Nga"),
    q("search-trung-quoc", "search", "trung quoc"),
    q("search-trung-quoc-marks", "search", "Trung Quốc"),
    q("search-quan-marks", "search", "quân"),
    q("search-quan-plain", "search", "quan"),
    q("search-tokayev", "search", "tokayev"),
    q("search-phrase", "search", '"bắt giữ"'),
    q("search-phrase-plain", "search", '"luc luong"'),
    q("search-words", "search", "lực lượng Nga"),
    q("search-english", "search", "peacekeeping"),
    q("search-kind", "search", "Nga", kind="reaction"),
    q("search-country", "search", "an ninh", country="Kazakhstan"),
    # figures by metric and group, with their bounds
    q("figures", "figures"),
    q("figures-killed", "figures", metric="killed"),
    q("figures-group", "figures", group="security_forces"),
    q("figures-metric-group", "figures", metric=["injured", "detained"], group="all"),
    q("figures-source", "figures", source="tokayev-coup"),
    q("figures-country", "figures", country="Russia"),
    q("figures-limit", "figures", limit=5),
    # compare
    q("compare", "compare"),
    q("compare-injured", "compare", metric="injured"),
    q("compare-group", "compare", group="protesters"),
    q("compare-since", "compare", since="2022-01-06"),
)

# The options of the command line, by the API's keyword (repeatable ones take lists).
OPTION = {key: "--" + key.replace("_", "-") for key in ("kind", "source", "country", "actor", "stance")}
OPTION |= {key: "--" + key.replace("_", "-") for key in ("metric", "group", "since", "until", "limit")}
OPTION |= {key: "--" + key.replace("_", "-") for key in ("min_outlets", "section", "undated")}


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def argv(question: Question) -> list[str]:
    """The command line of a question (without --json)."""
    args = [question.command] + ([question.text] if question.command == "search" else [])
    for key, value in question.named.items():
        for one in _values(value):
            args += [OPTION[key], str(one)]
    return args


def _figure(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["claim"], row["metric"], row["group"], row["low"], row["high"])


def answer_of(command: str, found: Any) -> Answer:
    """An answer from the records a command printed as JSON (or the API returned)."""
    if command == "search":
        return Answer(ids=tuple(sorted(r["id"] for r in found)))
    if command == "figures":
        return Answer(ids=tuple(dict.fromkeys(r["claim"] for r in found)), figures=tuple(map(_figure, found)))
    if command == "compare":
        rows = [_figure(f) for quantity in found for f in quantity["figures"]]
        return Answer(ids=tuple(sorted({r[0] for r in rows})), figures=by_quantity(rows))
    return Answer(ids=tuple(r["id"] for r in found))


def ask_api(kz: Any, question: Question) -> Answer:
    method = getattr(kz, question.command)
    found = (
        method(question.text, **question.named) if question.command == "search" else method(**question.named)
    )
    return answer_of(question.command, found)


def ask_cli(run_json: Callable[..., Any], question: Question, *extra: str) -> Answer:
    return answer_of(question.command, run_json(*argv(question), *extra))


# --- the SQL of the export's tables --------------------------------------------------------------


class Resolver:
    """Names to ids as the export's tables hold them (entity_names, sources): the CLI's rules
    (any case, with or without diacritics; a source by slug or outlet) over the export's data."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.entities: dict[str, str] = {}
        for entity, name in conn.execute("SELECT entity, name FROM entity_names"):
            self.entities.setdefault(name_key(name), entity)
        for entity, iso in conn.execute("SELECT id, iso FROM entities WHERE iso IS NOT NULL"):
            self.entities.setdefault(name_key(iso), entity)
        for (entity,) in conn.execute("SELECT id FROM entities"):
            self.entities.setdefault(name_key(entity), entity)
        self.sources: dict[str, str] = {}
        for slug, outlet in conn.execute("SELECT slug, outlet FROM sources ORDER BY seq"):
            self.sources.setdefault(name_key(slug), slug)
            if outlet:
                self.sources.setdefault(name_key(outlet), slug)

    def entity(self, name: str) -> str:
        return self.entities[name_key(name)]

    def source(self, name: str) -> str:
        return self.sources[name_key(name)]


def _in(column: str, values: Sequence[Any], params: list[Any]) -> str:
    params += list(values)
    return f"{column} IN ({', '.join('?' * len(values))})"


def claims_where(named: Named, names: Resolver, figure_kinds: bool = False) -> tuple[str, list[Any]]:
    """A WHERE clause over `claims c` for the filters of a question (the export's columns)."""
    clauses: list[str] = []
    params: list[Any] = []
    kinds = [str(k).lower() for k in _values(named["kind"])] if "kind" in named else []
    if figure_kinds and not kinds:
        kinds = ["casualty", "arrest", "deployment"]
    if kinds:
        clauses.append(_in("c.kind", kinds, params))
    if "source" in named:
        clauses.append(_in("c.source", [names.source(s) for s in _values(named["source"])], params))
    for key, column in (("country", "countries"), ("actor", "parties")):
        if key in named:
            ids = [names.entity(n) for n in _values(named[key])]
            clauses.append(
                f"EXISTS (SELECT 1 FROM json_each(c.{column}) j WHERE {_in('j.value', ids, params)})"
            )
    if "stance" in named:
        stances = [str(s).lower().replace("-", "_") for s in _values(named["stance"])]
        clauses.append(
            f"EXISTS (SELECT 1 FROM json_each(c.stances) j WHERE {_in('j.value', stances, params)})"
        )
    if "metric" in named:
        metrics = _values(named["metric"])
        clauses.append(
            f"EXISTS (SELECT 1 FROM figures f WHERE f.claim = c.id AND {_in('f.metric', metrics, params)})"
        )
    if "section" in named:
        clauses.append("c.section = ?")
        params.append(named["section"])
    if "min_outlets" in named:
        clauses.append(
            "c.statement IN (SELECT s.statement FROM statements s JOIN claims o ON o.id = s.claim "
            "GROUP BY s.statement HAVING COUNT(DISTINCT o.source) >= CAST(? AS INTEGER))"
        )
        params.append(named["min_outlets"])
    _dates(named, clauses, params)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _dates(named: Named, clauses: list[str], params: list[Any]) -> None:
    ranged = [(op, named[key]) for key, op in (("since", ">="), ("until", "<=")) if key in named]
    undated = named.get("undated") or ("exclude" if ranged else "include")
    in_range = " AND ".join(f"c.date {op} ?" for op, _ in ranged)
    # an undated claim reported by a day before --since cannot be in the range
    may_be_in = "c.date IS NULL" + (
        " AND (c.known_by IS NULL OR c.known_by >= ?)" if "since" in named else ""
    )
    may_params = [named["since"]] if "since" in named else []
    if undated == "only":
        clauses.append(f"({may_be_in})")
        params += may_params
        return
    if undated == "exclude":
        clauses.append("c.date IS NOT NULL" + (f" AND {in_range}" if in_range else ""))
        params += [day for _, day in ranged]
    elif in_range:
        clauses.append(f"(({may_be_in}) OR ({in_range}))")
        params += may_params + [day for _, day in ranged]


def fts_query(text: str) -> str:
    """What a person typed as an FTS5 query of the export's claims_fts (its documented use)."""
    return text


# The listings of one kind: claims of that kind.
KIND_OF = {"casualties": "casualty", "arrests": "arrest", "reactions": "reaction", "deployment": "deployment"}


def sql_of(question: Question, names: Resolver) -> tuple[str, list[Any]]:
    """The SQL of a question over the export's tables; it selects ids, or figure rows."""
    named = dict(question.named)
    if question.command in KIND_OF:
        named["kind"] = KIND_OF[question.command]
    limit = named.pop("limit", None)
    if question.command in ("figures", "compare"):
        groups = _values(named.pop("group")) if "group" in named else []
        metrics = _values(named["metric"]) if "metric" in named else []
        where, params = claims_where(named, names, figure_kinds=True)
        extra = [_in("f.metric", metrics, params)] if metrics else []
        extra += [_in('f."group"', groups, params)] if groups else []
        if extra:
            where += (" AND " if where else " WHERE ") + " AND ".join(extra)
        sql = (
            'SELECT f.claim, f.metric, f."group", f.low, f.high '
            f"FROM figures f JOIN claims c ON c.id = f.claim{where} ORDER BY c.seq, f.position"
        )
        if limit is not None and question.command == "figures":
            sql += " LIMIT CAST(? AS INTEGER)"
            params.append(limit)
        return sql, params
    where, params = claims_where(named, names)
    if question.command == "search":
        where += (
            " AND " if where else " WHERE "
        ) + "c.seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)"
        params.append(fts_query(question.text))
    sql = f"SELECT c.id FROM claims c{where} ORDER BY c.seq"
    if limit is not None:
        sql += " LIMIT CAST(? AS INTEGER)"
        params.append(limit)
    return sql, params


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def answer_of_rows(question: Question, rows: Sequence[Sequence[Any]]) -> Answer:
    if question.command == "figures":
        figures = tuple((c, m, g, _number(lo), _number(hi)) for c, m, g, lo, hi in rows)
        return Answer(ids=tuple(dict.fromkeys(r[0] for r in rows)), figures=figures)
    if question.command == "compare":
        found = [(c, m, g, _number(lo), _number(hi)) for c, m, g, lo, hi in rows]
        return Answer(ids=tuple(sorted({r[0] for r in rows})), figures=by_quantity(found))
    ids = tuple(str(r[0]) for r in rows)
    return Answer(ids=tuple(sorted(ids)) if question.command == "search" else ids)


def ask_sql(conn: sqlite3.Connection, question: Question) -> Answer:
    return answer_of_rows(question, conn.execute(*sql_of(question, Resolver(conn))).fetchall())


def ask_datasette(base: str, database: str, conn: sqlite3.Connection, question: Question) -> Answer:
    """Datasette's JSON API: its `?sql=` endpoint with the question's SQL (read-only, as served)."""
    sql, params = sql_of(question, Resolver(conn))
    named_sql = sql
    query: dict[str, str] = {"_shape": "arrays", "_size": "max"}
    for number, value in enumerate(params):
        named_sql = named_sql.replace("?", f":p{number}", 1)
        query[f"p{number}"] = str(value)
    query["sql"] = named_sql
    with urllib.request.urlopen(
        f"{base}/{database}.json?{urllib.parse.urlencode(query)}", timeout=30
    ) as page:
        data = json.load(page)
    return answer_of_rows(question, [tuple(row) for row in data["rows"]])


METRIC_ORDER = ("killed", "injured", "detained", "troops", "aircraft")


def by_quantity(rows: Sequence[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
    """compare's figures by quantity (its order), then by claim: the order within a quantity is
    compare's own (by as-of date), which the export's tables do not hold."""
    return tuple(sorted(rows, key=lambda r: (METRIC_ORDER.index(r[1]), r[2], r[0], r[3], r[4] or 0)))


# --- the faces' set-up: exports, Parquet read into SQLite, Datasette served --------------------


def parquet_into_sqlite(folder: Any) -> sqlite3.Connection:
    """The Parquet export's tables in an in-memory SQLite database, to ask them the same SQL."""
    from pathlib import Path

    import pyarrow.parquet as pq

    from kzcrisis.export.schema import TABLES

    conn = sqlite3.connect(":memory:")
    for table in TABLES:
        names = table.names
        conn.execute(f"CREATE TABLE {table.name} ({', '.join(chr(34) + n + chr(34) for n in names)})")
        data = pq.read_table(Path(folder) / f"{table.name}.parquet").to_pylist()
        marks = ", ".join("?" * len(names))
        # Parquet's dates come back as datetime.date: stored as the ISO text the SQLite export holds
        # (sqlite3's default date adapter is deprecated from Python 3.12).
        rows = [[_sql_value(r[n]) for n in names] for r in data]
        conn.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows)
    return conn


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_datasette(db: Any, *options: str) -> tuple[Any, str]:
    """Datasette serving `db` on 127.0.0.1 (every row of a query returned; `options` are datasette
    serve's, e.g. --metadata FILE): (process, base URL)."""
    import subprocess
    import sys
    import time

    port = free_port()
    cmd = [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--setting", "max_returned_rows", "1000000", "--setting", "sql_time_limit_ms", "20000", *options]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                err = server.stderr.read().decode() if server.stderr else ""
                raise RuntimeError(f"datasette did not start: {err[-2000:]}") from None
            time.sleep(0.2)


def stop(server: Any) -> None:
    import subprocess

    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    if server.stderr:
        server.stderr.close()


def _sql_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value
