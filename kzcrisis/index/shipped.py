"""The index the wheel carries for the shipped corpus, and the cheap trust of an installed corpus.

Why: the first call after `pip install` would otherwise validate the corpus and build its index
(12x the start-up of bare Python, against 4x for every later call). The wheel's build hook
(`hatch_build.py`) builds the index of the shipped corpus at packaging time into
`kzcrisis/_index/<corpus key>-<index hash>.sqlite`, the same naming as the cache's.

Trust rules: the shipped index is never used on its name alone. Before its first use the
installed corpus is hashed (`corpus_key`) and the index file itself is hashed; only when the
corpus key equals the one in the index's name, the file's hash the other half of the name, and
the file is listed with that very sha256 in the wheel's RECORD (the list of installed files and
their hashes that pip checked on install) is it copied into the cache (and from then on trusted
as any cache is). A shipped corpus edited after installation has another key: its index is built
in the cache as for any corpus. A damaged or replaced shipped index, even one renamed to its own
hash, does not match RECORD: it is skipped, and the index built from the corpus.

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
from typing import Any

from kzcrisis.paths import installed_corpus_dir, shipped_index_dir

SUFFIX = ".sqlite"
_CHUNK = 1 << 20
_MAX_RECORD = 1 << 20


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


def recorded_hashes(package_dir: str) -> dict[str, str]:
    """`path -> sha256=<urlsafe base64>` of the wheel's RECORD files beside the package (none found:
    nothing is vouched for). Read with the standard library's csv rules, up to 1 MiB each."""
    import csv

    from kzcrisis.corpus.files import FileTooLarge, read_regular

    site = os.path.dirname(package_dir)
    name = os.path.basename(package_dir)
    out: dict[str, str] = {}
    try:
        infos = [n for n in os.listdir(site) if n.startswith(name + "-") and n.endswith(".dist-info")]
    except OSError:
        return out
    for info in sorted(infos):
        try:
            text = read_regular(os.path.join(site, info, "RECORD"), _MAX_RECORD).decode("utf-8")
        except (OSError, FileTooLarge, UnicodeDecodeError):
            continue
        for row in csv.reader(text.splitlines()):
            if len(row) >= 2 and row[1].startswith("sha256="):
                out[row[0]] = row[1]
    return out


def _sha256(path: str) -> Any:
    import hashlib

    from kzcrisis.corpus.files import open_regular

    digest = hashlib.sha256()
    with open_regular(path) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest


def shipped_name(path: str, key: str) -> str:
    """The name the wheel gives the index at `path` of content `key`: the key and the file's SHA-256
    (what `shipped_index` checks against the name and against RECORD)."""
    return f"{key[:32]}-{_sha256(path).hexdigest()[:32]}{SUFFIX}"


def _digests(path: str) -> tuple[str, str]:
    """The file's hash as in its name (`shipped_name`), and as RECORD writes it, in one read."""
    import base64  # only to check the wheel's index, not on every call's trust path

    digest = _sha256(path)
    recorded = "sha256=" + base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")
    return digest.hexdigest(), recorded


def shipped_index(root: str, key: str) -> str | None:
    """The shipped index of the corpus at `root`, if there is one for content `key` whose bytes
    hash to its name and to the wheel's RECORD; None otherwise (another corpus, a tampered file)."""
    folder = shipped_index_dir()
    if not is_installed_corpus(root) or folder is None:
        return None
    stem = key[:32] + "-"
    try:
        names = sorted(n for n in os.listdir(folder) if n.startswith(stem) and n.endswith(SUFFIX))
    except OSError:
        return None
    package = os.path.dirname(folder)
    recorded = recorded_hashes(package) if names else {}
    for name in names:
        path = os.path.join(folder, name)
        listed = recorded.get(f"{os.path.basename(package)}/{os.path.basename(folder)}/{name}")
        try:
            named, sha = _digests(path)
        except OSError:
            continue
        if named[:32] == name[len(stem) : -len(SUFFIX)] and listed == sha:
            return path
    return None
