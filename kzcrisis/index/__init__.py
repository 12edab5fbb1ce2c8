"""The query index: a SQLite file derived from the corpus, built once per content and trusted by hash.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.index.figures import ABOUT_TOLERANCE, DOZENS, FIGURE_FIELDS, Interval, figure_row, interval
    from kzcrisis.index.schema import TOKENIZER
    from kzcrisis.index.store import HASH_NAME, Index, open_index, rows

__all__ = [
    "ABOUT_TOLERANCE",
    "DOZENS",
    "FIGURE_FIELDS",
    "HASH_NAME",
    "TOKENIZER",
    "Index",
    "Interval",
    "figure_row",
    "interval",
    "open_index",
    "rows",
]

# name -> the module of this package that defines it
_FACE = {
    "ABOUT_TOLERANCE": "figures",
    "DOZENS": "figures",
    "FIGURE_FIELDS": "figures",
    "Interval": "figures",
    "figure_row": "figures",
    "interval": "figures",
    "TOKENIZER": "schema",
    "HASH_NAME": "store",
    "Index": "store",
    "open_index": "store",
    "rows": "store",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
