"""The checks beyond the schema: every claim grounded in its article, references, uniqueness, dates.

Each check adds `Problem`s and never stops at the first: a curator fixes a corpus in one pass.
"""

from __future__ import annotations

from hashlib import blake2b

from kzcrisis.corpus.models import Corpus, Entity, Figure
from kzcrisis.corpus.text import fold_space, name_key, vi_numbers
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
}


def check_corpus(corpus: Corpus) -> list[Problem]:
    """The checks beyond the schema: grounding, references, uniqueness, dates."""
    return check_entities(corpus) + check_claims(corpus, {})


def quote_key(quote: str, kind: str) -> bytes:
    """A compact key of (folded quote, kind): what must be unique, 16 bytes whatever the quote."""
    return blake2b(f"{kind}\0{quote}".encode(), digest_size=16).digest()


def check_claims(corpus: Corpus, seen: dict[bytes, str]) -> list[Problem]:
    """The checks of `corpus.claims`; `seen` holds the `quote_key`s of claims checked before (the
    index build checks a corpus one claims file at a time)."""
    problems: list[Problem] = []
    for claim in corpus.claims:
        rel = corpus.claim_files.get(claim.id, "claims/")

        def add(message: str, field: str | None = None, *, _rel: str = rel, _id: str = claim.id) -> None:
            problems.append(Problem(_rel, message, claim=_id, field=field))

        quote = fold_space(claim.quote)
        if claim.source not in corpus.sources:
            add(f"unknown source {claim.source!r}", "source")
        elif claim.source in corpus.texts and quote not in corpus.texts[claim.source]:
            add(f"quote not found in the archived article of {claim.source!r}", "quote")
        key = quote_key(quote, claim.kind)
        if key in seen:
            add(f"same quote and kind as claim {seen[key]}", "quote")
        seen.setdefault(key, claim.id)
        for field, ref in claim.entity_refs():
            if ref not in corpus.entities:
                add(f"unknown entity {ref!r}", field)
        for index, figure in enumerate(claim.__dict__.get("figures", ())):
            for message in _figure_problems(figure, quote):
                add(message, f"figures.{index}")
        period = corpus.manifest.period
        if claim.date and not period.start <= claim.date <= period.end and not claim.date_note:
            add(
                f"date {claim.date} is outside {period.start}..{period.end} and no date_note explains it",
                "date",
            )
    return problems


def _figure_problems(figure: Figure, quote: str) -> list[str]:
    out = []
    numbers = set(vi_numbers(quote))
    wanted = figure.components or ([figure.count] if figure.count is not None else [])
    for number in wanted:
        if number not in numbers:
            out.append(f"number {number} is not in the quote (it has {sorted(numbers) or 'none'})")
    words = QUALIFIER_WORDS.get(figure.qualifier, ())
    if words and not any(word in quote.casefold() for word in words):
        out.append(f"qualifier {figure.qualifier.value!r} needs one of {list(words)} in the quote")
    return out


def check_entities(corpus: Corpus) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    for entity in corpus.entities.values():
        if entity.speaks_for and entity.speaks_for not in corpus.entities:
            problems.append(
                Problem(
                    "entities.json",
                    f"speaks_for: unknown entity {entity.speaks_for!r}",
                    claim=None,
                    field=f"{entity.id}.speaks_for",
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
                        f"name {name!r} is used by both {owner[key]!r} and {entity.id!r}",
                        field=f"{entity.id}.aliases",
                    )
                )
    return problems


def entity_names(entity: Entity) -> list[str]:
    """Every name a user may type for an entity: id, English, Vietnamese, aliases, ISO code."""
    names = [entity.id, entity.name, *entity.names_vi, *entity.aliases]
    if entity.iso:
        names.append(entity.iso)
    return list(dict.fromkeys(names))
