"""Text rules hold on the decoded values, not the raw bytes: CRLF line ends are JSON white space,
an escaped tag character is still a tag character, a name is one line, an article is NFC."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from kzcrisis.corpus.reading import load_corpus
from kzcrisis.errors import CorpusError
from tests.query.test_compare import write_corpus


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_corpus(folder, [("5.800", 5800, "exact", None)])
    return folder


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(root)
    return [str(p) for p in caught.value.problems]


def test_a_claims_file_with_crlf_line_ends_is_accepted(root: Path) -> None:
    path = root / "claims" / "a.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_bytes(json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\r\n").encode("utf-8"))
    assert b"\r\n" in path.read_bytes()
    assert [c.id for c in load_corpus(root).claims] == ["a-0"]


def test_every_json_file_with_crlf_line_ends_is_accepted(root: Path) -> None:
    for name in ("corpus.json", "sources.json", "entities.json"):
        data = json.loads((root / name).read_text(encoding="utf-8"))
        (root / name).write_bytes(json.dumps(data, indent=2).replace("\n", "\r\n").encode("utf-8"))
    assert load_corpus(root).entities["x"].name == "X"


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\uDB40\\uDC01", "U+E0001"),  # LANGUAGE TAG, as a surrogate pair's two escapes
        ("\\udb40\\udc7f", "U+E007F"),  # CANCEL TAG, lower case
        ("\\uD800", "U+D800"),  # half a pair: not text
        ("\\u202e", "U+202E"),  # RIGHT-TO-LEFT OVERRIDE
        ("\\r", "U+000D"),  # a CR inside a string is still refused
    ],
)
def test_an_escaped_unsafe_character_in_a_string_is_refused(root: Path, escape: str, code: str) -> None:
    path = root / "claims" / "a.json"
    text = path.read_text(encoding="utf-8").replace('"text_en": "t"', f'"text_en": "t{escape}"')
    path.write_text(text, encoding="utf-8")
    assert any(code in p and "claims/a.json:1" in p for p in problems_of(root))


def test_a_tag_character_in_a_key_is_refused(root: Path) -> None:
    path = root / "corpus.json"
    path.write_text(path.read_text(encoding="utf-8")[:-1] + ', "x\\uDB40\\uDC01": 1}', encoding="utf-8")
    assert any("U+E0001" in p for p in problems_of(root))


@pytest.mark.parametrize("field", ["name", "aliases"])
def test_a_line_break_in_an_entity_name_is_refused(root: Path, field: str) -> None:
    entity: dict[str, object] = {"id": "x", "type": "country", "name": "X", "iso": "XX"}
    entity[field] = "X\nnga" if field == "name" else ["X\u2028nga"]
    entities = [entity]
    (root / "entities.json").write_text(json.dumps(entities), encoding="utf-8")
    assert any("must be one line" in p and "[entity x]" in p for p in problems_of(root))


def test_a_line_break_in_a_source_outlet_is_refused(root: Path) -> None:
    sources = json.loads((root / "sources.json").read_text(encoding="utf-8"))
    sources[0]["outlet"] = "A\r\nB"
    (root / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    assert any("must be one line" in p and "(outlet)" in p for p in problems_of(root))


def test_an_article_stored_in_nfd_is_refused_with_a_clear_message(root: Path) -> None:
    article = root / "sources" / "a.txt"
    nfd = unicodedata.normalize("NFD", article.read_text(encoding="utf-8")).encode("utf-8")
    assert nfd != article.read_bytes()  # the Vietnamese text decomposes
    article.write_bytes(nfd)
    sources = json.loads((root / "sources.json").read_text(encoding="utf-8"))
    sources[0]["sha256"] = hashlib.sha256(nfd).hexdigest()
    (root / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    problems = problems_of(root)
    assert any(p.startswith("sources/a.txt: the text is not in Unicode NFC") for p in problems), problems
