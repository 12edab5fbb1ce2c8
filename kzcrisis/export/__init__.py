"""Exports into the tools people already use: SQLite (Datasette), W3C annotations, a static site, Parquet.

Every format writes the one model of `kzcrisis.export.tables`; `run_export` (what `kzcrisis export`
calls) picks the format's exporter from `EXPORTERS`.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.export.run import EXPORTERS, FORMATS, ExportResult, run_export

__all__ = ["EXPORTERS", "FORMATS", "ExportResult", "run_export"]

# name -> the module of this package that defines it
_FACE = {
    "EXPORTERS": "run",
    "ExportResult": "run",
    "FORMATS": "run",
    "run_export": "run",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
