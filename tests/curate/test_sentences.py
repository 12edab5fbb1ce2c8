"""The sentence splitter: abbreviations, decimal and thousand dots, quotes, lines."""

from __future__ import annotations

import pytest

from kzcrisis.corpus.text import fold_space
from kzcrisis.curate.sentences import split_sentences


def texts(raw: str) -> list[str]:
    return [s.text for s in split_sentences(raw)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # thousand dots and decimals never split
        ("Khoảng 5.800 người bị bắt. Có 2.5 triệu dân.", ["Khoảng 5.800 người bị bắt.", "Có 2.5 triệu dân."]),
        ("About 5,800 were held. It was 2.5 km away.", ["About 5,800 were held.", "It was 2.5 km away."]),
        # Vietnamese abbreviations and initials
        (
            "Ông A nói tại TP. Hồ Chí Minh. Sau đó ông về.",
            ["Ông A nói tại TP. Hồ Chí Minh.", "Sau đó ông về."],
        ),
        ("PGS. Nguyễn V. An cho biết như vậy.", ["PGS. Nguyễn V. An cho biết như vậy."]),
        # English abbreviations and dotted acronyms
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        (
            "The U.S. State Dept. said so on Jan. 6. Then it stopped.",
            ["The U.S. State Dept. said so on Jan. 6.", "Then it stopped."],
        ),
        # closing quotes stay with their sentence; ! ? … end sentences
        ("“Chúng tôi lo ngại.” Ông nói thêm!", ["“Chúng tôi lo ngại.”", "Ông nói thêm!"]),
        ("Thật sao? Đúng… Vậy.", ["Thật sao?", "Đúng…", "Vậy."]),
        # a lower-case word after a dot does not start a sentence
        ("Giá tăng v.v. và nhiều thứ khác.", ["Giá tăng v.v. và nhiều thứ khác."]),
        # every line is a sentence of its own, even without a full stop
        ("Quốc tế\nNga\n\nTrung Quốc nói vậy.", ["Quốc tế", "Nga", "Trung Quốc nói vậy."]),
    ],
)
def test_splits(raw: str, expected: list[str]) -> None:
    assert texts(raw) == expected


def test_offsets_are_in_the_folded_text() -> None:
    raw = "Dòng  một.\u00a0Câu hai.\n\n  Dòng ba   có\tkhoảng trắng.\r\nCuối."
    folded = fold_space(raw)
    sentences = split_sentences(raw)
    assert [s.n for s in sentences] == [1, 2, 3, 4]
    assert all(folded[s.start : s.end] == s.text for s in sentences)
    assert sentences[2].text == "Dòng ba có khoảng trắng."


def test_decomposed_input_is_composed() -> None:
    decomposed = "Nga cho bie\u0302\u0301t."
    assert texts(decomposed) == ["Nga cho biết."]
