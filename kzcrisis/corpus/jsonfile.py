"""Strict JSON for corpus files: data only, no duplicate keys, no control characters in text.

`json.loads` keeps the last of two equal keys silently, and gives an internal error for an
integer of thousands of digits; here both are problems located by file and line, like any other.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kzcrisis.corpus.text import UNSAFE
from kzcrisis.errors import Problem

# Tokens of JSON text, enough to find keys: strings, and the punctuation that structures them.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')
# A JSON escape, or an escaped backslash (consumed whole, so that `\\u001b` is not an escape); a
# surrogate pair's two escapes are one character (`\uDB40\uDC01` is the tag U+E0001).
_ESCAPE = re.compile(
    r"\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([bfr])|\\)"
)
# A code point that cannot stand alone in text: a surrogate that is not half of a pair.
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_INTEGER = re.compile(r"\d{300,}")
_MAX_REPORTED = 20  # unsafe characters reported per file; the rest are counted


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateKey
    return out


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _duplicate_at(text: str) -> tuple[str, int]:
    """The first repeated key of an object and its line: a linear scan, run only when there is one."""
    stack: list[set[str] | None] = []  # the keys seen in each open object (None for an array)
    previous = ""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            stack.append(set() if token == "{" else None)
        elif token in "}]":
            if stack:
                stack.pop()
        elif token == ":" and stack and stack[-1] is not None and previous.startswith('"'):
            key = json.loads(previous)
            if key in stack[-1]:
                return key, _line(text, match.start())
            stack[-1].add(key)
        previous = token
    return "?", 1


def parse_json(text: str, rel: str, problems: list[Problem]) -> Any:
    """Parse one corpus file's text; any failure becomes a located Problem and None."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey:
        key, line = _duplicate_at(text)
        problems.append(Problem(rel, f"duplicate key {key!r} in one object", line=line))
        return None
    except json.JSONDecodeError as exc:
        problems.append(Problem(rel, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno))
        return None
    except RecursionError:
        problems.append(Problem(rel, "invalid JSON: nested too deeply"))
        return None
    except ValueError:  # Python refuses to convert an integer of more than 4,300 digits
        long = _LONG_INTEGER.search(text)
        where = _line(text, long.start()) if long else None
        problems.append(Problem(rel, "invalid JSON: an integer with far too many digits", line=where))
        return None
    problems += unsafe_characters(text, rel)
    return data


def _escaped(match: re.Match[str]) -> int | None:
    """The code point a JSON escape stands for (None for an escaped backslash)."""
    high, low, single, short = match.groups()
    if high:
        return 0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00)
    if single:
        return int(single, 16)
    if short:
        return {"b": 8, "f": 12, "r": 13}[short]
    return None


def unsafe_characters(text: str, rel: str) -> list[Problem]:
    """Control and invisible format characters in the file's strings and keys, as decoded.

    The text parsed as JSON (the caller made sure), so a character outside a string can only be
    JSON's white space: a CR there (a CRLF line end) is not looked at. Inside a string a raw C0
    control is invalid JSON already; what remains is every other unsafe character, written raw
    or as an escape, a surrogate pair's two escapes decoded as the one character they stand for.
    """
    found = [(m.start(), ord(m.group())) for m in UNSAFE.finditer(text) if m.group() != "\r"]
    if "\\" in text:
        for match in _ESCAPE.finditer(text):
            code = _escaped(match)
            if code is not None and (UNSAFE.match(chr(code)) or _SURROGATE.match(chr(code))):
                found.append((match.start(), code))
    found.sort()
    out = [
        Problem(
            rel,
            f"control or invisible format character U+{code:04X} in a text field "
            "(it could drive a terminal; remove it)",
            line=_line(text, pos),
        )
        for pos, code in found[:_MAX_REPORTED]
    ]
    if len(found) > _MAX_REPORTED:
        out.append(Problem(rel, f"... and {len(found) - _MAX_REPORTED} more such characters"))
    return out
