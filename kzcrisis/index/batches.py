"""A query over more keys than one SQL statement may carry, asked in batches.

Why: SQLite caps the parameters of a statement (999 before 3.32, 32,766 since), so a query for
thousands of keys (`... WHERE seq IN (?, ?, ...)`) is asked 500 keys at a time, far below any cap.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

BATCH = 500


def rows_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of `sql`, whose `{marks}` stands for a list of parameters, for every value of
    `values`, a batch at a time (a batch's rows in the statement's order)."""
    for start in range(0, len(values), BATCH):
        some = list(values[start : start + BATCH])
        yield from conn.execute(sql.replace("{marks}", ", ".join("?" * len(some))), some)
