"""Domain errors. The CLI maps them to exit code 1; nothing here knows about click."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with the corpus, located as precisely as we can.

    (NamedTuple, not a dataclass: this module is imported on every call, and dataclasses cost.)
    """

    file: str
    message: str
    claim: str | None = None
    field: str | None = None
    line: int | None = None
    # What `claim` names: a claim, or the record of a source or an entity (their files' ids).
    record: str = "claim"
    # More lines that help fix it (for a quote not found: the closest passage and the difference).
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        if self.claim:
            where += f" [{self.record} {self.claim}]"
        if self.field:
            where += f" ({self.field})"
        text = f"{where}: {self.message}"
        if self.hint:
            text += "".join(f"\n    {line}" for line in self.hint.splitlines())
        return text


class KzcrisisError(Exception):
    """Base of the errors a user can get (never a traceback)."""


class CorpusError(KzcrisisError):
    """The corpus cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.claim or "", p.message))
        super().__init__(f"{len(problems)} problem(s) in the corpus")


class UsageError(KzcrisisError, ValueError):
    """A value the user gave that cannot be used as it is; the message says why and how to fix it.

    The command line exits 2 with this message; the Python API raises it (a `ValueError`, so a
    notebook can catch either).
    """


BadInput = UsageError  # the name the package's modules use


class InvalidChoice(UsageError):
    """A value outside what an argument takes (a kind, a stance, a limit below 0, ...).

    `detail` is the reason with the closest values (`kzcrisis.corpus.choices.did_you_mean`); the
    command line shows it for the option (`Invalid value for '--kind': ...`), the API for the
    argument (`kind: ...`).
    """

    def __init__(self, what: str, value: object, detail: str) -> None:
        self.what, self.value, self.detail = what, value, detail
        super().__init__(f"{what}: {detail}")


class AmbiguousName(BadInput):
    """A name that several entities bear on purpose (their `ambiguous_names`): the user must pick one.

    `candidates` are (entity id, English name) pairs, in id order.
    """

    def __init__(self, what: str, value: str, candidates: list[tuple[str, str]]) -> None:
        self.what, self.value, self.candidates = what, value, candidates
        listed = ", ".join(f"{name} ({entity})" for entity, name in candidates)
        super().__init__(
            f"ambiguous {what}: {value!r} may mean {listed}; name one of them (its id or its own name)"
        )


class LookupFailed(UsageError):
    """A name, id or field the user gave is not known; `suggestions` are the closest known ones."""

    def __init__(self, what: str, value: str, suggestions: list[str], hint: str = "") -> None:
        self.what, self.value, self.suggestions, self.hint = what, value, suggestions, hint
        message = f"unknown {what}: {value!r}.{did_you_mean(suggestions)}"
        super().__init__(message + (f" ({hint})" if hint else ""))


# --- did you mean --------------------------------------------------------------------------------

# The one cut-off policy of every suggestion: difflib's ratio of at least this, the closest first.
SUGGEST_CUTOFF = 0.6
SUGGEST_MAX = 3
SUGGEST_SPREAD = 0.1
SUGGEST_MIN_PART = 4  # a shorter part of a value matches too much to suggest


def closest(value: str, candidates: Iterable[str], n: int = SUGGEST_MAX) -> list[str]:
    """The known values closest to `value` (at most `n`): what every "did you mean" offers.

    The closest in difflib's ratio (at least SUGGEST_CUTOFF) and those nearly as close (within
    SUGGEST_SPREAD of it: 'Rusia' suggests Russia alone); failing that, the values that contain
    what was typed ('concern' suggests expresses_concern).
    """
    from difflib import SequenceMatcher

    known = list(dict.fromkeys(candidates))
    matcher = SequenceMatcher()
    matcher.set_seq2(value)
    scored = []
    for place, candidate in enumerate(known):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= SUGGEST_CUTOFF and matcher.quick_ratio() >= SUGGEST_CUTOFF:
            ratio = matcher.ratio()
            if ratio >= SUGGEST_CUTOFF:
                scored.append((-ratio, place, candidate))
    if scored:
        best = -min(scored)[0]
        return [c for ratio, _, c in sorted(scored) if -ratio >= best - SUGGEST_SPREAD][:n]
    if len(value) < SUGGEST_MIN_PART:
        return []
    return [c for c in known if value.casefold() in c.casefold()][:n]


def did_you_mean(suggestions: Iterable[str]) -> str:
    """' Did you mean: a, b?' (empty without suggestions), to end a message with."""
    shown = list(dict.fromkeys(suggestions))
    return f" Did you mean: {', '.join(shown)}?" if shown else ""
