"""kzcrisis: a source-grounded corpus of claims about the January 2022 unrest in Kazakhstan.

The Python API (see docs/guide.md, "Python API"): `open_corpus()` gives a `Corpus` whose methods are the
queries the commands run; `load_corpus()` gives the validated pydantic models.
"""

from __future__ import annotations

from kzcrisis.version import __version__

# Not `from typing import TYPE_CHECKING`: typing costs ~20 ms, and the command line's Ctrl-C handler
# (kzcrisis.cli.main) is installed only once this module is imported. Type checkers know the idiom.
TYPE_CHECKING = False

__all__ = ["Corpus", "__version__", "load_corpus", "open_corpus"]

if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.api import Corpus, open_corpus
    from kzcrisis.corpus.load import load_corpus


def __getattr__(name: str) -> Any:
    # Lazy so that `import kzcrisis` (and so the CLI) pays for neither pydantic nor SQLite.
    if name in ("Corpus", "open_corpus"):
        from kzcrisis import api

        return getattr(api, name)
    if name == "load_corpus":
        from kzcrisis.corpus.load import load_corpus

        return load_corpus
    raise AttributeError(name)
