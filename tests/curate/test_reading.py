"""What a draft reads off a sentence: counts and qualifiers, dates, entity names, reporting verbs."""

from __future__ import annotations

import datetime as dt

import pytest

from kzcrisis.corpus.checks import QUALIFIER_WORDS
from kzcrisis.corpus.models import Entity
from kzcrisis.corpus.text import en_numbers, numbers_in, vi_numbers
from kzcrisis.corpus.vocab import Qualifier
from kzcrisis.curate.reading import EntityMatcher, candidate_dates, read_figures, reporting_verbs

# 'lên tới' is up_to, or ambiguous ('?') once a second qualifier (reached) claims the word too.
_FITS = [q.value for q, words in QUALIFIER_WORDS.items() if "lên tới" in words]
LEN_TOI = _FITS[0] if len(_FITS) == 1 else "?"


def figures(text: str, language: str) -> list[tuple[int | None, str]]:
    return [(f.number, f.qualifier.value if f.qualifier else "?") for f in read_figures(text, language, 2022)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khoảng 5.800 người bị bắt giữ.", [(5800, "about")]),
        (
            "Ít nhất 18 sĩ quan đã thiệt mạng, với hơn 1.300 người bị thương.",
            [(18, "at_least"), (1300, "more_than")],
        ),
        ("Số người bị bắt giữ lên tới 5.000 người.", [(5000, LEN_TOI)]),
        ("Hàng chục đối tượng bạo loạn bị tiêu diệt.", [(None, "dozens")]),
        ("Hôm 6/1, 26 người biểu tình đã thiệt mạng.", [(26, "exact")]),  # 6/1 is a date, not a count
        ("Ngày 5/1/2022 lúc 01:11 không có số nào khác.", []),
    ],
)
def test_vietnamese_figures(text: str, expected: list[tuple[int | None, str]]) -> None:
    assert figures(text, "vi") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 5,800 people were detained.", [(5800, "more_than")]),
        ("At least 12 officers died and about 1,000 were hurt.", [(12, "at_least"), (1000, "about")]),
        ("Up to 2,500 troops; dozens of shops.", [(2500, "up_to"), (None, "dozens")]),
        ("On January 6, 2022, at 10:30, 75 aircraft flew; 2.5 tonnes.", [(75, "exact")]),
    ],
)
def test_english_figures(text: str, expected: list[tuple[int | None, str]]) -> None:
    assert figures(text, "en") == expected


def test_a_word_that_fits_two_qualifiers_is_left_to_the_curator(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzcrisis.curate import reading

    words = {Qualifier.UP_TO: ("lên tới",), Qualifier.AT_LEAST: ("lên tới", "ít nhất")}
    monkeypatch.setattr(reading, "QUALIFIER_WORDS", words)
    (figure,) = read_figures("Số người bị bắt lên tới 5.000 người.", "vi", 2022)
    assert (figure.number, figure.qualifier, figure.phrase) == (5000, None, "lên tới 5.000")
    assert figure.choices == (Qualifier.UP_TO, Qualifier.AT_LEAST)


def test_numbers_by_language() -> None:
    assert vi_numbers("5.800 và 2,5") == [5800]
    assert en_numbers("5,800 and 2.5 and 1,000,000") == [5800, 1000000]
    assert numbers_in("1.300", "vi") == [1300]
    assert numbers_in("1,300", "en") == [1300]


def test_candidate_dates() -> None:
    vi = candidate_dates("Hôm 6/1 và ngày 9/1, rồi 5/1/2022; 31/2 không có.", "vi", 2022)
    assert [(d.phrase, d.date) for d in vi] == [
        ("Hôm 6/1", dt.date(2022, 1, 6)),
        ("ngày 9/1", dt.date(2022, 1, 9)),
        ("5/1/2022", dt.date(2022, 1, 5)),
        ("31/2", None),
    ]
    en = candidate_dates("It said on January 6 and on 7 Jan. and Jan 8, 2021.", "en", 2022)
    assert [d.date for d in en] == [dt.date(2022, 1, 6), dt.date(2022, 1, 7), dt.date(2021, 1, 8)]


def _entity(ident: str, name: str, *aliases: str, iso: str | None = None) -> Entity:
    return Entity.model_validate(
        {
            "id": ident,
            "type": "country" if iso else "organisation",
            "name": name,
            "aliases": list(aliases),
            "iso": iso,
        }
    )


def test_entities_by_whole_names() -> None:
    matcher = EntityMatcher(
        [
            _entity("united-states", "United States", "U.S.", "Washington", iso="US"),
            _entity("russia", "Russia", "Nga", "Moscow", iso="RU"),
            _entity("un", "United Nations", "UN"),
        ]
    )
    assert matcher.find("Washington and Moscow talked; the UN watched.") == ["united-states", "russia", "un"]
    assert matcher.find("the U.S. said") == ["united-states"]
    assert matcher.find("tell us about the unrest in Russian towns") == []  # 'us', 'un-', 'Russian'
    assert matcher.find("Ngà voi") == []  # diacritics are meant: Ngà is not Nga
    assert matcher.find("NGA và US") == ["russia", "united-states"]


def test_reporting_verbs() -> None:
    assert reporting_verbs("Ông Blinken cho biết và nói thêm", "vi") == ["cho biết", "nói"]
    assert reporting_verbs("Nội bộ ổn định", "vi") == []  # nội is not nói
    assert reporting_verbs("He said, according to TASS", "en") == ["said", "according to"]


def test_names_no_entity_bears_are_candidates() -> None:
    from kzcrisis.corpus.reading import load_corpus
    from kzcrisis.curate.reading import unknown_names
    from tests.conftest import CORPUS

    matcher = EntityMatcher(load_corpus(CORPUS).entities.values())
    assert unknown_names("The health ministry said 20 people were injured.", matcher) == ["health ministry"]
    assert unknown_names("On Friday the Health Ministry of Uzbekistan spoke.", matcher) == ["Health Ministry"]
    # entities, a month, a sentence's first word and 'the ministry' are not candidates
    assert unknown_names("The Interior Ministry said on January 7 that 5 were held in Almaty.", matcher) == [
        "Almaty"
    ]
    assert unknown_names("Russia said the ministry would help.", matcher) == []
    assert unknown_names("Bộ Nội vụ Kazakhstan cho biết hôm 7/1 có 120 người bị bắt.", matcher) == []
