"""Who a claim is by: the fields that name entities, their roles, the parties a claim is by, and
the names of an entity.

Defined once here and read by every face: the index's `--country`/`--actor` terms
(`kzcrisis.index.build`), the exports' `countries`, `parties` and `claim_entities`
(`kzcrisis.export.tables`), and the reference checks (`Claim.entity_refs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple


def entity_names(entity: Any) -> list[str]:
    """Every name a user may type for an entity, and search matches: id, English, Vietnamese,
    aliases, ISO code. `entity` is an `Entity` or its record (a mapping, as the index stores it)."""
    get = entity.get if isinstance(entity, Mapping) else lambda key: getattr(entity, key)
    names = [get("id"), get("name"), *(get("names_vi") or ()), *(get("aliases") or ())]
    if get("iso"):
        names.append(get("iso"))
    return list(dict.fromkeys(names))


class Role(NamedTuple):
    """A record field that names entities, the role it gives them, and whether they act in the claim
    (report, act, speak, contribute, command, or are spoken for) or are merely mentioned."""

    field: str
    role: str
    acting: bool


# In the order of the record's fields (kzcrisis.corpus.vocab.ALL_FIELDS): the order of a claim's
# entity references, of its `names` and of its claim_entities rows.
ROLES: tuple[Role, ...] = (
    Role("reported_by", "reported_by", True),
    Role("actors", "actor", True),
    Role("mentions", "mention", False),
    Role("on_behalf_of", "on_behalf_of", True),
    Role("contributors", "contributor", True),
    Role("command", "command", True),
    Role("speaker", "speaker", True),
)
ROLE_OF: dict[str, Role] = {r.field: r for r in ROLES}

# id -> (type, speaks_for): what the parties rule needs to know of an entity.
Entities = Mapping[str, tuple[str, "str | None"]]


def entity_refs(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (field, entity id) of a claim's fields (a record, or a model's `__dict__`), in ROLES order."""
    refs: list[tuple[str, str]] = []
    for field, _role, _acting in ROLES:
        value = fields.get(field)
        if value:
            if isinstance(value, str):
                refs.append((field, value))
            else:
                refs += [(field, v) for v in value]
    return refs


def parties(refs: Iterable[tuple[str, str]], on_behalf_of: str | None, entities: Entities) -> list[str]:
    """The entities a claim is by (not its mentions), each followed by whom it speaks for, in order.

    A claim's `on_behalf_of` replaces the fixed `speaks_for` of the people in it: Pashinyan
    speaking as chair of the CSTO Council is a party with the CSTO, not with Armenia.
    What `--actor` matches; `--country` matches the countries among them (`countries`).
    """
    out: dict[str, None] = {}
    for field, ref in refs:
        if not ROLE_OF[field].acting:
            continue
        current: str | None = ref
        while current and current not in out:
            out[current] = None
            kind, speaks_for = entities[current]
            if on_behalf_of and kind == "person" and field != "on_behalf_of":
                break
            current = speaks_for
    return list(out)


def countries(found: Iterable[str], entities: Entities) -> list[str]:
    """The countries among `found` (a claim's `parties`)."""
    return [e for e in found if entities[e][0] == "country"]
