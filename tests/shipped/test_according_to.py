"""Every listing table says according to whom: the outlet (or "outlet not named") beside each id, and
"= id" for each report of the same statement in another article, in rich, plain and stacked layouts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

import kzcrisis
from kzcrisis.render.tables import NARROW_WIDTH, VIEWS, per_figure, render_plain, render_table
from tests.conftest import run

WIDTHS = (20, 40, 60, 80, 100, 200)


def flat(text: str) -> str:
    return " ".join(text.split())


def rich_text(renderable: Any, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def expected(records: list[dict[str, Any]]) -> list[str]:
    """What must stand in a table of `records`: each id with its outlet, each twin marked."""
    marks = []
    for rec in records:
        marks.append(rec["id"])
        marks.append(rec.get("outlet") or "outlet not named")
        marks += [f"= {twin}" for twin in rec.get("twins") or []]
    return marks


def test_the_russian_twins_are_marked_as_one_statement() -> None:
    # dantri-015 and tokayev-coup-032 report one statement in two articles, word for word in English.
    out = run("reactions", "--country", "Russia", env={"COLUMNS": "100"}).stdout
    assert "= tokayev-coup-032" in out and "= dantri-015" in out
    assert "Dân trí" in out and "outlet not named" in out


@pytest.mark.parametrize("view", ["reactions", "claims", "timeline", "deployment", "figures", "search"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_listing_layout_names_the_outlet_and_the_twins(view: str, width: int) -> None:
    with kzcrisis.open_corpus() as kz:
        if view == "figures":
            records = per_figure(kz.casualties(), [])
        elif view == "search":
            records = kz.search("Nga")
        elif view == "reactions":
            records = kz.reactions(country="Russia")
        elif view == "deployment":
            records = kz.claims(kind="deployment")
        else:
            records = kz.claims(min_outlets=2) if view == "claims" else kz.claims(limit=30)
    assert records
    if view in ("reactions", "claims"):
        assert any(r.get("twins") for r in records), "the view is tried without a twin"
    layouts = [flat(rich_text(render_table(records, VIEWS[view], narrow=width < NARROW_WIDTH), width))]
    if width >= NARROW_WIDTH:
        layouts.append(flat(render_plain(records, VIEWS[view], width)))
    for text in layouts:
        for mark in expected(records):
            assert mark in text, (width, mark)


def test_the_figures_command_names_the_outlet() -> None:
    out = run("figures", "--metric", "injured", env={"COLUMNS": "100"}).stdout
    assert "tokayev-coup-036" in out and "outlet not named" in out and "Dân trí" in out
