"""What a user means by a name: an entity or a source from any of its names, with suggestions."""

from __future__ import annotations

from kzcrisis.corpus import choices
from kzcrisis.corpus.text import name_key, with_article
from kzcrisis.errors import AmbiguousName, LookupFailed, closest
from kzcrisis.index.store import Index, rows


def resolve_entity(index: Index, text: str, *, country: bool = False) -> str:
    """The entity id a user means by `text` (English, Vietnamese, alias, ISO code; any case or accents).

    A name several entities share (`ambiguous_names`) raises `AmbiguousName` listing them all.
    """
    what = "country" if country else "actor"
    found = rows(
        index,
        "SELECT a.entity, e.type, e.name FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.key = ?",
        (name_key(text),),
    )
    if found:
        entity, kind, name = found[0]
        if country and kind != "country":
            raise LookupFailed(what, text, [], f"{name} is {with_article(kind)}, not a country: use --actor")
        return str(entity)
    shared = rows(
        index,
        "SELECT a.entity, e.name FROM ambiguous a JOIN entities e ON e.id = a.entity WHERE a.key = ? "
        "ORDER BY a.entity",
        (name_key(text),),
    )
    if shared:
        raise AmbiguousName(what, text, [(str(entity), str(name)) for entity, name in shared])
    candidates = rows(
        index,
        "SELECT a.key, e.name FROM aliases a JOIN entities e ON e.id = a.entity"
        + (" WHERE e.type = 'country'" if country else ""),
    )
    names = {str(key): str(name) for key, name in candidates}
    # Several keys may name one entity: ask for more, keep three entities.
    suggestions = list(dict.fromkeys(names[k] for k in closest(name_key(text), names, n=6)))[:3]
    raise LookupFailed(
        what, text, suggestions, "list them with: kzcrisis entities" + (" --type country" if country else "")
    )


def resolve_source(index: Index, text: str) -> str:
    """A source slug from its slug or its outlet's name ('Dân trí', 'dan tri')."""
    known = rows(index, "SELECT slug, json_extract(record, '$.outlet') FROM sources ORDER BY seq")
    return choices.resolve_source(text, {str(slug): outlet for slug, outlet in known})
