"""`validate --source`: the problems that belong to one article."""

from __future__ import annotations

from kzcrisis.corpus.choices import resolve_source
from kzcrisis.corpus.files import source_records
from kzcrisis.errors import BadInput, Problem

# Files every article depends on: their problems are shown whichever article is checked.
SHARED_FILES = ("corpus.json", "entities.json", "claims/", "coverage.json")


def source_files(root: str) -> dict[str, str] | None:
    """slug -> archived file, read leniently from sources.json (`corpus.source_records`); None if it
    cannot be read at all (then every slug is taken on trust: the problem to show is sources.json's
    own)."""
    data = source_records(root)
    if data is None:
        return None
    return {
        str(item["slug"]): str(item.get("file", ""))
        for item in data
        if isinstance(item, dict) and isinstance(item.get("slug"), str)
    }


def check_slug(slug: str, files: dict[str, str] | None) -> str:
    """The slug sources.json has for `slug` (any case); `LookupFailed` (a usage error) if none."""
    if not slug.strip():
        raise BadInput("--source needs a slug (see: kzcrisis sources)")
    if files is None or slug in files:
        return slug
    return resolve_source(slug, dict.fromkeys(files))


def problems_for_source(problems: list[Problem], slug: str, files: dict[str, str] | None) -> list[Problem]:
    """The problems of one article: its record, its text, its claims file; and the shared files'.

    Without a readable sources.json (`files` None) nothing says which problems are whose: all stay.
    """
    if files is None:
        return problems
    own = {f"claims/{slug}.json", (files or {}).get(slug, "")}

    def belongs(problem: Problem) -> bool:
        if problem.file in own or problem.file in SHARED_FILES:
            return True
        if problem.file == "sources.json":
            return files is None or problem.claim in (slug, None)
        return False

    return [p for p in problems if belongs(p)]
