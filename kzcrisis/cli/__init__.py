"""The command line. `main` is the console script's entry: it makes Ctrl-C exit 130 before
anything heavy is imported, then runs `kzcrisis.cli.app.main`.

The face of the package is `main` (and `cli`, the click group, for tests and embedding), both
lazy: this module is imported before the handler can be installed.
"""

from __future__ import annotations

from kzcrisis.cli.interrupt import on_interrupt

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["cli", "main"]


def main() -> None:
    on_interrupt()
    from kzcrisis.cli.app import main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "cli":
        from kzcrisis.cli.app import cli

        return cli
    raise AttributeError(name)
