"""The one sanitiser for everything a person reads: data never drives the terminal.

A corpus, a file name or an argument can come from someone else. Like git's quoted paths and
GNU ls's `$'\\033'`, every control character and every invisible format character (bidi
overrides, zero-width characters; see `kzcrisis.corpus.text.UNSAFE_CHARS`) is shown as a
visible escape (`\\x1b`, `\\u202e`) instead of being written. Tab and newline are kept where the
layout needs them (`newlines=True`), else shown as `\\t` and `\\n` too, so that a file name or a
value cannot fake a line of output. JSON and JSONL never go through here: their escaping is
exact and already safe.

Pure and standard library only (no rich): the table, `show`, `compare`, error and `validate`
paths all call it.
"""

from __future__ import annotations

import re

from kzcrisis.corpus.text import UNSAFE_CHARS
from kzcrisis.errors import Problem

# Lone surrogates too: a file name that is not UTF-8 holds them (surrogateescape), and written
# back they would be its raw bytes again, 0x9b (a C1 CSI) among them.
_UNSAFE_OR_LAYOUT = re.compile(f"[{UNSAFE_CHARS}\ud800-\udfff\t\n]")
_UNSAFE_ONLY = re.compile(f"[{UNSAFE_CHARS}\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def clean(text: str, *, newlines: bool = True) -> str:
    """`text` with every unsafe character shown as a visible escape; tab and newline kept if `newlines`.

    Linear in the length of the text; a text without anything to escape comes back as it is.
    """
    pattern = _UNSAFE_ONLY if newlines else _UNSAFE_OR_LAYOUT
    if pattern.search(text) is None:
        return text
    return pattern.sub(_visible, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character above U+FFFF as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """JSON text with every unsafe character written as its JSON escape (`\\u202e`): the same JSON
    value, exact once parsed, and nothing in it that a terminal acts on when it is shown as it is."""
    if _UNSAFE_ONLY.search(text) is None:
        return text
    return _UNSAFE_ONLY.sub(_json_escape, text)


def clean_line(text: object) -> str:
    """One line for a message (an error, a suggestion, a file name): nothing may start a new line."""
    return clean(str(text), newlines=False)


def problem_line(problem: Problem) -> str:
    """A corpus problem as one safe line (its file name, claim id and message all come from data)."""
    return clean_line(str(problem))
