"""`kzcrisis changes`: what the corpus changed since a release it records (see kzcrisis.corpus.releases)."""

from __future__ import annotations

import click

from kzcrisis.cli.options import CONTEXT, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import emit, note
from kzcrisis.errors import BadInput
from kzcrisis.render.answers import Output, Report, offered


@click.command("changes", cls=KzCommand, context_settings=CONTEXT)
@click.option("--since", metavar="VERSION", help="A recorded release.  [default: the one before this corpus]")
@click.option("--changelog", is_flag=True, help="Every recorded release, newest first (corpus/CHANGES.md).")
@click.option(
    "--record", is_flag=True, help="Record this corpus's claims as its release (releases/VERSION.json)."
)
@corpus_option
@output_options(
    offered(Report), help="table: Markdown for people; json: the same changes for scripts.  [default: table]"
)
def changes(since: str | None, changelog: bool, record: bool, corpus: str | None, output: Output) -> None:
    """Which claims the corpus added, changed (by field) and retired since a release it records.
    A released claim id stays answerable: a retired one has a record (when, why, the claim that
    carries its words now) that `show` gives. --record, when releasing, writes the ids and field
    digests of this version's claims to releases/VERSION.json.

    \b
    Examples:
      kzcrisis changes
      kzcrisis changes --since 1.0.0 --json
      kzcrisis changes --changelog
    """
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.corpus.releases import changes_since, release_history
    from kzcrisis.paths import corpus_dir_str, corpus_label
    from kzcrisis.render.changes import changelog_markdown, changes_json, changes_markdown

    root = corpus_dir_str(corpus)
    version = load_corpus(root, check=False).manifest.version
    if record:
        _record(root, version, corpus)
        return
    if changelog:
        history = release_history(root)
        releases = [{"version": v, **changes_json(found)} for v, found in reversed(history)]  # newest first
        emit(Report(changelog_markdown(history), releases), output)
        return
    found = changes_since(root, since, version)
    emit(Report(changes_markdown(found, f"{version} (since {found.since})"), changes_json(found)), output)
    note(f"changes of {corpus_label(corpus)} since its release {found.since}")


def _record(root: str, version: str, corpus: str | None) -> None:
    from pathlib import Path

    from kzcrisis.corpus.releases import RELEASES_DIR, raw_claims, release_text
    from kzcrisis.outfile import write_bytes
    from kzcrisis.paths import INSTALLED, choose_corpus, corpus_label

    if choose_corpus(corpus)[1] == INSTALLED:
        raise BadInput("name the corpus to record: --corpus DIR, or run inside a corpus folder")
    target = Path(root) / RELEASES_DIR / f"{version}.json"
    if target.exists():
        raise BadInput(
            f"{RELEASES_DIR}/{version}.json exists: a release is recorded once (raise the version)"
        )
    target.parent.mkdir(exist_ok=True)
    write_bytes(target, release_text(version, raw_claims(root)).encode("utf-8"), replace=False)
    note(
        f"recorded the claims of release {version} of {corpus_label(corpus)} in {RELEASES_DIR}/{version}.json"
    )
