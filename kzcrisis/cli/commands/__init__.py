"""The subcommands, one module per family; `kzcrisis.cli.app` loads only the module of the one that runs.

The face of the package: the click command of each subcommand, by its function's name, imported
from its module when first used (the lazy group in `kzcrisis.cli.app` names them the same way).
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
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

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "listings": ("reactions", "casualties", "arrests", "deployment", "timeline", "claims", "search"),
        "figures": ("figures",),
        "show": ("show",),
        "compare": ("compare",),
        "reference": ("sources", "entities", "schema"),
        "validate": ("validate",),
        "export": ("export",),
        "curate": ("add_source", "coverage", "draft"),
    },
)
