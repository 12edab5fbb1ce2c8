"""The index the wheel carries for the shipped corpus, and the cheap trust of an installed corpus.

Why: the first call after `pip install` would otherwise validate the corpus and build its index
(12x the start-up of bare Python, against 4x for every later call). The wheel's build hook
(`hatch_build.py`) builds the index of the shipped corpus at packaging time into
`kzcrisis/_index/<corpus key>-<index hash>.sqlite`, the same naming as the cache's.

Trust rules: the shipped index is never used on its name alone. Before its first use the
installed corpus is hashed (`corpus_key`) and the index file itself is hashed; only when the
corpus key equals the one in the index's name, and the file's hash the other half of the name,
is it copied into the cache (and from then on trusted as any cache is). A shipped corpus edited
after installation has another key: its index is built in the cache as for any corpus. A damaged
or replaced shipped index has another hash: it is skipped, and the index built in the cache.

The installed corpus (`kzcrisis/_corpus`, inside an installed wheel, never an editable checkout) is
package data, read-only by convention: pip replaces it whole on an upgrade or reinstall. Its
signature for the trust record is therefore a stat of its three folders (the corpus folder,
`claims/` and `sources/`), not of every file: a reinstall, or any file added, removed or replaced
(editors save by writing a new file and renaming it), changes a folder's mtime and ctime. What
this does not see is a file rewritten in place inside site-packages; to query an edited corpus,
point `--corpus` (or `KZCRISIS_CORPUS`) at a copy of it, which gets the full per-file trust.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kzcrisis.paths import installed_corpus_dir, shipped_index_dir

SUFFIX = ".sqlite"


def is_installed_corpus(root: str) -> bool:
    installed = installed_corpus_dir()
    return installed is not None and os.path.normcase(root) == os.path.normcase(installed)


def installed_signature(root: str, fmt: str) -> str:
    """The signature of an installed corpus: its folders' metadata (see the module's doc)."""
    from kzcrisis.index.schema import blake2b

    digest = blake2b(f"installed\0{fmt}".encode(), digest_size=16)
    for rel in ("", "claims", "sources"):
        st = os.stat(os.path.join(root, rel))
        digest.update(f"\0{rel}\0{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}".encode())
    return digest.hexdigest()


def shipped_index(root: str, key: str, file_hash: Callable[[str], str]) -> str | None:
    """The shipped index of the corpus at `root`, if there is one for content `key` and its bytes
    hash to its name; None otherwise (a corpus other than the installed one, or a tampered file)."""
    folder = shipped_index_dir()
    if not is_installed_corpus(root) or folder is None:
        return None
    stem = key[:32] + "-"
    try:
        names = sorted(n for n in os.listdir(folder) if n.startswith(stem) and n.endswith(SUFFIX))
    except OSError:
        return None
    for name in names:
        path = os.path.join(folder, name)
        try:
            if file_hash(path)[:32] == name[len(stem) : -len(SUFFIX)]:
                return path
        except OSError:
            continue
    return None
