"""The curator's workbench: add an article, see which sentences have claims, draft the rest.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.curate.archive import add_source
    from kzcrisis.curate.coverage import corpus_coverage, read_explanations
    from kzcrisis.curate.draft import draft_file
    from kzcrisis.curate.scope import check_slug, problems_for_source, source_files

__all__ = [
    "add_source",
    "check_slug",
    "corpus_coverage",
    "draft_file",
    "problems_for_source",
    "read_explanations",
    "source_files",
]

# name -> the module of this package that defines it
_FACE = {
    "add_source": "archive",
    "corpus_coverage": "coverage",
    "read_explanations": "coverage",
    "draft_file": "draft",
    "check_slug": "scope",
    "problems_for_source": "scope",
    "source_files": "scope",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
