"""Each format's renderer, in one place: the command line hands every answer to `render`.

The mapping is exhaustive (`assert_never`: a new format without a renderer fails the type check),
and each renderer matches every answer type the same way (tests/render/test_registry.py renders
every answer in every format it offers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, assert_never

from kzcrisis.render.answers import Answer, Output, Rendered, offered, refused
from kzcrisis.render.formats import Format

if TYPE_CHECKING:
    from kzcrisis.render.answers import Screen

Renderer = Callable[[Answer, Output, "Screen"], Rendered]


def renderer(fmt: Format) -> Renderer:
    """The renderer of `fmt` (imported only when asked for: each format costs only its own call)."""
    match fmt:
        case Format.TABLE:
            from kzcrisis.render import to_table

            return to_table.render
        case Format.JSON | Format.JSONL:
            from kzcrisis.render import to_json

            return to_json.render
        case Format.CSV:
            from kzcrisis.render import to_csv

            return to_csv.render
        case _:
            assert_never(fmt)


def render(answer: Answer, output: Output, screen: Screen) -> Rendered:
    """`answer` in `output`'s format; a format the answer does not offer is a ValueError (the
    command line refuses it first, as a usage error)."""
    if output.format not in offered(answer):
        raise refused(answer, output.format)
    return renderer(output.format)(answer, output, screen)
