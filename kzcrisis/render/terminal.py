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
        return os.get_terminal_size(sys.__stdout__.fileno() if sys.__stdout__ else 1).columns
    except (OSError, ValueError, AttributeError):
        return 80
