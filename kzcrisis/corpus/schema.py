"""The JSON Schema of the records the listing commands print (`kzcrisis schema`)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from kzcrisis.corpus.models import ClaimRecord
from kzcrisis.version import __version__


def record_schema() -> dict[str, Any]:
    schema = TypeAdapter(ClaimRecord).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kzcrisis claim record",
        "description": (
            f"One element of the JSON array printed by kzcrisis {__version__} listing commands "
            "(claims, reactions, casualties, arrests, deployment, timeline, search, show). "
            "Keys may be added in later versions; existing keys keep their name and type."
        ),
        **schema,
    }
