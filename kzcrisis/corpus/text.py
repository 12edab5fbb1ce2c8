"""Vietnamese-aware text helpers: white space folding, matching keys, numbers.

Standard library only and cheap to import: the query path uses it.
"""

from __future__ import annotations

import re
import unicodedata

# 5.800 and 1.000 are five thousand eight hundred and one thousand: '.' groups thousands.
_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+|\d+)(?![\d]|[.,]\d)")
_NOT_WORD = re.compile(r"[^\w]+")


def with_article(word: str) -> str:
    """ "a country", "an organisation", "an injured count": the English article a message needs."""
    return f"{'an' if word[:1].casefold() in 'aeiou' else 'a'} {word}"


def fold_space(text: str) -> str:
    """NFC, and every run of white space (NBSP and newlines included) as one space."""
    # str.split() splits on the same white space as the regex \s+ (NBSP included), and faster.
    return " ".join(unicodedata.normalize("NFC", text).split())


class _StripMarks(dict[int, str]):
    """A `str.translate` table that learns each character once: its letters without their marks.

    Building the index keys every quote; per-character Python loops made that the slowest step.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = value
        return value


# đ has no decomposition in Unicode, so it is mapped to d by hand.
_STRIP_MARKS = _StripMarks({ord("đ"): "d"})


def match_key(text: str) -> str:
    """Case- and diacritic-insensitive key: 'Trung Quốc', 'trung quoc' and 'TRUNG QUỐC' agree."""
    if text.isascii():  # English text: nothing to strip, and casefold is lower
        return " ".join(text.lower().split())
    folded = unicodedata.normalize("NFC", text).casefold().translate(_STRIP_MARKS)
    return " ".join(folded.split())


def name_key(text: str) -> str:
    """A match key that also ignores punctuation, for names: 'U.S.' is 'us', 'Le-Drian' is 'le drian'."""
    return " ".join(_NOT_WORD.sub(" ", match_key(text).replace(".", "")).split())


def parse_vi_int(token: str) -> int:
    """'5.800' -> 5800; '26' -> 26. Raises ValueError for anything else."""
    if not _NUMBER.fullmatch(token):
        raise ValueError(f"not a Vietnamese integer: {token!r}")
    return int(token.replace(".", ""))


def vi_numbers(text: str) -> list[int]:
    """Every integer written in the text, in Vietnamese notation ('6/1' gives 6 and 1)."""
    return [int(m.group().replace(".", "")) for m in _NUMBER.finditer(text)]


# English groups thousands with ',' (5,800) and writes decimals with '.', which are not counts.
_EN_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d]|[.,]\d)")


def en_numbers(text: str) -> list[int]:
    """Every integer written in the text, in English notation ('5,800' is 5800; '2.5' is none)."""
    return [int(m.group().replace(",", "")) for m in _EN_NUMBER.finditer(text)]


def number_matches(text: str, language: str) -> list[re.Match[str]]:
    """Where each integer of `numbers_in` is written (for tools that need the place too)."""
    return list((_EN_NUMBER if language == "en" else _NUMBER).finditer(text))


def numbers_in(text: str, language: str) -> list[int]:
    """The integers of a text in its language's notation (Vietnamese unless `language` is 'en')."""
    return en_numbers(text) if language == "en" else vi_numbers(text)


def format_count(count: int) -> str:
    """1300 -> '1,300' (English grouping, for English-reading users)."""
    return f"{count:,}"


# A word is a run of letters and digits (the underscore and every other character separate words):
# the rule of SQLite's unicode61 tokenizer, which the search index uses, on NFC text.
WORD = re.compile(r"[^\W_]+")


def exact_key(text: str) -> str:
    """Case-insensitive key that keeps diacritics: 'QUÂN' is 'quân', never 'quan'."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def words(text: str) -> list[str]:
    """The words of a text as search sees them: case-folded, diacritics kept ('Quốc.' -> quốc)."""
    return WORD.findall(exact_key(text))


def strip_marks(keyed: str) -> str:
    """`match_key` of a text that is already an `exact_key`: only the diacritics left to remove."""
    return keyed if keyed.isascii() else keyed.translate(_STRIP_MARKS)


# What must never reach a terminal from data: C0 controls but tab and newline, DEL, C1 controls,
# and the invisible format characters that reorder or hide text (bidi overrides and isolates,
# zero-width characters, the BOM, line/paragraph separators, Unicode tag characters). One
# definition, used by the sanitiser (`kzcrisis.render.sanitize`) and by `validate`.
UNSAFE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
