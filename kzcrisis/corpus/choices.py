"""What a user typed, checked against what an argument takes: one check for the CLI and the API.

`choose` reads a value of a vocabulary (a kind, a stance, a metric, ...) in any case, with - or a
space for _; `count` reads a limit; `resolve_source` reads a source's slug or outlet name. Each
raises `InvalidChoice` or `LookupFailed` (both `kzcrisis.UsageError`) with the closest values, so
the command line's message and the API's are the same (the CLI exits 2 with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kzcrisis.corpus.text import name_key
from kzcrisis.corpus.vocab import CHOICES
from kzcrisis.errors import InvalidChoice, LookupFailed, closest, did_you_mean


def _norm(value: str) -> str:
    return "_".join(value.strip().casefold().replace("-", " ").replace("_", " ").split())


def choose(what: str, value: object, choices: Iterable[str] | None = None) -> str:
    """The value of `choices` (default: the vocabulary `CHOICES[what]`) that `value` names.

    'JSON' and 'Security-Forces' name one value each; anything else raises `InvalidChoice`
    suggesting the closest values.
    """
    known = [str(c) for c in (CHOICES[what] if choices is None else choices)]
    if value in known:
        return str(value)
    if isinstance(value, str):
        same = [c for c in known if _norm(c) == _norm(value)]
        if len(same) == 1:
            return same[0]
    hint = did_you_mean(closest(_norm(value), known)) if isinstance(value, str) else ""
    raise InvalidChoice(what, value, f"{value!r} is not one of {', '.join(known)}.{hint}")


def choose_many(what: str, values: Iterable[object], choices: Iterable[str] | None = None) -> tuple[str, ...]:
    known = None if choices is None else tuple(choices)
    return tuple(choose(what, v, known) for v in values)


MAX_COUNT = 2**31 - 1  # SQLite's LIMIT and click's IntRange agree on it


def count(what: str, value: object, minimum: int = 0) -> int:
    """A whole number of `minimum` or more (not a bool, not 2.5): a limit, a number of outlets."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_COUNT:
        raise InvalidChoice(what, value, f"{value!r} is not a whole number from {minimum} to {MAX_COUNT}.")
    return value


def resolve_source(text: str, known: Mapping[str, str | None]) -> str:
    """A source's slug from its slug or its outlet's name (any case or accents: 'Dân trí', 'dan tri').

    `known` maps each slug to its outlet (None where not known); `LookupFailed` names the closest.
    """
    key = name_key(text)
    for slug, outlet in known.items():
        if key and key in (name_key(slug), name_key(outlet) if outlet else None):
            return slug
    raise LookupFailed("source", text, closest(text.lower(), known), "list them with: kzcrisis sources")
