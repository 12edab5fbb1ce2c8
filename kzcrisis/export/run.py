"""Choose a format, collect the tables once, write them atomically with a progress bar."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from kzcrisis.errors import BadInput

if TYPE_CHECKING:
    from kzcrisis.export.tables import Export as ExportData
    from kzcrisis.query.select import Filters
    from kzcrisis.query.session import Session

Progress = Callable[[int], None] | None  # the progress bar (kzcrisis.export.files.progress_bar)


class ExportResult(NamedTuple):
    """What was written, for the one line the command prints on stderr."""

    paths: tuple[Path, ...]
    claims: int
    hint: str = ""


def _sqlite(_kz: Session, data: ExportData, target: Path, progress: Progress) -> ExportResult:
    from kzcrisis.export.sqlite import write_sqlite

    meta = write_sqlite(data, target, progress)
    hint = f"explore it with: datasette {target} --metadata {meta}"
    return ExportResult((target, meta), len(data.records), hint)


def _annotations(_kz: Session, data: ExportData, target: Path, progress: Progress) -> ExportResult:
    from kzcrisis.export.annotations import write_annotations
    from kzcrisis.outfile import STDOUT

    write_annotations(data, target, progress)
    return ExportResult((target,) if str(target) != STDOUT else (), len(data.records))


def _html(kz: Session, data: ExportData, target: Path, progress: Progress) -> ExportResult:
    from kzcrisis.export.html import write_site
    from kzcrisis.query.search_data import search_data

    search = search_data(kz.index, [r["id"] for r in data.records])
    write_site(data, target, progress, search)
    return ExportResult((target,), len(data.records), f"open {target / 'index.html'} in a browser")


def _parquet(_kz: Session, data: ExportData, target: Path, progress: Progress) -> ExportResult:
    from kzcrisis.export.parquet import write_parquet

    write_parquet(data, target, progress)
    return ExportResult((target,), len(data.records))


def _needs_pyarrow() -> None:
    from kzcrisis.export.parquet import require_pyarrow

    require_pyarrow()


def _needs_jinja() -> None:
    from kzcrisis.export.html import require_jinja

    require_jinja()


def _needs_nothing() -> None:
    return None


class Exporter(NamedTuple):
    """One format: what OUT is, what must be installed (checked before any work), the writer (of the
    collected tables; the corpus for what else a format reads, such as the site's search data)."""

    out: Literal["FILE", "DIR"]
    require: Callable[[], None]
    write: Callable[[Session, ExportData, Path, Progress], ExportResult]


EXPORTERS: dict[str, Exporter] = {
    "sqlite": Exporter("FILE", _needs_nothing, _sqlite),
    "annotations": Exporter("FILE", _needs_nothing, _annotations),
    "html": Exporter("DIR", _needs_jinja, _html),
    "parquet": Exporter("DIR", _needs_pyarrow, _parquet),
}
# format -> what OUT is
FORMATS: dict[str, str] = {name: exporter.out for name, exporter in EXPORTERS.items()}
# The formats that go to standard output when OUT is `-`.
TO_STDOUT = frozenset({"annotations"})


def run_export(kz: Session, fmt: str, out: str | os.PathLike[str], filters: Filters) -> ExportResult:
    """Export the claims that pass `filters` (and the reference tables) to `out` in format `fmt`."""
    from kzcrisis.export.files import progress_bar
    from kzcrisis.export.tables import collect
    from kzcrisis.outfile import check_output

    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORTERS)}")
    exporter.require()  # a missing optional package is said before any work
    # Checked before any work: what stands at OUT (and at the database's metadata file) may be replaced.
    target = check_output(out, folder=exporter.out == "DIR", stdout=fmt in TO_STDOUT)
    if fmt == "sqlite":
        from kzcrisis.export.sqlite import metadata_path

        check_output(metadata_path(target))
    data = collect(kz, filters)
    with progress_bar(len(data.records), f"export {fmt}") as progress:
        return exporter.write(kz, data, target, progress)
