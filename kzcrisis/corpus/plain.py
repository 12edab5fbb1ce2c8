"""Schema problems in the curator's words: what the value is, what is expected, an example, and the
command that helps. The one place where the schema library's error kinds are turned into sentences;
no pattern, format code or library phrase reaches the curator.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from kzcrisis.corpus.vocab import KINDS
from kzcrisis.errors import closest

_SLUG = "lower-case letters and digits, words joined by '-'"
_DAY = "a day written year-month-day"
_COUNT = "a whole number, 0 or more, written without quotes"


class FieldHelp(NamedTuple):
    expected: str
    example: str
    command: str | None = None


_ENTITY = FieldHelp(f"the id of an entity ({_SLUG})", "united-states", "kzcrisis entities")
_DATE = FieldHelp(_DAY, "2022-01-06")
FIELDS: dict[str, FieldHelp] = {
    "id": FieldHelp(_SLUG, "dantri-016"),
    "slug": FieldHelp(_SLUG, "vnexpress-0107"),
    "source": FieldHelp(f"the slug of an archived article ({_SLUG})", "dantri", "kzcrisis sources"),
    "statement": FieldHelp(f"a name shared by the reports of one statement ({_SLUG})", "tokayev-asks-csto"),
    **dict.fromkeys(
        (
            "actors",
            "reported_by",
            "speaker",
            "mentions",
            "contributors",
            "command",
            "on_behalf_of",
            "speaks_for",
        ),
        _ENTITY,
    ),
    **dict.fromkeys(("date", "published", "as_of", "start", "end"), _DATE),
    "sha256": FieldHelp(
        "the article's SHA-256: 64 digits and letters a-f, lower case",
        "0dc58f8c8c18dba272eb1384e11d9b47623d663cd7161c8c427ef995fddade2a",
        "sha256sum sources/FILE (kzcrisis add-source records it for you)",
    ),
    "iso": FieldHelp("the country's two-letter ISO code, in capitals", "KZ"),
    **dict.fromkeys(("count", "components", "low", "high"), FieldHelp(_COUNT, "26")),
    "stances": FieldHelp(
        "stances from the vocabulary", '["calls_for_restraint"]', "kzcrisis reactions --help"
    ),
    "quote": FieldHelp("the article's words, copied from its text", '"Ông khẳng định ..."'),
    "text_en": FieldHelp("a faithful English rendering of the quote", '"He said ..."'),
    "names_vi": FieldHelp("a list of names", '["Trung Quốc"]'),
    "aliases": FieldHelp("a list of names", '["China"]'),
    "version": FieldHelp("the corpus version: three numbers joined by '.'", "1.2.0"),
}
# Fields that hold a list: a value of another type gets the list's example.
_LISTS = {
    "actors",
    "mentions",
    "contributors",
    "stances",
    "names_vi",
    "aliases",
    "ambiguous_names",
    "figures",
}


def shown(value: Any) -> str:
    """A value as the curator wrote it in JSON, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _choices(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def _one_of(value: Any, choices: list[str]) -> str:
    close = closest(str(value), choices, n=1)  # the one "did you mean" rule
    suggestion = f" (did you mean {close[0]!r}?)" if close else ""
    return f"is {shown(value)}: expected one of {', '.join(choices)}{suggestion}"


def _expect(field: str | None) -> FieldHelp | None:
    if field is None:
        return None
    name = [part for part in field.split(".") if not part.isdigit()]
    return FIELDS.get(name[-1]) if name else None


def _name(field: str | None) -> str:
    """How a message names the field: `actors item 2` for `actors.1`."""
    if field is None:
        return "the record"
    parts = field.split(".")
    if parts[-1].isdigit() and len(parts) > 1:
        return f"{parts[-2]} item {int(parts[-1]) + 1}"
    return parts[-1]


def plain_problem(
    err: Any, field: str | None, known_fields: list[str], record: str
) -> tuple[str, str | None]:
    """The message and the hint (the command that helps) for one schema error of the library;
    `record` is what the file holds (claim, source, entity)."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    helps = FieldHelp(_SLUG, "united-states") if record == "entity" and field == "id" else _expect(field)
    name = _name(field)
    hint = f"help: {helps.command}" if helps and helps.command else None
    message = _by_kind(kind, value, ctx, name, helps, known_fields)
    if message is None:
        message = _by_value(kind, value, ctx, name, helps)
    if message is None:  # a rule of the record (a model's own check): its words, without the prefix
        message = re.sub(r"^(Value error|Assertion failed), ", "", str(err.get("msg", "")))
    return message, hint


def _by_kind(
    kind: str, value: Any, ctx: dict[str, Any], name: str, helps: FieldHelp | None, known: list[str]
) -> str | None:
    """A field missing or unknown, a value outside its vocabulary."""
    if kind == "missing":
        return f"{name} is missing: every record of this kind has it{_example(name, kind, helps)}"
    if kind == "extra_forbidden":
        close = closest(name, known, n=1)
        guess = f"; did you mean {close[0]!r}?" if close else ""
        return f"{name} is not a field of this record (a misspelt name?){guess}"
    if kind in ("literal_error", "enum"):
        return f"{name} {_one_of(value, _choices(str(ctx.get('expected', ''))))}"
    if kind == "union_tag_not_found":
        return f"kind is missing: expected one of {', '.join(KINDS)}"
    if kind == "union_tag_invalid":
        return f"kind {_one_of(ctx.get('tag'), _choices(str(ctx.get('expected_tags', ''))) or list(KINDS))}"
    return None


_DAYS = ("date", "published", "as_of", "start", "end")
_SCALARS = {
    "string_type": "text in double quotes",
    "bool_type": "true or false",
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float", "float_type"), _COUNT),
}
_SHAPES = {
    "list_type": "a list, in square brackets",
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), "an object, in curly braces"),
}


def _example(name: str, kind: str, helps: FieldHelp | None) -> str:
    if helps is None:
        return ""
    if name in _LISTS and kind in ("list_type", "too_short") and not helps.example.startswith("["):
        return f', e.g. ["{helps.example}"]'
    return f", e.g. {helps.example}"


def _by_value(kind: str, value: Any, ctx: dict[str, Any], name: str, helps: FieldHelp | None) -> str | None:
    """What is wrong with a value of the wrong form, type or size (None: not a kind worded here)."""
    example = _example(name, kind, helps)
    head = f"{name} is {shown(value)}: expected"
    if name.split(maxsplit=1)[0] in _DAYS and kind.startswith(("date", "value_error")):
        return f"{head} a real day written year-month-day, e.g. 2022-01-06"
    if kind == "string_pattern_mismatch":
        return f"{head} {helps.expected if helps else 'another form'}{example}"
    if kind in _SCALARS or kind in _SHAPES:
        return f"{head} {_SCALARS.get(kind) or _SHAPES[kind]}{example}"
    return _by_size(kind, value, ctx, name, example)


def _by_size(kind: str, value: Any, ctx: dict[str, Any], name: str, example: str) -> str | None:
    if kind == "too_short":
        return f"{name} is {shown(value)}: expected at least one item{example}"
    if kind == "string_too_short":
        return f"{name} is empty: write the text{example}"
    if kind in ("too_long", "string_too_long"):
        unit = "items" if kind == "too_long" else "characters"
        return f"{name} is too long: at most {ctx.get('max_length')} {unit}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = "at least" if kind == "greater_than_equal" else "at most"
        return f"{name} is {shown(value)}: expected a whole number {bound} {ctx.get('ge', ctx.get('le'))}"
    if kind == "value_error" and "blank" in str(ctx.get("error", "")):
        return f"{name} is {shown(value)}: expected words, not only spaces{example}"
    return None
