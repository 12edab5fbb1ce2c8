"""Leads: when an answer is empty, or a search may not mean what was typed, say why and what to try.

Each lead is a line for stderr that ends with a command line which returns claims (checked here
by counting before it is offered, and by tests/cli/test_leads.py by running it); stdout stays the
answer. What the corpus holds decides the lead: the filter that emptied the answer, the same name
in another role or kind, near words of a search, the dates nearest an empty range.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Sequence
from typing import Any

from kzcrisis.index.jsontext import decode
from kzcrisis.query.session import Session as Corpus

# The query keyword of each filter option, in the order a command line shows them.
OPTIONS = {
    "kind": "--kind",
    "source": "--source",
    "country": "--country",
    "actor": "--actor",
    "stance": "--stance",
    "metric": "--metric",
    "since": "--since",
    "until": "--until",
    "min_outlets": "--min-outlets",
    "section": "--section",
    "undated": "--undated",
}
# Commands whose kind is fixed: their records are of this kind, whatever the options.
FIXED_KIND = {
    "reactions": "reaction",
    "casualties": "casualty",
    "arrests": "arrest",
    "deployment": "deployment",
}
OPERATORS = ("AND", "OR", "NOT", "NEAR")
_DATE = re.compile(r"(?<![\w/.-])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?(?![\w/.-])|(\d{4}-\d{2}-\d{2})")
MAX_LISTED = 5
MAX_NEAR = 40  # longer typed words get no near words (difflib is linear in the word's length)


def command(name: str, keywords: dict[str, Any], text: str | None = None) -> str:
    """The command line that asks `keywords` (the listings' query keywords) of command `name`."""
    argv = ["kzcrisis", name, *([text] if text is not None else [])]
    for key, option in OPTIONS.items():
        if key == "kind" and name in FIXED_KIND:
            continue
        value = keywords.get(key)
        for one in _values(value):
            argv += [option, str(one)]
    return shlex.join(argv)


def _values(value: Any) -> list[Any]:
    if value is None or value == ():
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _filtered(keywords: dict[str, Any]) -> dict[str, Any]:
    """The filters given, dates as typed (YYYY-MM-DD: click gives a datetime)."""
    return {
        k: _day(v) if k in ("since", "until") else v
        for k, v in keywords.items()
        if k in OPTIONS and _values(v)
    }


def _day(value: Any) -> Any:
    import datetime as dt

    return value.date().isoformat() if isinstance(value, dt.datetime) else value


def _count(kz: Corpus, keywords: dict[str, Any], text: str | None = None) -> int:
    return kz.count(kz.filters(**{**_filtered(keywords)}), text)


# --- an empty answer ---------------------------------------------------------------------------


def empty_leads(kz: Corpus, name: str, keywords: dict[str, Any], text: str | None = None) -> list[str]:
    """Why nothing matched, and commands that return claims."""
    keywords = {**_filtered(keywords), **({"kind": FIXED_KIND[name]} if name in FIXED_KIND else {})}
    out = _emptied_by(kz, name, keywords, text)
    for key in ("country", "actor"):
        for typed in _values(keywords.get(key)):
            out += _other_roles(kz, name, keywords, key, typed)
    if text is not None:
        out += _near_words(kz, text) or _each_word(kz, text, keywords)
    out += _date_leads(kz, name, keywords, text)
    return out


_NOT_DROPPED = ("since", "until", "undated")  # the date leads speak of the dates
_FIXED = {("kind", name) for name in FIXED_KIND}


def _emptied_by(kz: Corpus, name: str, keywords: dict[str, Any], text: str | None) -> list[str]:
    """The filters that empty the answer: those without which claims match."""
    given = [k for k in OPTIONS if k in keywords and k not in _NOT_DROPPED and (k, name) not in _FIXED]
    out = []
    for key in given:
        rest = {k: v for k, v in keywords.items() if k != key}
        found = _count(kz, rest, text)
        if found:
            shown = " ".join(f"{OPTIONS[key]} {shlex.quote(str(v))}" for v in _values(keywords[key]))
            out.append(
                f"{shown} leaves nothing; without it, {_plural(found, 'claim')} match: "
                f"{command(name, rest, text)}"
            )
    if not out and len(given) > 1 and not (keywords.get("since") or keywords.get("until")):
        out.append("no one filter empties the answer: together they leave nothing.")
    return out


def _other_roles(kz: Corpus, name: str, keywords: dict[str, Any], key: str, typed: str) -> list[str]:
    """The same party in another kind of claim, speaking through someone for another, or named."""
    entity = _entity(kz, typed)
    if entity is None:
        return []
    rest = {k: v for k, v in keywords.items() if k not in (key, "kind")}
    out = []
    if name in FIXED_KIND:  # the same party in claims of another kind
        other = {k: v for k, v in keywords.items() if k != "kind"}
        found = _count(kz, other)
        if found:
            out.append(
                f"{entity['name']} is a party to {_plural(found, 'claim')} of other kinds: "
                f"{command('claims', other)}"
            )
    out += [line for person in kz.entities() if (line := _spoken_for(kz, entity, person, rest))]
    named = _count(kz, rest, entity["name"])
    if named:
        out.append(
            f"{entity['name']} is named in {_plural(named, 'claim')}, in any role (mentioned too): "
            f"{command('search', rest, entity['name'])}"
        )
    return out


def _spoken_for(kz: Corpus, entity: dict[str, Any], person: dict[str, Any], rest: dict[str, Any]) -> str:
    """A person who speaks for `entity` and is in claims: those claims, and whom they act for there."""
    if person.get("speaks_for") != entity["id"] or person["id"] == entity["id"]:
        return ""
    theirs = {**rest, "actor": person["name"]}
    records = [decode(row.record) for row in kz.rows(kz.filters(**theirs, limit=MAX_LISTED + 1))]
    if not records:
        return ""
    acting = sorted({str(r["on_behalf_of"]) for r in records if r.get("on_behalf_of")} - {entity["id"]})
    names = records[0]["names"]
    for_whom = f", acting for {', '.join(names.get(a, a) for a in acting)}," if acting else ""
    ids = ", ".join(r["id"] for r in records[:MAX_LISTED]) + (", ..." if len(records) > MAX_LISTED else "")
    who = f"{person['name']}, who speaks for {entity['name']}{for_whom}"
    return f"{who} is in {ids}: {command('claims', theirs)}"


def _entity(kz: Corpus, typed: str) -> dict[str, Any] | None:
    try:
        filters = kz.filters(actor=typed)
    except Exception:
        return None
    [[entity_id]] = filters.entity_groups
    return next((e for e in kz.entities() if e["id"] == entity_id), None)


def _near_words(kz: Corpus, text: str) -> list[str]:
    """For each typed word that no claim holds, the nearest words the corpus does hold."""
    import difflib

    from kzcrisis.corpus.text import match_key, words

    out: list[str] = []
    vocabulary: list[str] | None = None
    for word in dict.fromkeys(words(text)):
        if len(word) > MAX_NEAR or kz.count(kz.filters(), word):
            continue  # no word of any language is that long: nothing is near it
        vocabulary = vocabulary if vocabulary is not None else sorted(set(kz.search_words()))
        near = [
            w
            for w in difflib.get_close_matches(match_key(word), vocabulary, n=6, cutoff=0.7)
            if kz.count(kz.filters(), w)
        ]
        if near:
            tries = "; ".join(command("search", {}, w) for w in near[:3])
            out.append(f"no claim holds the word {word!r}; near words the corpus holds: {tries}")
        else:
            out.append(f"no claim holds the word {word!r}, in a quote, an English text or a name.")
    return out


def _each_word(kz: Corpus, text: str, keywords: dict[str, Any]) -> list[str]:
    """Every word is in the corpus, but no claim holds them all: each word's own search."""
    from kzcrisis.corpus.text import words

    typed = list(dict.fromkeys(words(text)))
    if len(typed) < 2 or any(w in OPERATORS for w in text.split()):  # search_leads says what to type
        return []
    tries = [command("search", keywords, w) for w in typed if _count(kz, keywords, w)]
    return [f"no claim holds all of {', '.join(typed)}; each alone: {'; '.join(tries)}"] if tries else []


def _date_leads(kz: Corpus, name: str, keywords: dict[str, Any], text: str | None) -> list[str]:
    """An empty date range: the nearest dates that hold claims, and the undated claims."""
    if not (keywords.get("since") or keywords.get("until")) or keywords.get("undated"):
        return []
    since, until = keywords.get("since"), keywords.get("until")
    if since and until and str(since) > str(until):  # reversed: the range the dates make
        swapped = {**keywords, "since": until, "until": since}
        found = _count(kz, swapped, text)
        return (
            [f"the other way round, {_plural(found, 'claim')} match: {command(name, swapped, text)}"]
            if found
            else []
        )
    out = []
    before, after = kz.nearest_dates(kz.filters(**keywords))
    if before or after:
        wider = {
            **keywords,
            "since": before or keywords.get("since"),
            "until": after or keywords.get("until"),
        }
        days = " and ".join(d for d in (before, after) if d)
        out.append(
            f"no claim is dated in that range; the nearest dated claims are of {days}: "
            f"{command(name, wider, text)}"
        )
    undated = {**keywords, "undated": "only"}
    left = _count(kz, undated, text)
    if left:
        out.append(
            f"{_plural(left, 'undated claim')} may belong in the range (nothing dates them): "
            f"{command(name, undated, text)}"
        )
    return out


# --- a search that may not mean what was typed ------------------------------------------------


def search_leads(kz: Corpus, text: str, keywords: dict[str, Any]) -> list[str]:
    """Words that look like operators or dates: what they do here, and what to type instead."""
    return _operator_leads(kz, text, keywords) + _search_date_leads(kz, text, keywords)


def _operator_leads(kz: Corpus, text: str, keywords: dict[str, Any]) -> list[str]:
    typed = text.split()
    ops = [w for w in typed if w in OPERATORS]
    if not ops:
        return []
    rest = _filtered(keywords)
    if "OR" in ops:
        either = [" ".join(part) for part in _split(typed, "OR") if part]
        tries = [command("search", rest, q) for q in either if _count(kz, rest, q)]
        tail = f"; for either, search each: {'; '.join(tries)}" if tries else ""
        return [f"OR is a word here, not an operator: a claim must hold every word{tail}"]
    plain = " ".join(w for w in typed if w not in OPERATORS)
    found = plain and _count(kz, rest, plain)
    tail = f"; without it: {command('search', rest, plain)}" if found else ""
    return [
        f"{', '.join(dict.fromkeys(ops))}: a word here, not an operator "
        f"(every word must stand in a claim){tail}"
    ]


def _split(words: Sequence[str], at: str) -> Iterable[list[str]]:
    part: list[str] = []
    for word in words:
        if word == at:
            yield part
            part = []
        else:
            part.append(word)
    yield part


def _search_date_leads(kz: Corpus, text: str, keywords: dict[str, Any]) -> list[str]:
    out = []
    for match in _DATE.finditer(text):
        day = _as_date(kz, match)
        if day is None:
            continue
        rest = {**_filtered(keywords), "since": day, "until": day}
        others = (text[: match.start()] + text[match.end() :]).strip()
        asked = ("search", others) if others and _count(kz, rest, others) else ("timeline", None)
        if not _count(kz, rest, asked[1]):
            before, after = kz.nearest_dates(kz.filters(**rest))
            rest = {**rest, "since": before or day, "until": after or day}
        if not _count(kz, rest, asked[1]):
            rest = {**rest, "undated": "include"}
        out.append(
            f"{match.group(0)!r} is searched as words, not as a date (read as {day}); dates are "
            f"filtered with --since and --until: {command(asked[0], rest, asked[1])}"
        )
    return out


def _as_date(kz: Corpus, match: re.Match[str]) -> str | None:
    """A typed date as ISO: day/month the Vietnamese way, the year the corpus's when not typed."""
    import datetime as dt

    try:
        if match.group(4):
            return dt.date.fromisoformat(match.group(4)).isoformat()
        year = int(match.group(3)) if match.group(3) else _corpus_year(kz)
        if year is None:
            return None
        return dt.date(year, int(match.group(2)), int(match.group(1))).isoformat()
    except ValueError:
        return None


def _corpus_year(kz: Corpus) -> int | None:
    first = kz.rows(kz.filters(undated="exclude", limit=1))
    return int(first[0].date[:4]) if first and first[0].date else None
