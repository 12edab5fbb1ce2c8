"""Claim skeletons for sentences without a claim: what can be read mechanically, nothing else.

A draft carries the quote, the figures read from numbers and qualifier words, the entities named
(in `mentions`: who acts is the curator's call), the kind when the words make it plain, the dates
the sentence writes and the names no entity bears (in `note`, as candidates). `text_en` is the quote
for an English article (to review), else empty; the kind, the date note and the figures' groups are
empty when the text does not settle them: `validate` refuses the claim until a curator fills them.
"""

from __future__ import annotations

import re
from typing import Any

from kzcrisis.corpus.models import Corpus
from kzcrisis.corpus.vocab import FIGURE_KINDS
from kzcrisis.curate.coverage import SourceCoverage
from kzcrisis.curate.reading import (
    KIND_OF_METRIC,
    EntityMatcher,
    candidate_dates,
    metrics_named,
    read_figures,
    unknown_names,
)
from kzcrisis.errors import BadInput


def next_number(corpus: Corpus, slug: str) -> int:
    """One more than the highest `<slug>-NNN` id of the source's claims."""
    pattern = re.compile(rf"^{re.escape(slug)}-(\d+)$")
    numbers = [int(m.group(1)) for c in corpus.claims if (m := pattern.match(c.id))]
    return max(numbers, default=0) + 1


def pick_sentences(coverage: SourceCoverage, numbers: list[int]) -> list[int]:
    """The sentences to draft: those named (any status), else every flagged one."""
    if not numbers:
        return [s.n for s in coverage.sentences if s.status == "flagged"]
    wrong = [n for n in numbers if not 1 <= n <= len(coverage.sentences)]
    if wrong:
        raise BadInput(
            f"{coverage.source} has sentences 1..{len(coverage.sentences)}; no sentence {wrong[0]} "
            f"(see: kzcrisis coverage --source {coverage.source})"
        )
    return list(dict.fromkeys(numbers))


def draft_claim(
    corpus: Corpus, slug: str, text: str, claim_id: str, matcher: EntityMatcher
) -> dict[str, Any]:
    """One claim skeleton for the sentence `text` of source `slug`, in the corpus's field order."""
    language = corpus.sources[slug].language
    period = corpus.manifest.period
    figures = read_figures(text, language, period.start.year)
    kinds = {KIND_OF_METRIC[m] for m in metrics_named(text, language)}
    kind = kinds.pop() if len(kinds) == 1 else ""
    notes = _draft_notes(text, language, period.start.year, matcher)
    claim: dict[str, Any] = {
        "id": claim_id,
        "kind": kind,
        "source": slug,
        "date": None,
        "date_note": "",
        "reported_by": None,
        "actors": [],
        "mentions": matcher.find(text),
        "quote": text,
        "text_en": text if language == "en" else "",
        "note": ". ".join(notes) + ".",
    }
    if figures and kind in ("", *FIGURE_KINDS):
        claim["figures"] = [_draft_figure(f) for f in figures]
    return claim


def _draft_notes(text: str, language: str, year: int, matcher: EntityMatcher) -> list[str]:
    """What the curator must fill, and what was found for them: dates, names no entity bears."""
    to_fill = "kind, date or date_note, actors/reported_by" + ("" if language == "en" else ", text_en")
    notes = [f"draft from sentence text; fill {to_fill}"]
    dates = candidate_dates(text, language, year)
    if dates:
        notes.append(
            "candidate dates: "
            + "; ".join(f"{d.phrase!r} -> {d.date.isoformat() if d.date else 'no such day'}" for d in dates)
        )
    if language == "en":
        notes.append("text_en is the quote as it stands: review it (attribution as the article gives it)")
    unknown = unknown_names(text, matcher)
    if unknown:
        notes.append(
            f"names that match no entity: {', '.join(map(repr, unknown))} "
            "(to make one a party, add it to entities.json: kzcrisis draft prints the JSON)"
        )
    return notes


def _draft_figure(f: Any) -> dict[str, Any]:
    """A figure read from the sentence, its metric and qualifier left blank where unsure."""
    return {
        "metric": f.metric.value if f.metric else "",
        "group": "",
        "count": f.number,
        "qualifier": f.qualifier.value if f.qualifier else "",
        "as_of": None,
        "as_of_note": "",
        "note": f"read from {f.phrase!r}"
        + (f"; the word fits {' or '.join(q.value for q in f.choices)}" if f.choices else ""),
    }


def draft_file(corpus: Corpus, coverage: SourceCoverage, numbers: list[int]) -> dict[str, Any]:
    """A claims file ({"source", "claims"}) of skeletons for the chosen sentences of one source."""
    slug = coverage.source
    matcher = EntityMatcher(corpus.entities.values())
    first = next_number(corpus, slug)
    chosen = pick_sentences(coverage, numbers)
    claims = [
        draft_claim(corpus, slug, coverage.sentences[n - 1].text, f"{slug}-{first + i:03d}", matcher)
        for i, n in enumerate(chosen)
    ]
    return {"source": slug, "claims": claims}


_BODY_WORDS = ("ministry", "department", "office", "council", "committee", "agency", "bộ ", "văn phòng")


def candidate_entities(corpus: Corpus, drafted: dict[str, Any]) -> list[dict[str, Any]]:
    """An entities.json record to start from for each name of the drafts that no entity bears: the
    name where the guide puts it (names_vi for a Vietnamese article, aliases for another), the type
    when the words make it plain (a ministry, an office), else empty for the curator to choose."""
    slug = drafted["source"]
    language = corpus.sources[slug].language
    matcher = EntityMatcher(corpus.entities.values())
    names = dict.fromkeys(n for c in drafted["claims"] for n in unknown_names(c["quote"], matcher))
    out = []
    for name in names:
        ident = "-".join(re.findall(r"[a-z0-9]+", name.casefold())) or "new-entity"
        body = any(word in f"{name.casefold()} " for word in _BODY_WORDS)
        out.append(
            {
                "id": ident,
                "type": "organisation" if body else "",
                "name": name,
                "names_vi": [name] if language == "vi" else [],
                "aliases": [] if language == "vi" else [name],
            }
        )
    return out
