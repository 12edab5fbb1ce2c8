"""Hostile and broken corpora (issue 6): every one is refused with exit 1 and a message that
names the file (and the claim id or line where there is one); never a traceback, never a
partial answer presented as complete. Also: corpus files are data only, and no path in a
corpus reaches outside its folder.

Each case copies the real corpus into tmp_path and breaks exactly one thing.
"""

from __future__ import annotations

import ast
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kzcrisis.cli.app import cli

pytestmark = pytest.mark.slow  # a corpus built to be slow or to break things

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kzcrisis"


# --- helpers -------------------------------------------------------------------------------


def _writable(path: Path) -> None:
    """The shipped sources are read-only (0444): make a copy's file writable before breaking it."""
    if path.exists() and not path.is_symlink():
        path.chmod(0o644)


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(path: Path, data: Any) -> None:
    _writable(path)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def sources_of(root: Path) -> list[dict[str, Any]]:
    return list(load(root / "sources.json"))


def source_file(root: Path, slug: str) -> str:
    return str(next(s["file"] for s in sources_of(root) if s["slug"] == slug))


def claims_file(root: Path, slug: str) -> Path:
    return root / "claims" / f"{slug}.json"


def first_claim(root: Path, slug: str, kind: str | None = None, nth: int = 0) -> dict[str, Any]:
    claims = [c for c in load(claims_file(root, slug))["claims"] if kind is None or c["kind"] == kind]
    return dict(claims[nth])


def edit_claim(root: Path, slug: str, claim_id: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = claims_file(root, slug)
    data = load(path)
    for claim in data["claims"]:
        if claim["id"] == claim_id:
            change(claim)
            break
    else:  # pragma: no cover - the corpus changed under the test
        raise AssertionError(f"{claim_id} not in {path}")
    dump(path, data)


def invoke(args: list[str], cache: Path, **env: str | None) -> Result:
    result = CliRunner().invoke(
        cli,
        args,
        env={"KZCRISIS_CACHE_DIR": str(cache), "KZCRISIS_CORPUS": None, "KZCRISIS_NO_CACHE": None, **env},
    )
    # Anything but a clean exit is a crash: CliRunner catches it, the user would see a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"kzcrisis {' '.join(args)} crashed: {result.exc_info!r}\n{result.output}"
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@dataclass
class Expect:
    """What the message must name; `line` goes as 'file:line'."""

    file: str
    claim: str | None = None
    line: int | None = None
    words: tuple[str, ...] = ()
    also: tuple[str, ...] = field(default_factory=tuple)  # further files that must be named

    def check(self, text: str, where: str) -> None:
        located = f"{self.file}:{self.line}" if self.line is not None else self.file
        assert located in text, f"{where} does not name {located!r}:\n{text}"
        if self.claim:
            assert f"[claim {self.claim}]" in text, f"{where} does not name claim {self.claim}:\n{text}"
        for word in (*self.words, *self.also):
            assert word in text, f"{where} lacks {word!r}:\n{text}"


# --- the breakers: each breaks ONE thing and says what the message must name ---------------

Breaker = Callable[[Path], Expect]


def missing_folder(root: Path) -> Expect:
    shutil.rmtree(root)
    return Expect(str(root), words=("not found",))


def empty_folder(root: Path) -> Expect:
    shutil.rmtree(root)
    root.mkdir()
    return Expect("corpus.json", words=("not found",), also=("sources.json", "entities.json", "claims/"))


def missing_manifest(root: Path) -> Expect:
    (root / "corpus.json").unlink()
    return Expect("corpus.json", words=("not found",))


def missing_claims_folder(root: Path) -> Expect:
    shutil.rmtree(root / "claims")
    return Expect("claims/", words=("not found",))


def claims_not_utf8(root: Path) -> Expect:
    path = claims_file(root, "dantri")
    raw = path.read_bytes()
    at = raw.index("ư".encode())  # the first Vietnamese letter: inside a quote, a few lines down
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1 :])
    return Expect("claims/dantri.json", line=raw[:at].count(b"\n") + 1, words=("UTF-8",))


def source_text_not_utf8(root: Path) -> Expect:
    rel = source_file(root, "sco-20220110")
    path = root / rel
    _writable(path)
    path.write_bytes(path.read_bytes() + b"\n\xc0\xaf latin-1 caf\xe9\n")
    return Expect(rel, words=("UTF-8",))


def invalid_json(root: Path) -> Expect:
    path = claims_file(root, "tienphong")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[2].strip() == '"claims": ['
    lines.insert(3, "    oops,\n")  # line 4
    path.write_text("".join(lines), encoding="utf-8")
    return Expect("claims/tienphong.json", line=4, words=("invalid JSON",))


def truncated_json(root: Path) -> Expect:
    path = claims_file(root, "sco-20220110")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2].rsplit(b"\n", 1)[0] + b"\n")
    return Expect("claims/sco-20220110.json", words=("invalid JSON",))


def missing_field(root: Path) -> Expect:
    claim = first_claim(root, "dantri", nth=2)
    edit_claim(root, "dantri", claim["id"], lambda c: c.pop("text_en"))
    return Expect("claims/dantri.json", claim=claim["id"], words=("text_en",))


def wrong_type(root: Path) -> Expect:
    claim = first_claim(root, "dantri", nth=3)
    edit_claim(root, "dantri", claim["id"], lambda c: c.update(quote=42))
    return Expect("claims/dantri.json", claim=claim["id"], words=("quote",))


def wrong_type_list(root: Path) -> Expect:
    claim = first_claim(root, "tokayev-coup", "reaction")
    edit_claim(root, "tokayev-coup", claim["id"], lambda c: c.update(actors="russia"))
    return Expect("claims/tokayev-coup.json", claim=claim["id"], words=("actors",))


def bad_date(root: Path) -> Expect:
    claim = first_claim(root, "dantri", nth=1)
    edit_claim(root, "dantri", claim["id"], lambda c: c.update(date="2022-13-45"))
    return Expect("claims/dantri.json", claim=claim["id"], words=("date",))


def sources_not_a_list(root: Path) -> Expect:
    dump(root / "sources.json", {s["slug"]: s for s in sources_of(root)})
    return Expect("sources.json", words=("list",))


def claims_file_not_an_object(root: Path) -> Expect:
    dump(claims_file(root, "dantri"), load(claims_file(root, "dantri"))["claims"])
    return Expect("claims/dantri.json", words=('"source" and "claims"',))


def unknown_kind(root: Path) -> Expect:
    claim = first_claim(root, "dantri", nth=4)
    edit_claim(root, "dantri", claim["id"], lambda c: c.update(kind="rumour"))
    return Expect("claims/dantri.json", claim=claim["id"], words=("rumour",))


def unknown_field(root: Path) -> Expect:
    claim = first_claim(root, "csto-request")
    edit_claim(root, "csto-request", claim["id"], lambda c: c.update(confidence=0.9))
    return Expect("claims/csto-request.json", claim=claim["id"], words=("confidence",))


def duplicate_ids(root: Path) -> Expect:
    first, second = first_claim(root, "dantri", nth=5), first_claim(root, "dantri", nth=6)
    edit_claim(root, "dantri", second["id"], lambda c: c.update(id=first["id"]))
    return Expect("claims/dantri.json", claim=first["id"], words=("duplicate",))


def duplicate_ids_across_files(root: Path) -> Expect:
    taken = first_claim(root, "dantri")["id"]
    victim = first_claim(root, "sco-20220110")["id"]
    edit_claim(root, "sco-20220110", victim, lambda c: c.update(id=taken))
    return Expect("claims/sco-20220110.json", claim=taken, words=("duplicate", "claims/dantri.json"))


def duplicate_source_slug(root: Path) -> Expect:
    sources = sources_of(root)
    dump(root / "sources.json", [*sources, dict(sources[0])])
    return Expect("sources.json", words=("duplicate", sources[0]["slug"]))


def quote_not_in_source(root: Path) -> Expect:
    claim = first_claim(root, "dantri", "reaction")
    edit_claim(root, "dantri", claim["id"], lambda c: c.update(quote=c["quote"] + " (thêm bớt)"))
    return Expect("claims/dantri.json", claim=claim["id"], words=("quote not found",))


def number_not_in_quote(root: Path) -> Expect:
    claim = next(
        c
        for c in load(claims_file(root, "dantri"))["claims"]
        if c["kind"] == "casualty" and not c["figures"][0].get("components")
    )
    wrong = claim["figures"][0]["count"] + 977

    def change(c: dict[str, Any]) -> None:
        c["figures"][0]["count"] = wrong

    edit_claim(root, "dantri", claim["id"], change)
    return Expect("claims/dantri.json", claim=claim["id"], words=(str(wrong),))


def dangling_entity(root: Path) -> Expect:
    claim = first_claim(root, "dantri", "reaction")
    edit_claim(root, "dantri", claim["id"], lambda c: c["actors"].append("atlantis"))
    return Expect("claims/dantri.json", claim=claim["id"], words=("atlantis",))


def dangling_speaks_for(root: Path) -> Expect:
    entities = load(root / "entities.json")
    person = next(e for e in entities if e["type"] == "person")
    person["speaks_for"] = "ghost-republic"
    dump(root / "entities.json", entities)
    return Expect("entities.json", words=("ghost-republic", person["id"]))


def unknown_source_slug(root: Path) -> Expect:
    path = claims_file(root, "sco-20220110")
    data = load(path)
    data["source"] = "nowhere-news"
    for claim in data["claims"]:
        claim["source"] = "nowhere-news"
    dump(path, data)
    return Expect("claims/sco-20220110.json", claim=data["claims"][0]["id"], words=("nowhere-news",))


def source_changed(root: Path) -> Expect:
    rel = source_file(root, "dantri")
    path = root / rel
    _writable(path)
    path.write_text(
        path.read_text(encoding="utf-8") + "\nMột câu được thêm sau khi lưu trữ.\n", encoding="utf-8"
    )
    return Expect(rel, words=("sha256",))


def source_missing(root: Path) -> Expect:
    rel = source_file(root, "tokayev-coup")
    (root / rel).unlink()
    return Expect(rel, words=("cannot read",))


def symlink_loop(root: Path) -> Expect:
    (root / "claims" / "loop-a.json").symlink_to("loop-b.json")
    (root / "claims" / "loop-b.json").symlink_to("loop-a.json")
    return Expect("claims/loop-a.json", words=("symbolic link",), also=("claims/loop-b.json",))


def claims_folder_is_a_symlink_loop(root: Path) -> Expect:
    shutil.rmtree(root / "claims")
    (root / "claims").symlink_to("claims")
    return Expect("claims/")


def a_directory_named_json(root: Path) -> Expect:
    (root / "claims" / "extra.json").mkdir()
    return Expect("claims/extra.json", words=("is a folder",))


def big_claims_file(root: Path) -> Expect:
    with (root / "claims" / "huge.json").open("wb") as handle:
        handle.truncate(50 * 2**20)  # 50 MB (sparse: cheap to make, still 50 MB to read)
    return Expect("claims/huge.json", words=("larger than",))


def big_source_file(root: Path) -> Expect:
    rel = source_file(root, "csto-request")
    path = root / rel
    _writable(path)
    with path.open("ab") as handle:
        handle.write(b"\n")
        handle.truncate(50 * 2**20)
    return Expect(rel, words=("larger than",))


def deeply_nested(root: Path) -> Expect:
    depth = 100_000
    (root / "claims" / "deep.json").write_text("[" * depth + "]" * depth, encoding="utf-8")
    return Expect("claims/deep.json", words=("nested",))


def deeply_nested_entities(root: Path) -> Expect:
    depth = 50_000
    (root / "entities.json").write_text('{"a":' * depth + "1" + "}" * depth, encoding="utf-8")
    return Expect("entities.json", words=("nested",))


def yaml_tag_in_claims(root: Path) -> Expect:
    marker = root.parent / "PWNED-yaml"
    claims_file(root, "dantri").write_text(
        f'!!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    return Expect("claims/dantri.json", words=("invalid JSON",))


def pickle_in_claims(root: Path) -> Expect:
    claims_file(root, "dantri").write_bytes(pickle.dumps(_Payload(root.parent / "PWNED-pickle")))
    return Expect("claims/dantri.json")


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def path_traversal(root: Path) -> Expect:
    sources = sources_of(root)
    sources[0]["file"] = "../../../../../../etc/passwd"
    dump(root / "sources.json", sources)
    return Expect("sources.json", words=(sources[0]["slug"], "../../../../../../etc/passwd", "outside"))


def absolute_source_path(root: Path) -> Expect:
    sources = sources_of(root)
    sources[1]["file"] = "/etc/passwd"
    dump(root / "sources.json", sources)
    return Expect("sources.json", words=(sources[1]["slug"], "/etc/passwd", "outside"))


def symlink_escaping_corpus(root: Path) -> Expect:
    # Same bytes, so the sha256 matches: only the location is wrong, and that must be enough.
    rel = source_file(root, "dantri")
    outside = root.parent / "outside-the-corpus.txt"
    outside.write_bytes((root / rel).read_bytes())
    (root / rel).unlink()
    (root / rel).symlink_to(outside)
    return Expect("sources.json", words=("dantri", rel, "outside"))


CASES: dict[str, Breaker] = {
    f.__name__: f
    for f in (
        missing_folder,
        empty_folder,
        missing_manifest,
        missing_claims_folder,
        claims_not_utf8,
        source_text_not_utf8,
        invalid_json,
        truncated_json,
        missing_field,
        wrong_type,
        wrong_type_list,
        bad_date,
        sources_not_a_list,
        claims_file_not_an_object,
        unknown_kind,
        unknown_field,
        duplicate_ids,
        duplicate_ids_across_files,
        duplicate_source_slug,
        quote_not_in_source,
        number_not_in_quote,
        dangling_entity,
        dangling_speaks_for,
        unknown_source_slug,
        source_changed,
        source_missing,
        symlink_loop,
        claims_folder_is_a_symlink_loop,
        a_directory_named_json,
        big_claims_file,
        big_source_file,
        deeply_nested,
        deeply_nested_entities,
        yaml_tag_in_claims,
        pickle_in_claims,
        path_traversal,
        absolute_source_path,
        symlink_escaping_corpus,
    )
}


@pytest.fixture
def broken(request: pytest.FixtureRequest, corpus_copy: Path) -> tuple[Path, Expect]:
    """conftest's `corpus_copy` (a copy of the real corpus in tmp_path), broken in one way."""
    return corpus_copy, CASES[request.param](corpus_copy)


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("broken", list(CASES), indirect=True)
def test_validate_names_the_problem(broken: tuple[Path, Expect], tmp_path: Path) -> None:
    root, expect = broken
    result = invoke(["validate", "--corpus", str(root)], tmp_path / "cache")
    assert result.exit_code == 1, result.output
    expect.check(result.stdout, "validate's stdout")
    assert "problem(s)" in result.stderr


@pytest.mark.parametrize("broken", list(CASES), indirect=True)
def test_validate_json_lists_the_problem(broken: tuple[Path, Expect], tmp_path: Path) -> None:
    root, expect = broken
    result = invoke(["validate", "--json", "--corpus", str(root)], tmp_path / "cache")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)
    assert problems, "validate --json printed no problem for a broken corpus"
    assert any(p["file"] == expect.file or p["file"].startswith(expect.file) for p in problems), problems
    if expect.claim:
        assert any(p["claim"] == expect.claim for p in problems), problems
    if expect.line is not None:
        assert any(p["line"] == expect.line for p in problems), problems


@pytest.mark.parametrize("broken", list(CASES), indirect=True)
def test_query_refuses_with_no_partial_answer(broken: tuple[Path, Expect], tmp_path: Path) -> None:
    root, expect = broken
    cache = tmp_path / "cache"
    result = invoke(["claims", "--json", "--corpus", str(root)], cache)
    assert result.exit_code == 1, result.output
    assert result.stdout == "", "a partial answer was printed for a broken corpus"
    expect.check(result.stderr, "claims' stderr")
    # The same through KZCRISIS_CORPUS, in the table format.
    result = invoke(["reactions"], cache, KZCRISIS_CORPUS=str(root))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    expect.check(result.stderr, "reactions' stderr (KZCRISIS_CORPUS)")
    # A corpus that failed to load leaves no index behind to be served later.
    if cache.exists():
        assert not list(cache.glob("*.sqlite"))


@pytest.mark.parametrize("name", ["symlink_loop", "deeply_nested", "claims_not_utf8", "big_claims_file"])
def test_console_script_refuses_cleanly(name: str, tmp_path: Path, corpus_copy: Path) -> None:
    """Through the real entry point (main(), in a process), not just the click group."""
    root = corpus_copy
    expect = CASES[name](root)
    env = {**os.environ, "KZCRISIS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("KZCRISIS_CORPUS", None)
    for args, stream in (
        (["validate", "--corpus", str(root)], "stdout"),
        (["search", "nga", "--json", "--corpus", str(root)], "stderr"),
    ):
        proc = subprocess.run(
            [*_kzcrisis_command(), *args], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        assert proc.returncode == 1, proc
        assert "Traceback" not in proc.stdout + proc.stderr
        expect.check(getattr(proc, stream), f"kzcrisis {args[0]} {stream}")
        if args[0] != "validate":
            assert proc.stdout == ""


def _kzcrisis_command() -> list[str]:
    """`python -m kzcrisis` when the package has a __main__, else the console script."""
    if (PACKAGE / "__main__.py").exists():
        return [sys.executable, "-m", "kzcrisis"]
    script = Path(sys.executable).parent / "kzcrisis"
    assert script.exists(), f"no console script at {script}"
    return [str(script)]


@pytest.mark.parametrize("name", ["source_changed", "quote_not_in_source", "duplicate_ids", "symlink_loop"])
def test_warm_cache_never_masks_a_broken_corpus(name: str, tmp_path: Path, corpus_copy: Path) -> None:
    """Break a corpus whose index is already cached: the cache must not answer for it."""
    root = corpus_copy
    cache = tmp_path / "cache"
    good = invoke(["claims", "--json", "--corpus", str(root)], cache)
    assert good.exit_code == 0, good.output
    assert len(json.loads(good.stdout)) > 100
    assert list(cache.glob("*.sqlite")), "the good corpus was not cached"
    expect = CASES[name](root)
    result = invoke(["claims", "--json", "--corpus", str(root)], cache)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    expect.check(result.stderr, "claims' stderr")


# --- safety: data only, nothing outside the corpus -----------------------------------------


@pytest.mark.parametrize("name", ["yaml_tag_in_claims", "pickle_in_claims"])
def test_payloads_in_claim_files_are_not_executed(name: str, tmp_path: Path, corpus_copy: Path) -> None:
    root = corpus_copy
    CASES[name](root)
    for args in (["validate", "--corpus", str(root)], ["claims", "--corpus", str(root)]):
        assert invoke(args, tmp_path / "cache").exit_code == 1
    assert not list(tmp_path.glob("PWNED-*")), "a payload in a corpus file was executed"


def test_non_json_files_beside_the_claims_are_never_loaded(tmp_path: Path, corpus_copy: Path) -> None:
    """YAML, pickle and Python files dropped into claims/ are ignored; code in a string stays text."""
    root = corpus_copy
    marker = tmp_path / "PWNED"
    (root / "claims" / "evil.yaml").write_text(
        f'!!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    (root / "claims" / "evil.pkl").write_bytes(pickle.dumps(_Payload(marker)))
    (root / "claims" / "evil.py").write_text(f"import os; os.system('touch {marker}')\n", encoding="utf-8")
    code = f"__import__('os').system('touch {marker}')"
    claim = first_claim(root, "dantri", "reaction")
    edit_claim(root, "dantri", claim["id"], lambda c: c.update(note=code, text_en=c["text_en"] + " {{7*7}}"))
    cache = tmp_path / "cache"
    assert invoke(["validate", "--corpus", str(root)], cache).exit_code == 0
    result = invoke(["show", claim["id"], "--json", "--corpus", str(root)], cache)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)["claim"]
    assert record["note"] == code
    assert record["text_en"].endswith(" {{7*7}}")
    assert not marker.exists(), "code in the corpus was executed"


_FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "yaml", "ruamel", "jsonpickle"}
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_package_has_no_code_loading_parser(module: str) -> None:
    """Corpus files are parsed as data only: no pickle, no YAML, no eval anywhere in kzcrisis."""
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"), filename=module)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names = {(node.module or "").split(".")[0]}
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in _FORBIDDEN_CALLS, f"{module}:{node.lineno} calls {node.func.id}()"
            continue
        else:
            continue
        assert not names & _FORBIDDEN_MODULES, f"{module}:{node.lineno} imports {names & _FORBIDDEN_MODULES}"


def test_traversal_never_reads_the_outside_file(tmp_path: Path, corpus_copy: Path) -> None:
    """A source path leaving the corpus is refused before it is read: its text never shows."""
    root = corpus_copy
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT\n", encoding="utf-8")
    sources = sources_of(root)
    sources[0]["file"] = os.path.relpath(secret, root)
    dump(root / "sources.json", sources)
    cache = tmp_path / "cache"
    for args in (
        ["validate", "--corpus", str(root)],
        ["show", first_claim(root, sources[0]["slug"])["id"], "--corpus", str(root)],
    ):
        result = invoke(args, cache)
        assert result.exit_code == 1, result.output
        assert "TOP-SECRET-CONTENT" not in result.output
        assert "outside" in result.output
        assert sources[0]["slug"] in result.output
