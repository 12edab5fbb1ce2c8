"""kzcrisis: a source-grounded corpus of claims about the January 2022 unrest in Kazakhstan.

The Python API (see README, "Python API"): `open_corpus()` gives a `Corpus` whose methods are the
queries the commands run; `load_corpus()` gives the validated pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzcrisis.version import __version__

__all__ = ["Corpus", "__version__", "load_corpus", "open_corpus"]

if TYPE_CHECKING:
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
