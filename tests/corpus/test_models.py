"""The models, the record contract (field names pinned) and the JSON Schema of `kzcrisis schema`."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, ValidationError

from kzcrisis.corpus.models import (
    ArrestRecord,
    CasualtyRecord,
    DeploymentRecord,
    EventRecord,
    Figure,
    ReactionRecord,
)
from kzcrisis.corpus.vocab import ALL_FIELDS, COMMON_FIELDS, EXTRA_FIELDS, KIND_FIELDS
from tests.conftest import run, run_json

RECORDS: dict[str, type[BaseModel]] = {
    "casualty": CasualtyRecord,
    "arrest": ArrestRecord,
    "deployment": DeploymentRecord,
    "reaction": ReactionRecord,
    "event": EventRecord,
}

# The JSON contract: these keys exist with these names. Adding keys is fine; renaming one fails here.
PINNED_COMMON = [
    "id",
    "kind",
    "source",
    "date",
    "date_note",
    "reported_by",
    "actors",
    "mentions",
    "quote",
    "text_en",
    "note",
    "section",
    "on_behalf_of",
    "statement",
]


def test_common_fields_are_pinned() -> None:
    assert list(COMMON_FIELDS) == PINNED_COMMON
    assert KIND_FIELDS["reaction"] == ("speaker", "stances")
    assert KIND_FIELDS["deployment"] == ("figures", "contributors", "mission", "legal_basis", "command")


@pytest.mark.parametrize("kind", list(RECORDS))
def test_vocab_fields_match_the_models(kind: str) -> None:
    fields = list(RECORDS[kind].model_fields)
    # The model's field order is the record's: the index writes model_dump_json() as is.
    assert fields == [*COMMON_FIELDS, *KIND_FIELDS[kind], *EXTRA_FIELDS]


def test_figure_rules() -> None:
    base: dict[str, Any] = {"metric": "killed", "group": "protesters", "as_of": "2022-01-06"}
    assert Figure.model_validate({**base, "count": 26, "qualifier": "exact"}).count == 26
    with pytest.raises(ValidationError, match="null exactly when"):
        Figure.model_validate({**base, "count": None, "qualifier": "exact"})
    with pytest.raises(ValidationError, match="do not add up"):
        Figure.model_validate({**base, "count": 11, "qualifier": "at_least", "components": [2, 8]})
    with pytest.raises(ValidationError, match="as_of_note"):
        Figure.model_validate({**base, "count": 1, "qualifier": "exact", "as_of": None})
    with pytest.raises(ValidationError, match="Extra inputs"):
        Figure.model_validate({**base, "count": 1, "qualifier": "exact", "colour": "red"})


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0
    return dict(json.loads(result.stdout))


def test_schema_describes_every_kind(schema: dict[str, Any]) -> None:
    assert set(schema["discriminator"]["mapping"]) == set(RECORDS)
    assert "quote" in schema["$defs"]["ReactionRecord"]["properties"]


@pytest.mark.parametrize(
    "args",
    [
        ["claims"],
        ["reactions"],
        ["casualties"],
        ["arrests"],
        ["deployment"],
        ["timeline"],
        ["search", "kazakhstan"],
        ["reactions", "--country", "Russia"],
    ],
)
def test_every_listing_validates_against_the_schema(schema: dict[str, Any], args: list[str]) -> None:
    records = run_json(*args)
    assert records
    validator = jsonschema.Draft202012Validator(schema)
    for record in records:
        validator.validate(record)
    assert set().union(*(r.keys() for r in records)) <= {*ALL_FIELDS, "score"}
