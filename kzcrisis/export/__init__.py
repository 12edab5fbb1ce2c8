"""Exports into the tools people already use: SQLite (Datasette), W3C annotations, a static site, Parquet.

The face of the package: `run_export` (what `kzcrisis export` calls) and `FORMATS`. Every format
writes the one model of `kzcrisis.export.tables`; the rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis.export.run import FORMATS, ExportResult, run_export

__all__ = ["FORMATS", "ExportResult", "run_export"]
