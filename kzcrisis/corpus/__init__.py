"""The corpus: its models and vocabularies, loading from disk, and the checks that ground every claim.

Imports nothing of the package above it (the index, queries, rendering, the CLI).

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.corpus.checks import (
        QUALIFIER_WORDS,
        QUALIFIER_WORDS_EN,
        Linked,
        check_claims,
        check_entities,
        entity_names,
        linked_claims,
        statement_problems,
    )
    from kzcrisis.corpus.files import MAX_FILE_BYTES, FileTooLarge, list_corpus, open_regular, read_regular
    from kzcrisis.corpus.jsonfile import parse_json
    from kzcrisis.corpus.load import claims_file_names, load_claims_file, load_head, load_text
    from kzcrisis.corpus.models import ClaimModel, Corpus, Entity, Source
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.corpus.schema import record_schema
    from kzcrisis.corpus.text import (
        UNSAFE_CHARS,
        WORD,
        exact_key,
        fold_space,
        format_count,
        match_key,
        name_key,
        number_matches,
        strip_marks,
        words,
    )
    from kzcrisis.corpus.vocab import (
        ALL_FIELDS,
        KINDS,
        SECTIONS,
        EntityType,
        Group,
        Metric,
        Qualifier,
        Stance,
    )

__all__ = [
    "ALL_FIELDS",
    "KINDS",
    "MAX_FILE_BYTES",
    "QUALIFIER_WORDS",
    "QUALIFIER_WORDS_EN",
    "SECTIONS",
    "UNSAFE_CHARS",
    "WORD",
    "ClaimModel",
    "Corpus",
    "Entity",
    "EntityType",
    "FileTooLarge",
    "Group",
    "Linked",
    "Metric",
    "Qualifier",
    "Source",
    "Stance",
    "check_claims",
    "check_entities",
    "claims_file_names",
    "entity_names",
    "exact_key",
    "fold_space",
    "format_count",
    "linked_claims",
    "list_corpus",
    "load_claims_file",
    "load_corpus",
    "load_head",
    "load_text",
    "match_key",
    "name_key",
    "number_matches",
    "open_regular",
    "parse_json",
    "read_regular",
    "record_schema",
    "statement_problems",
    "strip_marks",
    "words",
]

# name -> the module of this package that defines it
_FACE = {
    "Linked": "checks",
    "QUALIFIER_WORDS": "checks",
    "QUALIFIER_WORDS_EN": "checks",
    "check_claims": "checks",
    "check_entities": "checks",
    "entity_names": "checks",
    "linked_claims": "checks",
    "statement_problems": "checks",
    "FileTooLarge": "files",
    "list_corpus": "files",
    "open_regular": "files",
    "read_regular": "files",
    "parse_json": "jsonfile",
    "MAX_FILE_BYTES": "files",
    "claims_file_names": "load",
    "load_claims_file": "load",
    "load_corpus": "reading",
    "load_head": "load",
    "load_text": "load",
    "ClaimModel": "models",
    "Corpus": "models",
    "Entity": "models",
    "Source": "models",
    "record_schema": "schema",
    "UNSAFE_CHARS": "text",
    "WORD": "text",
    "exact_key": "text",
    "fold_space": "text",
    "format_count": "text",
    "match_key": "text",
    "name_key": "text",
    "number_matches": "text",
    "strip_marks": "text",
    "words": "text",
    "ALL_FIELDS": "vocab",
    "EntityType": "vocab",
    "Group": "vocab",
    "KINDS": "vocab",
    "Metric": "vocab",
    "Qualifier": "vocab",
    "SECTIONS": "vocab",
    "Stance": "vocab",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
