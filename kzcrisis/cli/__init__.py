"""The command line. `main` is the console script's entry: it makes Ctrl-C exit 130 before
anything heavy is imported, then runs `kzcrisis.cli.app.main`.

Nothing else is imported here: this module is imported before the handler can be installed. The
face of the package is `main`, and `cli` (the click group, for tests and embedding), lazily.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["cli", "main"]


def _interrupted(_signum: int, _frame: object) -> None:
    # The temporary outputs being written are removed first (the one writer keeps their list;
    # looked up, not imported: a command that writes none never loads it).
    try:
        remove = getattr(sys.modules.get("kzcrisis.outfile.temp"), "remove_temporaries", None)
        if remove is not None:  # None too while the module is half imported
            remove()
    finally:
        os._exit(130)  # 128 + SIGINT, nothing printed; buffered output is dropped, never half-flushed


def on_interrupt() -> None:
    """Ctrl-C, at any moment from here on, exits 130 quietly; forked workers inherit it and exit
    silently too (no KeyboardInterrupt traceback from any process)."""
    signal.signal(signal.SIGINT, _interrupted)


def _started_as_the_command() -> bool:
    """Whether this process is the `kzcrisis` command (its console script or `python -m kzcrisis`),
    not a program that imports the command line (a test runner): only then is Ctrl-C taken over
    at import."""
    program = sys.argv[0] if sys.argv else ""
    name = os.path.basename(program).lower().removesuffix(".exe").removesuffix("-script.py")
    return name == "kzcrisis" or program.endswith(os.path.join("kzcrisis", "__main__.py"))


# As early as kzcrisis's own code can: the console script imports this module first thing, so the
# window in which Ctrl-C prints a traceback is the interpreter's own start-up only.
if _started_as_the_command():
    on_interrupt()


def main() -> None:
    on_interrupt()
    from kzcrisis.cli.app import main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "cli":
        from kzcrisis.cli.app import cli

        return cli
    raise AttributeError(name)
