"""The one query path: an open index and every query the commands, the API and the exports run.

Internal: the public face is `kzcrisis.Corpus` (`kzcrisis.api`), which parses what this returns
into dicts. The command line and the exports use this class directly for what a program has no use
for: records as stored JSON text, read a batch at a time, and the filters already resolved. Every
argument is checked here (`build_filters`, `kzcrisis.corpus.choices`), so a typo gets the same
`UsageError` and the same "did you mean" through every face.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kzcrisis.corpus.choices import choose, choose_many
from kzcrisis.corpus.vocab import FIGURE_KINDS
from kzcrisis.index.jsontext import decode
from kzcrisis.index.store import Index, open_index
from kzcrisis.query.select import Filters, Names, Row, build_filters, get_claim, select_claims

if TYPE_CHECKING:
    from kzcrisis.index.records import Quantity
    from kzcrisis.query.figures import FigureRow

Record = dict[str, Any]


class Session:
    """An open, validated corpus (the shipped one, or the folder given) and its queries."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.index: Index = open_index(path)

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def manifest(self) -> Record:
        return dict(decode(self.index.meta("manifest")))

    # --- claims ------------------------------------------------------------------------------

    def filters(self, **named: Any) -> Filters:
        """Filters from names as a person gives them (see `kzcrisis.query.select.build_filters`)."""
        return build_filters(self.index, **named)

    def rows(self, filters: Filters) -> list[Row]:
        """The stored rows (record as JSON text) that pass `filters`."""
        return select_claims(self.index, filters)

    def iter_records(self, filters: Filters) -> Iterator[str]:
        """The records of `rows`, as JSON text, read a batch at a time (while the session is open)."""
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

    def count(self, filters: Filters, text: str | None = None) -> int:
        """How many claims pass `filters` (and match `text`, for search), without reading a record."""
        if text is None:
            from kzcrisis.query.select import count_claims

            return count_claims(self.index, filters)
        from kzcrisis.query.search import count_claims as count_found

        return count_found(self.index, text, filters._replace(limit=None))

    def nearest_dates(self, filters: Filters) -> tuple[str | None, str | None]:
        """The nearest dates outside `filters`' date range that hold claims (see `query.select`)."""
        from kzcrisis.query.select import nearest_dates

        return nearest_dates(self.index, filters)

    def search_words(self) -> list[str]:
        """Every word of the search index (quotes, English texts, names; with and without
        diacritics): what near words are chosen from when a search finds nothing."""
        from kzcrisis.query.search import indexed_words

        return indexed_words(self.index)

    def search_texts(self, text: str, filters: Filters) -> Iterator[str]:
        """The records of `search_rows` as JSON text with their score, read a batch at a time."""
        from kzcrisis.query.search import search_texts

        return search_texts(self.index, text, filters)

    def search_rows(self, text: str, filters: Filters) -> list[tuple[float, Row]]:
        from kzcrisis.query.search import search_claims

        return search_claims(self.index, text, filters)

    # --- figures -----------------------------------------------------------------------------

    def figure_claims(
        self, kind: Names, metric: Names = None, group: Names = None, **named: Any
    ) -> list[Record]:
        """Claims of `kind` with only the figures of `metric` among `group` (claims left with none are
        dropped): `--metric killed --json` carries no injured figure. `limit` counts the claims kept."""
        from kzcrisis.query.figures import only_figures

        metrics, groups = choose_many("metric", metric), choose_many("group", group)
        filters = self.filters(kind=kind, metric=metrics, **named)
        kept = filters._replace(limit=None) if groups else filters  # groups: the limit counts what is left
        records = [decode(row.record) for row in self.rows(kept)]
        if metrics or groups:
            records = only_figures(records, metrics, groups)
        return records if filters.limit is None else records[: filters.limit]

    def figures(
        self, metric: Names = None, group: Names = None, *, per_statement: bool = False, **named: Any
    ) -> list[FigureRow]:
        """The figures (of `metric` among `group`) of the claims that pass the filters, in claim order;
        `limit` counts figures; `per_statement`: each statement once (`once_per_statement`)."""
        from kzcrisis.query.figures import once_per_statement, read_figures

        metrics, groups = choose_many("metric", metric), choose_many("group", group)
        filters = self._figure_filters(metrics, named)
        unlimited = filters._replace(limit=None)
        if not per_statement:
            return read_figures(self.index, unlimited, metrics, groups, limit=filters.limit)
        found = once_per_statement(read_figures(self.index, unlimited, metrics, groups))
        return found if filters.limit is None else found[: filters.limit]

    def quantities(
        self,
        metric: Names = None,
        group: Names = None,
        *,
        conflicts: bool = False,
        pairs: bool = False,
        **named: Any,
    ) -> list[Quantity]:
        """`kzcrisis.query.compare.compare_quantities` of the claims that pass the filters; `limit`
        counts quantities."""
        from kzcrisis.query.compare import compare_quantities

        metrics, groups = choose_many("metric", metric), choose_many("group", group)
        filters = self._figure_filters(metrics, named)
        return compare_quantities(
            self.index,
            filters._replace(limit=None),
            metrics,
            groups,
            conflicts=conflicts,
            pairs=pairs,
            limit=filters.limit,
        )

    def _figure_filters(self, metrics: tuple[str, ...], named: dict[str, Any]) -> Filters:
        kinds = named.pop("kind", None) or FIGURE_KINDS
        return self.filters(kind=kinds, metric=metrics, **named)

    # --- one claim, the reference tables -----------------------------------------------------

    def claim(self, claim_id: str) -> Record:
        return dict(decode(get_claim(self.index, claim_id).record))

    def show(self, claim_id: str) -> Record:
        """One claim with its source record, the paragraph of the article its quote stands in, and the
        records of its twins (other articles' reports of the same statement)."""
        from kzcrisis.query.select import source_record, source_text, statement_size
        from kzcrisis.query.show import paragraph_of

        row = get_claim(self.index, claim_id)
        record = decode(row.record)
        return {
            "claim": record,
            "paragraph": paragraph_of(record["quote"], source_text(self.index, row.source)),
            "source": decode(source_record(self.index, row.source)),
            # The other articles' words for the same statement (see the record's `statement`): the
            # record's twins (the first MAX_TWINS); `reports` counts the whole group, this claim too.
            "twins": [decode(get_claim(self.index, twin).record) for twin in record.get("twins") or ()],
            "reports": statement_size(self.index, record.get("statement")),
        }

    def sources(self) -> list[Record]:
        from kzcrisis.query.select import shared_statements, source_records

        shared = shared_statements(self.index)
        return [
            {**decode(rec), "claims": counts, "shared_statements": shared.get(slug, {})}
            for slug, rec, counts in source_records(self.index)
        ]

    def article(self, source: str) -> str:
        """A source's archived text, by its slug or outlet name (`LookupFailed` if there is none)."""
        from kzcrisis.query.names import resolve_source
        from kzcrisis.query.select import source_text

        return source_text(self.index, resolve_source(self.index, source))

    def source_texts(self) -> dict[str, str]:
        """Each source's archived text, by slug."""
        from kzcrisis.query.select import source_text

        return {s["slug"]: source_text(self.index, s["slug"]) for s in self.sources()}

    def entities(self, entity_type: str | None = None) -> list[Record]:
        from kzcrisis.query.select import entity_records

        chosen = None if entity_type is None else choose("type", entity_type)
        return [decode(rec) for rec in entity_records(self.index, chosen)]
