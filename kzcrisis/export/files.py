"""Atomic output and progress: an export either lands whole under its name or not at all.

A file is written to a temporary name in the same folder and renamed into place (one
`os.replace`, atomic on POSIX); a folder is built under a temporary name and swapped in. An
error or Ctrl-C removes the temporary output, so no half file ever stands under the final name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kzcrisis.errors import BadInput

# A folder export leaves this file in the folder: a later export may replace a folder that has it
# (or an empty one), never a folder of someone else's files.
MARKER = ".kzcrisis-export"
# From this many claims a progress bar is worth its start-up (when stderr is a terminal).
PROGRESS_FROM = 5000


def check_file_target(target: str | os.PathLike[str]) -> Path:
    """The file an export may write, or `BadInput` saying why not (checked before any work)."""
    final = Path(target)
    if final.is_dir():
        raise BadInput(f"{final} is a folder: give a file name, e.g. {final / 'kzcrisis.db'}")
    if not final.parent.is_dir():
        raise BadInput(f"folder {final.parent} does not exist: create it first")
    return final


def check_dir_target(target: str | os.PathLike[str]) -> Path:
    """The folder an export may (re)place: new, empty, or an earlier export; else `BadInput`."""
    final = Path(target)
    if final.exists() and not final.is_dir():
        raise BadInput(f"{final} is a file: give a folder name for this export")
    if final.is_dir() and any(final.iterdir()) and not (final / MARKER).exists():
        raise BadInput(f"folder {final} is not empty and holds no earlier export: give a new or empty folder")
    if not final.parent.is_dir():
        raise BadInput(f"folder {final.parent} does not exist: create it first")
    return final


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it to `target` when the block ends well."""
    final = check_file_target(target)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a new temporary folder beside `target`; swap it in for `target` when the block ends well."""
    final = check_dir_target(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    try:
        yield tmp
        (tmp / MARKER).write_text("Written by kzcrisis export; a new export replaces this folder.\n")
        os.chmod(tmp, 0o755)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".old", dir=final.parent))
            os.replace(final, old / "old")
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


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


def write_text_atomic(target: str | os.PathLike[str], text: str) -> None:
    with atomic_file(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
