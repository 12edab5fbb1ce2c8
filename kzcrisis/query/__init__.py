"""Questions asked of the index: filters, names, search, figures and their comparison. No printing.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from kzcrisis.query.compare import (
        compare_rows,
        filter_quantities,
        quantity_pieces,
        quantity_record,
    )
    from kzcrisis.query.figures import FIGURE_FIELDS, FigureRow, only_figures, read_figures
    from kzcrisis.query.search import count_claims, search_claims, search_names, search_texts
    from kzcrisis.query.search_data import search_data
    from kzcrisis.query.select import (
        Filters,
        Names,
        Row,
        build_filters,
        entity_records,
        get_claim,
        iter_records,
        many,
        select_claims,
        shared_statements,
        source_record,
        source_records,
        source_text,
        undated_left_out,
    )
    from kzcrisis.query.show import paragraph_of

__all__ = [
    "FIGURE_FIELDS",
    "FigureRow",
    "Filters",
    "Names",
    "Row",
    "build_filters",
    "compare_rows",
    "count_claims",
    "entity_records",
    "filter_quantities",
    "get_claim",
    "iter_records",
    "many",
    "only_figures",
    "paragraph_of",
    "quantity_pieces",
    "quantity_record",
    "read_figures",
    "search_claims",
    "search_data",
    "search_names",
    "search_texts",
    "select_claims",
    "shared_statements",
    "source_record",
    "source_records",
    "source_text",
    "undated_left_out",
]

# name -> the module of this package that defines it
_FACE = {
    "compare_rows": "compare",
    "filter_quantities": "compare",
    "quantity_pieces": "compare",
    "quantity_record": "compare",
    "FIGURE_FIELDS": "figures",
    "FigureRow": "figures",
    "only_figures": "figures",
    "read_figures": "figures",
    "count_claims": "search",
    "search_claims": "search",
    "search_names": "search",
    "search_texts": "search",
    "search_data": "search_data",
    "Filters": "select",
    "Names": "select",
    "Row": "select",
    "build_filters": "select",
    "entity_records": "select",
    "get_claim": "select",
    "iter_records": "select",
    "many": "select",
    "select_claims": "select",
    "shared_statements": "select",
    "source_record": "select",
    "source_records": "select",
    "source_text": "select",
    "undated_left_out": "select",
    "paragraph_of": "show",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
