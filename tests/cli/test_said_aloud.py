"""Nothing is ignored in silence: an option that a combination makes moot says so on stderr, and
stdout stays the answer. And `entities` is bounded by --limit and never cuts an id."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import run


def test_a_field_named_twice_is_shown_once_and_said() -> None:
    result = run("claims", "--fields", "id,id,date", "--limit", "1", "--format", "csv")
    assert next(csv.reader(io.StringIO(result.stdout))) == ["id", "date"]
    assert "--fields names id more than once" in result.stderr


def test_pairs_are_in_the_csv_and_the_table_says_it_has_none() -> None:
    csv_out = run("compare", "--metric", "injured", "--group", "all", "--pairs", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    assert "tokayev-coup-035" in rows[0]["pairs"] and "tokayev-coup-036" in rows[0]["pairs"]
    table = run("compare", "--metric", "injured", "--pairs", env={"COLUMNS": "100"})
    assert "--pairs: the table shows no pairs" in table.stderr


def test_a_reversed_range_is_said_with_the_range_that_answers() -> None:
    result = run("timeline", "--since", "2022-01-09", "--until", "2022-01-05", "--json")
    assert json.loads(result.stdout) == []
    assert "--since 2022-01-09 is after --until 2022-01-05" in result.stderr
    assert "kzcrisis timeline --since 2022-01-05 --until 2022-01-09" in result.stderr
    swapped = run("timeline", "--since", "2022-01-05", "--until", "2022-01-09", "--json")
    assert any(r["id"] == "tokayev-coup-016" for r in json.loads(swapped.stdout))


def test_entities_has_a_limit() -> None:
    result = run("entities", "--type", "person", "--limit", "2", "--json")
    assert len(json.loads(result.stdout)) == 2


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_entities_never_cuts_an_id(width: int) -> None:
    ids = [e["id"] for e in json.loads(run("entities", "--json").stdout)]
    out = run("entities", env={"COLUMNS": str(width)}).stdout
    words = set(out.replace("·", " ").replace(":", " ").split())
    for entity_id in ids:
        assert entity_id in words, (width, entity_id)
