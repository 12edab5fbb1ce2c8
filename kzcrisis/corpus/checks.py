"""The checks beyond the schema: every claim grounded in its article, references, uniqueness, dates.

Each check adds `Problem`s and never stops at the first: a curator fixes a corpus in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from hashlib import blake2b
from typing import Any, NamedTuple

from kzcrisis.corpus.interval import interval
from kzcrisis.corpus.models import Corpus, Figure, Source
from kzcrisis.corpus.nearest import PassageFinder, quote_hint
from kzcrisis.corpus.parties import entity_names
from kzcrisis.corpus.text import fold_space, name_key, numbers_in
from kzcrisis.corpus.vocab import Qualifier
from kzcrisis.errors import Problem

# The Vietnamese words a qualifier must be grounded in, diacritics and all ("hơn" is not "hôn"),
# matched in the NFC, case-folded quote.
QUALIFIER_WORDS: dict[Qualifier, tuple[str, ...]] = {
    Qualifier.ABOUT: ("khoảng",),
    Qualifier.AT_LEAST: ("ít nhất",),
    Qualifier.MORE_THAN: ("hơn",),
    Qualifier.UP_TO: ("lên tới", "lên đến"),
    Qualifier.DOZENS: ("hàng chục",),
    Qualifier.REACHED: ("lên tới", "lên đến", "đạt"),
    Qualifier.PROJECTED: ("có thể lên tới", "có thể lên đến"),
}
# The same for an English source, matched as whole words.
QUALIFIER_WORDS_EN: dict[Qualifier, tuple[str, ...]] = {
    Qualifier.ABOUT: ("about", "around", "approximately", "roughly", "some"),
    Qualifier.AT_LEAST: ("at least",),
    Qualifier.MORE_THAN: ("more than", "over"),
    Qualifier.UP_TO: ("up to",),
    Qualifier.DOZENS: ("dozens",),
    Qualifier.REACHED: ("reached", "rose to"),
    Qualifier.PROJECTED: ("could reach", "may reach", "expected to reach"),
}

# A record that failed the schema is left out; `unusable` names it ("source:slug", "entity:id", or
# "source:*" when the whole file failed), so that its claims do not fail as well for pointing at it.
ALL = "*"


def pieces_problems(sources: dict[str, Source], texts: dict[str, str]) -> list[Problem]:
    """`check_pieces` for the sources whose text is in `texts` (the index build reads them file by file)."""
    problems = []
    for slug, text in texts.items():
        source = sources.get(slug)
        if source is None:
            continue
        folded, last = fold_space(text), -1
        for n, piece in enumerate(source.pieces):
            at = folded.find(fold_space(piece.starts))
            if at < 0 or at <= last:
                where = (
                    "is not in the archived article" if at < 0 else "comes before the piece listed above it"
                )
                problems.append(
                    Problem(
                        "sources.json",
                        f"piece {n}: {piece.starts!r} {where}",
                        claim=slug,
                        field=f"pieces.{n}.starts",
                        record="source",
                    )
                )
            last = max(last, at)
    return problems


def quote_key(quote: str, kind: str) -> bytes:
    """A compact key of (folded quote, kind): what must be unique, 16 bytes whatever the quote."""
    return blake2b(f"{kind}\0{quote}".encode(), digest_size=16).digest()


def claim_quote_key(claim: Any) -> bytes:
    """A claim's `quote_key`: its quote with white space folded, and its kind."""
    return quote_key(fold_space(claim.quote), claim.kind)


def check_claims(
    corpus: Corpus,
    seen: dict[bytes, str],
    unusable: frozenset[str] = frozenset(),
    keys: list[bytes] | None = None,
) -> list[Problem]:
    """The checks of `corpus.claims`; `seen` holds the `quote_key`s of claims checked before (the
    index build checks a corpus one claims file at a time). `keys`, if given, gets each claim's
    `quote_key`, in order (the index records them: computed once)."""
    problems: list[Problem] = []
    finders: dict[str, PassageFinder] = {}
    for claim in corpus.claims:
        rel = corpus.claim_files.get(claim.id, "claims/")

        def add(message: str, field: str | None = None, *, _rel: str = rel, _id: str = claim.id) -> None:
            problems.append(Problem(_rel, message, claim=_id, field=field))

        quote = fold_space(claim.quote)
        source = corpus.sources.get(claim.source)
        if source is None and not {f"source:{claim.source}", f"source:{ALL}"} & unusable:
            add(f"unknown source {claim.source!r}", "source")
        problems.extend(_quote_problems(corpus, claim, quote, rel, finders))
        key = quote_key(quote, claim.kind)  # `claim_quote_key`, from the quote folded above
        if keys is not None:
            keys.append(key)
        if key in seen:
            add(f"same quote and kind as claim {seen[key]}", "quote")
        seen.setdefault(key, claim.id)
        for field, ref in claim.entity_refs():
            if ref not in corpus.entities and not {f"entity:{ref}", f"entity:{ALL}"} & unusable:
                add(f"unknown entity {ref!r}", field)
        language = source.language if source is not None else "vi"
        for index, figure in enumerate(claim.__dict__.get("figures", ())):
            for message in _figure_problems(figure, quote, language):
                add(message, f"figures.{index}")
        period = corpus.manifest.period
        if claim.date and not period.start <= claim.date <= period.end and not claim.date_note:
            add(
                f"date {claim.date} is outside {period.start}..{period.end} and no date_note explains it",
                "date",
            )
    return problems


def _quote_problems(
    corpus: Corpus, claim: Any, quote: str, rel: str, finders: dict[str, PassageFinder]
) -> list[Problem]:
    """'quote not found', with the closest passage and the difference as a hint."""
    text = corpus.texts.get(claim.source)
    if text is None or quote in text:
        return []
    if claim.source not in finders:
        finders[claim.source] = PassageFinder(text, corpus.articles.get(claim.source))
    message = f"quote not found in the archived article of {claim.source!r}"
    hint = quote_hint(finders[claim.source], quote)
    return [Problem(rel, message, claim=claim.id, field="quote", hint=hint)]


def _figure_problems(figure: Figure, quote: str, language: str = "vi") -> list[str]:
    out = []
    numbers = set(numbers_in(quote, language))
    wanted = figure.components or ([figure.count] if figure.count is not None else [])
    for number in wanted:
        if number not in numbers:
            out.append(f"number {number} is not in the quote (it has {sorted(numbers) or 'none'})")
    if language == "en":
        words = QUALIFIER_WORDS_EN.get(figure.qualifier, ())
        found = any(re.search(rf"(?<!\w){word}(?!\w)", quote.casefold()) for word in words)
    else:
        words = QUALIFIER_WORDS.get(figure.qualifier, ())
        found = any(word in quote.casefold() for word in words)
    if words and not found:
        out.append(f"qualifier {figure.qualifier.value!r} needs one of {list(words)} in the quote")
    if figure.label is not None and fold_space(figure.label).casefold() not in quote.casefold():
        out.append(f"label {figure.label!r} is not in the quote: it is the text's own word, verbatim")
    return out


def check_entities(corpus: Corpus, unusable: frozenset[str] = frozenset()) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    for entity in corpus.entities.values():
        lost = {f"entity:{entity.speaks_for}", f"entity:{ALL}"} & unusable
        if entity.speaks_for and entity.speaks_for not in corpus.entities and not lost:
            problems.append(
                Problem(
                    "entities.json",
                    f"speaks_for: unknown entity {entity.speaks_for!r}",
                    claim=entity.id,
                    field="speaks_for",
                    record="entity",
                )
            )
        for name in entity_names(entity):
            key = name_key(name)
            if not key:  # would match an empty --actor '' and nothing a person types
                problems.append(
                    Problem(
                        "entities.json",
                        f"name {name!r} has no letter or digit",
                        field=f"{entity.id}.aliases",
                    )
                )
                continue
            if owner.setdefault(key, entity.id) != entity.id:
                problems.append(
                    Problem(
                        "entities.json",
                        f"name {name!r} is used by both {owner[key]!r} and {entity.id!r}"
                        " (a name shared on purpose goes in both entities' ambiguous_names)",
                        claim=entity.id,
                        field="aliases",
                        record="entity",
                    )
                )
    return problems + _check_ambiguous_names(corpus, owner)


def _check_ambiguous_names(corpus: Corpus, owner: dict[str, str]) -> list[Problem]:
    """A shared name is listed by every entity that bears it (two at least), and is no one's own name."""
    bearers: dict[str, list[str]] = {}
    for entity in corpus.entities.values():
        for name in entity.ambiguous_names:
            bearers.setdefault(name_key(name), []).append(entity.id)
    problems = []
    for entity in corpus.entities.values():
        for name in entity.ambiguous_names:
            key = name_key(name)
            where = f"{entity.id}.ambiguous_names"
            if key in owner:
                problems.append(
                    Problem("entities.json", f"name {name!r} is also a name of {owner[key]!r}", field=where)
                )
            elif len(bearers[key]) < 2:
                problems.append(
                    Problem(
                        "entities.json",
                        f"ambiguous name {name!r} is listed by {entity.id!r} only: "
                        "list it under every entity it may mean, or make it an alias",
                        field=where,
                    )
                )
    return problems


# --- the same statement across outlets ------------------------------------------------------


class Linked(NamedTuple):
    """What the statement checks need of a claim with a `statement` (small: it crosses processes)."""

    statement: str
    claim: str
    source: str
    kind: str
    file: str
    figures: tuple[tuple[str, str, int | None, str, bool], ...]  # metric, group, count, qualifier, noted


def linked_claims(corpus: Corpus) -> list[Linked]:
    out = []
    for claim in corpus.claims:
        if claim.statement:
            figures = tuple(
                (f.metric.value, f.group.value, f.count, f.qualifier.value, bool(f.note))
                for f in claim.__dict__.get("figures", ())
            )
            file = corpus.claim_files.get(claim.id, "claims/")
            out.append(Linked(claim.statement, claim.id, claim.source, claim.kind, file, figures))
    return out


# Ids named in one message about a statement; a group of thousands is counted, not listed.
_NAMED_IDS = 10


def _named(ids: list[str]) -> str:
    shown = ", ".join(ids[:_NAMED_IDS])
    return shown + (f" and {len(ids) - _NAMED_IDS:,} more" if len(ids) > _NAMED_IDS else "")


def statement_problems(linked: Iterable[Linked]) -> list[Problem]:
    """Claims that share a statement come from two articles at least, are of one kind, and their
    figures of the same metric and group do not contradict each other unless a figure's note says why.

    Linear in the size of a group (a statement shared by thousands of claims is checked in one pass).
    """
    groups: dict[str, list[Linked]] = {}
    for item in linked:
        groups.setdefault(item.statement, []).append(item)
    problems = []
    for statement, members in groups.items():
        if len({m.source for m in members}) < 2:
            ids = _named([m.claim for m in members])
            for m in members:
                problems.append(
                    Problem(
                        m.file,
                        f"statement {statement!r} is reported by one article only ({ids}): it links "
                        "claims of different articles",
                        claim=m.claim,
                        field="statement",
                    )
                )
        if len({m.kind for m in members}) > 1:
            kinds = _named([f"{m.claim} {m.kind}" for m in members])
            for m in members:
                problems.append(
                    Problem(
                        m.file,
                        f"statement {statement!r} links claims of different kinds ({kinds})",
                        claim=m.claim,
                        field="statement",
                    )
                )
        problems += _contradictions(statement, members)
    return problems


_Figure = tuple[str, str, int | None, str, bool]


def _contradictions(statement: str, members: list[Linked]) -> list[Problem]:
    """Each figure that contradicts a figure of an earlier claim of the statement (same metric and
    group, no note on either): one problem per figure, naming the earlier claim it is furthest from.

    Two intervals are apart when one ends before the other starts, so of all earlier figures only
    two can be apart from a new one: the one that ends first and the one that starts last.
    """
    out = []
    ends_first: dict[tuple[str, str], tuple[tuple[float, bool], _Figure, str]] = {}
    starts_last: dict[tuple[str, str], tuple[tuple[float, bool], _Figure, str]] = {}
    for b in members:
        unnoted = [f for f in b.figures if not f[4]]
        for fb in unnoted:
            for side in (ends_first, starts_last):
                earlier = side.get(fb[:2])
                if earlier is not None and not interval(earlier[1][2], earlier[1][3]).overlaps(
                    interval(fb[2], fb[3])
                ):
                    fa, a_claim = earlier[1], earlier[2]
                    out.append(
                        Problem(
                            b.file,
                            f"{fa[0]}/{fa[1]} of statement {statement!r}: {fb[3]} {fb[2]} contradicts "
                            f"{fa[3]} {fa[2]} of {a_claim}; a figure note must say why",
                            claim=b.claim,
                            field="statement",
                        )
                    )
                    break
        for fa in unnoted:
            low, high, low_open, high_open = interval(fa[2], fa[3])
            end, start = (high, not high_open), (-low, not low_open)  # smaller: ends first / starts last
            if fa[:2] not in ends_first or end < ends_first[fa[:2]][0]:
                ends_first[fa[:2]] = (end, fa, b.claim)
            if fa[:2] not in starts_last or start < starts_last[fa[:2]][0]:
                starts_last[fa[:2]] = (start, fa, b.claim)
    return out
