"""Choose a format, collect the tables once, write them atomically with a progress bar."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kzcrisis.errors import BadInput

if TYPE_CHECKING:
    from kzcrisis.query.select import Filters
    from kzcrisis.query.session import Session

# format -> what OUT is
FORMATS: dict[str, str] = {
    "sqlite": "FILE",
    "annotations": "FILE",
    "html": "DIR",
    "parquet": "DIR",
}
# The formats that go to standard output when OUT is `-`.
TO_STDOUT = frozenset({"annotations"})


class ExportResult(NamedTuple):
    """What was written, for the one line the command prints on stderr."""

    paths: tuple[Path, ...]
    claims: int
    hint: str = ""


def run_export(kz: Session, fmt: str, out: str | os.PathLike[str], filters: Filters) -> ExportResult:
    """Export the claims that pass `filters` (and the reference tables) to `out` in format `fmt`."""
    from kzcrisis.export.files import progress_bar
    from kzcrisis.export.tables import collect
    from kzcrisis.outfile import STDOUT, check_output

    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "parquet":  # a missing optional package is said before any work
        from kzcrisis.export.parquet import require_pyarrow

        require_pyarrow()
    if fmt == "html":
        from kzcrisis.export.html import require_jinja

        require_jinja()
    # Checked before any work: what stands at OUT (and at the database's metadata file) may be replaced.
    target = check_output(out, folder=FORMATS[fmt] == "DIR", stdout=fmt in TO_STDOUT)
    if fmt == "sqlite":
        from kzcrisis.export.sqlite import metadata_path

        check_output(metadata_path(target))
    data = collect(kz, filters)
    with progress_bar(len(data.records), f"export {fmt}") as progress:
        if fmt == "sqlite":
            from kzcrisis.export.sqlite import write_sqlite

            meta = write_sqlite(data, target, progress)
            hint = f"explore it with: datasette {target} --metadata {meta}"
            return ExportResult((target, meta), len(data.records), hint)
        if fmt == "annotations":
            from kzcrisis.export.annotations import write_annotations

            write_annotations(data, target, progress)
            return ExportResult((target,) if str(target) != STDOUT else (), len(data.records))
        if fmt == "html":
            from kzcrisis.export.html import write_site
            from kzcrisis.query.search_data import search_data

            search = search_data(kz.index, [r["id"] for r in data.records])
            write_site(data, target, progress, search)
            return ExportResult((target,), len(data.records), f"open {target / 'index.html'} in a browser")
        from kzcrisis.export.parquet import write_parquet

        write_parquet(data, target, progress)
        return ExportResult((target,), len(data.records))
