"""The Python API: the queries the commands run, for scripts and notebooks.

    >>> import kzcrisis
    >>> with kzcrisis.open_corpus() as kz:
    ...     said = kz.reactions(country="Russia")
    ...     deaths = kz.figures(metric="killed")

Every method returns plain dicts (JSON values only), so `pandas.DataFrame(kz.figures())` works as
it is. A `Corpus` holds one SQLite connection: use it as a context manager, or call `close()`.

Every argument is checked as the command line checks its options, by the same code
(`kzcrisis.query.session`): a value outside a vocabulary, a limit below 0 or a name not known
raises `kzcrisis.UsageError` (a `ValueError`) with the command line's message and suggestions.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from kzcrisis.index.jsontext import decode as loads
from kzcrisis.query.select import Names
from kzcrisis.query.session import Record, Session

if TYPE_CHECKING:
    from kzcrisis.index.records import QuantityRecord

__all__ = ["Corpus", "open_corpus"]


class Corpus:
    """An open, validated corpus (the shipped one, or the folder given)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._session = Session(path)

    # --- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def version(self) -> str:
        """The corpus's version (its manifest's)."""
        return str(self._session.manifest()["version"])

    @property
    def content_hash(self) -> str:
        """The hash of the corpus's files: two corpora with the same hash give the same answers."""
        return self._session.index.corpus_key

    # --- claims --------------------------------------------------------------------------------

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

        `min_outlets` keeps claims whose statement at least that many outlets report; `section`
        is 'body' or 'caption'; `undated` is include, exclude or only (default: left out by
        `since`/`until`, kept otherwise).
        """
        filters = self._session.filters(
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
        return [loads(row.record) for row in self._session.rows(filters)]

    def reactions(self, **filters: Any) -> list[Record]:
        return self.claims(kind="reaction", **filters)

    def casualties(self, *, metric: Names = None, group: Names = None, **filters: Any) -> list[Record]:
        """Casualty claims; with `metric` or `group`, each keeps only the figures that count them."""
        return self._session.figure_claims("casualty", metric=metric, group=group, **filters)

    def arrests(self, *, metric: Names = None, group: Names = None, **filters: Any) -> list[Record]:
        return self._session.figure_claims("arrest", metric=metric, group=group, **filters)

    def deployment(self, **filters: Any) -> list[Record]:
        return self.claims(kind="deployment", **filters)

    def timeline(self, **filters: Any) -> list[Record]:
        return self.claims(**filters)

    def search(self, text: str, *, limit: int | None = None, **filters: Any) -> list[Record]:
        """Claims whose words match `text`, best first; each record carries its `score`."""
        session = self._session
        found = session.search_rows(text, session.filters(limit=limit, **filters))
        return [{**loads(row.record), "score": score} for score, row in found]

    # --- figures -------------------------------------------------------------------------------

    def figures(
        self, *, metric: Names = None, group: Names = None, per_statement: bool = False, **filters: Any
    ) -> list[Record]:
        """One flat record per figure: claim, statement, source, metric, group, label, count,
        qualifier, low, high, as_of, known_by, ...; `limit` counts figures; `per_statement`: of the
        figures of one statement for one quantity, the first with a count only."""
        found = self._session.figures(metric, group, per_statement=per_statement, **filters)
        return [loads(f.row) for f in found]

    def compare(
        self,
        *,
        metric: Names = None,
        group: Names = None,
        conflicts: bool = False,
        pairs: bool = False,
        **filters: Any,
    ) -> list[QuantityRecord]:
        """Each quantity (metric, group) with its figures side by side and a verdict; with `pairs`,
        every pair of figures and its relation too (quadratic: only on request)."""
        from kzcrisis.query.compare import quantity_record

        found = self._session.quantities(metric, group, conflicts=conflicts, pairs=pairs, **filters)
        return [quantity_record(q) for q in found]

    # --- one claim, the reference tables -------------------------------------------------------

    def claim(self, claim_id: str) -> Record:
        """One claim by its id (any case). A released id that was retired raises `RetiredClaim` (when,
        why, `replaced_by`); an id never published, `LookupFailed` with the closest ids."""
        return self._session.claim(claim_id)

    def show(self, claim_id: str) -> Record:
        """One claim with its source record, the paragraph of the article its quote stands in, and the
        records of its twins (other articles' reports of the same statement)."""
        return self._session.show(claim_id)

    def article(self, source: str) -> str:
        """The archived text of a source (its slug or outlet name), in which every quote stands verbatim;
        `LookupFailed` with the closest slugs if there is none."""
        return self._session.article(source)

    def sources(self) -> list[Record]:
        """The archived articles, each with its claim counts by kind and, in `shared_statements`,
        how many statements it shares with each other article (`{slug: n}`)."""
        return self._session.sources()

    def entities(self, entity_type: str | None = None) -> list[Record]:
        """Countries, organisations and people (of `entity_type` only, if given), by type and name."""
        return self._session.entities(entity_type)


def open_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """Open the corpus at `path` (default: $KZCRISIS_CORPUS, else the shipped corpus)."""
    return Corpus(path)
