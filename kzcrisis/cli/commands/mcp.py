"""`kzcrisis mcp`: serve the corpus to AI assistants over the Model Context Protocol (stdio)."""

from __future__ import annotations

from typing import Any

import click

from kzcrisis.cli.options import CONTEXT, KzCommand, corpus_option


@click.command("mcp", cls=KzCommand, context_settings=CONTEXT)
@corpus_option
def mcp(**opts: Any) -> None:
    """Serve the corpus to AI assistants as a Model Context Protocol server over stdin and stdout.

    Read only. Tools: search, reactions, casualties, arrests, figures, deployment, timeline,
    compare, show, sources, entities; resources: each archived article and each claim by id;
    a prompt on how to cite. Runs until stdin closes. Needs the extra: pip install 'kzcrisis[mcp]'.

    \b
    Examples:
      kzcrisis mcp
      kzcrisis mcp --corpus ./my-corpus
    """
    from kzcrisis.mcp import MissingSDK, serve

    try:
        serve(opts.get("corpus"))
    except MissingSDK as exc:
        raise click.ClickException(str(exc)) from None
