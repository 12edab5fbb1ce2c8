"""The subcommands. Each is built by its own function, so that a call builds only the one it runs.

Each command is thin: parse options, call one query, hand the result to one renderer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import click

from kzcrisis.errors import CorpusError
from kzcrisis.index import open_index
from kzcrisis.options import (
    KzCommand,
    choose_output,
    corpus_option,
    emit_records,
    filter_options,
    is_narrow,
    note,
    output_options,
    print_rich,
    record_texts,
    resolve_filters,
    write_text,
)
from kzcrisis.render import Format
from kzcrisis.terminal import CONTEXT
from kzcrisis.vocab import ALL_FIELDS, KINDS, EntityType, Group, Metric

BUILDERS: dict[str, Callable[[], click.Command]] = {}


def builder(build: Callable[[], click.Command]) -> Callable[[], click.Command]:
    BUILDERS[build.__name__.lstrip("_")] = build
    return build


def _listing(kinds: Sequence[str], view: str, opts: dict[str, Any], **emit: Any) -> None:
    from kzcrisis.query import select_claims

    index = open_index(opts.get("corpus"))
    found = select_claims(index, resolve_filters(index, opts, kinds))
    emit_records(record_texts(found), opts, view, **emit)


@builder
def _reactions() -> click.Command:
    @click.command("reactions", cls=KzCommand, context_settings=CONTEXT)
    @filter_options(stance=True)
    def reactions(**opts: Any) -> None:
        """What each country or organisation said or did, with speaker, date, stance tags and source.

        \b
        Examples:
          kzcrisis reactions --country Russia
          kzcrisis reactions --country Mỹ --stance questions_csto_deployment --json
        """
        _listing(("reaction",), "reactions", opts)

    return reactions


def _figure_listing(kind: str, opts: dict[str, Any]) -> None:
    """A listing whose table has one row per figure (of the wanted metrics), not per claim."""
    from kzcrisis.tables import figure_rows

    wanted = tuple(opts.get("metrics") or ())
    _listing((kind,), "figures", opts, table_rows=lambda recs: figure_rows(recs, wanted))


@builder
def _casualties() -> click.Command:
    @click.command("casualties", cls=KzCommand, context_settings=CONTEXT)
    @click.option(
        "--metric",
        "metrics",
        multiple=True,
        type=click.Choice(["killed", "injured"]),
        help="Only figures of this metric; repeatable.",
    )
    @filter_options()
    def casualties(**opts: Any) -> None:
        """Casualty figures: killed or injured, who was counted, value and qualifier, as-of date, reporter.

        The table shows one row per figure; ≥ means 'at least', > 'more than', ~ 'about', ≤ 'up to'.

        \b
        Examples:
          kzcrisis casualties
          kzcrisis casualties --source dantri --json
        """
        _figure_listing("casualty", opts)

    return casualties


@builder
def _arrests() -> click.Command:
    @click.command("arrests", cls=KzCommand, context_settings=CONTEXT)
    @filter_options()
    def arrests(**opts: Any) -> None:
        """Detention figures, with qualifier, as-of date and who reported them.

        \b
        Examples:
          kzcrisis arrests
          kzcrisis arrests --format csv
        """
        _figure_listing("arrest", opts)

    return arrests


@builder
def _deployment() -> click.Command:
    @click.command("deployment", cls=KzCommand, context_settings=CONTEXT)
    @filter_options()
    def deployment(**opts: Any) -> None:
        """The CSTO deployment: contributors, troops, aircraft, mission, legal basis, command, dates.

        \b
        Examples:
          kzcrisis deployment
          kzcrisis deployment --country Armenia --json
        """
        _listing(("deployment",), "deployment", opts)

    return deployment


@builder
def _timeline() -> click.Command:
    @click.command("timeline", cls=KzCommand, context_settings=CONTEXT)
    @filter_options(kinds=True)
    def timeline(**opts: Any) -> None:
        """Claims in date order across all kinds (or --kind); undated ones last, marked 'undated'.

        \b
        Examples:
          kzcrisis timeline --kind event
          kzcrisis timeline --since 2022-01-05 --until 2022-01-07
        """
        _listing((), "timeline", opts)

    return timeline


@builder
def _claims() -> click.Command:
    @click.command("claims", cls=KzCommand, context_settings=CONTEXT)
    @filter_options(kinds=True, stance=True)
    def claims(**opts: Any) -> None:
        """Every claim, with all the filters.

        \b
        Examples:
          kzcrisis claims --actor Lavrov
          kzcrisis claims --kind casualty --fields id,date,quote --format csv
        """
        _listing((), "claims", opts)

    return claims


@builder
def _search() -> click.Command:
    @click.command("search", cls=KzCommand, context_settings=CONTEXT)
    @click.argument("text")
    @filter_options(kinds=True)
    def search(text: str, **opts: Any) -> None:
        """Full text over quotes, English text and entity names, ranked best first.

        Case- and diacritic-insensitive: "trung quoc" finds "Trung Quốc". Every word must match;
        JSON records carry a "score".

        \b
        Examples:
          kzcrisis search "trung quoc"
          kzcrisis search tokayev --kind reaction --json
        """
        from kzcrisis.query import search_claims

        index = open_index(opts.get("corpus"))
        found = search_claims(index, text, resolve_filters(index, opts))
        # The stored record is a compact JSON object: the score is spliced in, not re-encoded.
        records = [f'{row.record[:-1]},"score":{score:g}}}' for score, row in found]
        emit_records(records, opts, "search", valid_fields=(*ALL_FIELDS, "score"))

    return search


@builder
def _show() -> click.Command:
    @click.command("show", cls=KzCommand, context_settings=CONTEXT)
    @click.argument("claim_id", metavar="ID")
    @corpus_option
    @output_options
    def show(claim_id: str, **opts: Any) -> None:
        """One claim whole: its quote in its paragraph of the archived article, English text,
        figures, entities and source record.

        \b
        Examples:
          kzcrisis show dantri-016
          kzcrisis show tokayev-coup-021 --json
        """
        from kzcrisis.query import get_claim, source_record, source_text

        index = open_index(opts.get("corpus"))
        row = get_claim(index, claim_id)
        fmt, _fields = choose_output(opts, ALL_FIELDS)
        if fmt is not Format.TABLE or _fields:
            emit_records([row.record], opts, "claims")
            return
        import json

        from kzcrisis.show import render_claim

        source = json.loads(source_record(index, row.source))
        print_rich(render_claim(json.loads(row.record), source, source_text(index, row.source)))

    return show


@builder
def _sources() -> click.Command:
    @click.command("sources", cls=KzCommand, context_settings=CONTEXT)
    @corpus_option
    @output_options
    def sources(**opts: Any) -> None:
        """The archived articles: outlet, date, title and claim counts by kind.

        \b
        Examples:
          kzcrisis sources
          kzcrisis sources --json | jq '.[] | {slug, outlet, claims}'
        """
        import json

        from kzcrisis.query import source_records

        index = open_index(opts.get("corpus"))
        records = [{**json.loads(rec), "claims": counts} for rec, counts in source_records(index)]
        fields = (
            "slug",
            "outlet",
            "published",
            "title",
            "claims",
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
        fmt, chosen = choose_output(opts, fields)
        if fmt is Format.TABLE and not chosen:
            print_rich(_sources_table(records, narrow=is_narrow()))
            return
        emit_records(records, opts, "claims", valid_fields=fields, default_csv=fields)

    return sources


def _sources_table(records: list[dict[str, Any]], *, narrow: bool) -> Any:
    from kzcrisis.tables import Column, render_table

    columns = [
        Column("Slug", lambda r: str(r["slug"]), no_wrap=True),
        Column("Outlet", lambda r: r["outlet"] or "(not named)"),
        Column("Published", lambda r: r["published"] or "(no date)", no_wrap=True),
        Column("Title", lambda r: r["title"] or "(no headline)"),
        Column("Claims", lambda r: "\n".join(f"{k}: {n}" for k, n in sorted(r["claims"].items()))),
    ]
    return render_table(records, columns, narrow=narrow)


@builder
def _entities() -> click.Command:
    @click.command("entities", cls=KzCommand, context_settings=CONTEXT)
    @click.option(
        "--type",
        "entity_type",
        type=click.Choice([t.value for t in EntityType]),
        help="Only entities of this type.",
    )
    @corpus_option
    @output_options
    def entities(entity_type: str | None, **opts: Any) -> None:
        """Who is who: countries, organisations and people, with their Vietnamese names and aliases.

        \b
        Examples:
          kzcrisis entities --type country
          kzcrisis entities --json | jq '.[] | select(.id == "wang-yi")'
        """
        import json

        from kzcrisis.query import entity_records
        from kzcrisis.tables import Column

        index = open_index(opts.get("corpus"))
        records = [json.loads(r) for r in entity_records(index, entity_type)]
        fields = ("id", "type", "name", "names_vi", "aliases", "iso", "speaks_for", "role")
        fmt, chosen = choose_output(opts, fields)
        if fmt is Format.TABLE and not chosen:
            from kzcrisis.tables import render_table

            columns = [
                Column("ID", lambda r: str(r["id"]), no_wrap=True),
                Column("Type", lambda r: str(r["type"])),
                Column("Name", lambda r: str(r["name"])),
                Column("Vietnamese", lambda r: ", ".join(r["names_vi"])),
                Column(
                    "Aliases / ISO", lambda r: ", ".join([*r["aliases"], *([r["iso"]] if r["iso"] else [])])
                ),
                Column("Speaks for", lambda r: r["speaks_for"] or ""),
            ]
            print_rich(render_table(records, columns, narrow=is_narrow()))
            return
        emit_records(records, opts, "claims", valid_fields=fields, default_csv=fields)

    return entities


@builder
def _validate() -> click.Command:
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
        import json

        from kzcrisis.corpus import load_corpus

        try:
            loaded = load_corpus(corpus)
        except CorpusError as exc:
            if as_json:
                problems = [p._asdict() for p in exc.problems]
                write_text(json.dumps(problems, ensure_ascii=False, indent=2) + "\n")
            else:
                for problem in exc.problems:
                    write_text(f"{problem}\n")
            note(f"{len(exc.problems)} problem(s) in {os.fspath(corpus or 'the corpus')}")
            raise click.exceptions.Exit(1) from None
        if as_json:
            write_text("[]\n")
        kinds = {k: sum(1 for c in loaded.claims if c.kind == k) for k in KINDS}
        summary = ", ".join(f"{n} {k}" for k, n in kinds.items())
        note(
            f"OK: {len(loaded.claims)} claims ({summary}) from {len(loaded.sources)} sources, "
            f"{len(loaded.entities)} entities; every check passed."
        )

    return validate


@builder
def _schema() -> click.Command:
    @click.command("schema", cls=KzCommand, context_settings=CONTEXT)
    def schema() -> None:
        """Print the JSON Schema of a claim record, as the --json output of the listing commands gives it.

        \b
        Examples:
          kzcrisis schema > claim.schema.json
          kzcrisis schema | jq '."$defs" | keys'
        """
        import json

        from kzcrisis.schema import record_schema

        write_text(json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n")

    return schema


@builder
def _compare() -> click.Command:
    @click.command("compare", cls=KzCommand, context_settings=CONTEXT)
    @click.option(
        "--metric",
        "metrics",
        multiple=True,
        type=click.Choice([m.value for m in Metric]),
        help="Only this measured quantity; repeatable.",
    )
    @click.option(
        "--group",
        "groups",
        multiple=True,
        type=click.Choice([g.value for g in Group]),
        help="Only figures counting this group (protesters, security_forces, all, ...); repeatable.",
    )
    @click.option("--conflicts", is_flag=True, help="Only quantities whose verdict is 'conflict'.")
    @filter_options()
    def compare(metrics: tuple[str, ...], groups: tuple[str, ...], conflicts: bool, **opts: Any) -> None:
        """Where the sources disagree: every reported figure of each quantity side by side, with a verdict.

        Verdicts (see README): consistent, updated, conflict, single.

        \b
        Examples:
          kzcrisis compare
          kzcrisis compare --metric injured --json
          kzcrisis compare --conflicts
        """
        import json

        from kzcrisis.compare import compare_figures, filter_quantities
        from kzcrisis.query import select_claims

        index = open_index(opts.get("corpus"))
        filters = resolve_filters(index, {**opts, "metrics": metrics}, ("casualty", "arrest", "deployment"))
        found = select_claims(index, filters._replace(limit=None))
        quantities = filter_quantities(
            compare_figures([json.loads(r.record) for r in found]), metrics, groups, conflicts
        )
        if opts.get("limit") is not None:
            quantities = quantities[: opts["limit"]]
        fmt, fields = choose_output(opts, ("metric", "group", "verdict", "reason", "figures", "pairs"))
        if fmt is Format.TABLE and not fields:
            from kzcrisis.compare_render import render_comparison

            if not quantities:
                note("nothing matches these filters.")
            print_rich(render_comparison(quantities, narrow=is_narrow()))
            return
        emit_records(
            quantities,
            opts,
            "claims",
            valid_fields=("metric", "group", "verdict", "reason", "figures", "pairs"),
            default_csv=("metric", "group", "verdict", "reason", "figures"),
        )

    return compare
