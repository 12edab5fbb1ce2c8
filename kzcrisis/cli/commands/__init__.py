"""The subcommands, one module per family; `kzcrisis.cli.app` loads only the module of the one that runs.

The face of the package: the click command of each subcommand, by its function's name, imported
from its module when first used (the lazy group in `kzcrisis.cli.app` names them the same way).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.cli.commands.compare import compare
    from kzcrisis.cli.commands.curate import add_source, coverage, draft
    from kzcrisis.cli.commands.export import export
    from kzcrisis.cli.commands.figures import figures
    from kzcrisis.cli.commands.listings import (
        arrests,
        casualties,
        claims,
        deployment,
        reactions,
        search,
        timeline,
    )
    from kzcrisis.cli.commands.reference import entities, schema, sources
    from kzcrisis.cli.commands.show import show
    from kzcrisis.cli.commands.validate import validate

__all__ = [
    "add_source",
    "arrests",
    "casualties",
    "claims",
    "compare",
    "coverage",
    "deployment",
    "draft",
    "entities",
    "export",
    "figures",
    "reactions",
    "schema",
    "search",
    "show",
    "sources",
    "timeline",
    "validate",
]

# command -> the module of this package that defines it
_FACE = {
    "reactions": "listings",
    "casualties": "listings",
    "arrests": "listings",
    "figures": "figures",
    "deployment": "listings",
    "timeline": "listings",
    "claims": "listings",
    "search": "listings",
    "show": "show",
    "compare": "compare",
    "sources": "reference",
    "entities": "reference",
    "validate": "validate",
    "schema": "reference",
    "export": "export",
    "add_source": "curate",
    "coverage": "curate",
    "draft": "curate",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
