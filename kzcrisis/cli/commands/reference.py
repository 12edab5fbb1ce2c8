"""The corpus's reference tables: `sources`, `entities`, and the record `schema`."""

from __future__ import annotations

import json
from typing import Any

import click

from kzcrisis.api import Corpus
from kzcrisis.cli.options import CONTEXT, ChoiceOf, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import emit, write_text
from kzcrisis.corpus.vocab import EntityType
from kzcrisis.render.answers import Output, Records

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
@output_options(fields=SOURCE_FIELDS)
def sources(output: Output, **opts: Any) -> None:
    """The archived articles: outlet, date, title and claim counts by kind; and how many statements
    each pair of articles shares (the same statement or figure, reported by both).

    \b
    Examples:
      kzcrisis sources
      kzcrisis sources --json | jq '.[] | {slug, outlet, claims, shared_statements}'
    """
    with Corpus(opts.get("corpus")) as kz:
        records = kz.sources()
    emit(Records(records, "sources", SOURCE_FIELDS), output)


@click.command("entities", cls=KzCommand, context_settings=CONTEXT)
@click.option(
    "--type",
    "entity_type",
    type=ChoiceOf([t.value for t in EntityType]),
    help="Only entities of this type.",
)
@click.option("--limit", type=click.IntRange(0, 2**31 - 1), metavar="N", help="At most N entities.")
@corpus_option
@output_options(fields=ENTITY_FIELDS)
def entities(entity_type: str | None, limit: int | None, output: Output, **opts: Any) -> None:
    """Who is who: countries, organisations and people, with their Vietnamese names and aliases.

    \b
    Examples:
      kzcrisis entities --type country
      kzcrisis entities --type person --limit 5
      kzcrisis entities --json | jq '.[] | select(.id == "wang-yi")'
    """
    with Corpus(opts.get("corpus")) as kz:
        records = kz.entities(entity_type)[:limit]
    emit(Records(records, "entities", ENTITY_FIELDS), output)


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
