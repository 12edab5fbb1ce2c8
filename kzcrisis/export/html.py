"""`export html`: a static site that opens from file:// with no server and no network.

Pages are rendered by Jinja2 from the templates in `kzcrisis/export/templates/` with autoescape
on: every string from the corpus is escaped, and nothing is marked safe but the SVG and the
highlighted article built here from escaped pieces. The script and the style sheet are copied
into DIR/assets/; no page loads anything from elsewhere.

- index.html: every claim, with filters (source, kind, country, stance) and a search box that
  answers as `kzcrisis search` does (assets/search.js applies `kzcrisis.query.search_data`, written
  to assets/search-data.js); the filters live in the URL's fragment
  (index.html#source=dantri&kind=reaction&q=quan), so a filtered view can be shared and scripted.
- articles/SLUG.html: the archived text, each claim's quote highlighted; the claim shows on
  hover or keyboard focus.
- quantities/METRIC-GROUP.html: each compared quantity, its figures on an SVG chart, its verdict.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable
from importlib import resources
from typing import Any

from kzcrisis.corpus.links import is_web_address
from kzcrisis.corpus.quotes import Anchor
from kzcrisis.errors import KzcrisisError
from kzcrisis.export.tables import Export, Record
from kzcrisis.outfile import output_folder

VERDICT_HELP = {
    "consistent": "the figures allow a common value",
    "updated": "the figures differ, and the later ones are higher",
    "undetermined": "the figures differ, and neither is known to be the earlier",
    "reported_differently": "one statement, carried differently by its outlets",
    "conflict": "the figures cannot all be true",
    "single": "one figure only",
}
ASSETS = ("site.css", "search.js", "site.js")
SEARCH_DATA = "search-data.js"


def search_script(search: dict[str, Any]) -> str:
    """The search data as a script (a page opened from file:// may not fetch a JSON file)."""
    import json

    return f"window.kzSearchData = {json.dumps(search, ensure_ascii=False, separators=(',', ':'))};\n"


def require_jinja() -> Any:
    try:
        import jinja2
    except ImportError:
        # A missing optional package is not a usage error: exit 1, with the fix.
        raise KzcrisisError("export html needs Jinja2: pip install 'kzcrisis[html]'") from None
    return jinja2


def _environment() -> Any:
    jinja2 = require_jinja()
    from kzcrisis.render.formats import format_value

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kzcrisis.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["value"] = lambda f: format_value(f["count"], f["qualifier"])
    env.filters["web_link"] = web_link
    return env


def web_link(url: object, label: str) -> Any:
    """The one way a value of the corpus becomes a link in the site: `<a>` for an http(s) address,
    text for anything else (`javascript:`, `data:`...), whatever the model let through."""
    from markupsafe import Markup

    if is_web_address(url):
        return Markup('<a href="{}" rel="noreferrer">{}</a>').format(url, label)  # both escaped
    return Markup("{}: <code>{}</code>").format(label, url)


def write_site(
    data: Export,
    target: str | os.PathLike[str],
    progress: Callable[[int], None] | None,
    search: dict[str, Any],
) -> None:
    """Write the site; `search` is `kzcrisis.query.search_data` for `data.records`, in their order."""
    env = _environment()
    from markupsafe import Markup

    with output_folder(target) as folder:
        for sub in ("assets", "articles", "quantities"):
            folder.mkdir(sub)
        for name in ASSETS:
            text = resources.files("kzcrisis.export").joinpath("templates", name).read_text(encoding="utf-8")
            folder.write(f"assets/{name}", text)
        folder.write(f"assets/{SEARCH_DATA}", search_script(search))
        site = _site(data)
        folder.write("index.html", env.get_template("index.html").render(root="", site=site, **site))
        by_source: dict[str, list[Record]] = {}
        for rec in data.records:
            by_source.setdefault(rec["source"], []).append(rec)
        for source in data.sources:
            claims = by_source.get(source["slug"], [])
            body = Markup(highlight(data.texts[source["slug"]], claims))  # built from escaped pieces
            page = env.get_template("article.html").render(
                root="../", site=site, source=source, claims=claims, text=body
            )
            folder.write(f"articles/{source['slug']}.html", page)
            if progress is not None:
                progress(len(claims))
        for quantity in site["quantities"]:
            page = env.get_template("quantity.html").render(
                root="../", site=site, q=quantity, chart=Markup(svg_chart(quantity["figures"]))
            )
            folder.write(f"quantities/{quantity['slug']}.html", page)


def _site_claim(rec: Record, mine: list[str], names: dict[str, str]) -> dict[str, Any]:
    """A claim as the site's page lists it: the record, its countries and who speaks."""
    return {
        "rec": rec,
        "countries": mine,
        "country_names": [names.get(c, c) for c in mine],
        "who": names.get(rec.get("speaker") or rec.get("reported_by") or "", ""),
    }


def _site(data: Export) -> dict[str, Any]:
    import json

    from kzcrisis.export.tables import TABLE

    countries_column = TABLE["claims"].names.index("countries")
    countries = {row[0]: json.loads(row[countries_column] or "[]") for row in data.rows["claims"]}
    names = {eid: e["name"] for eid, e in data.entities.items()}
    claims = [_site_claim(rec, countries.get(rec["id"], []), names) for rec in data.records]
    quantities = [  # compare's, as `kzcrisis compare` gives them, with their page's slug and help
        {
            **q,
            "slug": f"{q['metric']}-{q['group']}".replace("_", "-"),
            "help": VERDICT_HELP.get(q["verdict"], ""),
        }
        for q in data.quantities
    ]
    used_countries = sorted({c for item in claims for c in item["countries"]}, key=lambda c: names.get(c, c))
    return {
        "title": f"{data.name} {data.version}",
        "description": data.description,
        "content_hash": data.content_hash,
        "claims": claims,
        "sources": data.sources,
        "source_names": {s["slug"]: s.get("outlet") or s["slug"] for s in data.sources},
        "kinds": sorted({r["kind"] for r in data.records}),
        "countries": [(c, names.get(c, c)) for c in used_countries],
        "stances": sorted({s for r in data.records for s in r.get("stances") or []}),
        "quantities": quantities,
    }


def highlight(raw: str, claims: list[Record]) -> str:
    """The article's text, HTML-escaped, each claim's quote in <mark> with its claim on hover/focus.

    Quotes may overlap: the text is cut at every quote's start and end, and each piece is marked
    with every claim that covers it. Sorting the cut points keeps it O(n log n).
    """
    from markupsafe import escape

    anchor = Anchor(raw)
    text = anchor.raw
    spans = []
    for rec in claims:
        span = anchor.find(rec["quote"])
        if span is not None:
            spans.append((span[0], span[1], rec["id"]))
    cuts = sorted({0, len(text), *(s for s, _e, _i in spans), *(e for _s, e, _i in spans)})
    covering: list[list[str]] = [[] for _ in cuts]
    for start, end, claim in spans:
        for k in range(bisect_left(cuts, start), bisect_left(cuts, end)):
            covering[k].append(claim)
    english = {rec["id"]: rec["text_en"] for rec in claims}
    first_piece = {claim: bisect_left(cuts, start) for start, _e, claim in spans}
    starts_here: dict[int, list[str]] = {}
    for claim, k in first_piece.items():
        starts_here.setdefault(k, []).append(claim)
    out = []
    for k in range(len(cuts) - 1):
        piece = str(escape(text[cuts[k] : cuts[k + 1]]))
        out += [f'<span class="anchor" id="{escape(c)}"></span>' for c in starts_here.get(k, [])]
        if covering[k]:
            ids = " ".join(covering[k])
            title = "\n".join(f"{c}: {english[c]}" for c in covering[k])  # the claim without a script
            out.append(
                f'<mark tabindex="0" data-claims="{escape(ids)}" title="{escape(title)}">{piece}</mark>'
            )
        else:
            out.append(piece)
    return "".join(out)


def svg_chart(figures: list[dict[str, Any]], width: int = 640, row: int = 34) -> str:
    """The figures as intervals on one axis: a dot for a value, a bar for a range, an arrow when open."""
    from markupsafe import escape

    finite = [f["high"] if f["high"] is not None else f["low"] for f in figures]
    scale = max(finite, default=0.0) * 1.25 or 1.0
    left, right = 150, width - 20
    height = row * len(figures) + 40

    def x(value: float) -> float:
        return round(left + min(value, scale) / scale * (right - left), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="figures on a common scale">',
        f'<line x1="{left}" y1="{height - 28}" x2="{right}" y2="{height - 28}" class="axis"/>',
    ]
    for tick in range(5):
        value = scale * tick / 4
        parts.append(
            f'<text x="{x(value)}" y="{height - 10}" class="tick" text-anchor="middle">{value:,.0f}</text>'
        )
    for i, f in enumerate(figures):
        y = 20 + i * row
        low = x(f["low"])
        high = x(f["high"]) if f["high"] is not None else right
        label = escape(f"{f['claim']}")
        parts.append(f'<text x="{left - 8}" y="{y + 4}" class="label" text-anchor="end">{label}</text>')
        if high - low >= 1:
            parts.append(f'<line x1="{low}" y1="{y}" x2="{high}" y2="{y}" class="range"/>')
        if f["high"] is None:
            parts.append(f'<path d="M{right} {y - 6} L{right + 10} {y} L{right} {y + 6} Z" class="open"/>')
        point = f["count"] if f["qualifier"] in ("exact", "about", "up_to", "projected") else f["low"]
        if point is not None:
            hollow = " hollow" if f["qualifier"] == "more_than" else ""
            parts.append(f'<circle cx="{x(float(point))}" cy="{y}" r="5" class="value{hollow}"/>')
    parts.append("</svg>")
    return "".join(parts)
