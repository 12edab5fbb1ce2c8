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


class RetiredClaim(KzcrisisError):
    """A claim id a released corpus published and a later version retired: the message says when,
    why, and the claim that carries its words now (`replaced_by`, None if none). Exit 1."""

    def __init__(self, claim_id: str, message: str, replaced_by: str | None) -> None:
        self.claim_id, self.replaced_by = claim_id, replaced_by
        super().__init__(message)


class LookupFailed(KzcrisisError):
    """A name, id or field the user gave is not known; `suggestions` are the closest known ones."""

    def __init__(self, what: str, value: str, suggestions: list[str], hint: str = "") -> None:
        self.what, self.value, self.suggestions, self.hint = what, value, suggestions, hint
        super().__init__(f"unknown {what}: {value!r}")
