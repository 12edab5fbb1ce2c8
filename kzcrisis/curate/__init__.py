"""The curator's workbench: add an article, see which sentences have claims, draft the rest.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
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

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "archive": ("add_source",),
        "coverage": ("corpus_coverage", "read_explanations"),
        "draft": ("draft_file",),
        "scope": ("check_slug", "problems_for_source", "source_files"),
    },
)
