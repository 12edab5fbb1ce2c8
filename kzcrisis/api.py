"""The Python API: the queries the commands run, for scripts and notebooks.

    >>> import kzcrisis
    >>> with kzcrisis.open_corpus() as kz:
    ...     said = kz.reactions(country="Russia")
    ...     deaths = kz.figures(metric="killed")

Every method returns plain dicts (JSON values only), so `pandas.DataFrame(kz.figures())` works as
it is. A `Corpus` holds one SQLite connection: use it as a context manager, or call `close()`.
The command line is a thin layer over this class: one query path, not two.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kzcrisis.index.store import Index, open_index

# json is imported by the methods that parse records: the CLI's --json path passes stored JSON
# text through (kz.rows) and never pays for it.
from kzcrisis.query.select import Filters, Names, Row, build_filters, get_claim, many, select_claims

if TYPE_CHECKING:
    from kzcrisis.query.figures import FigureRow

Record = dict[str, Any]

FIGURE_KINDS = ("casualty", "arrest", "deployment")


class Corpus:
    """An open, validated corpus (the shipped one, or the folder given)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.index: Index = open_index(path)

    # --- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def folder(self) -> str:
        return self.index.corpus_dir

    @property
    def content_hash(self) -> str:
        return self.index.corpus_key

    # --- the one query path --------------------------------------------------------------------

    def filters(self, **named: Any) -> Filters:
        """Filters from names as a person gives them (see `kzcrisis.query.select.build_filters`)."""
        return build_filters(self.index, **named)

    def rows(self, filters: Filters) -> list[Row]:
        """The stored rows (record as JSON text) that pass `filters`: what the CLI prints as it is."""
        return select_claims(self.index, filters)

    def iter_records(self, filters: Filters) -> Iterator[str]:
        """The records of `rows`, as JSON text, read a batch at a time (for large answers; use it
        while the corpus is open)."""
        from kzcrisis.query.select import iter_records

        return iter_records(self.index, filters)

    def undated_left_out(self, filters: Filters, text: str | None = None) -> int:
        """How many undated claims the date range left out (of those matching `text`, for search)."""
        from kzcrisis.query.select import undated_left_out

        left_out = undated_left_out(self.index, filters)
        if text is None or not left_out:
            return left_out
        from kzcrisis.query.search import count_claims

        return count_claims(self.index, text, filters._replace(undated="only"))

    def search_texts(self, text: str, filters: Filters) -> Iterator[str]:
        """The records of `search_rows` as JSON text with their score, read a batch at a time (use it
        while the corpus is open)."""
        from kzcrisis.query.search import search_texts

        return search_texts(self.index, text, filters)

    def search_rows(self, text: str, filters: Filters) -> list[tuple[float, Row]]:
        from kzcrisis.query.search import search_claims

        return search_claims(self.index, text, filters)

    # --- records -------------------------------------------------------------------------------

    def claims(
        self,
        *,
        kind: Names = None,
        source: Names = None,
        country: Names = None,
        actor: Names = None,
        stance: Names = None,
        since: Any = None,
        until: Any = None,
        limit: int | None = None,
        min_outlets: int | None = None,
        section: str | None = None,
        undated: str | None = None,
    ) -> list[Record]:
        """Claims that pass every filter given; a filter given several values keeps any of them.

        `min_outlets` keeps claims whose statement at least that many articles report; `section`
        is 'body' or 'caption'; `undated` is include, exclude or only (default: left out by
        `since`/`until`, kept otherwise).
        """
        filters = self.filters(
            kind=kind,
            source=source,
            country=country,
            actor=actor,
            stance=stance,
            since=since,
            until=until,
            limit=limit,
            min_outlets=min_outlets,
            section=section,
            undated=undated,
        )
        return [_loads(row.record) for row in self.rows(filters)]

    def reactions(self, **filters: Any) -> list[Record]:
        return self.claims(kind="reaction", **filters)

    def casualties(self, *, metric: Names = None, group: Names = None, **filters: Any) -> list[Record]:
        """Casualty claims; with `metric` or `group`, each keeps only the figures that count them."""
        return self.figure_claims("casualty", metric=metric, group=group, **filters)

    def arrests(self, *, metric: Names = None, group: Names = None, **filters: Any) -> list[Record]:
        return self.figure_claims("arrest", metric=metric, group=group, **filters)

    def figure_claims(
        self,
        kind: Names,
        *,
        metric: Names = None,
        group: Names = None,
        limit: int | None = None,
        **filters: Any,
    ) -> list[Record]:
        """Claims of `kind` with only the figures of `metric` among `group` (claims left with none are
        dropped): `--metric killed --json` carries no injured figure. `limit` counts the claims kept."""
        from kzcrisis.query.figures import only_figures

        metrics, groups = many(metric), many(group)
        found = self.rows(self.filters(kind=kind, metric=metrics, limit=None if groups else limit, **filters))
        records = [_loads(row.record) for row in found]
        if metrics or groups:
            records = only_figures(records, metrics, groups)
        return records if limit is None else records[:limit]

    def deployment(self, **filters: Any) -> list[Record]:
        return self.claims(kind="deployment", **filters)

    def timeline(self, **filters: Any) -> list[Record]:
        return self.claims(**filters)

    def figures(
        self, *, metric: Names = None, group: Names = None, limit: int | None = None, **filters: Any
    ) -> list[Record]:
        """One flat record per figure: claim, source, metric, group, count, qualifier, low, high, ..."""
        return [
            _loads(text) for text in self.figure_texts(metric=metric, group=group, limit=limit, **filters)
        ]

    def figure_texts(
        self, *, metric: Names = None, group: Names = None, limit: int | None = None, **filters: Any
    ) -> list[str]:
        """`figures` as stored JSON text, one text a figure: what the CLI prints as it is."""
        found = self._figures(many(metric), many(group), filters, ordered=True)
        return [f.row for f in (found if limit is None else found[:limit])]

    def search(self, text: str, *, limit: int | None = None, **filters: Any) -> list[Record]:
        """Claims whose words match `text`, best first; each record carries its `score`."""
        found = self.search_rows(text, self.filters(limit=limit, **filters))
        return [{**_loads(row.record), "score": score} for score, row in found]

    def compare(
        self,
        *,
        metric: Names = None,
        group: Names = None,
        conflicts: bool = False,
        pairs: bool = False,
        **filters: Any,
    ) -> list[Record]:
        """Each quantity (metric, group) with its figures side by side and a verdict; with `pairs`,
        every pair of figures and its relation too (quadratic: only on request)."""
        from kzcrisis.query.compare import quantity_record

        found = self._quantities(many(metric), many(group), conflicts, pairs, filters)
        return [quantity_record(q) for q in found]

    def compare_texts(
        self,
        *,
        metric: Names = None,
        group: Names = None,
        conflicts: bool = False,
        pairs: bool = False,
        **filters: Any,
    ) -> list[str]:
        """`compare` as JSON text, one text a quantity: its figures' stored text spliced in, unparsed."""
        found = self.compare_pieces(metric=metric, group=group, conflicts=conflicts, pairs=pairs, **filters)
        return ["".join(pieces) for pieces in found]

    def compare_pieces(
        self,
        *,
        metric: Names = None,
        group: Names = None,
        conflicts: bool = False,
        pairs: bool = False,
        **filters: Any,
    ) -> list[Iterator[str]]:
        """`compare_texts` with each text in pieces (a thousand figures each): what the CLI writes,
        so that a large answer is never held whole."""
        from kzcrisis.query.compare import quantity_pieces
        from kzcrisis.render.formats import dumps

        found = self._quantities(many(metric), many(group), conflicts, pairs, filters)
        return [quantity_pieces(q, dumps) for q in found]

    def _quantities(
        self,
        metrics: tuple[str, ...],
        groups: tuple[str, ...],
        conflicts: bool,
        pairs: bool,
        filters: dict[str, Any],
    ) -> list[Record]:
        from kzcrisis.query.compare import compare_rows, filter_quantities

        limit = filters.pop("limit", None)
        found = self._figures(metrics, groups, filters, ordered=False)

        def choose(quantities: list[Record]) -> list[Record]:  # before the pairs: MAX_PAIRS in all
            kept = filter_quantities(quantities, metrics, groups, conflicts)
            return kept if limit is None else kept[:limit]

        return compare_rows(found, pairs=pairs, choose=choose)

    def _figures(
        self, metrics: tuple[str, ...], groups: tuple[str, ...], filters: dict[str, Any], *, ordered: bool
    ) -> list[FigureRow]:
        """The figures (of `metrics` among `groups`, if any) of the claims that pass `filters`:
        what `figures` and `compare` read (the index's figure rows, no claim record parsed)."""
        from kzcrisis.query.figures import read_figures

        kinds = filters.pop("kind", None) or FIGURE_KINDS
        chosen = self.filters(kind=kinds, metric=metrics, **filters)
        return read_figures(self.index, chosen, metrics, groups, ordered=ordered)

    def claim(self, claim_id: str) -> Record:
        """One claim by its id (any case); `LookupFailed` with the closest ids if there is none."""
        return dict(_loads(get_claim(self.index, claim_id).record))

    def show(self, claim_id: str) -> Record:
        """One claim with its source record, the paragraph of the article its quote stands in, and the
        records of its twins (other articles' reports of the same statement)."""
        from kzcrisis.query.select import source_record, source_text, statement_size
        from kzcrisis.query.show import paragraph_of

        row = get_claim(self.index, claim_id)
        record = _loads(row.record)
        return {
            "claim": record,
            "paragraph": paragraph_of(record["quote"], source_text(self.index, row.source)),
            "source": _loads(source_record(self.index, row.source)),
            # The other articles' words for the same statement (see the record's `statement`): the
            # record's twins (the first MAX_TWINS); `reports` counts the whole group, this claim too.
            "twins": [_loads(get_claim(self.index, twin).record) for twin in record.get("twins") or ()],
            "reports": statement_size(self.index, record.get("statement")),
        }

    def sources(self) -> list[Record]:
        """The archived articles, each with its claim counts by kind and, in `shared_statements`,
        how many statements it shares with each other article (`{slug: n}`)."""
        from kzcrisis.query.select import shared_statements, source_records

        shared = shared_statements(self.index)
        return [
            {**_loads(rec), "claims": counts, "shared_statements": shared.get(slug, {})}
            for slug, rec, counts in source_records(self.index)
        ]

    def entities(self, entity_type: str | None = None) -> list[Record]:
        from kzcrisis.query.select import entity_records

        return [_loads(rec) for rec in entity_records(self.index, entity_type)]


def _loads(text: str) -> Any:
    import json

    return json.loads(text)


def open_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """Open the corpus at `path` (default: $KZCRISIS_CORPUS, else the shipped corpus)."""
    return Corpus(path)
