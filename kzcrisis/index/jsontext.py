"""A record's stored JSON text: how it is written, extended and read, in one place.

The index stores each claim's record (and each figure's row) as JSON text: compact, non-ASCII
as it is, keys in the order of `kzcrisis.corpus.vocab.ALL_FIELDS`. `--json` prints that text as it
is, so a key the answer adds (the index's `outlet`, `names` and `twins`; search's `score`;
compare's `figures`) is spliced into the text here, never by parsing and dumping the record again:
the bytes stay those `encode` of the whole record would give (tests compare them).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _encoder() -> Any:
    # made once: json.dumps with options makes a new encoder per call, a third of the cost of a row
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode(value: Any) -> str:
    """A value as stored and printed: compact JSON, non-ASCII as it is."""
    return str(_encoder().encode(value))


def decode(text: str) -> Any:
    import json

    return json.loads(text)


def key_prefix(record: str, key: str) -> str:
    """The text of the object `record` up to the value of a new last `key`: `{...,"key":`.

    For a value written in pieces after it (compare's figures); the caller closes the object.
    """
    return f'{record[:-1]},"{key}":'


def extend(record: str, *pairs: tuple[str, str]) -> str:
    """The object `record` with more keys last, each value given as JSON text already."""
    return record[:-1] + "".join(f',"{key}":{value}' for key, value in pairs) + "}"


# The last key of a claim's record as the build first writes it; `twins_sql` fills it in place.
EMPTY_TWINS = ',"twins":[]}'


def twins_sql(column: str) -> str:
    """An SQL expression: `column`'s record with its empty `twins` replaced by the parameter (JSON
    text of a list), in place in the index (see `kzcrisis.index.build`)."""
    return f"substr({column}, 1, length({column}) - {len(EMPTY_TWINS)}) || ',\"twins\":' || ? || '}}'"


def without_twins(record: str) -> str:
    """A claim's record with its `twins` emptied again (the last key: no string of a record holds an
    unescaped quote, so the last `,"twins":` is the key), for a rebuild that fills them anew."""
    return record[: record.rindex(',"twins":')] + EMPTY_TWINS
