"""The screens renderers lay tables out for (`kzcrisis.render.answers.Screen`): this process's
stdout, measured when first asked, or given measures. Imported only when an answer is rendered."""

from __future__ import annotations

import sys
from typing import Any

from kzcrisis.render.terminal import terminal_width


class TerminalScreen:
    """The `Screen` of this process's stdout, measured only when a renderer asks (rich's width
    imports rich, which a table to a pipe and every other format never need)."""

    def __init__(self) -> None:
        self._width: int | None = None

    @property
    def terminal_width(self) -> int:
        return terminal_width()

    @property
    def plain_width(self) -> int | None:
        from kzcrisis.render.tables import NARROW_WIDTH

        try:
            terminal = sys.stdout.isatty()
        except (AttributeError, ValueError):
            terminal = False
        width = terminal_width()
        return None if terminal or width < NARROW_WIDTH else width

    @property
    def width(self) -> int:
        if self._width is None:
            self._width = int(console().width)
        return self._width

    @property
    def narrow(self) -> bool:
        from kzcrisis.render.tables import NARROW_WIDTH

        return self.width < NARROW_WIDTH


class FixedScreen:
    """A `Screen` of given measures (tests, a file)."""

    def __init__(self, width: int = 100, *, plain: bool = True, narrow: bool = False) -> None:
        self.width, self.plain, self.narrow = width, plain, narrow

    @property
    def terminal_width(self) -> int:
        return self.width

    @property
    def plain_width(self) -> int | None:
        return self.width if self.plain else None


def console() -> Any:
    """rich's console for stdout: markup and emoji off, so no string is ever read as rich markup
    (data is passed as Text anyway)."""
    from rich.console import Console

    return Console(soft_wrap=False, highlight=False, markup=False, emoji=False)
