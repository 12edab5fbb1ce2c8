"""Dates by context: every date note names the guide's rule that gave the date (or gave none)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.shipped.data import Claim, by_id, claims, date_rules, fold, languages

CONTEXT_RULES = {"relative-day", "same-sentence", "same-quotation", "same-account", "lead"}
NO_DATE_RULES = {"not-carried", "undated"}


def rule_of(claim: Claim) -> str | None:
    note = claim.get("date_note")
    return note.split(":", 1)[0] if note else None


def names_its_day(claim: Claim) -> bool:
    """The quote writes the claim's day: day/month in Vietnamese ('6/1', '5/1/2022'); the month's
    name and the day in English ('January 7', '7 January', 'Jan. 7')."""
    day = dt.date.fromisoformat(claim["date"])
    quote = fold(claim["quote"])
    if languages()[claim["source"]] == "en":
        month = day.strftime("%B")
        names = rf"(?:{month}|{month[:3]}\.?)"
        pattern = rf"\b{names} {day.day}(?!\d)|(?<!\d){day.day} {names}\b"
        return re.search(pattern, quote) is not None
    return re.search(rf"(?<!\d){day.day}/{day.month}(?!\d)", quote) is not None


def test_the_guide_lists_the_rules_the_tests_know() -> None:
    assert set(date_rules()) == {"own-date"} | CONTEXT_RULES | NO_DATE_RULES


def test_every_date_note_begins_with_a_rule_of_the_guide() -> None:
    rules = set(date_rules())
    wrong = [(c["id"], rule_of(c)) for c in claims() if c.get("date_note") and rule_of(c) not in rules]
    assert not wrong


def test_a_date_the_quote_does_not_write_comes_from_a_context_rule() -> None:
    dated = [c for c in claims() if c["date"] and not names_its_day(c)]
    assert dated, "the corpus has dates by context: this test must see some"
    assert [(c["id"], rule_of(c)) for c in dated if rule_of(c) not in CONTEXT_RULES] == []


def test_own_date_means_the_quote_writes_the_day() -> None:
    own = [c for c in claims() if rule_of(c) == "own-date"]
    assert own
    assert [c["id"] for c in own if not names_its_day(c)] == []


def test_a_null_date_says_why_by_rule() -> None:
    undated = [c for c in claims() if c["date"] is None]
    assert [c["id"] for c in undated if rule_of(c) not in NO_DATE_RULES] == []


def test_cung_after_the_same_speaker_continues_the_dated_statement() -> None:
    # The guide's examples of `same-account` with 'cũng': each one takes the date before it.
    for claim_id, day in [
        ("csto-request-021", "2022-01-05"),
        ("tienphong-020", "2022-01-06"),
        ("tienphong-029", "2022-01-06"),
        ("dantri-008", "2022-01-07"),
    ]:
        claim = by_id(claim_id)
        assert "cũng" in claim["quote"]
        assert (claim["date"], rule_of(claim)) == (day, "same-account"), claim_id


@pytest.mark.parametrize(
    ("claim_id", "rule"),
    [
        ("tienphong-040", "not-carried"),  # 'cũng' after another speaker (Erdogan's office)
        ("sco-20220110-010", "not-carried"),  # 'Tuy nhiên' turns away from the 6 January talks
        ("dantri-009", "not-carried"),  # 'Trước đó': earlier
        ("dantri-005", "not-carried"),  # 'trong khi' with another subject
    ],
)
def test_what_does_not_carry_a_date(claim_id: str, rule: str) -> None:
    claim = by_id(claim_id)
    assert (claim["date"], rule_of(claim)) == (None, rule)
