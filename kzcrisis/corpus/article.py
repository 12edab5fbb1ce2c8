"""The one reader of an archived article's text: every command that needs an article reads it here.

The rules (docs/reliability.md, "Untrusted corpus input"):
- the file named by its source record stays inside the corpus folder (no `..`, no absolute path,
  no link out of it, no hidden or ignored name);
- it is opened without following a final link and without blocking, read only if it is a regular
  file, and never beyond `MAX_FILE_BYTES` (a FIFO, a device or `/dev/zero` swapped in is refused);
- its bytes have the sha256 the record gives, are UTF-8, and the text is in Unicode NFC: every
  position kzcrisis gives (a quote's span, an annotation's selector) counts code points of the text
  as stored, and NFC is what they are counted on.

A command that validated an article keeps the text it read (`Corpus.articles`) and never reads
the file again: what was checked is what is used.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from kzcrisis.corpus.files import MAX_FILE_BYTES, FileTooLarge, is_ignored, read_regular
from kzcrisis.errors import Problem

NOT_NFC = (
    "the text is not in Unicode NFC (composed) form, so quote positions would not match it: "
    "save it as NFC and record its new sha256"
)


def inside(root: Path, rel: str) -> Path | None:
    """The real path of `rel` if it stays inside the corpus folder, else None."""
    if os.path.isabs(rel):
        return None
    real_root = root.resolve()
    try:
        target = (root / rel).resolve(strict=False)
    except (OSError, RuntimeError):
        return None
    return target if target.is_relative_to(real_root) else None


def path_problem(root: Path, slug: str, rel: str) -> Problem | None:
    """Why the `file` of source `slug` cannot be an article of the corpus, or None."""

    def where(message: str) -> Problem:
        return Problem("sources.json", message, claim=slug, field="file", record="source")

    if "\0" in rel:
        return where("file name contains a NUL byte")
    if inside(root, rel) is None:
        return where(f"file {rel!r} points outside the corpus folder")
    if any(is_ignored(part) for part in Path(rel).parts):
        return where(f"file {rel!r} has a hidden or ignored name: not part of the corpus")
    return None


def read_article(root: Path, slug: str, rel: str, sha256: str | None, problems: list[Problem]) -> str | None:
    """The archived article of source `slug` as stored (not folded), by the rules above.

    Each rule broken adds a Problem; None when the text cannot be used at all. A sha256 that
    differs is a problem, but the text is still returned, so that its claims are checked too.
    """
    wrong = path_problem(root, slug, rel)
    if wrong is not None:
        problems.append(wrong)
        return None
    try:
        raw = read_regular(str(root / rel), MAX_FILE_BYTES)
    except FileTooLarge as exc:
        problems.append(Problem(rel, str(exc)))
        return None
    except OSError as exc:
        problems.append(Problem(rel, f"cannot read archived article: {exc.strerror or exc}"))
        return None
    return article_text(raw, rel, sha256, problems)


def article_text(raw: bytes, rel: str, sha256: str | None, problems: list[Problem]) -> str | None:
    """The text of an article's bytes, by the rules above (the sha256 too, when one is given):
    what `add-source` checks before it archives a text, and the loader when it reads one."""
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(rel, str(FileTooLarge(MAX_FILE_BYTES))))
        return None
    if sha256 is not None:
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha256:
            problems.append(
                Problem(
                    rel,
                    f"sha256 is {digest}, but sources.json records {sha256}: the archived article changed",
                )
            )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, f"not UTF-8 (byte {exc.start})"))
        return None
    if not unicodedata.is_normalized("NFC", text):
        problems.append(Problem(rel, NOT_NFC))
        return None
    return text
