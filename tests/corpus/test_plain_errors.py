"""Errors in the curator's words: a corpus of hand-made bad records (one fault each, in every file)
gives every problem in one run, each naming file, record and field, saying what the value is and
what is expected, free of the implementation's jargon."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import edit_json, run

# What a curator must never read: pydantic's, regular expressions' and strftime's words.
JARGON = [
    r"String should",
    r"Input should",
    r"Value error,",
    r"Assertion failed",
    r"should match pattern",
    r"%[YmdHMS]",
    r"\^\[",
    r"\]\$",
    r"\{\d+\}",
    r"pydantic",
    r"type=",
    r"dictionary or instance",
    r"Field required",
    r"Extra inputs are not permitted",
    r"union_tag|discriminator|tagged-union",
    r"validation error",
    r"\bNoneType\b",
    r"\bstr\b|\bint\b|\bdict\b",
]

Fault = Callable[[Path], None]


def _claim(root: Path, source: str, n: int, **changes: Any) -> None:
    def change(data: dict[str, Any]) -> None:
        claim = data["claims"][n]
        for key, value in changes.items():
            if value is _DROP:
                claim.pop(key, None)
            else:
                claim[key] = value

    edit_json(root / "claims" / f"{source}.json", change)


_DROP = object()


def _source(root: Path, n: int, **changes: Any) -> None:
    def change(data: list[dict[str, Any]]) -> None:
        for key, value in changes.items():
            if value is _DROP:
                data[n].pop(key, None)
            else:
                data[n][key] = value

    edit_json(root / "sources.json", change)


def _entity(root: Path, n: int, **changes: Any) -> None:
    def change(data: list[dict[str, Any]]) -> None:
        for key, value in changes.items():
            if value is _DROP:
                data[n].pop(key, None)
            else:
                data[n][key] = value

    edit_json(root / "entities.json", change)


def _figure(root: Path, claim_id: str, **changes: Any) -> None:
    source = claim_id.rsplit("-", 1)[0]

    def change(data: dict[str, Any]) -> None:
        claim = next(c for c in data["claims"] if c["id"] == claim_id)
        claim["figures"][0].update(changes)

    edit_json(root / "claims" / f"{source}.json", change)


def _no_version(manifest: dict[str, Any]) -> None:
    del manifest["version"]


# (what the fault is, how to make it, where the problem must be reported: file, record id, field)
FAULTS: list[tuple[str, Fault, tuple[str, str | None, str | None]]] = [
    (
        "claim id in capitals",
        lambda r: _claim(r, "dantri", 0, id="Dantri-001"),
        ("claims/dantri.json", "Dantri-001", "id"),
    ),
    (
        "date written day/month",
        lambda r: _claim(r, "dantri", 1, date="6/1/2022"),
        ("claims/dantri.json", "dantri-002", "date"),
    ),
    (
        "date as a number",
        lambda r: _claim(r, "dantri", 2, date=20220106),
        ("claims/dantri.json", "dantri-003", "date"),
    ),
    (
        "date impossible",
        lambda r: _claim(r, "dantri", 3, date="2022-02-30"),
        ("claims/dantri.json", "dantri-004", "date"),
    ),
    (
        "unknown kind",
        lambda r: _claim(r, "dantri", 4, kind="statement"),
        ("claims/dantri.json", "dantri-005", "kind"),
    ),
    (
        "unknown stance",
        lambda r: _claim(r, "tienphong", 17, stances=["supportive"]),
        ("claims/tienphong.json", "tienphong-019", "stances.0"),
    ),
    (
        "field misspelt",
        lambda r: _claim(r, "dantri", 5, txt_en="x"),
        ("claims/dantri.json", "dantri-006", "txt_en"),
    ),
    (
        "quote missing",
        lambda r: _claim(r, "dantri", 6, quote=_DROP),
        ("claims/dantri.json", "dantri-007", "quote"),
    ),
    (
        "text_en blank",
        lambda r: _claim(r, "dantri", 7, text_en="   "),
        ("claims/dantri.json", "dantri-008", "text_en"),
    ),
    (
        "text_en empty",
        lambda r: _claim(r, "dantri", 8, text_en=""),
        ("claims/dantri.json", "dantri-009", "text_en"),
    ),
    (
        "quote a number",
        lambda r: _claim(r, "dantri", 9, quote=12),
        ("claims/dantri.json", "dantri-010", "quote"),
    ),
    (
        "actors a string",
        lambda r: _claim(r, "dantri", 10, actors="russia"),
        ("claims/dantri.json", "dantri-011", "actors"),
    ),
    (
        "actors empty for a reaction",
        lambda r: _claim(r, "dantri", 11, actors=[]),
        ("claims/dantri.json", "dantri-012", "actors"),
    ),
    (
        "actor id with a space",
        lambda r: _claim(r, "dantri", 12, actors=["united states"]),
        ("claims/dantri.json", "dantri-013", "actors.0"),
    ),
    (
        "date null without note",
        lambda r: _claim(r, "tienphong", 2, date=None, date_note=_DROP),
        ("claims/tienphong.json", "tienphong-003", None),
    ),
    (
        "section unknown",
        lambda r: _claim(r, "tienphong", 3, section="photo"),
        ("claims/tienphong.json", "tienphong-004", "section"),
    ),
    (
        "figure count as text",
        lambda r: _figure(r, "dantri-016", count="26"),
        ("claims/dantri.json", "dantri-016", "figures.0.count"),
    ),
    (
        "figure count negative",
        lambda r: _figure(r, "csto-request-012", count=-3),
        ("claims/csto-request.json", "csto-request-012", "figures.0.count"),
    ),
    (
        "figure qualifier unknown",
        lambda r: _figure(r, "dantri-017", qualifier="around"),
        ("claims/dantri.json", "dantri-017", "figures.0.qualifier"),
    ),
    (
        "figure metric unknown",
        lambda r: _figure(r, "tokayev-coup-016", metric="arrested"),
        ("claims/tokayev-coup.json", "tokayev-coup-016", "figures.0.metric"),
    ),
    (
        "figure group unknown",
        lambda r: _figure(r, "tokayev-coup-036", group="police"),
        ("claims/tokayev-coup.json", "tokayev-coup-036", "figures.0.group"),
    ),
    (
        "source slug with capitals",
        lambda r: _source(r, 0, slug="TienPhong"),
        ("sources.json", "TienPhong", "slug"),
    ),
    ("source sha256 short", lambda r: _source(r, 1, sha256="abc123"), ("sources.json", None, "sha256")),
    (
        "source published day/month",
        lambda r: _source(r, 2, published="07/01/2022"),
        ("sources.json", None, "published"),
    ),
    ("source language unknown", lambda r: _source(r, 3, language="vn"), ("sources.json", None, "language")),
    ("source field misspelt", lambda r: _source(r, 4, outlett="x"), ("sources.json", None, "outlett")),
    (
        "entity id with capitals",
        lambda r: _entity(r, 0, id="Kazakhstan"),
        ("entities.json", "Kazakhstan", "id"),
    ),
    ("entity type unknown", lambda r: _entity(r, 1, type="nation"), ("entities.json", "russia", "type")),
    ("entity iso lower case", lambda r: _entity(r, 2, iso="us"), ("entities.json", "united-states", "iso")),
    (
        "entity names_vi a string",
        lambda r: _entity(r, 3, names_vi="Trung Quốc"),
        ("entities.json", None, "names_vi"),
    ),
    ("entity name missing", lambda r: _entity(r, 4, name=_DROP), ("entities.json", None, "name")),
    (
        "manifest period start day/month",
        lambda r: edit_json(r / "corpus.json", lambda m: m["period"].update(start="2/1/2022")),
        ("corpus.json", None, "period.start"),
    ),
    (
        "manifest version missing",
        lambda r: edit_json(r / "corpus.json", _no_version),
        ("corpus.json", None, "version"),
    ),
]


def test_thirty_kinds_of_fault_in_one_run_each_in_plain_words(corpus_copy: Path) -> None:
    assert len(FAULTS) >= 30
    for _what, make, _where in FAULTS:
        make(corpus_copy)
    result = run("validate", "--corpus", str(corpus_copy), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    text = run("validate", "--corpus", str(corpus_copy)).stdout
    for what, _make, (file, record, field) in FAULTS:
        found = [
            p
            for p in problems
            if p["file"] == file
            and (record is None or p["claim"] == record)
            and (field is None or p["field"] == field)
        ]
        assert found, f"{what}: no problem at {file} [{record}] ({field})\n{text}"
    for problem in problems:
        message = problem["message"] + "\n" + (problem["hint"] or "")
        for pattern in JARGON:
            assert not re.search(pattern, message), f"jargon {pattern!r} in: {message}"
    print(text)
