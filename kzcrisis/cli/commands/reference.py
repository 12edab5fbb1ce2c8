"""The corpus's reference tables: `sources`, `entities`, and the record `schema`."""

from __future__ import annotations

import json
from typing import Any

import click

from kzcrisis.api import Corpus
from kzcrisis.cli.options import CONTEXT, ChoiceOf, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import choose_output, emit_records, is_narrow, print_rich, print_table, write_text
from kzcrisis.corpus.vocab import EntityType
from kzcrisis.render.formats import Format

SOURCE_FIELDS = (
    "slug",
    "outlet",
    "published",
    "title",
    "claims",
    "shared_statements",
    "file",
    "sha256",
    "author",
    "outlet_note",
    "published_note",
    "title_note",
    "url",
    "url_note",
    "language",
    "notes",
)
ENTITY_FIELDS = ("id", "type", "name", "names_vi", "aliases", "ambiguous_names", "iso", "speaks_for", "role")


@click.command("sources", cls=KzCommand, context_settings=CONTEXT)
@corpus_option
@output_options
def sources(**opts: Any) -> None:
    """The archived articles: outlet, date, title and claim counts by kind; and how many statements
    each pair of articles shares (the same statement or figure, reported by both).

    \b
    Examples:
      kzcrisis sources
      kzcrisis sources --json | jq '.[] | {slug, outlet, claims, shared_statements}'
    """
    with Corpus(opts.get("corpus")) as kz:
        records = kz.sources()
    fmt, chosen = choose_output(opts, SOURCE_FIELDS)
    if fmt is Format.TABLE and not chosen:
        from rich.console import Group

        from kzcrisis.render.tables import shared_statements_table, sources_table

        narrow = is_narrow()
        shared = shared_statements_table(records, narrow=narrow)
        print_rich(Group(sources_table(records, narrow=narrow), shared))
        return
    emit_records(records, opts, "claims", valid_fields=SOURCE_FIELDS, default_csv=SOURCE_FIELDS)


@click.command("entities", cls=KzCommand, context_settings=CONTEXT)
@click.option(
    "--type",
    "entity_type",
    type=ChoiceOf([t.value for t in EntityType]),
    help="Only entities of this type.",
)
@click.option("--limit", type=click.IntRange(0, 2**31 - 1), metavar="N", help="At most N entities.")
@corpus_option
@output_options
def entities(entity_type: str | None, limit: int | None, **opts: Any) -> None:
    """Who is who: countries, organisations and people, with their Vietnamese names and aliases.

    \b
    Examples:
      kzcrisis entities --type country
      kzcrisis entities --type person --limit 5
      kzcrisis entities --json | jq '.[] | select(.id == "wang-yi")'
    """
    with Corpus(opts.get("corpus")) as kz:
        records = kz.entities(entity_type)[:limit]
    fmt, chosen = choose_output(opts, ENTITY_FIELDS)
    if fmt is Format.TABLE and not chosen:
        from kzcrisis.render.tables import ENTITY_COLUMNS, RICH_MAX_ROWS, entities_table

        if len(records) > RICH_MAX_ROWS:  # 90,000 entities: laid out plain, as every large table
            print_table(records, ENTITY_COLUMNS)
        else:
            print_rich(entities_table(records, narrow=is_narrow()))
        return
    emit_records(records, opts, "claims", valid_fields=ENTITY_FIELDS, default_csv=ENTITY_FIELDS)


@click.command("schema", cls=KzCommand, context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of a claim record, as the --json output of the listing commands gives it.

    \b
    Examples:
      kzcrisis schema > claim.schema.json
      kzcrisis schema | jq '."$defs" | keys'
    """
    from kzcrisis.corpus.schema import record_schema

    write_text(json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n")
