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


MANIFEST = "corpus.json"

# How the corpus in use was chosen (see `choose_corpus`).
GIVEN, FROM_ENV, FOUND, INSTALLED = "given", "env", "found", "installed"


def enclosing_corpus_dir(start: str | None = None) -> str | None:
    """The corpus folder `start` (default: the current folder) is in: the nearest folder, itself or
    above it, that holds a `corpus.json`, as git finds its repository. None outside any corpus."""
    try:
        folder = os.path.abspath(start if start is not None else os.getcwd())
    except OSError:  # the current folder was deleted
        return None
    while True:
        if os.path.isfile(os.path.join(folder, MANIFEST)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def choose_corpus(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """The corpus folder to use (absolute) and how it was chosen: the one rule of every command and
    of the API. `--corpus` (`path`), else `$KZCRISIS_CORPUS`, else the corpus folder the current
    folder is in, else the corpus installed with kzcrisis."""
    if path is not None:
        return os.path.abspath(os.fspath(path)), GIVEN
    env = os.environ.get(CORPUS_ENV)
    if env:
        return os.path.abspath(env), FROM_ENV
    found = enclosing_corpus_dir()
    if found is not None and found != os.path.abspath(packaged_corpus_dir()):
        return found, FOUND
    return os.path.abspath(packaged_corpus_dir()), INSTALLED


def corpus_dir_str(path: str | os.PathLike[str] | None = None) -> str:
    """The corpus folder by `choose_corpus`'s rule; absolute."""
    return choose_corpus(path)[0]


def corpus_label(path: str | os.PathLike[str] | None = None) -> str:
    """The corpus in use, named for a person: its folder and how it was chosen."""
    root, how = choose_corpus(path)
    if how == INSTALLED or root == os.path.abspath(packaged_corpus_dir()):
        return f"the installed corpus ({root})"
    why = {GIVEN: "--corpus", FROM_ENV: f"${CORPUS_ENV}", FOUND: "the corpus folder you are in"}[how]
    return f"the corpus at {root} ({why})"


def corpus_option_args(path: str | os.PathLike[str] | None = None) -> str:
    """What a "next:" hint adds to a command so that it runs on the same corpus: `--corpus DIR` when
    the corpus was given as an option (the environment and the current folder still hold)."""
    if path is None:
        return ""
    import shlex

    return f" --corpus {shlex.quote(os.fspath(path))}"


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
