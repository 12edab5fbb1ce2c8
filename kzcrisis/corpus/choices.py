"""What a user typed, checked against what an argument takes: one check for the CLI and the API.

`choose` reads a value of a vocabulary (a kind, a stance, a metric, ...) in any case, with - or a
space for _; `count` reads a limit; `resolve_source` reads a source's slug or outlet name. Each
raises `InvalidChoice` or `LookupFailed` (both `kzcrisis.UsageError`) with the closest values, so
the command line's message and the API's are the same (the CLI exits 2 with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from kzcrisis.corpus.text import name_key
from kzcrisis.corpus.vocab import CHOICES
from kzcrisis.errors import InvalidChoice, LookupFailed, closest, did_you_mean

if TYPE_CHECKING:
    import datetime as dt


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


def choose_many(what: str, value: object, choices: Iterable[str] | None = None) -> tuple[str, ...]:
    """One value or several of a vocabulary (`names`), each checked (`choose`)."""
    known = None if choices is None else tuple(choices)
    return tuple(choose(what, v, known) for v in names(what, value))


MAX_COUNT = 2**31 - 1  # SQLite's LIMIT and click's IntRange agree on it


def count(what: str, value: object, minimum: int = 0) -> int:
    """A whole number of `minimum` or more (not a bool, not 2.5): a limit, a number of outlets."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_COUNT:
        raise InvalidChoice(what, value, f"{value!r} is not a whole number from {minimum} to {MAX_COUNT}.")
    return value


def day(what: str, value: object) -> dt.date:
    """A day a person gives, as YYYY-MM-DD (not 20220106 or 2022-W01-1, which Python's date parser
    also reads), or a date: the one reading on every face."""
    import datetime as dt
    import re

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # 2022-02-30
    raise InvalidChoice(what, value, f"{value!r} is not a date: expected YYYY-MM-DD, e.g. 2022-01-06")


def names(what: str, value: object) -> tuple[str, ...]:
    """One name or several (a list, tuple or set of names), as a tuple: what every filter argument
    accepts; anything else is refused by its argument's name."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise InvalidChoice(what, value, f"{value!r} is not a name or a list of names")


def resolve_source(text: str, known: Mapping[str, str | None]) -> str:
    """A source's slug from its slug or its outlet's name (any case or accents: 'Dân trí', 'dan tri').

    `known` maps each slug to its outlet (None where not known); `LookupFailed` names the closest.
    """
    key = name_key(text)
    for slug, outlet in known.items():
        if key and key in (name_key(slug), name_key(outlet) if outlet else None):
            return slug
    raise LookupFailed("source", text, closest(text.lower(), known), "list them with: kzcrisis sources")
