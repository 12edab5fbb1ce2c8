"""`kzcrisis export html`: a static site checked as files, and in a real browser (headless Chromium).

The browser tests need Chromium (Debian's package `chromium`; `.ci/run` installs it when it is
missing). Outside CI they are skipped, with the reason, when it is absent; in CI they must run.
`KZCRISIS_UPDATE_SCREENSHOT=1` writes the screenshot docs/exports.md shows (docs/html-export.png).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kzcrisis.corpus.text import fold_space
from kzcrisis.outfile import MARKER
from tests.conftest import ROOT, edit_json, run, run_json

pytestmark = pytest.mark.slow  # a headless browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site(shipped_site: Path) -> Path:
    return shipped_site


class Rows(HTMLParser):
    """The claim rows of index.html (attributes, hidden or not) and the <mark>s of an article."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.marks: list[tuple[str, str]] = []  # (data-claims, text)
        self._mark: str | None = None
        self.text_of: dict[str, str] = {}
        self.pop_text = ""
        self._in_pop = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and "data-source" in found:
            self.rows.append(found)
        if tag == "mark" and found.get("data-claims"):
            self._mark = found["data-claims"]
            self.marks.append((self._mark or "", ""))
        if tag == "div" and "pop" in (found.get("class") or "").split() and "hidden" not in found:
            self._in_pop = 1
        elif self._in_pop and tag == "div":
            self._in_pop += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None
        if tag == "div" and self._in_pop:
            self._in_pop -= 1

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            claims, text = self.marks[-1]
            self.marks[-1] = (claims, text + data)
        if self._in_pop:
            self.pop_text += data

    def quote_of(self, claim: str) -> str:
        return "".join(text for claims, text in self.marks if claim in claims.split())


def parse(html: str) -> Rows:
    rows = Rows()
    rows.feed(html)
    return rows


# --- the files --------------------------------------------------------------------------------


def test_site_has_every_page(site: Path) -> None:
    sources = run_json("sources")
    assert {p.stem for p in (site / "articles").glob("*.html")} == {s["slug"] for s in sources}
    assert (site / "quantities" / "injured-all.html").exists()
    assert (site / "assets" / "site.js").exists() and (site / MARKER).exists()
    rows = parse((site / "index.html").read_text(encoding="utf-8")).rows
    assert len(rows) == len(run_json("claims")) == 133


def test_site_loads_nothing_from_elsewhere(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert not re.match(r"^[a-z]+:", url), (page.name, url)  # relative links only
        assert "<script src=" in html and "cdn" not in html.lower()


def test_quantity_page_has_chart_and_verdict(site: Path) -> None:
    html = (site / "quantities" / "injured-all.html").read_text(encoding="utf-8")
    quantity = next(q for q in run_json("compare") if (q["metric"], q["group"]) == ("injured", "all"))
    verdict = quantity["verdict"]
    assert verdict in ("conflict", "undetermined")  # ~1,000 vs >1,300: disjoint
    assert f'<span class="verdict {verdict}">{verdict}</span>' in html
    assert "<svg" in html and html.count("<circle") == len(quantity["figures"])
    assert "&gt;1,300" in html and "tokayev-coup-036" in html


def test_corpus_text_is_escaped(corpus_copy: Path, tmp_path: Path) -> None:
    def inject(data: dict[str, list[dict[str, str]]]) -> None:
        data["claims"][0]["text_en"] = '<script>alert("x")</script> & "quoted"'

    edit_json(corpus_copy / "claims" / "dantri.json", inject)
    out = tmp_path / "site"
    assert run("export", "html", str(out), "--corpus", str(corpus_copy)).exit_code == 0
    for page in (out / "index.html", out / "articles" / "dantri.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quoted&#34;" in html


def test_a_new_export_replaces_an_earlier_one(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("export", "html", str(out), "--source", "dantri").exit_code == 0
    assert run("export", "html", str(out), "--source", "tienphong").exit_code == 0
    rows = parse((out / "index.html").read_text(encoding="utf-8")).rows
    assert {r["data-source"] for r in rows} == {"tienphong"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


# --- in a real browser ------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI: .ci/run installs Debian's package 'chromium'")
    pytest.skip("chromium is not installed (Debian: apt-get install chromium); .ci/run installs it in CI")


def browse(page: Path, fragment: str = "", *extra: str, query: str = "") -> str:
    """Load a page in headless Chromium (a new, empty profile each time); return its stdout."""
    chromium = _chromium()
    with tempfile.TemporaryDirectory() as profile:
        url = page.resolve().as_uri() + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
        cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, url]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_browser_filters_hide_rows(site: Path) -> None:
    dom = parse(browse(site / "index.html", "source=dantri&kind=reaction", "--dump-dom"))
    expected = {c["id"] for c in run_json("reactions", "--source", "dantri")}
    shown = [r for r in dom.rows if "hidden" not in r]
    assert len(dom.rows) == 133 and expected
    assert {(r["data-source"], r["data-kind"]) for r in shown} == {("dantri", "reaction")}
    assert len(shown) == len(expected)


def test_browser_search_keeps_typed_diacritics(site: Path) -> None:
    """The fragment's q= is a search as typed (the box's answers are tests/export/test_site_search.py's)."""
    with_marks = parse(browse(site / "index.html", "q=qu%C3%A2n", "--dump-dom")).rows
    without = parse(browse(site / "index.html", "q=quan", "--dump-dom")).rows
    shown = [r["data-id"] for r in with_marks if "hidden" not in r]
    assert shown == [c["id"] for c in run_json("search", "quân")]
    assert set(shown) < {r["data-id"] for r in without if "hidden" not in r}


def test_browser_highlights_a_known_quote_and_shows_its_claim(site: Path) -> None:
    claim = next(c for c in run_json("claims", "--source", "dantri") if c["id"] == "dantri-001")
    dom = parse(browse(site / "articles" / "dantri.html", "dantri-001", "--dump-dom"))
    assert fold_space(dom.quote_of("dantri-001")) == fold_space(claim["quote"])
    assert "dantri-001" in dom.pop_text and claim["text_en"] in dom.pop_text


def test_browser_screenshot(site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "html-export.png"
    # ?claim=ID shows the claim as #ID does, without the browser's own jump to the fragment
    args = (f"--screenshot={shot}", "--window-size=1280,860")
    browse(site / "articles" / "dantri.html", "", *args, query="claim=dantri-001")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    if os.environ.get("KZCRISIS_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "html-export.png")
