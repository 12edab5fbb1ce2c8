"""The query index: a SQLite file derived from the corpus, built once per content and trusted by hash.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
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

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "figures": ("ABOUT_TOLERANCE", "DOZENS", "FIGURE_FIELDS", "Interval", "figure_row", "interval"),
        "schema": ("TOKENIZER",),
        "store": ("HASH_NAME", "Index", "open_index", "rows"),
    },
)
