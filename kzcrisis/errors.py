"""Domain errors. The CLI maps them to exit code 1; nothing here knows about click."""

from __future__ import annotations

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


class BadInput(KzcrisisError):
    """A value the user gave that cannot be used as it is (the message says why): exit 2."""


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


class BadChoice(BadInput, ValueError):
    """A value that is not one of an option's choices; `suggestions` are the closest choices.

    A `ValueError` too, so that a script can catch it as one.
    """

    def __init__(self, what: str, value: object, choices: list[str], suggestions: list[str]) -> None:
        self.what, self.value, self.choices, self.suggestions = what, value, choices, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"{value!r} is not one of {', '.join(choices)}.{hint}")


class LookupFailed(KzcrisisError):
    """A name, id or field the user gave is not known; `suggestions` are the closest known ones."""

    def __init__(self, what: str, value: str, suggestions: list[str], hint: str = "") -> None:
        self.what, self.value, self.suggestions, self.hint = what, value, suggestions, hint
        super().__init__(f"unknown {what}: {value!r}")


def usage_message(error: LookupFailed | BadInput) -> str:
    """What a user is told of a value that cannot be used, with the closest known ones: the CLI's
    usage errors and the MCP server's invalid-argument errors say the same (not yet made safe to
    print: callers pass it through the sanitiser)."""
    if isinstance(error, BadChoice):
        return f"{error.what}: {error}"
    if isinstance(error, BadInput):
        return str(error)
    message = f"unknown {error.what}: {error.value!r}."
    if error.suggestions:
        message += f" Did you mean: {', '.join(error.suggestions)}?"
    if error.hint:
        message += f" ({error.hint})"
    return message
