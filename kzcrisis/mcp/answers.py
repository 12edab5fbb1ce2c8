"""The MCP server's tools, without the SDK: their arguments (the CLI's names and choices), the checks
on them, and the bounded, cited answers, each through `kzcrisis.api.Corpus`: the one query path.

Every tool returns the API's records as they are (a claim carries its id, verbatim quote, English
text, source, outlet, who reported it, and its date or null with `date_note`), a page of them at a
time (`limit`, at most `LIMIT_MAX`; `offset`; `next_offset`), with the corpus's version and
content hash, so that an assistant can cite what it read and never receives the whole corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from kzcrisis.api import Corpus
from kzcrisis.corpus.choices import choose
from kzcrisis.corpus.vocab import KINDS, UNDATED, EntityType, Group, Metric, Stance
from kzcrisis.errors import BadInput, InvalidChoice, LookupFailed, closest

LIMIT_DEFAULT = 20
LIMIT_MAX = 100
OFFSET_MAX = 2**31 - 1
# A name or an id is short; a search is a few words. Longer values are refused before any query.
NAME_MAX = 200
TEXT_MAX = 1000
# Values of a repeatable argument (country, kind, ...).
VALUES_MAX = 20
# Figures shown for one compared quantity (a large corpus may report one quantity thousands of times).
FIGURES_MAX = 100

Checked = dict[str, Any]


class Arg(NamedTuple):
    """One argument of a tool: its JSON Schema, and the check that turns a value into the API's."""

    name: str
    schema: dict[str, Any]
    check: Callable[[str, Any], Any]
    required: bool = False


class Tool(NamedTuple):
    name: str
    description: str
    args: tuple[Arg, ...]
    answer: Callable[[Corpus, Checked], dict[str, Any]]


# --- checks: each raises a UsageError (InvalidChoice, LookupFailed) with the CLI's words ---------------


def _text(name: str, value: Any, most: int) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{name}: expected a string, got {_kind_of(value)}")
    if len(value) > most:
        raise BadInput(f"{name}: {len(value)} characters; at most {most} are accepted")
    return value


def _kind_of(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _values(name: str, value: Any) -> list[str]:
    """One string or a list of them (alternatives, as a repeated CLI option)."""
    values = value if isinstance(value, list) else [value]
    if len(values) > VALUES_MAX:
        raise BadInput(f"{name}: {len(values)} values; at most {VALUES_MAX} are accepted")
    return [_text(name, v, NAME_MAX) for v in values]


def check_names(name: str, value: Any) -> list[str]:
    return _values(name, value)


def check_choices(choices: Sequence[str]) -> Callable[[str, Any], list[str]]:
    def check(name: str, value: Any) -> list[str]:
        return [choose(name, v, choices) for v in _values(name, value)]

    return check


def check_choice(choices: Sequence[str]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        return choose(name, _text(name, value, NAME_MAX), choices)

    return check


def check_count(most: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadInput(f"{name}: expected a whole number, got {_kind_of(value)}")
        if not 0 <= value <= most:
            raise InvalidChoice(name, value, f"{value!r} is not a whole number from 0 to {most}.")
        return value

    return check


def check_day(name: str, value: Any) -> str:
    return _text(name, value, 10)  # the API reads the day (`kzcrisis.query.select`)


def check_text(name: str, value: Any) -> str:
    return _text(name, value, TEXT_MAX)


def check_id(name: str, value: Any) -> str:
    return _text(name, value, NAME_MAX)


def check_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadInput(f"{name}: expected true or false, got {_kind_of(value)}")
    return value


# --- the arguments, named as the CLI's options ---------------------------------------------------


def _string(description: str, most: int = NAME_MAX) -> dict[str, Any]:
    return {"type": "string", "maxLength": most, "description": description}


def _many(description: str, choices: Sequence[str] | None = None) -> dict[str, Any]:
    one: dict[str, Any] = {"type": "string", "maxLength": NAME_MAX}
    if choices is not None:
        one = {"type": "string", "enum": list(choices)}
    return {
        "anyOf": [one, {"type": "array", "items": one, "maxItems": VALUES_MAX}],
        "description": description + " One value, or a list of alternatives.",
    }


def _choices_arg(name: str, choices: Sequence[str], description: str) -> Arg:
    return Arg(name, _many(description, choices), check_choices(choices))


SOURCE = Arg("source", _many("Only claims from this source (slug or outlet name)."), check_names)
COUNTRY = Arg(
    "country",
    _many(
        "Only claims where this country, or someone who speaks for it, acts, speaks or reports. "
        "English, Vietnamese, alias or ISO code, with or without diacritics."
    ),
    check_names,
)
ACTOR = Arg("actor", _many("As country, for any country, organisation or person."), check_names)
SINCE = Arg("since", {**_string("Only claims dated on or after this day, YYYY-MM-DD.", 10)}, check_day)
UNTIL = Arg("until", {**_string("Only claims dated on or before this day, YYYY-MM-DD.", 10)}, check_day)
UNDATED_ARG = Arg(
    "undated",
    {
        "type": "string",
        "enum": list(UNDATED),
        "description": "Undated claims: include, exclude or only them (default: left out by since/until, "
        "kept otherwise).",
    },
    check_choice(UNDATED),
)
LIMIT = Arg(
    "limit",
    {
        "type": "integer",
        "minimum": 0,
        "maximum": LIMIT_MAX,
        "default": LIMIT_DEFAULT,
        "description": f"At most this many results in this page (default {LIMIT_DEFAULT}, "
        f"at most {LIMIT_MAX}).",
    },
    check_count(LIMIT_MAX),
)
OFFSET = Arg(
    "offset",
    {
        "type": "integer",
        "minimum": 0,
        "default": 0,
        "description": "Skip this many results: give the previous answer's next_offset for the next page.",
    },
    check_count(OFFSET_MAX),
)
KIND = _choices_arg("kind", KINDS, "Only claims of this kind.")
STANCE = _choices_arg("stance", [s.value for s in Stance], "Only reactions with this stance tag.")
METRIC = _choices_arg("metric", [m.value for m in Metric], "Only figures of this metric.")
GROUP = _choices_arg("group", [g.value for g in Group], "Only figures counting this group.")
FILTERS = (SOURCE, COUNTRY, ACTOR, SINCE, UNTIL, UNDATED_ARG, LIMIT, OFFSET)


def _metric(*choices: str) -> Arg:
    return _choices_arg("metric", choices, "Only figures of this metric.")


# --- answers -------------------------------------------------------------------------------------


def corpus_stamp(kz: Corpus) -> dict[str, Any]:
    """What every answer carries: which version of the corpus, which exact content."""
    from kzcrisis.index.store import HASH_NAME

    return {"version": kz.version, "hash": f"{HASH_NAME}:{kz.content_hash}"}


def _filters(args: Checked, *names: str) -> dict[str, Any]:
    """The API's keywords for the filter arguments given (`names`), as `kzcrisis.api` names them."""
    return {name: args[name] for name in names if args.get(name) is not None}


FILTER_NAMES = ("source", "country", "actor", "since", "until", "undated")


def _page(kz: Corpus, args: Checked, ask: Callable[[int], list[Any]]) -> dict[str, Any]:
    """One page of an answer: `ask(n)` gives the first n results of the query; one more than the page
    is asked for, to know whether there is a next page."""
    limit, offset = args.get("limit", LIMIT_DEFAULT), args.get("offset", 0)
    found = ask(offset + limit + 1)
    results = found[offset : offset + limit]
    answer: dict[str, Any] = {
        "corpus": corpus_stamp(kz),
        "offset": offset,
        "limit": limit,
        "count": len(results),
        "next_offset": offset + limit if len(found) > offset + limit else None,
        "results": results,
    }
    return answer


def _listing(kinds: tuple[str, ...], *extra: str) -> Callable[[Corpus, Checked], dict[str, Any]]:
    def answer(kz: Corpus, args: Checked) -> dict[str, Any]:
        keywords = _filters(args, *FILTER_NAMES, *extra)
        if kinds:
            keywords["kind"] = list(kinds)
        return _page(kz, args, lambda n: kz.claims(**keywords, limit=n))

    return answer


def _figure_listing(kind: str) -> Callable[[Corpus, Checked], dict[str, Any]]:
    def answer(kz: Corpus, args: Checked) -> dict[str, Any]:
        keywords = _filters(args, *FILTER_NAMES)
        ask = kz.casualties if kind == "casualty" else kz.arrests
        metric = args.get("metric")
        return _page(kz, args, lambda n: ask(metric=metric, limit=n, **keywords))

    return answer


def _figures(kz: Corpus, args: Checked) -> dict[str, Any]:
    keywords = _filters(args, *FILTER_NAMES)
    metric, group = args.get("metric"), args.get("group")
    return _page(kz, args, lambda n: kz.figures(metric=metric, group=group, limit=n, **keywords))


def _compare(kz: Corpus, args: Checked) -> dict[str, Any]:
    keywords = _filters(args, *FILTER_NAMES)
    metric, group, conflicts = args.get("metric"), args.get("group"), bool(args.get("conflicts"))
    answer = _page(
        kz, args, lambda n: kz.compare(metric=metric, group=group, conflicts=conflicts, limit=n, **keywords)
    )
    for quantity in answer["results"]:
        if len(quantity["figures"]) > FIGURES_MAX:  # the verdict is of them all; the first are shown
            quantity["figures_left_out"] = len(quantity["figures"]) - FIGURES_MAX
            quantity["figures"] = quantity["figures"][:FIGURES_MAX]
    return answer


def _search(kz: Corpus, args: Checked) -> dict[str, Any]:
    keywords = _filters(args, *FILTER_NAMES, "kind")
    text = args["text"]
    return _page(kz, args, lambda n: kz.search(text, limit=n, **keywords))


def _show(kz: Corpus, args: Checked) -> dict[str, Any]:
    return {"corpus": corpus_stamp(kz), "result": kz.show(args["id"])}


def _sources(kz: Corpus, args: Checked) -> dict[str, Any]:
    return _page(kz, args, lambda n: kz.sources()[:n])


def _entities(kz: Corpus, args: Checked) -> dict[str, Any]:
    return _page(kz, args, lambda n: kz.entities(args.get("type"))[:n])


CITE = (
    " Each claim carries its id, the verbatim Vietnamese quote of its archived article, an English "
    "rendering (text_en), its source and outlet, who reported it (reported_by), and its date or null "
    "with date_note. Results come a page at a time: pass next_offset as offset for more."
)

TOOLS: tuple[Tool, ...] = (
    Tool(
        "search",
        "Full text search over quotes, English text and entity names, best first (BM25). A word typed "
        "without diacritics matches every form ('trung quoc' finds 'Trung Quốc'); words in double "
        "quotes make a phrase. Each result carries a score." + CITE,
        (Arg("text", _string("The words to find.", TEXT_MAX), check_text, required=True), KIND, *FILTERS),
        _search,
    ),
    Tool(
        "reactions",
        "What each country or organisation said or did, with speaker, date, stance tags and source." + CITE,
        (STANCE, *FILTERS),
        _listing(("reaction",), "stance"),
    ),
    Tool(
        "casualties",
        "Casualty claims (killed, injured) with their figures: who was counted, value and qualifier, "
        "as-of date, reporter. With metric, each claim keeps only those figures." + CITE,
        (_metric("killed", "injured"), *FILTERS),
        _figure_listing("casualty"),
    ),
    Tool(
        "arrests",
        "Detention claims with their figures, qualifier, as-of date and who reported them." + CITE,
        (_metric("detained"), *FILTERS),
        _figure_listing("arrest"),
    ),
    Tool(
        "figures",
        "Every figure as a flat record: claim id, source, outlet, metric, group, count, qualifier, low and "
        "high (the values the qualifier allows), as-of date, reporter, quote and English text.",
        (METRIC, GROUP, *FILTERS),
        _figures,
    ),
    Tool(
        "deployment",
        "The CSTO deployment: contributors, troops, aircraft, mission, legal basis, command, dates." + CITE,
        FILTERS,
        _listing(("deployment",)),
    ),
    Tool(
        "timeline",
        "Claims in date order across all kinds (or kind); undated ones last." + CITE,
        (KIND, *FILTERS),
        _listing((), "kind"),
    ),
    Tool(
        "compare",
        "Where the sources disagree: each quantity (metric, group) with every reported figure side by side "
        "and a verdict: conflict, undetermined, updated, consistent or single. Each figure carries "
        f"its claim id, quote, outlet and reporter; past {FIGURES_MAX} figures, figures_left_out "
        "counts the rest.",
        (
            METRIC,
            GROUP,
            Arg(
                "conflicts",
                {"type": "boolean", "default": False, "description": "Only quantities in conflict."},
                check_flag,
            ),
            *FILTERS,
        ),
        _compare,
    ),
    Tool(
        "show",
        "One claim whole: its record, the paragraph of the archived article its quote stands in, its "
        "source record, and the records of other articles' reports of the same statement (twins).",
        (Arg("id", _string("The claim's id, e.g. dantri-016 (any case)."), check_id, required=True),),
        _show,
    ),
    Tool(
        "sources",
        "The archived articles: slug, outlet, date (or null with its note), title, claim counts by kind, "
        "and how many statements each shares with each other article.",
        (LIMIT, OFFSET),
        _sources,
    ),
    Tool(
        "entities",
        "Who is who: countries, organisations and people, with their Vietnamese names and aliases.",
        (
            Arg(
                "type",
                {
                    "type": "string",
                    "enum": [t.value for t in EntityType],
                    "description": "Only entities of this type.",
                },
                check_choice([t.value for t in EntityType]),
            ),
            LIMIT,
            OFFSET,
        ),
        _entities,
    ),
)

BY_NAME = {tool.name: tool for tool in TOOLS}


def input_schema(tool: Tool) -> dict[str, Any]:
    """The tool's arguments as one JSON Schema object: nothing else is accepted."""
    return {
        "type": "object",
        "properties": {arg.name: arg.schema for arg in tool.args},
        "required": [arg.name for arg in tool.args if arg.required],
        "additionalProperties": False,
    }


def check_arguments(tool: Tool, arguments: dict[str, Any]) -> Checked:
    """The arguments as the API takes them; a name not known, a value missing, of the wrong type,
    too long or not among the choices raises a `UsageError` with the closest names."""
    known = {arg.name: arg for arg in tool.args}
    for name in arguments:
        if name not in known:
            raise LookupFailed(
                f"argument of {tool.name}",
                name,
                closest(name, list(known)),
                f"expected: {', '.join(known)}",
            )
    checked: Checked = {}
    for arg in tool.args:
        value = arguments.get(arg.name)
        if value is None:
            if arg.required:
                raise BadInput(f"{arg.name}: required")
            continue
        checked[arg.name] = arg.check(arg.name, value)
    return checked


def answer(kz: Corpus, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """The answer of tool `name` to `arguments`: the API's records, a page of them, stamped."""
    tool = BY_NAME.get(name)
    if tool is None:
        raise LookupFailed("tool", name, closest(name, list(BY_NAME)), f"expected: {', '.join(BY_NAME)}")
    return tool.answer(kz, check_arguments(tool, arguments))
