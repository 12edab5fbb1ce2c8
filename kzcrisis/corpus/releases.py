"""Claim ids that outlive an edit: what each release published, and what became of a retired id.

A claim id is a citation. `releases/<version>.json` records, for each claim a released corpus version
published, a short digest of each of its fields (enough to say which fields a later version changed,
and small enough to review in a diff). `retired.json` gives every released id that a later version
no longer has a record: when (the release that retired it, and the day), why, and the claim that
carries its words now (`replaced_by`, or null). `validate` refuses a corpus that drops a released id
without that record; `show` and the API answer a retired id with it.
"""

from __future__ import annotations

import json
import os
import re
from hashlib import blake2b
from itertools import pairwise
from typing import Any, NamedTuple

from kzcrisis.corpus.files import CLAIMS_DIR, FileTooLarge, read_regular
from kzcrisis.corpus.jsonfile import parse_json
from kzcrisis.errors import Problem

RELEASES_DIR = "releases"
RETIRED_FILE = "retired.json"
_MAX_BYTES = 16 * 1024 * 1024
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class Retirement(NamedTuple):
    """A released claim id that the corpus no longer has, and why."""

    id: str
    retired_in: str
    date: str
    why: str
    replaced_by: str | None

    def message(self) -> str:
        """The notice a reader gets for the id: when, why, and where its words are now."""
        text = f"claim {self.id} was retired in corpus {self.retired_in} ({self.date}): {self.why}"
        if self.replaced_by:
            return f"{text} Its words are now in {self.replaced_by}: kzcrisis show {self.replaced_by}"
        return f"{text} No claim replaces it."


def field_digest(value: Any) -> str:
    """A short digest of one field's value (canonical JSON), as a release records it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def claim_digests(records: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each claim's id -> {field: digest}: what a release records of it."""
    return {
        str(r["id"]): {k: field_digest(v) for k, v in sorted(r.items()) if k != "id"}
        for r in records
        if isinstance(r, dict) and isinstance(r.get("id"), str)
    }


def _read(root: str, rel: str, problems: list[Problem]) -> Any:
    try:
        raw = read_regular(os.path.join(root, rel), _MAX_BYTES)
    except FileNotFoundError:
        return None
    except (OSError, FileTooLarge) as exc:
        problems.append(Problem(rel, f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
        return None
    try:
        return parse_json(raw.decode("utf-8"), rel, problems)
    except UnicodeDecodeError:
        problems.append(Problem(rel, "is not UTF-8 text: save it as UTF-8"))
        return None


def raw_claims(root: str, problems: list[Problem] | None = None) -> list[dict[str, Any]]:
    """The claim records of the claims files as they are written (no schema), in file order."""
    found: list[dict[str, Any]] = []
    folder = os.path.join(root, CLAIMS_DIR)
    if not os.path.isdir(folder):
        return found
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or name.startswith("."):
            continue
        data = _read(root, f"{CLAIMS_DIR}/{name}", [] if problems is None else problems)
        claims = data.get("claims") if isinstance(data, dict) else None
        found += [c for c in claims or () if isinstance(c, dict)]
    return found


def read_releases(root: str, problems: list[Problem]) -> dict[str, dict[str, dict[str, str]]]:
    """Every recorded release: version -> claim id -> field digests, in version order."""
    folder = os.path.join(root, RELEASES_DIR)
    found: dict[tuple[int, ...], tuple[str, dict[str, dict[str, str]]]] = {}
    if not os.path.isdir(folder):
        return {}
    for name in sorted(os.listdir(folder)):
        rel = f"{RELEASES_DIR}/{name}"
        version = name.removesuffix(".json")
        if name.startswith(".") or not name.endswith(".json"):
            continue
        if not _VERSION.match(version):
            problems.append(
                Problem(rel, f"a release file is named by its version, e.g. 1.2.0.json, not {name!r}")
            )
            continue
        data = _read(root, rel, problems)
        claims = data.get("claims") if isinstance(data, dict) else None
        if not isinstance(claims, dict) or data.get("version") != version:
            problems.append(
                Problem(
                    rel,
                    f'expected {{"version": "{version}", "claims": {{"<claim id>": {{...}}}}}}; '
                    "write it with: kzcrisis changes --record",
                )
            )
            continue
        found[tuple(int(p) for p in version.split("."))] = (version, claims)
    return dict(found[key] for key in sorted(found))


def read_retired(root: str, problems: list[Problem]) -> dict[str, Retirement]:
    """The retirement records of `retired.json` by claim id (a malformed record is a problem)."""
    data = _read(root, RETIRED_FILE, problems)
    if data is None:
        return {}
    if not isinstance(data, list):
        problems.append(Problem(RETIRED_FILE, "expected a list of retirement records: [{...}, ...]"))
        return {}
    found: dict[str, Retirement] = {}
    for n, item in enumerate(data, 1):
        record = _retirement(item, n, problems)
        if record is not None:
            found[record.id] = record
    return found


_EXAMPLE = (
    '{"id": "tokayev-coup-005", "retired_in": "1.1.0", "date": "2026-11-23", '
    '"why": "...", "replaced_by": "tokayev-coup-006"}'
)


def _retirement(item: Any, n: int, problems: list[Problem]) -> Retirement | None:
    fields = ("id", "retired_in", "date", "why")
    if not isinstance(item, dict) or set(item) - {*fields, "replaced_by"}:
        problems.append(
            Problem(RETIRED_FILE, f"record {n}: expected the fields of a retirement record, e.g. {_EXAMPLE}")
        )
        return None
    missing = [f for f in fields if not isinstance(item.get(f), str) or not item[f].strip()]
    replaced = item.get("replaced_by")
    if missing or not (replaced is None or isinstance(replaced, str)):
        what = ", ".join(missing) or "replaced_by (a claim id or null)"
        problems.append(
            Problem(RETIRED_FILE, f"record {n}: {what} missing or not text; e.g. {_EXAMPLE}", item.get("id"))
        )
        return None
    return Retirement(item["id"], item["retired_in"], item["date"], item["why"], replaced)


def referenced_ids(root: str) -> set[str]:
    """Every claim id the releases and the retirement records name: all that `check_releases` asks
    of the corpus's ids (problems reading them are `check_releases`'s to report)."""
    ignored: list[Problem] = []
    ids = {claim_id for claims in read_releases(root, ignored).values() for claim_id in claims}
    for record in read_retired(root, ignored).values():
        ids.add(record.id)
        if record.replaced_by is not None:
            ids.add(record.replaced_by)
    return ids


def check_releases(root: str, claim_ids: set[str]) -> list[Problem]:
    """Every id a release published is a claim of the corpus or has a retirement record; a record
    names a known release, a claim the corpus no longer has, and a successor that exists.
    `claim_ids`: the corpus's claim ids, or those of them among `referenced_ids`."""
    problems: list[Problem] = []
    releases = read_releases(root, problems)
    retired = read_retired(root, problems)
    for version, claims in releases.items():
        for claim_id in claims:
            if claim_id not in claim_ids and claim_id not in retired:
                problems.append(
                    Problem(
                        f"{RELEASES_DIR}/{version}.json",
                        f"corpus {version} published claim {claim_id}, which is gone without a record: "
                        f"put the claim back, or add to {RETIRED_FILE} when, why, and the claim that "
                        f"carries its words now, e.g. {_EXAMPLE}",
                        claim_id,
                    )
                )
    for record in retired.values():
        problems += _check_retirement(record, releases, claim_ids)
    return problems


def _check_retirement(
    record: Retirement, releases: dict[str, dict[str, dict[str, str]]], claim_ids: set[str]
) -> list[Problem]:
    out = []

    def problem(field: str, message: str) -> None:
        out.append(Problem(RETIRED_FILE, message, record.id, field, record="retired claim"))

    if record.id in claim_ids:
        problem("id", "this claim is in the corpus: a retired id is one no claim has; remove the record")
    if not any(record.id in claims for claims in releases.values()):
        problem("id", f"no recorded release published it (see {RELEASES_DIR}/): retire only released ids")
    if releases and record.retired_in not in releases:
        known = ", ".join(releases)
        problem("retired_in", f"{record.retired_in!r} is not a recorded release; known: {known}")
    if record.replaced_by is not None and record.replaced_by not in claim_ids:
        problem(
            "replaced_by", f"{record.replaced_by!r} is not a claim of the corpus: give a claim id, or null"
        )
    return out


def retirement_of(root: str, claim_id: str) -> Retirement | None:
    """The retirement record of `claim_id` (any case), or None: what a lookup that missed consults."""
    return read_retired(root, []).get(claim_id.strip().lower())


class Changes(NamedTuple):
    """What changed from one release to a later corpus: ids added, fields changed by id, ids retired."""

    since: str
    added: list[str]
    changed: dict[str, list[str]]
    retired: list[Retirement]
    dropped: list[str]


def changes_between(
    old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], retired: dict[str, Retirement], since: str
) -> Changes:
    """The difference of two releases' claim digests (see `claim_digests`)."""
    changed = {}
    for claim_id in sorted(set(old) & set(new)):
        fields = sorted(
            f for f in set(old[claim_id]) | set(new[claim_id]) if old[claim_id].get(f) != new[claim_id].get(f)
        )
        if fields:
            changed[claim_id] = fields
    gone = sorted(set(old) - set(new))
    return Changes(
        since,
        sorted(set(new) - set(old)),
        changed,
        [retired[i] for i in gone if i in retired],
        [i for i in gone if i not in retired],
    )


def release_text(version: str, records: list[dict[str, Any]]) -> str:
    """The `releases/<version>.json` of a corpus whose claims are `records`: one line per claim."""
    digests = claim_digests(records)
    lines = [f"    {json.dumps(k)}: {json.dumps(v, sort_keys=True)}" for k, v in sorted(digests.items())]
    return f'{{\n  "version": "{version}",\n  "claims": {{\n' + ",\n".join(lines) + "\n  }\n}\n"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".")) if _VERSION.match(version) else ()


def changes_since(root: str, since: str | None, current_version: str) -> Changes:
    """What the corpus at `root` changed since the recorded release `since` (default: the latest
    recorded release before `current_version`). Raises `LookupFailed` for a release not recorded."""
    from kzcrisis.errors import CorpusError, LookupFailed

    problems: list[Problem] = []
    releases = read_releases(root, problems)
    retired = read_retired(root, problems)
    if problems:
        raise CorpusError(problems)
    earlier = [v for v in releases if _version_key(v) < _version_key(current_version)] or list(releases)
    chosen = since if since is not None else (earlier[-1] if earlier else None)
    if chosen is None or chosen not in releases:
        raise LookupFailed(
            "release", chosen or "(none)", list(releases), f"the releases recorded in {RELEASES_DIR}/"
        )
    return changes_between(releases[chosen], claim_digests(raw_claims(root)), retired, chosen)


def release_history(root: str) -> list[tuple[str, Changes]]:
    """Each recorded release after the first, with what it changed from the one before it."""
    problems: list[Problem] = []
    releases = read_releases(root, problems)
    retired = read_retired(root, problems)
    versions = list(releases)
    return [
        (new, changes_between(releases[old], releases[new], retired, old)) for old, new in pairwise(versions)
    ]
