"""kzcrisis: a source-grounded corpus of claims about the January 2022 unrest in Kazakhstan.

The Python API (see docs/python-api.md): `open_corpus()` gives a `Corpus` whose methods are the
queries the commands run; `load_corpus()` gives the validated pydantic models. A bad argument
raises `UsageError` (a `ValueError`; `InvalidChoice` and `LookupFailed` are its kinds) with the
message and suggestions the command line gives; a corpus that does not validate, `CorpusError`.
"""

from __future__ import annotations

from kzcrisis.version import __version__

# Not `from typing import TYPE_CHECKING`: typing costs ~20 ms, and the command line's Ctrl-C handler
# (kzcrisis.cli.main) is installed only once this module is imported. Type checkers know the idiom.
TYPE_CHECKING = False

__all__ = [
    "Corpus",
    "CorpusError",
    "InvalidChoice",
    "LookupFailed",
    "RetiredClaim",
    "UsageError",
    "__version__",
    "load_corpus",
    "open_corpus",
]
_ERRORS = ("CorpusError", "InvalidChoice", "LookupFailed", "RetiredClaim", "UsageError")

if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.api import Corpus, open_corpus
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.errors import CorpusError, InvalidChoice, LookupFailed, RetiredClaim, UsageError


def __getattr__(name: str) -> Any:
    # Lazy so that `import kzcrisis` (and so the CLI) pays for neither pydantic nor SQLite.
    if name in ("Corpus", "open_corpus"):
        from kzcrisis import api

        return getattr(api, name)
    if name in _ERRORS:
        from kzcrisis import errors

        return getattr(errors, name)
    if name == "load_corpus":
        from kzcrisis.corpus.reading import load_corpus

        return load_corpus
    raise AttributeError(name)
