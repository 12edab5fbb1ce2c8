"""Every face answers every question of tests/agreement.py as the command line does.

The CLI (--json) is the reference; the Python API, SQL over `export sqlite`, Datasette's JSON API
over it and SQL over `export parquet` must give the same claim ids, figures and bounds, on the
shipped corpus and on a synthetic one (bench/generate.py). A question one face refuses (a name
the corpus does not have) every face refuses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import kzcrisis
from kzcrisis.errors import UsageError
from tests import agreement
from tests.agreement import QUESTIONS, Answer, Question
from tests.conftest import CORPUS, generate_corpus, run

REFUSED = "refused"
Result = Answer | str


@dataclass
class Faces:
    """One corpus, exported and served: what each face reads."""

    corpus: Path
    db: Path
    sqlite: sqlite3.Connection
    parquet: sqlite3.Connection
    database: str
    answers: dict[tuple[str, str], Result] = field(default_factory=dict)  # the CLI's, asked once
    server: Any = None  # Datasette over `db`, started when first asked (the quick loop never asks)
    base: str = ""

    @property
    def datasette(self) -> str:
        if self.server is None:
            self.server, self.base = agreement.start_datasette(self.db)
        return self.base

    def cli(self, question: Question) -> Result:
        key = (question.name, repr(question.named))
        if key not in self.answers:
            self.answers[key] = self._cli(question)
        return self.answers[key]

    def _cli(self, question: Question) -> Result:
        import json

        result = run(*agreement.argv(question), "--json", "--corpus", str(self.corpus))
        if result.exit_code == 2:
            return REFUSED
        assert result.exit_code == 0, result.output
        return agreement.answer_of(question.command, json.loads(result.stdout))

    def api(self, question: Question) -> Result:
        with kzcrisis.open_corpus(self.corpus) as kz:
            try:
                return agreement.ask_api(kz, question)
            except UsageError:
                return REFUSED

    def sql(self, question: Question) -> Result:
        return _or_refused(lambda: agreement.ask_sql(self.sqlite, question))

    def datasette_json(self, question: Question) -> Result:
        return _or_refused(
            lambda: agreement.ask_datasette(self.datasette, self.database, self.sqlite, question)
        )

    def parquet_sql(self, question: Question) -> Result:
        return _or_refused(lambda: agreement.ask_sql(self.parquet, question))


def _or_refused(ask: Callable[[], Answer]) -> Result:
    try:
        return ask()
    except KeyError:  # a name the export's tables do not hold
        return REFUSED


def _faces(tmp: Path, corpus: Path) -> Iterator[Faces]:
    db, tables = tmp / "kz.db", tmp / "parquet"
    for fmt, out in (("sqlite", db), ("parquet", tables)):
        result = run("export", fmt, str(out), "--corpus", str(corpus))
        assert result.exit_code == 0, result.output
    conn, parquet = sqlite3.connect(db), agreement.parquet_into_sqlite(tables)
    faces = Faces(corpus, db, conn, parquet, "kz")
    try:
        yield faces
    finally:
        if faces.server is not None:
            agreement.stop(faces.server)
        conn.close()
        parquet.close()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faces]:
    yield from _faces(tmp_path_factory.mktemp("shipped"), CORPUS)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faces]:
    tmp = tmp_path_factory.mktemp("synthetic")
    yield from _faces(tmp, generate_corpus(tmp / "corpus", 2000, seed=11, per_source=100))


# Datasette (a server) and the synthetic corpus (generated, exported) are the slow part: `make quick`
# asks the shipped corpus through the API and the two SQL exports.
FACES = ("api", "sql", pytest.param("datasette_json", marks=pytest.mark.slow), "parquet_sql")


def _agree(faces: Faces, question: Question, face: str) -> Result:
    if face == "parquet_sql" and question.command == "search":
        pytest.skip("Parquet holds no word index: search is the SQLite export's (claims_fts)")
    expected = faces.cli(question)
    assert getattr(faces, face)(question) == expected
    return expected


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_the_shipped_corpus_gets_one_answer(shipped: Faces, question: Question, face: str) -> None:
    expected = _agree(shipped, question, face)
    assert expected != REFUSED  # every question is about the shipped corpus's names


@pytest.mark.slow
@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_a_synthetic_corpus_gets_one_answer(synthetic: Faces, question: Question, face: str) -> None:
    _agree(synthetic, question, face)


@pytest.mark.slow  # the synthetic corpus
def test_the_questions_have_answers(shipped: Faces, synthetic: Faces) -> None:
    """The table asks real questions: most have claims to agree on, on both corpora."""
    for faces, floor in ((shipped, 0.9), (synthetic, 0.6)):
        answers = [faces.cli(q) for q in QUESTIONS]
        found = [a for a in answers if isinstance(a, Answer) and a.ids]
        assert len(found) >= floor * len(QUESTIONS), [q.name for q, a in zip(QUESTIONS, answers, strict=True)]
    assert len(QUESTIONS) >= 40


def test_the_shipped_answers_hold_known_facts(shipped: Faces) -> None:
    by_name = {q.name: q for q in QUESTIONS}
    armenia = shipped.cli(by_name["country-armenia"])
    assert isinstance(armenia, Answer) and armenia.ids
    # Pashinyan speaking as chair of the CSTO Council speaks for the CSTO, not for Armenia.
    assert not {"csto-request-005", "csto-request-006", "csto-request-007"} & set(armenia.ids)
    nga = shipped.cli(by_name["search-nga"])
    assert isinstance(nga, Answer) and len(nga.ids) == 31
    spellings = [
        shipped.cli(by_name[n]) for n in ("country-en", "country-vi", "country-vi-lower", "country-iso")
    ]
    assert all(s == spellings[0] for s in spellings)
    china = [shipped.cli(by_name[n]) for n in ("country-china-plain", "country-china-marks")]
    assert china[0] == china[1]
    figures = shipped.cli(by_name["figures"])
    assert isinstance(figures, Answer) and len(figures.figures) >= 14


@pytest.mark.parametrize("role", ["country", "actor"])
def test_every_entity_has_the_clis_claims_in_the_export(shipped: Faces, role: str) -> None:
    """The export's `countries` is what --country matches, `parties` what --actor matches, for every
    entity of the shipped corpus (not only those the question table names)."""
    column = "countries" if role == "country" else "parties"
    with kzcrisis.open_corpus() as kz:
        entities = kz.entities("country" if role == "country" else None)
    assert len(entities) >= (14 if role == "country" else 60)
    answered = 0
    for entity in entities:
        question = Question(f"{role}-{entity['id']}", "claims", {role: entity["id"]})
        expected = shipped.cli(question)
        assert isinstance(expected, Answer)
        sql = f"SELECT c.id FROM claims c, json_each(c.{column}) j WHERE j.value = ? ORDER BY c.seq"
        for conn in (shipped.sqlite, shipped.parquet):
            assert tuple(r[0] for r in conn.execute(sql, (entity["id"],))) == expected.ids, entity["id"]
        answered += bool(expected.ids)
    assert answered >= (8 if role == "country" else 40)


def test_the_exports_bounds_are_the_clis(shipped: Faces) -> None:
    """Every figure's low and high in the export are `kzcrisis figures`'s, rounding included:
    'about 5,800' allows 5,220 to 6,380, not 6380.000000000001."""
    import json

    printed = json.loads(run("figures", "--json").stdout)
    rows = shipped.sqlite.execute(
        "SELECT f.claim, f.low, f.high FROM figures f JOIN claims c ON c.id = f.claim "
        "ORDER BY c.seq, f.position"
    ).fetchall()
    assert [(r["claim"], r["low"], r["high"]) for r in printed] == [tuple(r) for r in rows]
    assert any(r["count"] == 5800 and r["qualifier"] == "about" and r["high"] == 6380 for r in printed)


def test_the_site_gets_compares_verdicts(tmp_path: Path) -> None:
    """The static site's quantity pages show `kzcrisis compare`'s verdicts (one comparison)."""
    import json
    import re

    out = tmp_path / "site"
    assert run("export", "html", str(out)).exit_code == 0
    verdicts = {
        f"{q['metric']}-{q['group']}".replace("_", "-"): q["verdict"]
        for q in json.loads(run("compare", "--json").stdout)
    }
    assert len(verdicts) >= 5
    for slug, verdict in verdicts.items():
        page = (out / "quantities" / f"{slug}.html").read_text(encoding="utf-8")
        assert re.search(rf"\b{verdict}\b", page), slug


def test_the_api_is_as_strict_as_the_cli() -> None:
    """A typo is refused by the API with the CLI's own words, not answered with []."""
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"kind": "casualties"}, ["--kind", "casualties"], "Did you mean: casualty?"),
        ({"stance": "concern"}, ["--stance", "concern"], "Did you mean: expresses_concern?"),
        ({"section": "cap"}, ["--section", "cap"], "Did you mean: caption?"),
        ({"limit": -1}, ["--limit", "-1"], "-1 is not a whole number from 0"),
        ({"undated": "no"}, ["--undated", "no"], "'no' is not one of include, exclude, only."),
        ({"country": "Rusia"}, ["--country", "Rusia"], "Did you mean: Russia?"),
        ({"source": "dantr"}, ["--source", "dantr"], "Did you mean: dantri?"),
        # a day is YYYY-MM-DD on both: not the other forms Python's date parser reads
        ({"since": "20220106"}, ["--since", "20220106"], "'20220106' is not a date: expected YYYY-MM-DD"),
        (
            {"until": "2022-W01-4"},
            ["--until", "2022-W01-4"],
            "'2022-W01-4' is not a date: expected YYYY-MM-DD",
        ),
        (
            {"since": "2022-02-30"},
            ["--since", "2022-02-30"],
            "'2022-02-30' is not a date: expected YYYY-MM-DD",
        ),
    ]
    with kzcrisis.open_corpus() as kz:
        for named, args, words in cases:
            with pytest.raises(UsageError) as caught:
                kz.claims(**named)
            assert words in str(caught.value)
            assert isinstance(caught.value, ValueError)
            result = run("claims", *args)
            assert result.exit_code == 2
            assert words in result.stderr
            detail = getattr(caught.value, "detail", str(caught.value))
            assert " ".join(detail.split()) in " ".join(result.stderr.split())
        bad_limits: list[Any] = [2.5, True, -3, "7"]
        for bad in bad_limits:
            with pytest.raises(kzcrisis.InvalidChoice):
                kz.claims(limit=bad)
        # a value of the wrong type is refused by its argument's name, not with a TypeError
        wrong_types: list[dict[str, Any]] = [{"kind": 5}, {"kind": ["reaction", 3]}, {"since": 5}]
        for named in wrong_types:
            with pytest.raises(kzcrisis.InvalidChoice, match=f"^{next(iter(named))}: "):
                kz.claims(**named)
        with pytest.raises(kzcrisis.InvalidChoice, match="Did you mean: killed"):
            kz.figures(metric="kiled")
        with pytest.raises(kzcrisis.InvalidChoice, match="Did you mean: security_forces"):
            kz.compare(group="security_force")
        with pytest.raises(kzcrisis.InvalidChoice, match="Did you mean: country"):
            kz.entities("countries")
