"""What `kzcrisis validate` reports of a valid corpus, read from its index: one record of what was
checked, not two.

The index is built only from a corpus that passes every check, file by file (`index.incremental`
re-checks only the claims files whose content changed), so an index of this very content is proof
that the corpus is valid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple


class Checked(NamedTuple):
    """What `validate` reports of a corpus that passed every check: its claims counted by source and
    kind, their ids (at least those the releases' check asks of), its sources and entities."""

    counts: Counter[tuple[str, str]]
    ids: set[str]
    sources: list[str]
    entities: list[str]


def checked_of(claims: Iterable[tuple[str, str, str]], sources: list[str], entities: list[str]) -> Checked:
    """The same of a corpus read whole: its claims as (id, source, kind)."""
    counts: Counter[tuple[str, str]] = Counter()
    ids = set()
    for claim_id, source, kind in claims:
        counts[source, kind] += 1
        ids.add(claim_id)
    return Checked(counts, ids, sources, entities)


def checked_by_index(root: str, wanted: set[str]) -> Checked | None:
    """The valid corpus at `root` as its index holds it, when an index of its content is cached or
    can be brought up to it from an earlier one (`store.reused_index`); None otherwise (the corpus
    may have problems, or have changed too much: the caller reads it whole). Counted in SQL; of the
    ids, only those in `wanted` are looked up."""
    from kzcrisis.index.batches import rows_in
    from kzcrisis.index.store import reused_index

    index = reused_index(root)
    if index is None:
        return None
    with index:
        found = index.conn.execute("SELECT source, kind, COUNT(*) FROM claims GROUP BY source, kind")
        counts = Counter({(source, kind): n for source, kind, n in found})
        asked = sorted(wanted)
        ids = {row[0] for row in rows_in(index.conn, "SELECT id FROM claims WHERE id IN ({marks})", asked)}
        sources = [slug for (slug,) in index.conn.execute("SELECT slug FROM sources ORDER BY seq")]
        entities = [entity for (entity,) in index.conn.execute("SELECT id FROM entities")]
    return Checked(counts, ids, sources, entities)
