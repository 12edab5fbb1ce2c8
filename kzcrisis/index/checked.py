"""What `kzcrisis validate` reports of a valid corpus, read from its index: one record of what was
checked, not two.

The index is built only from a corpus that passes every check, file by file (`index.incremental`
re-checks only the claims files whose content changed), so an index of this very content is proof
that the corpus is valid.
"""

from __future__ import annotations

from typing import NamedTuple


class CheckedClaim(NamedTuple):
    id: str
    kind: str
    source: str


class Checked(NamedTuple):
    """The claims (by source), sources and entities of a corpus that passed every check."""

    claims: list[CheckedClaim]
    sources: list[str]
    entities: list[str]


def checked_by_index(root: str) -> Checked | None:
    """The valid corpus at `root` as its index holds it, when an index of its content is cached or
    can be brought up to it from an earlier one (`store.reused_index`); None otherwise (the corpus
    may have problems, or have changed too much: the caller reads it whole)."""
    from kzcrisis.index.store import reused_index

    index = reused_index(root)
    if index is None:
        return None
    with index:
        found = index.conn.execute("SELECT id, kind, source FROM claims ORDER BY source_seq, ord")
        claims = [CheckedClaim(*row) for row in found]
        sources = [slug for (slug,) in index.conn.execute("SELECT slug FROM sources ORDER BY seq")]
        entities = [entity for (entity,) in index.conn.execute("SELECT id FROM entities")]
    return Checked(claims, sources, entities)
