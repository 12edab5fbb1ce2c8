"""The corpus: its models and vocabularies, loading from disk, and the checks that ground every claim.

Imports nothing of the package above it (the index, queries, rendering, the CLI).

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from kzcrisis.corpus.checks import (
        QUALIFIER_WORDS,
        QUALIFIER_WORDS_EN,
        Linked,
        check_claims,
        check_entities,
        linked_claims,
        statement_problems,
    )
    from kzcrisis.corpus.files import MAX_FILE_BYTES, FileTooLarge, list_corpus, open_regular, read_regular
    from kzcrisis.corpus.jsonfile import parse_json
    from kzcrisis.corpus.load import claims_file_names, load_claims_file, load_head, load_text
    from kzcrisis.corpus.models import ClaimModel, Corpus, Entity, Source
    from kzcrisis.corpus.parties import entity_names
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

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "checks": (
            "Linked",
            "QUALIFIER_WORDS",
            "QUALIFIER_WORDS_EN",
            "check_claims",
            "check_entities",
            "linked_claims",
            "statement_problems",
        ),
        "files": ("FileTooLarge", "list_corpus", "open_regular", "read_regular", "MAX_FILE_BYTES"),
        "jsonfile": ("parse_json",),
        "parties": ("entity_names",),
        "load": ("claims_file_names", "load_claims_file", "load_head", "load_text"),
        "reading": ("load_corpus",),
        "models": ("ClaimModel", "Corpus", "Entity", "Source"),
        "schema": ("record_schema",),
        "text": (
            "UNSAFE_CHARS",
            "WORD",
            "exact_key",
            "fold_space",
            "format_count",
            "match_key",
            "name_key",
            "number_matches",
            "strip_marks",
            "words",
        ),
        "vocab": ("ALL_FIELDS", "EntityType", "Group", "KINDS", "Metric", "Qualifier", "SECTIONS", "Stance"),
    },
)
