"""Exports into the tools people already use: SQLite (Datasette), W3C annotations, a static site, Parquet.

Every format writes the one model of `kzcrisis.export.tables`; `run_export` (what `kzcrisis export`
calls) picks the format's exporter from `EXPORTERS`.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from kzcrisis.export.run import EXPORTERS, FORMATS, ExportResult, run_export

__all__ = ["EXPORTERS", "FORMATS", "ExportResult", "run_export"]

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "run": ("EXPORTERS", "ExportResult", "FORMATS", "run_export"),
    },
)
