"""Which sentences of an article have a claim, and which fact-bearing ones have none.

A sentence is *covered* when a claim's quote overlaps it, *explained* when `coverage.json` says
why it has no claim, *flagged* when it is neither and looks fact-bearing (a number, an entity's
name, a reporting verb), and *plain* otherwise.

`coverage.json` (optional) maps a source slug to its "no claim here, because ..." entries:
``{"tienphong": [{"sentence": "Video đang HOT", "reason": "chrome", "note": "a video player's label"}]}``;
`sentence` is the sentence's text as `kzcrisis coverage` prints it (white space folded).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from kzcrisis.corpus.files import MAX_FILE_BYTES, FileTooLarge, read_regular
from kzcrisis.corpus.jsonfile import parse_json
from kzcrisis.corpus.models import Corpus
from kzcrisis.corpus.quotes import Anchor
from kzcrisis.corpus.text import fold_space
from kzcrisis.curate.reading import EntityMatcher, reporting_verbs
from kzcrisis.curate.sentences import Sentence, split_sentences
from kzcrisis.errors import CorpusError, Problem

COVERAGE_FILE = "coverage.json"


class Reason(StrEnum):
    """Why a fact-bearing-looking sentence has no claim."""

    CHROME = "chrome"  # navigation, players, teasers, unrelated headlines: not the article
    CAPTION = "caption"  # a photo caption or credit
    HEADLINE = "headline"  # the article's own title, dateline or section label
    BACKGROUND = "background"  # general background, not a claim about the events
    REPEATS = "repeats"  # says again what a claimed sentence says (the lead, a summary)
    NOT_A_CLAIM = "not-a-claim"  # no checkable statement (a transition, a question)


class Explanation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sentence: Annotated[str, Field(min_length=1)]
    reason: Reason
    note: Annotated[str, Field(min_length=1)]


_EXPLANATIONS = TypeAdapter(dict[str, list[Explanation]])


class SentenceReport(NamedTuple):
    n: int
    text: str
    claims: tuple[str, ...]
    signals: tuple[str, ...]
    explained: Explanation | None

    @property
    def status(self) -> str:
        if self.claims:
            return "covered"
        if self.explained is not None:
            return "explained"
        return "flagged" if self.signals else "plain"

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "status": self.status,
            "text": self.text,
            "claims": list(self.claims),
            "signals": list(self.signals),
            "reason": self.explained.reason.value if self.explained else None,
            "note": self.explained.note if self.explained else None,
        }


class SourceCoverage(NamedTuple):
    source: str
    sentences: list[SentenceReport]
    stale: list[Explanation]  # entries that match no uncovered sentence of the article

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)

    def summary(self) -> str:
        return (
            f"{self.source}: {len(self.sentences)} sentences, {self.count('covered')} covered, "
            f"{self.count('explained')} explained, {self.count('flagged')} flagged"
            + (f", {len(self.stale)} stale coverage.json entries" if self.stale else "")
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "summary": {status: self.count(status) for status in ("covered", "explained", "flagged", "plain")}
            | {"sentences": len(self.sentences)},
            "sentences": [s.as_json() for s in self.sentences],
            "stale": [e.model_dump(mode="json") for e in self.stale],
        }


def read_explanations(
    root: Path, slugs: Iterable[str] | None
) -> tuple[dict[str, list[Explanation]], list[Problem]]:
    """`coverage.json` of the corpus at `root` (nothing if there is none), and its problems;
    `slugs`, when known, are the sources it may name."""
    try:
        raw = read_regular(str(root / COVERAGE_FILE), MAX_FILE_BYTES)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, FileTooLarge) as exc:
        return {}, [Problem(COVERAGE_FILE, f"cannot read: {getattr(exc, 'strerror', None) or exc}")]
    problems: list[Problem] = []
    data = parse_json(text, COVERAGE_FILE, problems)  # the corpus's strict JSON rules
    if data is None or problems:
        return {}, problems
    try:
        explained = _EXPLANATIONS.validate_python(data)
    except ValidationError as exc:
        problems = [
            Problem(COVERAGE_FILE, e["msg"], field=".".join(str(p) for p in e["loc"]) or None)
            for e in exc.errors(include_url=False)
        ]
        return {}, problems
    unknown = sorted(set(explained) - set(slugs)) if slugs is not None else []
    return explained, [Problem(COVERAGE_FILE, f"unknown source {slug!r}") for slug in unknown]


def load_explanations(corpus: Corpus) -> dict[str, list[Explanation]]:
    """`coverage.json` of the corpus, or nothing if there is none; CorpusError if it is wrong."""
    explained, problems = read_explanations(corpus.root, corpus.sources)
    if problems:
        raise CorpusError(problems)
    return explained


def article_sentences(corpus: Corpus, slug: str) -> list[Sentence]:
    """The sentences of the article as it was read and validated (never read again from disk)."""
    return split_sentences(corpus.articles[slug])


def coverage_of(
    corpus: Corpus, slug: str, explanations: list[Explanation], matcher: EntityMatcher
) -> SourceCoverage:
    """Each sentence of one article with its claims, signals and explanation."""
    sentences = article_sentences(corpus, slug)
    anchor = Anchor(corpus.articles[slug])
    ends = [s.end for s in sentences]
    covering: list[list[str]] = [[] for _ in sentences]
    for claim in corpus.claims:
        if claim.source != slug:
            continue
        for start, end in anchor.folded_spans(claim.quote):
            i = bisect.bisect_right(ends, start)
            while i < len(sentences) and sentences[i].start < end:
                covering[i].append(claim.id)
                i += 1
    language = corpus.sources[slug].language
    by_text = {fold_space(e.sentence): e for e in explanations}
    used: set[str] = set()
    reports = []
    for sentence, claims in zip(sentences, covering, strict=True):
        explained = None if claims else by_text.get(sentence.text)
        if explained is not None:
            used.add(sentence.text)
        reports.append(
            SentenceReport(
                sentence.n,
                sentence.text,
                tuple(dict.fromkeys(claims)),
                signals(sentence.text, language, matcher),
                explained,
            )
        )
    stale = [e for key, e in by_text.items() if key not in used]
    return SourceCoverage(slug, reports, stale)


def signals(text: str, language: str, matcher: EntityMatcher) -> tuple[str, ...]:
    """Why a sentence looks fact-bearing: 'number', 'entity:<id>', 'verb:<word>'."""
    out = ["number"] if any(ch.isdigit() for ch in text) else []
    out += [f"entity:{ident}" for ident in matcher.find(text)]
    out += [f"verb:{verb}" for verb in dict.fromkeys(reporting_verbs(text, language))]
    return tuple(out)


def corpus_coverage(corpus: Corpus, slugs: list[str] | None = None) -> list[SourceCoverage]:
    """The coverage of the named sources (default: all), in sources.json order."""
    explained = load_explanations(corpus)
    matcher = EntityMatcher(corpus.entities.values())
    return [
        coverage_of(corpus, slug, explained.get(slug, []), matcher) for slug in slugs or list(corpus.sources)
    ]
