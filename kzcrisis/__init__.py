"""kzcrisis: a source-grounded corpus of claims about the January 2022 unrest in Kazakhstan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "load_corpus"]

if TYPE_CHECKING:
    from kzcrisis.corpus import load_corpus


def __getattr__(name: str) -> Any:
    # Lazy so that `import kzcrisis` (and so the CLI) does not pay for pydantic.
    if name == "load_corpus":
        from kzcrisis.corpus import load_corpus

        return load_corpus
    raise AttributeError(name)
