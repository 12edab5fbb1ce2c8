"""An article split into sentences, with offsets in its folded text (where quotes are matched).

A rule set, not a library: pysbd, the well-kept rule-based splitter, has no Vietnamese rules, and
NLTK's punkt needs a trained model. The rules, tested in tests/curate/test_sentences.py:

- a line break always ends a sentence (page chrome, captions and list items are lines);
- `.`, `!`, `?` or `…` (then any closing quotes or brackets) end a sentence when a space and an
  upper-case letter, a digit or an opening quote or bracket follow;
- but not after a known abbreviation (Vietnamese `TP.`, `ThS.`, `PGS.`; English `Mr.`, `Dr.`,
  `Jan.`, `U.S.`), a single upper-case initial (`John F. Kennedy`) or a dotted acronym (`U.N.`);
- a dot between digits never ends anything: `5.800`, `2.5`, `10.01.2022` have no space after it.

Known limit: an abbreviation that really ends a sentence (`... in the U.S. The next day`) does
not split; the sentence is then longer, never wrong about what it contains.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Compared without the final dot, case-sensitively (`No.` is an abbreviation, `no.` ends a sentence).
_VI_ABBREVIATIONS = "TP Tp TX TT Q P ThS TS PGS GS BS KS CN NXB Th.S"  # thành phố, quận, degrees...
_EN_ABBREVIATIONS = (
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Col Lt Maj Capt Sgt Adm Gov Sen Rep Pres Amb Rev Hon Dept "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Ltd Co Corp No Nos vs approx e.g i.e cf"
)
ABBREVIATIONS: frozenset[str] = frozenset(f"{_VI_ABBREVIATIONS} {_EN_ABBREVIATIONS}".split())
_BOUNDARY = re.compile(r"[.!?…]+[”\"’'»)\]]*(?= )")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_OPENERS = "“\"‘'«([-–—"


class Sentence(NamedTuple):
    """One sentence: its 1-based number and its span in the article's folded text."""

    n: int
    start: int
    end: int
    text: str


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    after = match.end() + 1
    if after >= len(line):
        return False
    nxt = line[after]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if not match.group().startswith(".") or len(match.group().rstrip("”\"’'»)]")) > 1:
        return True  # '!', '?', '…' or '...' end a sentence whatever comes before
    # The word before the dot, found backwards from it: a slice of the line up to here would make
    # a long line's splitting quadratic.
    word = line[line.rfind(" ", 0, match.start()) + 1 : match.start()].lstrip(_OPENERS)
    if word in ABBREVIATIONS or _ACRONYM.fullmatch(word):
        return False
    return not (len(word) == 1 and word.isupper())


def _split_line(line: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        if _ends_sentence(line, match):
            spans.append((start, match.end()))
            start = match.end() + 1
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if b > a]


def split_sentences(raw: str) -> list[Sentence]:
    """The sentences of an article, numbered from 1, with offsets in `fold_space(raw)`.

    The folded text is the lines, each folded, joined by one space: so a line's offset is known.
    """
    out: list[Sentence] = []
    offset = 0
    for raw_line in unicodedata.normalize("NFC", raw).splitlines():
        line = " ".join(raw_line.split())
        if not line:
            continue
        for a, b in _split_line(line):
            out.append(Sentence(len(out) + 1, offset + a, offset + b, line[a:b]))
        offset += len(line) + 1
    return out
