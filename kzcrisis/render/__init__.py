"""Output for people and programs: formats (JSON, CSV), tables, charts, one claim shown whole. Pure.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from kzcrisis.render.answers import (
        ANSWER_TYPES,
        Added,
        Answer,
        Comparison,
        Coverage,
        Document,
        Output,
        Problems,
        Records,
        Rendered,
        Report,
        Shown,
        offered,
    )
    from kzcrisis.render.formats import Format, dumps, format_value
    from kzcrisis.render.registry import render, renderer
    from kzcrisis.render.sanitize import clean, clean_line, problem_line
    from kzcrisis.render.screen import FixedScreen, TerminalScreen, console
    from kzcrisis.render.tables import per_figure
    from kzcrisis.render.terminal import terminal_width

__all__ = [
    "ANSWER_TYPES",
    "Added",
    "Answer",
    "Comparison",
    "Coverage",
    "Document",
    "FixedScreen",
    "Format",
    "Output",
    "Problems",
    "Records",
    "Rendered",
    "Report",
    "Shown",
    "TerminalScreen",
    "clean",
    "clean_line",
    "console",
    "dumps",
    "format_value",
    "offered",
    "per_figure",
    "problem_line",
    "render",
    "renderer",
    "terminal_width",
]

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "answers": (
            "ANSWER_TYPES",
            "Added",
            "Answer",
            "Comparison",
            "Coverage",
            "Document",
            "Output",
            "Problems",
            "Records",
            "Rendered",
            "Report",
            "Shown",
            "offered",
        ),
        "formats": ("Format", "dumps", "format_value"),
        "registry": ("render", "renderer"),
        "sanitize": ("clean", "clean_line", "problem_line"),
        "screen": ("FixedScreen", "TerminalScreen", "console"),
        "tables": ("per_figure",),
        "terminal": ("terminal_width",),
    },
)
