"""The same statement across outlets, on the shipped corpus: links, twins, corroborated claims."""

from __future__ import annotations

from collections import defaultdict

from tests.conftest import run, run_json
from tests.shipped.data import by_id, claims


def statements() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for claim in claims():
        if claim.get("statement"):
            out[claim["statement"]].append(claim["id"])
    return dict(out)


def test_the_issues_examples_are_linked() -> None:
    # Blinken's remark on Russian troops, reported by Dân trí and by the SCO article.
    assert by_id("dantri-001")["statement"] == by_id("sco-20220110-006")["statement"] is not None
    # The 18 security personnel killed: Dân trí and the Interior Ministry's figures of tokayev-coup.
    assert by_id("dantri-017")["statement"] == by_id("tokayev-coup-036")["statement"] is not None


def test_every_record_carries_its_twins() -> None:
    records = {r["id"]: r for r in run_json("claims")}
    links = statements()
    assert len(links) >= 10
    for members in links.values():  # in corpus order, as the index stores them
        for claim_id in members:
            assert records[claim_id]["twins"] == [m for m in members if m != claim_id]
    unlinked = [r for r in records.values() if not r["statement"]]
    assert unlinked and all(r["twins"] == [] for r in unlinked)


def test_min_outlets_two_lists_the_corroborated_claims() -> None:
    found = {r["id"] for r in run_json("claims", "--min-outlets", "2")}
    assert found == {claim_id for members in statements().values() for claim_id in members}
    assert run_json("claims", "--min-outlets", "1") == run_json("claims")


def test_show_puts_the_other_articles_words_side_by_side() -> None:
    result = run("show", "dantri-007", env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "The same statement in 3 reports" in result.output  # dantri-006, -007 and the SCO article
    assert "sco-20220110-011" in result.output
    assert "hoàn toàn có đủ năng lực" in result.output  # the SCO article's own words


def test_sources_count_the_statements_pairs_of_articles_share() -> None:
    shared = {r["slug"]: r["shared_statements"] for r in run_json("sources")}
    pairs: dict[frozenset[str], set[str]] = defaultdict(set)
    for statement, members in statements().items():
        sources = {by_id(m)["source"] for m in members}
        for a in sources:
            for b in sources - {a}:
                pairs[frozenset((a, b))].add(statement)
    for slug, others in shared.items():
        for other, n in others.items():
            assert n == len(pairs[frozenset((slug, other))])
    assert shared["dantri"]["tokayev-coup"] >= 3
