"""The terminal's width, read without importing shutil (start-up time)."""

from __future__ import annotations

import os
import sys


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80: what shutil would say, without importing it
    (shutil pulls in bz2 and lzma, a few ms of start-up on every `--help`)."""
    try:
        return max(int(os.environ["COLUMNS"]), 20)
    except (KeyError, ValueError):
        pass
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno() if sys.__stdout__ else 1).columns
    except (OSError, ValueError, AttributeError):
        return 80
    # A terminal that reports 0 columns (a pseudo-terminal never sized, a serial line) has no width
    # to lay out for: as shutil does, use the default; a tiny one gets the floor of $COLUMNS.
    return 80 if columns <= 0 else max(columns, 20)
