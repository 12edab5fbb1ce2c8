"""Output for people and programs: formats (JSON, CSV), tables, charts, one claim shown whole. Pure.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

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

# name -> the module of this package that defines it
_FACE = {
    "ANSWER_TYPES": "answers",
    "Added": "answers",
    "Answer": "answers",
    "Comparison": "answers",
    "Coverage": "answers",
    "Document": "answers",
    "Output": "answers",
    "Problems": "answers",
    "Records": "answers",
    "Rendered": "answers",
    "Report": "answers",
    "Shown": "answers",
    "offered": "answers",
    "Format": "formats",
    "dumps": "formats",
    "format_value": "formats",
    "render": "registry",
    "renderer": "registry",
    "clean": "sanitize",
    "clean_line": "sanitize",
    "problem_line": "sanitize",
    "FixedScreen": "screen",
    "TerminalScreen": "screen",
    "console": "screen",
    "per_figure": "tables",
    "terminal_width": "terminal",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
