"""`kzcrisis validate`: every problem of the corpus, or OK."""

from __future__ import annotations

import json

import click

from kzcrisis.cli.options import CONTEXT, KzCommand, corpus_option
from kzcrisis.cli.output import note, write_text
from kzcrisis.corpus.vocab import KINDS
from kzcrisis.errors import CorpusError


@click.command("validate", cls=KzCommand, context_settings=CONTEXT)
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="Problems as a JSON array.")
def validate(corpus: str | None, as_json: bool) -> None:
    """Check the corpus: schema, quotes in their articles, numbers in their quotes, ids, references,
    duplicates, dates, source hashes. Prints every problem; exit 1 if there is any.

    \b
    Examples:
      kzcrisis validate
      kzcrisis validate --corpus ./my-corpus --json
    """
    from kzcrisis.corpus.load import load_corpus

    try:
        loaded = load_corpus(corpus)
    except CorpusError as exc:
        if as_json:
            problems = [p._asdict() for p in exc.problems]
            write_text(json.dumps(problems, ensure_ascii=False, indent=2) + "\n")
        else:
            from kzcrisis.render.sanitize import problem_line

            for problem in exc.problems:
                write_text(f"{problem_line(problem)}\n")
        note(f"{len(exc.problems)} problem(s) in {corpus or 'the corpus'}")
        raise click.exceptions.Exit(1) from None
    if as_json:
        write_text("[]\n")
    kinds = {k: sum(1 for c in loaded.claims if c.kind == k) for k in KINDS}
    summary = ", ".join(f"{n} {k}" for k, n in kinds.items())
    note(
        f"OK: {len(loaded.claims)} claims ({summary}) from {len(loaded.sources)} sources, "
        f"{len(loaded.entities)} entities; every check passed."
    )
