"""What a user means by a name: an entity or a source from any of its names, with suggestions."""

from __future__ import annotations

from collections.abc import Sequence

from kzcrisis.corpus.text import name_key
from kzcrisis.errors import AmbiguousName, BadChoice, LookupFailed
from kzcrisis.index.store import Index, rows


def close_matches(value: str, candidates: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    import difflib

    return difflib.get_close_matches(value, candidates, n=n, cutoff=cutoff)


def _norm(value: str) -> str:
    return "_".join(value.strip().casefold().replace("-", " ").replace("_", " ").split())


def choose(what: str, value: object, choices: Sequence[str]) -> str:
    """The choice `value` names: itself, or the one choice it names in any case with - or space
    for _ ('Security-Forces'); else `BadChoice` with the closest choices. The CLI's options and the
    MCP server's arguments both come here."""
    if value in choices:
        return str(value)
    same = [c for c in choices if _norm(c) == _norm(str(value))]
    if len(same) == 1:
        return same[0]
    close = close_matches(_norm(str(value)), list(choices), n=3, cutoff=0.5)
    raise BadChoice(what, value, list(choices), close)


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
            raise LookupFailed(what, text, [], f"{name} is a {kind}, not a country: use --actor")
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
    close = close_matches(name_key(text), list(names), n=6, cutoff=0.8)
    suggestions = list(dict.fromkeys(names[k] for k in close))[:3]
    raise LookupFailed(
        what, text, suggestions, "list them with: kzcrisis entities" + (" --type country" if country else "")
    )


def resolve_source(index: Index, text: str) -> str:
    """A source slug from its slug or its outlet's name ('Dân trí', 'dan tri')."""
    key = name_key(text)
    known = rows(index, "SELECT slug, json_extract(record, '$.outlet') FROM sources")
    for slug, outlet in known:
        if key and key in (name_key(slug), name_key(outlet) if outlet else None):
            return str(slug)
    slugs = [str(slug) for slug, _ in known]
    raise LookupFailed("source", text, close_matches(text.lower(), slugs), "list them with: kzcrisis sources")
