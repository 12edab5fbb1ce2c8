"""`export sqlite`: the tables in one SQLite file, with full-text search, and Datasette metadata beside it.

The schema comes from `kzcrisis.export.tables.TABLES`: primary and foreign keys, integer counts,
ISO dates (TEXT), one figure per row, lists as JSON arrays. Full-text search on claims is the
FTS5 table `claims_fts` (rowid = `claims.seq`), made from the definitions `kzcrisis search` uses:
its tokenizer (`index.schema.TOKENIZER`: whole words, case-insensitive), its texts (`*_exact`:
`exact_key`, diacritics kept; `*_folded`: the same by `strip_marks`, as the index's folded
columns) and its entities' names (`corpus.parties.entity_names`). A query matches any column, so
a word typed with diacritics (`quân`) matches only those diacritics, and one typed without
(`quan`) matches every form. What SQL cannot do as `search` does: a phrase of marked and bare
words (`"bắt giu"`, which `search` checks word by word), and a phrase that runs from one of a
claim's names into the next.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kzcrisis.export.files import json_text
from kzcrisis.export.tables import TABLE, TABLES, Export, Table
from kzcrisis.index.schema import TOKENIZER
from kzcrisis.outfile import Outputs

FTS_TABLE = "claims_fts"
FTS_COLUMNS = (
    "quote_exact",
    "text_en_exact",
    "names_exact",
    "quote_folded",
    "text_en_folded",
    "names_folded",
)
FTS_TOKENIZER = TOKENIZER
INDEXES = (
    ("claims", ("source",)),
    ("claims", ("kind", "date")),
    ("figures", ("claim",)),
    ("figures", ("metric", "group")),
    ("claim_entities", ("entity", "role")),
    ("entity_names", ("name",)),
    ("statements", ("claim",)),
)
LICENSE = "MIT (kzcrisis's code and curation); the quoted article text remains its publishers'"


def q(name: str) -> str:
    """A quoted SQL identifier (`group` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def table_sql(table: Table) -> str:
    lines = []
    for col in table.columns:
        line = f"{q(col.name)} {col.type}"
        if col.not_null:
            line += " NOT NULL"
        if table.primary_key == (col.name,):
            line += " PRIMARY KEY"
        if col.name == "seq" and table.name == "claims":
            line += " UNIQUE"
        lines.append(line)
    if len(table.primary_key) > 1:
        lines.append(f"PRIMARY KEY ({', '.join(q(c) for c in table.primary_key)})")
    for col in table.columns:
        if col.references:
            other, other_col = col.references.split(".")
            lines.append(f"FOREIGN KEY ({q(col.name)}) REFERENCES {q(other)} ({q(other_col)})")
    return f"CREATE TABLE {q(table.name)} (\n    " + ",\n    ".join(lines) + "\n)"


def schema_sql() -> str:
    """The whole schema, as `export sqlite` creates it (described in docs/export-tables.md)."""
    parts = [table_sql(t) for t in TABLES]
    parts.append(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(\n    "
        + ", ".join(FTS_COLUMNS)
        + f",\n    tokenize = '{FTS_TOKENIZER}'\n)"
    )
    for table, cols in INDEXES:
        parts.append(
            f"CREATE INDEX {q(table + '_' + '_'.join(cols))} ON {q(table)} ({', '.join(q(c) for c in cols)})"
        )
    return ";\n".join(parts) + ";\n"


def metadata_path(db_path: str | os.PathLike[str]) -> Path:
    """Datasette's metadata file beside the database: kz.db -> kz.metadata.json."""
    path = Path(db_path)
    return path.with_name(path.stem + ".metadata.json")


def write_sqlite(
    data: Export, target: str | os.PathLike[str], progress: Callable[[int], None] | None
) -> Path:
    """Write the database and its Datasette metadata beside it; return the metadata path.

    Both are made whole and checked first, then renamed into place together, the metadata first:
    a database is never replaced by one whose metadata failed. SQLite writes by name, so the
    database is built in a private folder, or in memory where OUT's folder is one another user
    could change (then it costs memory about twice its size).
    """
    meta = metadata_path(target)
    meta_text = json_text(datasette_metadata(data, Path(target).stem)).encode("utf-8")
    with Outputs() as outputs:
        outputs.file(meta).write(meta_text)
        path = outputs.path(target)
        if path is None:
            conn = sqlite3.connect(":memory:")
            _fill(conn, data, progress)
            outputs.file(target).write(conn.serialize())
            conn.close()
        else:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")  # synced once, whole, by the writer
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache for the FTS5 merges
            try:
                _fill(conn, data, progress)
            except sqlite3.OperationalError as exc:
                raise _disk_error(exc) from None
            conn.close()
    return meta


def _disk_error(exc: sqlite3.OperationalError) -> Exception:
    """SQLite's full disk as the OSError the writer reports in one line (anything else unchanged)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:
        return OSError(errno.EIO, os.strerror(errno.EIO))
    return exc


def _fill(conn: sqlite3.Connection, data: Export, progress: Callable[[int], None] | None) -> None:
    """Create and fill every table, then check the keys (closing `conn` on any error)."""
    try:
        conn.executescript(schema_sql())
        for table in TABLES:
            marks = ", ".join("?" * len(table.columns))
            conn.executemany(f"INSERT INTO {q(table.name)} VALUES ({marks})", data.rows[table.name])
        conn.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            _fts_rows(data, progress),
        )
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:  # a validated corpus has none; never ship a database that says otherwise
            raise RuntimeError(f"foreign key check failed: {broken[:5]}")
        conn.commit()
    except BaseException:
        conn.close()
        raise


def _fts_rows(data: Export, progress: Callable[[int], None] | None) -> Iterable[tuple[Any, ...]]:
    # The texts of search's own word index (index.schema): `exact_key` of the text, and that
    # folded by `strip_marks`; an entity's names are those search matches (`entity_names`).
    from kzcrisis.corpus.parties import entity_names
    from kzcrisis.corpus.text import exact_key, strip_marks

    names_of = {eid: exact_key(" ".join(dict.fromkeys(entity_names(e)))) for eid, e in data.entities.items()}
    for seq, (rec, links) in enumerate(zip(data.records, data.links, strict=True)):
        refs = dict.fromkeys(str(link[1]) for link in links)
        names = " ".join(names_of.get(e, e) for e in refs)
        quote, text_en = exact_key(rec["quote"]), exact_key(rec["text_en"])
        yield (seq, quote, text_en, names, strip_marks(quote), strip_marks(text_en), strip_marks(names))
        if progress is not None:
            progress(1)


def datasette_metadata(data: Export, database: str) -> dict[str, Any]:
    """Datasette's metadata: title, licence, source, column descriptions, facets, labels, search."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        entry: dict[str, Any] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
        if table.facets:
            entry["facets"] = list(table.facets)
        if table.label_column:
            entry["label_column"] = table.label_column
        tables[table.name] = entry
    tables["claims"].update({"fts_table": FTS_TABLE, "fts_pk": "seq", "sort": "seq"})
    tables[FTS_TABLE] = {"hidden": True}
    return {
        "title": f"kzcrisis: {data.name} {data.version}",
        "description": (
            f"{data.description} {len(data.records)} claims from {len(data.sources)} archived articles; "
            "each claim's quote stands verbatim in its article. Search the claims table: a word typed "
            "with diacritics matches only those diacritics. Corpus content hash: "
            f"{data.content_hash}."
        ).strip(),
        "license": LICENSE,
        "source": f"kzcrisis corpus {data.name} {data.version} (see the sources table)",
        "databases": {
            database: {"description": TABLE["claims"].description, "tables": tables},
        },
    }
