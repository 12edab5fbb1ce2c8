"""`kzcrisis export FORMAT OUT`: the tables in SQLite, W3C annotations, a static site or Parquet."""

from __future__ import annotations

from typing import Any

import click

from kzcrisis.cli.options import CONTEXT, FilePath, KzCommand, filter_keywords, filter_options
from kzcrisis.cli.output import note
from kzcrisis.export import FORMATS, run_export
from kzcrisis.query.session import Session


@click.command("export", cls=KzCommand, context_settings=CONTEXT)
@click.argument("exporter", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.argument("out", metavar="OUT", type=FilePath(dir_okay=True, file_okay=True, writable=False))
@filter_options(kinds=True, stance=True, output=False)
def export(exporter: str, out: str, **opts: Any) -> None:
    """Export the claims (and the sources and entities) for Datasette, annotation tools, a browser or DuckDB.

    \b
    FORMAT and OUT:
      sqlite FILE        one SQLite file with full-text search, and FILE's Datasette
                         metadata beside it (kz.db -> kz.metadata.json)
      annotations FILE   every claim as a W3C Web Annotation (JSON-LD); - for stdout
      html DIR           a static site that opens from file:// with no server
                         (needs: pip install 'kzcrisis[html]')
      parquet DIR        one Parquet file per table (needs: pip install 'kzcrisis[parquet]')

    The filters pick the claims; sources and entities are always whole. The output appears
    whole or not at all: it is written under a temporary name and renamed into place. OUT
    may replace a regular file (or an earlier export's folder), never a pipe or a device.

    \b
    Examples:
      kzcrisis export sqlite kz.db && datasette kz.db --metadata kz.metadata.json
      kzcrisis export annotations claims.jsonld --source dantri
      kzcrisis export html site/ && xdg-open site/index.html
      kzcrisis export parquet tables/
    """
    with Session(opts.get("corpus")) as kz:
        result = run_export(kz, exporter, out, kz.filters(**filter_keywords(opts)))
    written = ", ".join(str(p) for p in result.paths) or "standard output"
    note(f"exported {result.claims} claims to {written}" + (f"; {result.hint}" if result.hint else ""))
