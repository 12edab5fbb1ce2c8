"""Questions asked of the index: filters, names, search, figures and their comparison. No printing.

The face of the package: `__all__`, each name imported from its module when first used (importing
the package costs nothing). The rest of the package is private to it.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from kzcrisis.query.compare import (
        compare_rows,
        filter_quantities,
        quantity_pieces,
        quantity_record,
    )
    from kzcrisis.query.figures import FIGURE_FIELDS, FigureRow, only_figures, read_figures
    from kzcrisis.query.search import count_claims, search_claims, search_texts
    from kzcrisis.query.search_data import search_data
    from kzcrisis.query.select import (
        Filters,
        Names,
        Row,
        build_filters,
        entity_records,
        get_claim,
        iter_records,
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
    "only_figures",
    "paragraph_of",
    "quantity_pieces",
    "quantity_record",
    "read_figures",
    "search_claims",
    "search_data",
    "search_texts",
    "select_claims",
    "shared_statements",
    "source_record",
    "source_records",
    "source_text",
    "undated_left_out",
]

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "compare": ("compare_rows", "filter_quantities", "quantity_pieces", "quantity_record"),
        "figures": ("FIGURE_FIELDS", "FigureRow", "only_figures", "read_figures"),
        "search": ("count_claims", "search_claims", "search_texts"),
        "search_data": ("search_data",),
        "select": (
            "Filters",
            "Names",
            "Row",
            "build_filters",
            "entity_records",
            "get_claim",
            "iter_records",
            "select_claims",
            "shared_statements",
            "source_record",
            "source_records",
            "source_text",
            "undated_left_out",
        ),
        "show": ("paragraph_of",),
    },
)
