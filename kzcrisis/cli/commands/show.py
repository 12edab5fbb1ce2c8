"""`kzcrisis show`: one claim whole, with its paragraph and its source."""

from __future__ import annotations

from typing import Any

import click

from kzcrisis.api import Corpus
from kzcrisis.cli.options import CONTEXT, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import choose_output, emit_records, print_rich, write_text
from kzcrisis.corpus.vocab import ALL_FIELDS
from kzcrisis.render.formats import Format


@click.command("show", cls=KzCommand, context_settings=CONTEXT)
@click.argument("claim_id", metavar="ID")
@corpus_option
@output_options
def show(claim_id: str, **opts: Any) -> None:
    """One claim whole: its quote in its paragraph of the archived article, English text,
    figures, entities and source record; and, when other articles report the same statement,
    their words side by side.

    \b
    Examples:
      kzcrisis show dantri-016
      kzcrisis show dantri-007          # Blinken's words in Dân trí and in another article
      kzcrisis show tokayev-coup-021 --json | jq .paragraph
    """
    fmt, fields = choose_output(opts, ALL_FIELDS)
    with Corpus(opts.get("corpus")) as kz:
        shown = kz.show(claim_id)
    if fmt in (Format.JSON, Format.JSONL):
        # One object: the claim, its paragraph of the article, its source record (--fields: the claim's).
        from kzcrisis.render.formats import dumps, pick_fields

        write_text(dumps(pick_fields([shown["claim"]], fields)[0] if fields else shown) + "\n")
        return
    if fmt is not Format.TABLE or fields:
        emit_records([shown["claim"]], opts, "claims")
        return
    from kzcrisis.render.show import render_claim

    print_rich(
        render_claim(shown["claim"], shown["source"], shown["paragraph"], shown["twins"], shown["reports"])
    )
