"""`kzcrisis show`: one claim whole, with its paragraph and its source."""

from __future__ import annotations

from typing import Any

import click

from kzcrisis.api import Corpus
from kzcrisis.cli.options import CONTEXT, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import emit
from kzcrisis.corpus.vocab import ALL_FIELDS
from kzcrisis.render.answers import Output, Shown


@click.command("show", cls=KzCommand, context_settings=CONTEXT)
@click.argument("claim_id", metavar="ID")
@corpus_option
@output_options(fields=ALL_FIELDS)
def show(claim_id: str, output: Output, **opts: Any) -> None:
    """One claim whole: its quote in its paragraph of the archived article, English text,
    figures, entities and source record; and, when other articles report the same statement,
    their words side by side.

    \b
    Examples:
      kzcrisis show dantri-016
      kzcrisis show dantri-007          # Blinken's words in Dân trí and in another article
      kzcrisis show tokayev-coup-021 --json | jq .paragraph
    """
    with Corpus(opts.get("corpus")) as kz:
        shown = kz.show(claim_id)
    emit(Shown(shown, ALL_FIELDS), output)
