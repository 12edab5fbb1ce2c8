"""Build the shipped corpus's index at packaging time (called by the wheel's build hook, `hatch_build.py`)."""

from __future__ import annotations

import os

from kzcrisis.index.hashes import corpus_hashes
from kzcrisis.index.shipped import shipped_name
from kzcrisis.index.store import _save, corpus_signature


def build_shipped_index(corpus_root: str, out_dir: str) -> str:
    """Validate the corpus at `corpus_root` and write its index into `out_dir`; return its path.

    The file is named `<corpus key>-<its SHA-256>.sqlite` (`shipped.shipped_name`), so that an
    installed kzcrisis can check it before it uses it (see `kzcrisis.index.shipped`). Raises
    CorpusError if the corpus does not validate.
    """
    root = os.path.abspath(corpus_root)
    hashes = corpus_hashes(root)
    found = _save(root, corpus_signature(root), out_dir, "", hashes)
    if found is None:
        raise OSError(f"cannot write the shipped index into {out_dir}")
    found[0].close()
    named = os.path.join(out_dir, shipped_name(found[1], hashes.key))
    os.rename(found[1], named)
    return named
