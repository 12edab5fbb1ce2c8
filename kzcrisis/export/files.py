"""What every export shares: the progress bar, JSON text. Output files: `kzcrisis.outfile`."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

# From this many claims a progress bar is worth its start-up (when stderr is a terminal).
PROGRESS_FROM = 5000


@contextlib.contextmanager
def progress_bar(total: int, what: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for a large export when stderr is a terminal; else nothing."""
    stream = sys.stderr
    if total < PROGRESS_FROM or stream is None or not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(what, total=total)

        def advance(n: int) -> None:
            bar.advance(task, n)

        yield advance


def json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
