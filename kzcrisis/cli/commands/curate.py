"""The curator's commands: `add-source`, `coverage`, `draft` (the work is in `kzcrisis.curate`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, BinaryIO

import click

from kzcrisis.cli.options import CONTEXT, Day, FilePath, InputFile, KzCommand, corpus_option, output_options
from kzcrisis.cli.output import emit, note, rendered_text
from kzcrisis.errors import BadInput
from kzcrisis.render.answers import Added, Coverage, Document, Output, offered


def _corpus_root(corpus: str | None) -> Path:
    from kzcrisis.paths import corpus_dir_str

    return Path(corpus_dir_str(corpus))


@click.command("add-source", cls=KzCommand, context_settings=CONTEXT)
@click.argument("file", type=InputFile("rb"), metavar="FILE|-")
@click.option("--slug", required=True, help="Short id of the article: lower case, digits and '-'.")
@click.option("--outlet", help="The outlet, as the text names it.")
@click.option("--outlet-note", help="Required without --outlet: what the text shows instead.")
@click.option("--title", help="The title, as the text gives it.")
@click.option("--title-note", help="Required without --title: why there is none.")
@click.option(
    "--date",
    "published",
    type=Day(),  # the options' one day type: 'is not a date: expected YYYY-MM-DD, e.g. 2022-01-06'
    metavar="YYYY-MM-DD",
    help="Publication day, e.g. 2022-01-07.",
)
@click.option("--date-note", "published_note", help="Required without --date: what the text says instead.")
@click.option("--language", type=click.Choice(["vi", "en"]), help="The article's language.  [default: vi]")
@click.option("--url", help="Where it was published, if the archived text or your record shows it.")
@click.option("--url-note", help="Where the URL comes from, or why there is none.")
@click.option("--author", help="The author, as the text names them.")
@click.option("--notes", help="Anything a later reader needs (what page chrome the text carries, ...).")
@corpus_option
@output_options(
    offered(Added),
    help="table: what was added, on stderr only; json: the source record added, on stdout.  [default: table]",
)
def add_source(file: BinaryIO, corpus: str | None, output: Output, **given: Any) -> None:
    """Archive an article (a file, or - for stdin) byte for byte in the corpus, record its sha256,
    and add its one record to sources.json (nothing else in that file changes). Where the text does
    not give the outlet, title or date, say what it shows with --outlet-note, --title-note or
    --date-note: nothing is invented. Refuses a slug or a text already in the corpus.

    \b
    Examples:
      kzcrisis add-source article.txt --slug vnexpress-0107 --outlet VnExpress \\
          --title "..." --date-note "The text gives no date." --corpus ./corpus
      kzcrisis add-source - --slug bbc-0106 --language en --outlet-note "No outlet named." \\
          --title-note "No headline." --date-note "No date." --corpus ./corpus < article.txt
    """
    from kzcrisis.curate.archive import add_source as archive
    from kzcrisis.paths import INSTALLED, choose_corpus, corpus_label, corpus_option_args

    folder, how = choose_corpus(corpus)
    if how == INSTALLED:  # a command that writes names the corpus it writes to
        raise BadInput(
            "name the corpus to add the article to: --corpus DIR (or $KZCRISIS_CORPUS), "
            "or run the command inside a corpus folder (one that holds corpus.json)"
        )
    root = Path(folder)
    if "_corpus" in root.parts and root == _corpus_root(None):
        raise BadInput("the installed corpus is not for editing: give --corpus DIR (a copy of it)")
    if isinstance(given.get("published"), dt.datetime):
        given["published"] = given["published"].date().isoformat()  # as sources.json stores it
    from kzcrisis.corpus.files import MAX_FILE_BYTES

    content = file.read(MAX_FILE_BYTES + 1)  # never more than the loader would read
    if len(content) > MAX_FILE_BYTES:
        raise BadInput(
            f"the article is larger than {MAX_FILE_BYTES // 2**20} MiB, the limit of a corpus file"
        )
    record = archive(root, content, given)
    emit(Added(record), output)
    note(
        f"added source {record['slug']} to {corpus_label(corpus)}: {record['file']} "
        f"(sha256 {record['sha256'][:16]}...)"
    )
    note(f"next: kzcrisis coverage --source {record['slug']} --strict{corpus_option_args(corpus)}")


def _check_source(source: str, loaded: Any) -> str:
    """The slug of the source named (slug or outlet, any case; see `resolve_source`)."""
    from kzcrisis.corpus.choices import resolve_source

    return resolve_source(source, {slug: src.outlet for slug, src in loaded.sources.items()})


@click.command("coverage", cls=KzCommand, context_settings=CONTEXT)
@click.option("--source", metavar="SLUG", help="Only this article.")
@click.option("--flagged", is_flag=True, help="Only the flagged sentences.")
@click.option(
    "--strict", is_flag=True, help="Exit 1 if a sentence is flagged or a coverage.json entry is stale."
)
@corpus_option
@output_options(
    offered(Coverage),
    help="table: each article's sentences; json: the reports, for scripts (jsonl: one a line).  "
    "[default: table]",
)
def coverage(source: str | None, flagged: bool, strict: bool, corpus: str | None, output: Output) -> None:
    """Each sentence of an article with the claims whose quotes fall in it. Sentences without a
    claim that look fact-bearing (a number, an entity's name, a reporting verb) are flagged, unless
    corpus/coverage.json says why they have none. A summary line per article goes to stderr.

    \b
    Examples:
      kzcrisis coverage --source dantri
      kzcrisis coverage --flagged
      kzcrisis coverage --json | jq '.[].summary'
    """
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.curate.coverage import corpus_coverage

    loaded = load_corpus(corpus)
    if source:
        source = _check_source(source, loaded)
    reports = corpus_coverage(loaded, [source] if source else None)
    emit(Coverage([r.as_json() for r in reports], flagged_only=flagged), output)
    from kzcrisis.paths import corpus_label

    note(f"coverage of {corpus_label(corpus)}")
    for report in reports:
        note(report.summary())
        for entry in report.stale:
            note(f"  stale coverage.json entry (no uncovered sentence reads so): {entry.sentence!r}")
    if strict and any(r.count("flagged") or r.stale for r in reports):
        raise click.exceptions.Exit(1)


@click.command("draft", cls=KzCommand, context_settings=CONTEXT)
@click.option("--source", required=True, metavar="SLUG", help="The article to draft claims for.")
@click.option(
    "--sentence",
    "sentences",
    multiple=True,
    type=click.IntRange(1),
    metavar="N",
    help="Draft sentence N (as `coverage` numbers them); repeatable. Default: every flagged sentence.",
)
@click.option(
    "--output",
    "write_to",
    type=FilePath(dir_okay=False, writable=True),
    metavar="FILE",
    help="Write the drafts to FILE (never overwritten) instead of stdout.",
)
@corpus_option
@output_options(offered(Document), help="json: the drafts as a claims file.  [default: json]")
def draft(
    source: str, sentences: tuple[int, ...], write_to: str | None, corpus: str | None, output: Output
) -> None:
    """Claim skeletons for sentences without a claim, in the corpus format: the quote, figures
    read from numbers and qualifier words, entities named (in mentions), the kind when the words
    make it plain, candidate dates in the note. text_en, the date and the other judgements are left
    empty: `validate` refuses a draft until a curator fills them. Never writes into the corpus
    by itself.

    \b
    Examples:
      kzcrisis draft --source dantri
      kzcrisis draft --source dantri --sentence 12 --output draft.json
    """
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.curate.coverage import corpus_coverage
    from kzcrisis.curate.draft import draft_file

    loaded = load_corpus(corpus)
    source = _check_source(source, loaded)
    report = corpus_coverage(loaded, [source])[0]
    drafted = draft_file(loaded, report, list(sentences))
    if write_to:
        target = Path(write_to)
        if target.exists():
            raise BadInput(f"{write_to} exists: name a new file (drafts never overwrite)")
        from kzcrisis.outfile import write_bytes

        write_bytes(target, rendered_text(Document(drafted), output).encode("utf-8"), replace=False)
        note(f"{len(drafted['claims'])} draft claim(s) written to {write_to}")
    else:
        emit(Document(drafted), output)
        note(f"{len(drafted['claims'])} draft claim(s)")
    _note_candidates(loaded, drafted)
    if drafted["claims"]:
        from kzcrisis.paths import corpus_label, corpus_option_args

        note(
            f"fill them, move them into claims/{source}.json of {corpus_label(corpus)}, "
            f"then: kzcrisis validate --source {source}{corpus_option_args(corpus)}"
        )


def _note_candidates(loaded: Any, drafted: dict[str, Any]) -> None:
    """Names of the drafts that no entity bears, each with an entities.json record to start from."""
    from kzcrisis.curate.draft import candidate_entities

    candidates = candidate_entities(loaded, drafted)
    if not candidates:
        return
    note(f"{len(candidates)} name(s) match no entity; to make one a party, add its record to entities.json:")
    for record in candidates:
        note(f"  {json.dumps(record, ensure_ascii=False)}")
