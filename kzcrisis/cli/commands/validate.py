"""`kzcrisis validate`: every problem of the corpus, or OK."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kzcrisis.cli.options import CONTEXT, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import emit, note
from kzcrisis.corpus.vocab import KINDS
from kzcrisis.errors import CorpusError, Problem
from kzcrisis.render.answers import Output, Problems, offered

if TYPE_CHECKING:
    from kzcrisis.index.checked import Checked


@click.command("validate", cls=KzCommand, context_settings=CONTEXT)
@corpus_option
@click.option(
    "--source", "source", metavar="SLUG", help="Only the problems of this article (and of shared files)."
)
@output_options(
    offered(Problems),
    help="table: one problem a paragraph; json, jsonl or csv: the problems as records, for editors "
    "and CI.  [default: table]",
)
def validate(corpus: str | None, source: str | None, output: Output) -> None:
    """Check the corpus: schema, quotes in their articles, numbers in their quotes, ids, references,
    duplicates, dates, source hashes. Prints every problem of every file in one run; exit 1 if there
    is any. For a quote not found, it shows the closest passage of the article and where they differ.

    \b
    Examples:
      kzcrisis validate
      kzcrisis validate --source dantri
      kzcrisis validate --corpus ./corpus --format json
    """
    from kzcrisis.curate.scope import check_slug, problems_for_source, source_files
    from kzcrisis.paths import corpus_dir_str, corpus_label, corpus_option_args

    root = corpus_dir_str(corpus)
    files = source_files(root)
    if source is not None:
        source = check_slug(source, files)
    loaded, found = _load_and_check(root, files)
    problems = found if source is None else problems_for_source(found, source, files)
    emit(Problems(problems), output)
    if problems:
        where = f"source {source} of " if source else ""
        note(f"{len(problems)} problem(s) in {where}{corpus_label(corpus)}")
        raise click.exceptions.Exit(1)
    if loaded is None:
        note(
            f"OK: source {source} passes every check (other articles have problems: "
            f"kzcrisis validate{corpus_option_args(corpus)}). Checked: {corpus_label(corpus)}."
        )
        return
    counted = [(kind, n) for (slug, kind), n in loaded.counts.items() if source in (None, slug)]
    kinds = {k: sum(n for kind, n in counted if kind == k) for k in KINDS}
    summary = ", ".join(f"{n} {k}" for k, n in kinds.items())
    origin = f"source {source}" if source else f"{len(loaded.sources)} sources"
    note(
        f"OK: {sum(kinds.values())} claims ({summary}) from {origin}, "
        f"{len(loaded.entities)} entities; every check passed. Checked: {corpus_label(corpus)}."
    )


def _load_and_check(root: str, files: dict[str, str] | None) -> tuple[Checked | None, list[Problem]]:
    """What was checked of the corpus (None if it has problems) and every problem: the corpus's and
    coverage.json's.

    A corpus whose index is cached, or can be updated file by file, is valid: its index says so
    (`kzcrisis.index.checked`); otherwise the whole corpus is read, and every problem reported.
    """
    from pathlib import Path

    from kzcrisis.corpus.releases import referenced_ids
    from kzcrisis.curate.coverage import read_explanations
    from kzcrisis.index.checked import checked_by_index

    loaded: Checked | None
    try:
        loaded, problems = (checked_by_index(root, referenced_ids(root)) or _read_whole(root)), []
    except CorpusError as exc:
        loaded, problems = None, exc.problems
    if Path(root).is_dir():
        problems += read_explanations(Path(root), files)[1] + _release_problems(root, loaded)
        problems = CorpusError(problems).problems  # sorted
    return (loaded if not problems else None), problems


def _read_whole(root: str) -> Checked:
    """Every file of the corpus read and checked (raises CorpusError with every problem)."""
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.index.checked import checked_of

    corpus = load_corpus(root)
    claims = ((claim.id, claim.source, claim.kind) for claim in corpus.claims)
    return checked_of(claims, list(corpus.sources), list(corpus.entities))


def _release_problems(root: str, loaded: Checked | None) -> list[Problem]:
    """Released ids gone without a record (see `kzcrisis.corpus.releases`)."""
    from kzcrisis.corpus.releases import check_releases, raw_claims

    if loaded is not None:
        ids = loaded.ids
    else:  # the corpus has problems: the ids as written, so that this check still runs
        ids = {str(c["id"]) for c in raw_claims(root) if isinstance(c.get("id"), str)}
    return check_releases(root, ids)
