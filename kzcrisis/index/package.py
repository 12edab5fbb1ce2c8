"""Build the shipped corpus's index at packaging time (called by the wheel's build hook, `hatch_build.py`)."""

from __future__ import annotations

import os

from kzcrisis.index.hashes import corpus_hashes
from kzcrisis.index.store import _save, corpus_signature


def build_shipped_index(corpus_root: str, out_dir: str) -> str:
    """Validate the corpus at `corpus_root` and write its index into `out_dir`; return its path.

    The file is named as a cache file is, `<corpus key>-<file hash>.sqlite` (without the cache's
    per-folder prefix), so that an installed kzcrisis can check it before it uses it (see
    `kzcrisis.index.shipped`). Raises CorpusError if the corpus does not validate.
    """
    root = os.path.abspath(corpus_root)
    found = _save(root, corpus_signature(root), out_dir, "", corpus_hashes(root))
    if found is None:
        raise OSError(f"cannot write the shipped index into {out_dir}")
    found[0].close()
    return found[1]
