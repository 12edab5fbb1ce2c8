"""The listing commands: claims of one kind (or all), filtered, in the chosen format."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import click

from kzcrisis.cli.options import (
    CONTEXT,
    ChoiceOf,
    Count,
    KzCommand,
    filter_keywords,
    filter_options,
    metric_option,
)
from kzcrisis.cli.output import emit, note_undated, undated_left
from kzcrisis.corpus.vocab import ALL_FIELDS, CHOICES
from kzcrisis.query.select import Filters
from kzcrisis.query.session import Session
from kzcrisis.render.answers import Output, Records


def list_claims(kinds: Sequence[str], view: str, output: Output, opts: dict[str, Any]) -> None:
    """Every listing: the claims (of `kinds`, if any) that pass the filters, records out as stored."""
    keywords = filter_keywords(opts, **({"kind": kinds} if kinds else {}))
    answer(output, view, keywords, Session.iter_records, corpus=opts.get("corpus"))


def answer(
    output: Output,
    view: str,
    keywords: dict[str, Any],
    records: Callable[[Session, Filters], Iterator[str]],
    *,
    corpus: str | None,
    text: str | None = None,
    valid: Sequence[str] = ALL_FIELDS,
) -> None:
    """The one path of the listings and of search: `records` (JSON text, read from the index a batch
    at a time while the corpus is open) in the chosen format, then the note on undated claims left
    out, then the leads (why an answer is empty, what a search word did). JSON of whole records is
    written as it is read: memory stays flat whatever the answer's size."""
    from itertools import chain, islice

    with Session(corpus) as kz:
        found = records(kz, kz.filters(**keywords))
        first = list(islice(found, 1))  # read ahead: is the answer empty (the leads say why)
        left = undated_left(kz, keywords, text)
        emit(Records(chain(first, found), view, valid, empty=None), output)
        close = getattr(found, "close", None)  # a cursor read only in part, closed while open
        if close is not None:
            close()
        note_undated(left)
        _lead(kz, view, keywords, text, empty=not first)


def _lead(kz: Session, name: str, keywords: dict[str, Any], text: str | None, *, empty: bool) -> None:
    """After the answer, on stderr: why it is empty, what a search word did, and what to try."""
    if text is None and not empty:
        return  # nothing to say: the leads are not even imported
    from kzcrisis.cli.leads import empty_leads, search_leads
    from kzcrisis.cli.output import note

    lines = search_leads(kz, text, keywords) if text is not None else []
    if empty:
        note("nothing matches.")
        lines += empty_leads(kz, name, keywords, text)
    for line in dict.fromkeys(lines):
        note(line)


@click.command("reactions", cls=KzCommand, context_settings=CONTEXT)
@filter_options(stance=True)
def reactions(output: Output, **opts: Any) -> None:
    """What each country or organisation said or did, with speaker, date, stance tags and source.

    \b
    Examples:
      kzcrisis reactions --country Russia
      kzcrisis reactions --country Mỹ --stance questions_csto_deployment --json
    """
    list_claims(("reaction",), "reactions", output, opts)


def _figure_listing(kind: str, output: Output, opts: dict[str, Any]) -> None:
    """Claim records with only the wanted metrics' figures; the table has one row per figure.
    --limit counts what is printed: figure rows in the table, records in the other formats."""
    from kzcrisis.render.tables import per_figure

    metrics = tuple(opts.get("metrics") or ())
    with Session(opts.get("corpus")) as kz:
        keywords = filter_keywords(opts, kind=kind, limit=None)
        if metrics:  # the records change: other metrics' figures removed
            records: Iterable[Any] = kz.figure_claims(**keywords)
        else:  # the stored records as they are, read a batch at a time
            records = kz.iter_records(kz.filters(**keywords))
        left = undated_left(kz, keywords)

        def rows(each: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
            return per_figure(list(each), metrics)

        emit(Records(records, "figures", ALL_FIELDS, rows=rows, limit=opts.get("limit")), output)
    note_undated(left)


@click.command("casualties", cls=KzCommand, context_settings=CONTEXT)
@metric_option(["killed", "injured"])
@filter_options()
def casualties(output: Output, **opts: Any) -> None:
    """Casualty figures: killed or injured, who was counted, value and qualifier, as-of date, reporter.

    The table shows one row per figure; ≥ means 'at least', > 'more than', ~ 'about', ≤ 'up to'.

    \b
    Examples:
      kzcrisis casualties
      kzcrisis casualties --source dantri --json
    """
    _figure_listing("casualty", output, opts)


@click.command("arrests", cls=KzCommand, context_settings=CONTEXT)
@metric_option(["detained"])
@filter_options()
def arrests(output: Output, **opts: Any) -> None:
    """Detention figures, with qualifier, as-of date and who reported them.

    \b
    Examples:
      kzcrisis arrests
      kzcrisis arrests --format csv
    """
    _figure_listing("arrest", output, opts)


@click.command("deployment", cls=KzCommand, context_settings=CONTEXT)
@filter_options()
def deployment(output: Output, **opts: Any) -> None:
    """The CSTO deployment: contributors, troops, aircraft, mission, legal basis, command, dates.

    \b
    Examples:
      kzcrisis deployment
      kzcrisis deployment --country Armenia --json
    """
    list_claims(("deployment",), "deployment", output, opts)


@click.command("timeline", cls=KzCommand, context_settings=CONTEXT)
@filter_options(kinds=True)
def timeline(output: Output, **opts: Any) -> None:
    """Claims in date order across all kinds (or --kind); undated ones last, marked 'undated'.

    \b
    Examples:
      kzcrisis timeline --kind event
      kzcrisis timeline --since 2022-01-05 --until 2022-01-07
    """
    list_claims((), "timeline", output, opts)


@click.command("claims", cls=KzCommand, context_settings=CONTEXT)
@click.option(
    "--min-outlets",
    "min_outlets",
    type=Count(1),
    metavar="N",
    help="Only claims whose statement is reported by at least N outlets (two articles of one outlet "
    "count once; an article that names no outlet counts as its own); 'twins' are the other reports.",
)
@click.option(
    "--section",
    type=ChoiceOf(CHOICES["section"]),
    help="Only claims from the article's body, or only from photo captions.",
)
@filter_options(kinds=True, stance=True)
def claims(output: Output, **opts: Any) -> None:
    """Every claim, with all the filters.

    \b
    Examples:
      kzcrisis claims --actor Lavrov
      kzcrisis claims --kind casualty --fields id,date,quote --format csv
      kzcrisis claims --min-outlets 2 --fields id,statement,twins,text_en
    """
    list_claims((), "claims", output, opts)


SEARCH_FIELDS = (*ALL_FIELDS, "score")


@click.command("search", cls=KzCommand, context_settings=CONTEXT)
@click.argument("text")
@filter_options(kinds=True, fields=SEARCH_FIELDS)
def search(text: str, output: Output, **opts: Any) -> None:
    """Full text over quotes, English text and entity names, ranked best first (BM25).

    Every word must stand as a whole word. A word typed without diacritics matches every form
    ("trung quoc" finds "Trung Quốc"); a word typed with them means that form ("quân" is not
    "quan"). Words in double quotes make a phrase. JSON records carry a "score".

    \b
    Examples:
      kzcrisis search "trung quoc"
      kzcrisis search '"bắt giữ"' --json
      kzcrisis search tokayev --kind reaction --json
    """

    def ranked(kz: Session, filters: Filters) -> Iterator[str]:
        return kz.search_texts(text, filters)

    keywords = filter_keywords(opts)
    answer(output, "search", keywords, ranked, corpus=opts.get("corpus"), text=text, valid=SEARCH_FIELDS)
