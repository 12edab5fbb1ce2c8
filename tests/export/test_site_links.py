"""Links in the exports: only http(s) addresses become links, whatever the data holds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kzcrisis.export.annotations import annotation_collection
from kzcrisis.export.html import web_link, write_site
from kzcrisis.export.tables import Export, collect
from tests.corpus.test_links import HOSTILE, SAFE

TEMPLATES = Path(__file__).resolve().parents[2] / "kzcrisis" / "export" / "templates"


@pytest.mark.parametrize("url", HOSTILE)
def test_the_link_filter_renders_a_hostile_address_as_text(url: str) -> None:
    shown = str(web_link(url, "original"))
    assert "<a" not in shown and "href" not in shown
    assert shown.startswith("original: <code>")
    assert ("<script" not in shown and "\x00" not in shown) or url == "https://evil.example/\x00"


@pytest.mark.parametrize("url", SAFE)
def test_the_link_filter_links_a_web_address(url: str) -> None:
    shown = str(web_link(url, "original"))
    assert shown.startswith('<a href="') and shown.endswith('" rel="noreferrer">original</a>')


def test_quotes_in_a_web_address_cannot_leave_the_attribute() -> None:
    shown = str(web_link('https://x.example/"onmouseover="alert(1)', "<b>original</b>"))
    assert shown == (
        '<a href="https://x.example/&#34;onmouseover=&#34;alert(1)" rel="noreferrer">'
        "&lt;b&gt;original&lt;/b&gt;</a>"
    )


def test_every_link_from_data_in_the_templates_goes_through_the_filter() -> None:
    """An href or src that starts with a value (not a fixed path, `#`, or the site's own root) is
    never written in a template: such a link is built only by `web_link`."""
    for template in TEMPLATES.glob("*.html"):
        for match in re.finditer(r'(?:href|src)="([^"]*)', template.read_text(encoding="utf-8")):
            value = match.group(1)
            assert not value.startswith("{") or value.startswith("{{ root }}"), f"{template.name}: {value}"
            assert re.match(r"[a-z]+:", value) is None, f"{template.name}: {value}"  # no scheme at all


@pytest.fixture(scope="module")
def hostile_export() -> tuple[Export, dict[str, Any]]:
    """The shipped corpus's export with hostile URLs put in after validation (a bypassed model)."""
    from kzcrisis.query.search_data import search_data
    from kzcrisis.query.session import Session

    with Session() as kz:
        data = collect(kz, kz.filters())
        search = search_data(kz.index, [r["id"] for r in data.records])
    for source, url in zip(data.sources, HOSTILE[:4] + HOSTILE[8:9], strict=False):
        source["url"] = url
    return data, search


def test_a_site_from_a_corpus_that_bypassed_validation_links_no_hostile_address(
    hostile_export: tuple[Export, dict[str, Any]], tmp_path: Path
) -> None:
    data, search = hostile_export
    write_site(data, tmp_path / "site", None, search)
    pages = list((tmp_path / "site" / "articles").glob("*.html"))
    assert len(pages) == len(data.sources) == 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]*)"', text)
        assert hrefs and not any(re.match(r"\s*[a-z]+:", h, re.IGNORECASE) for h in hrefs), hrefs
        assert "original: <code>" in text


def test_annotations_carry_no_hostile_address(hostile_export: tuple[Export, dict[str, Any]]) -> None:
    data = hostile_export[0]
    items = annotation_collection(data, None)["first"]["items"]
    assert items
    assert not any("via" in item["target"] for item in items)  # every source here is hostile
    data.sources[0]["url"] = SAFE[0]
    items = annotation_collection(data, None)["first"]["items"]
    slug = data.sources[0]["slug"]
    vias = {item["target"].get("via") for item in items if item["target"]["kzcrisis"]["slug"] == slug}
    assert vias == {SAFE[0]}
