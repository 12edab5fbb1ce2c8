"""Links in the exports: only http(s) addresses become links, whatever the data holds."""

from __future__ import annotations

import re
from pathlib import Path

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
    """An href or src whose value starts with data (not a fixed path) is built only by `web_link`."""
    fixed = re.compile(r'(?:href|src)="(?:#|\.\./|articles/|quantities/|\{\{ root \}\})')
    for template in TEMPLATES.glob("*.html"):
        for match in re.finditer(r'(?:href|src)="[^"]*', template.read_text(encoding="utf-8")):
            assert fixed.match(match.group()), f"{template.name}: {match.group()}"


@pytest.fixture(scope="module")
def hostile_export() -> Export:
    """The shipped corpus's export with hostile URLs put in after validation (a bypassed model)."""
    from kzcrisis.api import Corpus

    with Corpus() as kz:
        data = collect(kz, kz.filters())
    for source, url in zip(data.sources, HOSTILE[:4] + HOSTILE[8:9], strict=False):
        source["url"] = url
    return data


def test_a_site_from_a_corpus_that_bypassed_validation_links_no_hostile_address(
    hostile_export: Export, tmp_path: Path
) -> None:
    write_site(hostile_export, tmp_path / "site", None)
    pages = list((tmp_path / "site" / "articles").glob("*.html"))
    assert len(pages) == len(hostile_export.sources) == 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]*)"', text)
        assert hrefs and not any(re.match(r"\s*[a-z]+:", h, re.IGNORECASE) for h in hrefs), hrefs
        assert "original: <code>" in text


def test_annotations_carry_no_hostile_address(hostile_export: Export) -> None:
    items = annotation_collection(hostile_export, None)["first"]["items"]
    assert items
    assert not any("via" in item["target"] for item in items)  # every source here is hostile
    hostile_export.sources[0]["url"] = SAFE[0]
    items = annotation_collection(hostile_export, None)["first"]["items"]
    slug = hostile_export.sources[0]["slug"]
    assert {item["target"].get("via") for item in items if item["target"]["kzcrisis"]["slug"] == slug} == {
        SAFE[0]
    }
