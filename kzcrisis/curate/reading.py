"""What can be read off a sentence mechanically: numbers with their qualifiers, entity names,
reporting verbs, candidate dates. Judgement (who acts, what kind, which stance) is the curator's.

Words are matched whole, on the NFC, case-folded text, diacritics and all ('nói' is not 'nội').
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from kzcrisis.corpus.checks import QUALIFIER_WORDS, QUALIFIER_WORDS_EN
from kzcrisis.corpus.models import Entity
from kzcrisis.corpus.parties import entity_names
from kzcrisis.corpus.text import number_matches
from kzcrisis.corpus.vocab import Metric, Qualifier

REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "vi": (
        "cho biết",
        "tuyên bố",
        "nói",
        "khẳng định",
        "cho rằng",
        "nhấn mạnh",
        "bày tỏ",
        "thông báo",
        "cảnh báo",
        "kêu gọi",
        "phát biểu",
        "xác nhận",
        "đưa tin",
        "nêu rõ",
    ),
    "en": (
        "said",
        "says",
        "told",
        "stated",
        "announced",
        "declared",
        "warned",
        "added",
        "according to",
        "reported",
        "confirmed",
        "urged",
    ),
}

# The words that name what a number counts; a draft sets a figure's metric only when one is there.
METRIC_WORDS: dict[str, dict[Metric, tuple[str, ...]]] = {
    "vi": {
        Metric.KILLED: ("thiệt mạng", "tử vong", "chết", "bị giết", "bị tiêu diệt"),
        Metric.INJURED: ("bị thương",),
        Metric.DETAINED: ("bị bắt", "bắt giữ", "giam giữ", "tạm giữ"),
        Metric.TROOPS: ("binh sĩ", "quân nhân", "binh lính"),
        Metric.AIRCRAFT: ("máy bay",),
    },
    "en": {
        Metric.KILLED: ("killed", "dead", "died", "deaths"),
        Metric.INJURED: ("injured", "wounded", "hurt"),
        Metric.DETAINED: ("detained", "arrested", "arrests", "detentions"),
        Metric.TROOPS: ("troops", "soldiers", "servicemen", "peacekeepers"),
        Metric.AIRCRAFT: ("aircraft", "planes"),
    },
}
KIND_OF_METRIC: dict[Metric, str] = {
    Metric.KILLED: "casualty",
    Metric.INJURED: "casualty",
    Metric.DETAINED: "arrest",
    Metric.TROOPS: "deployment",
    Metric.AIRCRAFT: "deployment",
}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Vietnamese: day/month[/year], with the word before it that makes it a date (hôm 6/1, ngày 9/1).
_VI_DATE = re.compile(
    r"(?:(?:hôm|ngày|sáng|chiều|tối|đêm|trưa)\s+)?(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])",
    re.IGNORECASE,
)
_EN_DATE = re.compile(
    rf"(?:on\s+)?(?:({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b\.?)"
    r"(?:,?\s+(\d{4}))?",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One regex for whole-word matches of any of `words` (longest first), on folded text."""
    return _words_pattern(tuple(words))


@functools.lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(fold(w)) for w in words if w}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives) or '(?!)'})(?!\w)")


class EntityMatcher:
    """Finds the entities a text names, by any of their names, as whole words.

    Short all-capital names (ISO codes, acronyms such as 'US') match only as written: folded,
    'US' would be the English word 'us'.
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._owner: dict[str, str] = {}
        exact: list[str] = []
        for entity in entities:
            for name in entity_names(entity):
                if name == entity.id and "-" in name:
                    continue  # an id like 'wang-yi' is not how an article writes a name
                if len(name) <= 4 and name.isupper():
                    exact.append(name)
                    self._owner[name] = entity.id
                else:
                    self._owner.setdefault(fold(name), entity.id)
        folded = [n for n in self._owner if n not in exact]
        self._folded = words_pattern(folded)
        self._exact = re.compile(
            rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(exact, key=len, reverse=True))) or '(?!)'})(?!\w)"
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in `text` (NFC) entity names stand: (start, end) of each match."""
        nfc = unicodedata.normalize("NFC", text)
        folded = nfc.casefold()
        found = [m.span() for m in self._exact.finditer(nfc)]
        if len(folded) == len(nfc):  # casefold kept every position (it does but for a few letters)
            found += [m.span() for m in self._folded.finditer(folded)]
        return found

    def find(self, text: str) -> list[str]:
        """The ids of the entities named in `text`, in order of first mention."""
        found = [self._owner[m.group()] for m in self._folded.finditer(fold(text))]
        found += [self._owner[m.group()] for m in self._exact.finditer(text)]
        return list(dict.fromkeys(found))


def reporting_verbs(text: str, language: str) -> list[str]:
    return [m.group() for m in words_pattern(REPORTING_VERBS[_lang(language)]).finditer(fold(text))]


def _lang(language: str) -> str:
    return "en" if language == "en" else "vi"


class CandidateDate(NamedTuple):
    phrase: str
    date: dt.date | None  # None when the day and month make no date
    start: int
    end: int


def candidate_dates(text: str, language: str, year: int) -> list[CandidateDate]:
    """Dates written in the text; `year` where the text gives none (the corpus period's)."""
    out = []
    if _lang(language) == "en":
        for m in _EN_DATE.finditer(text):
            month = MONTHS[(m.group(1) or m.group(4)).lower()]
            day = int(m.group(2) or m.group(3))
            out.append(_dated(m, day, month, int(m.group(5) or year)))
    else:
        for m in _VI_DATE.finditer(text):
            out.append(_dated(m, int(m.group(1)), int(m.group(2)), int(m.group(3) or year)))
    return out


def _dated(m: re.Match[str], day: int, month: int, year: int) -> CandidateDate:
    try:
        date: dt.date | None = dt.date(year, month, day)
    except ValueError:
        date = None
    return CandidateDate(m.group().strip(), date, m.start(), m.end())


class ReadFigure(NamedTuple):
    phrase: str  # the words it was read from, as in the text
    number: int | None
    qualifier: Qualifier | None  # None when the word fits two qualifiers (the curator chooses)
    metric: Metric | None
    choices: tuple[Qualifier, ...] = ()  # the qualifiers the word fits, when it fits more than one


def qualifier_words(language: str) -> dict[Qualifier, tuple[str, ...]]:
    return QUALIFIER_WORDS_EN if _lang(language) == "en" else QUALIFIER_WORDS


def read_figures(text: str, language: str, year: int) -> list[ReadFigure]:
    """The counts a sentence gives: every number that is not part of a date, a time or a year,
    with the qualifier word just before it; and a figure without a count for 'hàng chục'/'dozens'."""
    taken = [(d.start, d.end) for d in candidate_dates(text, language, year)]
    taken += [(m.start(), m.end()) for m in _TIME.finditer(text)]
    folded = fold(text)
    metric = _only_metric(folded, language)
    words = qualifier_words(language)
    out = []
    for m in number_matches(text, language):
        if _YEAR.match(m.group()) or any(a <= m.start() < b for a, b in taken):
            continue
        out.append(_counted(text, folded, m, words, metric))
    for word in words.get(Qualifier.DOZENS, ()):
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", folded):
            out.append(ReadFigure(text[m.start() : m.end()], None, Qualifier.DOZENS, metric))
    return out


def _counted(
    text: str, folded: str, m: re.Match[str], words: dict[Qualifier, tuple[str, ...]], metric: Metric | None
) -> ReadFigure:
    """The figure of one number: its qualifier word(s) just before it (ambiguous: None, and the fits)."""
    before = folded[max(0, m.start() - 24) : m.start()]
    fits = tuple(
        q
        for q, ws in words.items()
        if q is not Qualifier.DOZENS and any(re.search(rf"(?<!\w){w}\s+$", before) for w in ws)
    )
    qualifier = (fits or (Qualifier.EXACT,))[0] if len(fits) <= 1 else None
    start = m.start() - max((_qualifier_length(before, words[q]) for q in fits), default=0)
    number = int(re.sub(r"[.,]", "", m.group()))
    return ReadFigure(text[start : m.end()], number, qualifier, metric, fits if len(fits) > 1 else ())


def _qualifier_length(before: str, words: tuple[str, ...]) -> int:
    for word in words:
        found = re.search(rf"(?<!\w){word}\s+$", before)
        if found:
            return len(before) - found.start()
    return 0


def _only_metric(folded: str, language: str) -> Metric | None:
    found = [
        metric
        for metric, words in METRIC_WORDS[_lang(language)].items()
        if words_pattern(words).search(folded)
    ]
    return found[0] if len(found) == 1 else None


def metrics_named(text: str, language: str) -> list[Metric]:
    folded = fold(text)
    return [m for m, words in METRIC_WORDS[_lang(language)].items() if words_pattern(words).search(folded)]


# Words that open a run of capitalised words without being part of a name.
_NOT_NAMES = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "but",
        "by",
        "for",
        "from",
        "he",
        "her",
        "his",
        "in",
        "it",
        "its",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "of",
        "on",
        "she",
        "the",
        "their",
        "they",
        "this",
        "that",
        "these",
        "those",
        "to",
        "we",
        "when",
        "where",
        "while",
    ]
)
_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_LOWER_BODY = re.compile(r"\b([a-z]+ (?:ministry|department|office|council|committee))\b")


def _name_run(run: list[re.Match[str]]) -> tuple[int, int] | None:
    """The span of a run of capitalised words that may be a name (None: a date, or a sentence's
    opening word)."""
    while run and run[0].group().casefold() in _NOT_NAMES:
        run = run[1:]
    if not run or (len(run) == 1 and run[0].start() == 0):
        return None
    if all(w.group().casefold().rstrip(".") in _CALENDAR for w in run):
        return None
    return run[0].start(), run[-1].end()


def unknown_names(text: str, matcher: EntityMatcher) -> list[str]:
    """Names in `text` that no entity bears: runs of capitalised words (not the sentence's first word
    alone, which any sentence capitalises) and, in English, a lower-case body ('the health ministry')
    where no entity's name stands. Candidates for a curator to add to entities.json, or to ignore."""
    nfc = unicodedata.normalize("NFC", text)
    taken = matcher.spans(nfc)
    runs: list[list[re.Match[str]]] = []
    for word in _WORD.finditer(nfc):
        if not word.group()[0].isupper():
            continue
        if runs and nfc[runs[-1][-1].end() : word.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    spans = [span for run in runs if (span := _name_run(run))]
    spans += [m.span(1) for m in _LOWER_BODY.finditer(nfc) if m.group(1).split()[0] not in _NOT_NAMES]
    free = [(a, b) for a, b in spans if not any(a < end and start < b for start, end in taken)]
    return list(dict.fromkeys(nfc[a:b].rstrip(".") for a, b in sorted(free)))
