"""`kzcrisis export annotations`: W3C Web Annotations that re-anchor in the archived articles."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzcrisis.corpus.quotes import Anchor
from kzcrisis.corpus.text import fold_space
from kzcrisis.export.annotations import ni_uri
from tests.conftest import CORPUS, run, run_json


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("anno") / "claims.jsonld"
    result = run("export", "annotations", str(out))
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_every_annotation_reanchors_in_its_archived_article(collection: dict[str, Any]) -> None:
    claims = {c["id"]: c for c in run_json("claims")}
    sources = {s["slug"]: s for s in run_json("sources")}
    items = collection["first"]["items"]
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["total"] == len(items) == len(claims) == 133
    for item in items:
        claim = claims[item["id"].removeprefix("#")]
        source = sources[item["target"]["kzcrisis"]["slug"]]
        raw_bytes = (CORPUS / source["file"]).read_bytes()
        digest = hashlib.sha256(raw_bytes).digest()
        assert item["target"]["source"]["id"] == "ni:///sha-256;" + base64.urlsafe_b64encode(
            digest
        ).decode().rstrip("=")
        raw = raw_bytes.decode("utf-8")
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        assert raw[start:end] == quote["exact"]
        assert raw[:start].endswith(quote["prefix"]) and raw[end:].startswith(quote["suffix"])
        assert fold_space(quote["exact"]) == fold_space(claim["quote"])
        # re-anchor by quote alone, as an annotation tool would: prefix + exact + suffix is found
        assert raw.find(quote["prefix"] + quote["exact"] + quote["suffix"]) == start - len(quote["prefix"])
        assert item["body"] == {
            "type": "TextualBody",
            "value": claim["text_en"],
            "language": "en",
            "format": "text/plain",
            "purpose": "describing",
        }
        assert item["kzcrisis"]["kind"] == claim["kind"]
        assert item["kzcrisis"].get("figures") == claim.get("figures")


def test_a_known_figure_and_quote() -> None:
    items = {i["id"]: i for i in _export("--source", "dantri")["first"]["items"]}
    assert {i.removeprefix("#").split("-")[0] for i in items} == {"dantri"}
    killed = [i for i in items.values() if any(f["count"] == 26 for f in i["kzcrisis"].get("figures", []))]
    assert killed and "26" in killed[0]["target"]["selector"][0]["exact"]


def _export(*filters: str) -> dict[str, Any]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "a.jsonld"
        assert run("export", "annotations", str(out), *filters).exit_code == 0
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return data


def test_anchor_maps_folded_white_space_back_to_raw_positions() -> None:
    raw = "Tiêu đề\n\nHôm 6/1,\u00a0ông   Tokayev\nnói rằng"
    anchor = Anchor(raw)
    start, end = anchor.find("ông Tokayev nói") or (-1, -1)
    assert raw[start:end] == "ông   Tokayev\nnói"
    assert anchor.find("Tokayev nói rằng gì") is None


def test_ni_uri_is_rfc_6920() -> None:
    empty = hashlib.sha256(b"").hexdigest()
    assert ni_uri(empty) == "ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"


_WORDS = st.lists(st.text(alphabet="aăâđeêoơưqn1,.", min_size=1, max_size=5), min_size=1, max_size=12)
_SPACES = st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", "\t \n"]), min_size=12, max_size=12)


@given(_WORDS, _SPACES, st.data())
def test_anchor_finds_every_run_of_words(words: list[str], spaces: list[str], data: st.DataObject) -> None:
    raw = "".join(w + s for w, s in zip(words, spaces, strict=False))
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    quote = " ".join(words[i:j])
    span = Anchor(raw).find(quote)
    assert span is not None
    assert fold_space(raw[span[0] : span[1]]) == quote
