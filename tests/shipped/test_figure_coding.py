"""Figures: the qualifier read from the words before the number, groups read from the noun after it."""

from __future__ import annotations

import re
from typing import Any

from tests.shipped.data import Claim, by_id, claims, fold, guide_section

Figure = dict[str, Any]

# The words right before a number, as the guide's table reads them (longest first: 'có thể lên tới'
# before 'lên tới').
QUALIFIER_BEFORE = [
    ("có thể lên tới", "projected"),
    ("có thể lên đến", "projected"),
    ("lên tới", "reached"),
    ("lên đến", "reached"),
    ("đạt", "reached"),
    ("khoảng", "about"),
    ("ít nhất", "at_least"),
    ("hơn", "more_than"),
]

# The noun after the number, as the guide's groups read it (longest first).
GROUP_AFTER = [
    ("người biểu tình", "protesters"),
    ("đối tượng", "rioters"),
    ("nhân viên an ninh", "security_forces"),
    ("sĩ quan", "security_forces"),
    ("quân nhân", "security_forces"),
    ("cảnh sát", "security_forces"),
    ("người", "all"),
]


def figures() -> list[tuple[Claim, Figure]]:
    return [(c, f) for c in claims() for f in c.get("figures") or []]


def written(number: int) -> str:
    """How the articles write a number: 5800 as '5.800'."""
    return f"{number:,}".replace(",", ".")


def number_at(quote: str, number: int) -> re.Match[str]:
    found = re.search(rf"(?<![\d.,]){re.escape(written(number))}(?!\d|[.,]\d)", quote)
    assert found, f"{number} not in {quote!r}"
    return found


def first_number(figure: Figure) -> int:
    return int((figure.get("components") or [figure["count"]])[0])


def expected_qualifier(quote: str, figure: Figure) -> str:
    if figure["count"] is None:
        return "dozens" if "hàng chục" in quote.casefold() else "?"
    before = quote[: number_at(quote, first_number(figure)).start()].casefold().rstrip()
    return next((q for words, q in QUALIFIER_BEFORE if before.endswith(words)), "exact")


def test_the_guide_table_names_every_qualifier_the_test_reads() -> None:
    table = guide_section("Figures")
    for words, qualifier in [*QUALIFIER_BEFORE, ("hàng chục", "dozens")]:
        if words.startswith("có thể"):
            assert "`có thể lên tới`" in table
        else:
            assert f"`{words}`" in table, words
        assert f"`{qualifier}`" in table


def test_every_qualifier_is_the_word_before_its_number() -> None:
    checked = figures()
    assert len(checked) >= 10
    wrong = [
        (c["id"], f["qualifier"], expected_qualifier(fold(c["quote"]), f))
        for c, f in checked
        if f["qualifier"] != expected_qualifier(fold(c["quote"]), f)
    ]
    assert wrong == []


def test_len_toi_as_the_verb_of_a_count_is_reached() -> None:
    reached = [(c["id"], f["count"]) for c, f in figures() if f["qualifier"] == "reached"]
    assert ("tokayev-coup-038", 5000) in reached
    projections = [c["id"] for c, f in figures() if f["qualifier"] == "projected"]
    assert projections == ["tokayev-coup-020"]  # 'có thể lên tới 2.500 ... có thể sẽ còn tiếp tục tăng lên'
    assert [c["id"] for c, f in figures() if f["qualifier"] == "up_to"] == []


def test_nguoi_khac_continues_the_group_just_named() -> None:
    seen = 0
    for claim in claims():
        quote, figs = fold(claim["quote"]), claim.get("figures") or []
        for figure in figs:
            if figure["count"] is None:
                continue
            at = number_at(quote, first_number(figure))
            if not quote[at.end() :].startswith(" người khác"):
                continue
            earlier = [
                g
                for g in figs
                if g["count"] is not None and number_at(quote, first_number(g)).end() < at.start()
            ]
            assert earlier, claim["id"]
            named = max(earlier, key=lambda g: number_at(quote, first_number(g)).end())
            assert figure["group"] == named["group"], claim["id"]
            seen += 1
    assert seen >= 1  # dantri-016: '26 người biểu tình ... và 18 người khác bị thương'


def test_groups_are_the_noun_counted() -> None:
    checked = 0
    for claim, figure in figures():
        if figure["metric"] in ("troops", "aircraft"):
            continue
        quote = fold(claim["quote"])
        if figure["count"] is None:
            after = quote.casefold().split("hàng chục", 1)[1].lstrip()
        else:
            after = quote[number_at(quote, first_number(figure)).end() :].casefold().lstrip()
        if after.startswith("người khác"):
            continue  # the rule above
        expected = next((g for noun, g in GROUP_AFTER if after.startswith(noun)), None)
        if figure.get("label"):  # recoded by a group rule: the label is the noun, the note names the rule
            assert after.startswith(figure["label"].casefold()), (claim["id"], after[:30])
            assert figure["note"].startswith(("authorities-total:", "non-security:")), claim["id"]
        else:
            assert figure["group"] == expected, (claim["id"], after[:30])
        checked += 1
    assert checked >= 9


def test_the_group_rules_recode_the_issues_examples() -> None:
    coded = {(c["id"], f["metric"]): (f["group"], f.get("label")) for c, f in figures()}
    # authorities-total: the presidential office's ~5,800 and the ministry's 5,000 are one quantity.
    assert coded["tokayev-coup-016", "detained"] == ("all", "đối tượng tham gia bạo loạn")
    assert coded["tokayev-coup-038", "detained"] == ("all", None)
    # one-count-one-group: the ministry's dead outside the security forces, in both outlets.
    assert coded["dantri-016", "killed"] == ("non_security", "người biểu tình")
    assert coded["tokayev-coup-037", "killed"] == ("non_security", "đối tượng bạo loạn")
    assert by_id("dantri-016")["statement"] == by_id("tokayev-coup-037")["statement"] is not None
    # no figure is left in a group that only a label would tell apart
    assert {g for g, _ in coded.values()} >= {"all", "non_security", "security_forces"}
    assert not {g for g, _ in coded.values()} & {"protesters", "rioters"}
