"""`export parquet`: one Parquet file per table, for DuckDB, Polars or Spark (optional: pyarrow).

    duckdb -c "SELECT source, count(*) FROM 'tables/claims.parquet' GROUP BY source"

The columns and their types are those of `kzcrisis.export.tables.TABLES` (TEXT -> string,
INTEGER -> int64, REAL -> float64); lists stay JSON arrays in a string column, as in SQLite.
Each file is written with zstd compression and the table's description in its schema metadata.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from kzcrisis.errors import KzcrisisError
from kzcrisis.export.tables import TABLES, Export
from kzcrisis.outfile import output_folder

ARROW_TYPES = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


def require_pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        # A missing optional package is not a usage error: exit 1, with the fix.
        raise KzcrisisError("export parquet needs pyarrow: pip install 'kzcrisis[parquet]'") from None
    return pyarrow


def write_parquet(
    data: Export, target: str | os.PathLike[str], progress: Callable[[int], None] | None
) -> None:
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    with output_folder(target) as folder:
        for table in TABLES:
            rows = data.rows[table.name]
            columns = {
                col.name: pa.array([row[i] for row in rows], type=getattr(pa, ARROW_TYPES[col.type])())
                for i, col in enumerate(table.columns)
            }
            schema = pa.schema(
                [
                    pa.field(col.name, columns[col.name].type, nullable=not col.not_null)
                    for col in table.columns
                ],
                metadata={"description": table.description, "primary_key": ",".join(table.primary_key)},
            )
            with folder.open(f"{table.name}.parquet") as out:
                pq.write_table(pa.table(columns, schema=schema), out, compression="zstd")
            if progress is not None and table.name == "claims":
                progress(len(rows))
