"""Ctrl-C exits 130 quietly: installed first thing, before anything heavy is imported."""

from __future__ import annotations

import os
import signal


def _interrupted(_signum: int, _frame: object) -> None:
    os._exit(130)  # 128 + SIGINT, nothing printed; buffered output is dropped, never half-flushed


def on_interrupt() -> None:
    """Ctrl-C, at any moment from here on, exits 130 quietly; forked workers inherit it and exit
    silently too (no KeyboardInterrupt traceback from any process)."""
    signal.signal(signal.SIGINT, _interrupted)
