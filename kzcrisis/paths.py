"""Where the corpus and the cache live. `os.path` only: this runs on every call."""

from __future__ import annotations

import os
import sys

CORPUS_ENV = "KZCRISIS_CORPUS"
CACHE_ENV = "KZCRISIS_CACHE_DIR"
NO_CACHE_ENV = "KZCRISIS_NO_CACHE"

_HERE = os.path.dirname(os.path.abspath(__file__))


def packaged_corpus_dir() -> str:
    """The corpus shipped with kzcrisis: inside the wheel, or the checkout's `corpus/` when editable."""
    inside = os.path.join(_HERE, "_corpus")
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(_HERE), "corpus")


def installed_corpus_dir() -> str | None:
    """The corpus inside an installed wheel (package data), None in an editable checkout."""
    inside = os.path.join(_HERE, "_corpus")
    return inside if os.path.isdir(inside) else None


def shipped_index_dir() -> str | None:
    """Where an installed wheel keeps the index built at packaging time (see `kzcrisis.index.shipped`)."""
    inside = os.path.join(_HERE, "_index")
    return inside if os.path.isdir(inside) else None


def corpus_dir_str(path: str | os.PathLike[str] | None = None) -> str:
    """`--corpus`, else `KZCRISIS_CORPUS`, else the packaged corpus; absolute."""
    chosen = os.fspath(path) if path is not None else os.environ.get(CORPUS_ENV) or packaged_corpus_dir()
    return os.path.abspath(chosen)


def cache_dir() -> str | None:
    """The user's cache folder for kzcrisis, or None when caching is switched off.

    `kzcrisis.index.trust.usable_cache_dir` expands `~` and decides whether it is safe to use.

    Standard library instead of platformdirs: three platform rules are all we need.
    """
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        # The XDG spec: a relative $XDG_CACHE_HOME is invalid and must be ignored.
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = xdg if xdg and os.path.isabs(xdg) else os.path.expanduser("~/.cache")
    return os.path.join(base, "kzcrisis")
