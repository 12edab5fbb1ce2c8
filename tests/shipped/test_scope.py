"""Scope: captions are flagged, teasers and chrome are not claims, background is not a claim."""

from __future__ import annotations

import re

from tests.shipped.data import by_id, claims, fold, line_of

# A photo caption carries its credit on its line: 'Ảnh: AFP', '(Ảnh: Getty)', 'Nguồn: Sputnik'.
CREDIT = re.compile(r"(?:Ảnh|Nguồn)\s*:")


def test_a_claim_is_a_caption_exactly_when_its_line_is_a_captioned_photo() -> None:
    wrong = [
        (c["id"], c.get("section", "body"))
        for c in claims()
        if (c.get("section", "body") == "caption") != bool(CREDIT.search(line_of(c)))
    ]
    assert wrong == []


def test_the_captions_that_add_facts_are_in() -> None:
    captions = {c["id"] for c in claims() if c.get("section") == "caption"}
    assert len(captions) == 7
    city_hall = by_id("csto-request-022")
    assert "tòa thị chính ở Almaty" in city_hall["quote"]
    assert (city_hall["date"], city_hall["kind"]) == ("2022-01-05", "event")
    assert "hơi cay" in by_id("csto-request-025")["quote"]  # tear gas: the body does not say it


def test_no_claim_comes_from_a_cut_off_teaser() -> None:
    # A related-article teaser is cut off: its line ends with '...' (or '...' and a table rule).
    teased = [c["id"] for c in claims() if re.search(r"\.\.\.\s*\|?$", line_of(c))]
    assert teased == []


def test_background_years_are_not_claims() -> None:
    # A year before 2022 in a quote is background unless the claim's note says why it is there.
    for claim in claims():
        for year in re.findall(r"năm (\d{4})", fold(claim["quote"])):
            if year != "2022":
                assert year in (claim.get("note") or ""), claim["id"]
    quotes = " ".join(c["quote"] for c in claims())
    assert "năm 1991" not in quotes and "thành lập năm 2001" not in quotes


def test_a_quote_is_not_a_bare_prepositional_phrase() -> None:
    # 'tại cuộc họp với ...' names an occasion: it belongs to the statement made there.
    occasion = re.compile(r"(?i)tại (cuộc|hội)")
    bare = [c["id"] for c in claims() if occasion.match(fold(c["quote"])) and "," not in c["quote"]]
    assert bare == []
