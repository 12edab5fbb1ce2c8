"""Vietnamese text handling: folding, matching keys, numbers."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzcrisis.corpus.text import fold_space, match_key, name_key, parse_vi_int, vi_numbers


def test_fold_space_folds_nbsp_and_newlines() -> None:
    assert fold_space("Hôm\u00a06/1,\n  ông  Blinken") == "Hôm 6/1, ông Blinken"


def test_fold_space_normalises_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Trung Quốc")
    assert fold_space(nfd) == "Trung Quốc"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("trung quoc", "Trung Quốc"),
        ("TRUNG QUỐC", "Trung Quốc"),
        ("dan tri", "Dân trí"),
        ("Đà Nẵng", "da nang"),
        ("vuong nghi", "Vương Nghị"),
    ],
)
def test_match_key_ignores_case_and_diacritics(typed: str, stored: str) -> None:
    assert match_key(typed) == match_key(stored)


def test_name_key_ignores_punctuation() -> None:
    assert name_key("U.S.") == name_key("US") == "us"
    assert name_key("Kassym-Jomart") == "kassym jomart"


@pytest.mark.parametrize(("token", "value"), [("5.800", 5800), ("1.000", 1000), ("26", 26), ("2.500", 2500)])
def test_parse_vi_int(token: str, value: int) -> None:
    assert parse_vi_int(token) == value


def test_vi_numbers_reads_thousands_and_dates() -> None:
    text = "khoảng 5.800 đối tượng ... hôm 6/1 ... hơn 1.300 người ... 2 quân nhân và 8 cảnh sát"
    assert vi_numbers(text) == [5800, 6, 1, 1300, 2, 8]


def test_vi_numbers_does_not_split_decimals() -> None:
    assert 5 not in vi_numbers("giá tăng 5,5 lần")


@given(st.integers(min_value=0, max_value=10**9))
def test_vi_number_round_trip(n: int) -> None:
    written = f"{n:,}".replace(",", ".")
    assert vi_numbers(f"có {written} người") == [n]


@given(st.text())
def test_match_key_is_idempotent_and_nfd_blind(text: str) -> None:
    key = match_key(text)
    assert match_key(key) == key
    assert match_key(unicodedata.normalize("NFD", text)) == key


@given(st.text())
def test_strip_marks_of_an_exact_key_has_the_words_of_match_key(text: str) -> None:
    from kzcrisis.corpus.text import exact_key, strip_marks

    assert strip_marks(exact_key(text)).split() == match_key(text).split()
