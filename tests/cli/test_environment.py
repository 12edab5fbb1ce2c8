"""The environment (issue 6): C locale, NO_COLOR, a 20-column terminal, stdout closed early,
stdout on a full disk, a read-only install with no writable cache; and nothing lost: the cache
is written atomically (temporary file + rename), never inside the corpus, and a writer killed
midway leaves the previous cache intact.

These run kzcrisis as a real process: `python -m kzcrisis` (or the console script when the
package has no __main__), each with its own cache folder.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kzcrisis.cli.app import cli

pytestmark = pytest.mark.slow  # a subprocess per case

ROOT = Path(__file__).resolve().parents[2]
REAL_CORPUS = ROOT / "corpus"
PACKAGE = ROOT / "kzcrisis"


def kzcrisis_command() -> list[str]:
    if (PACKAGE / "__main__.py").exists():
        return [sys.executable, "-m", "kzcrisis"]
    return [str(Path(sys.executable).parent / "kzcrisis")]


KZ = kzcrisis_command()
_INHERITED_OUT = (
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "PYTHONCOERCECLOCALE",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "TERM",
    "CLICOLOR_FORCE",
    "KZCRISIS_DEBUG",
)


def clean_env(cache: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KZCRISIS_") and k not in _INHERITED_OUT}
    if cache is not None:
        env["KZCRISIS_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def kz(
    *args: str, env: dict[str, str], timeout: float = 60, **popen: Any
) -> subprocess.CompletedProcess[bytes]:
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([*KZ, *args], env=env, timeout=timeout, check=False, **popen)


def no_crash(*streams: bytes) -> None:
    for stream in streams:
        for bad in (b"Traceback", b"Exception ignored", b"internal error"):
            assert bad not in stream, stream.decode("utf-8", "replace")


def copy_corpus(target: Path) -> Path:
    shutil.copytree(REAL_CORPUS, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One corpus copy with a warm cache, and its records (the expected answers)."""
    base = tmp_path_factory.mktemp("env")
    corpus = copy_corpus(base / "corpus")
    cache = base / "cache"
    env = clean_env(cache, KZCRISIS_CORPUS=str(corpus))
    proc = kz("claims", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    return {
        "corpus": corpus,
        "cache": cache,
        "env": env,
        "records": records,
        "by_id": {r["id"]: r for r in records},
    }


def first(shared: dict[str, Any], **where: Any) -> dict[str, Any]:
    return next(r for r in shared["records"] if all(r.get(k) == v for k, v in where.items()))


# --- locale --------------------------------------------------------------------------------

LOCALES = {
    "C": {"LANG": "C", "LC_ALL": "C"},
    "POSIX": {"LANG": "POSIX", "LC_ALL": "POSIX"},
    "C-no-utf8-mode": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


@pytest.mark.parametrize("locale", list(LOCALES))
def test_vietnamese_output_under_the_c_locale(shared: dict[str, Any], locale: str) -> None:
    env = {**shared["env"], **LOCALES[locale], "COLUMNS": "100"}
    record = first(shared, source="dantri", kind="reaction")
    as_json = kz("show", record["id"], "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    no_crash(as_json.stdout, as_json.stderr)
    shown = json.loads(as_json.stdout.decode("utf-8"))["claim"]  # strict UTF-8, not '?' or escapes
    assert shown["quote"] == record["quote"]
    table = kz("show", record["id"], env=env)
    assert table.returncode == 0, table.stderr
    no_crash(table.stdout, table.stderr)
    text = table.stdout.decode("utf-8")
    for word in record["quote"].split():
        assert word.strip('"“”.,') in text, f"{word!r} of the quote is missing under LC_ALL={locale}"
    # An error message under the C locale: one readable line, exit 2.
    unknown = kz("reactions", "--country", "Atlantis", env=env)
    assert unknown.returncode == 2
    assert "Atlantis" in unknown.stderr.decode("utf-8")
    no_crash(unknown.stdout, unknown.stderr)


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_vietnamese_arguments_under_the_c_locale(shared: dict[str, Any], locale: str) -> None:
    env = {**shared["env"], **LOCALES[locale]}
    by_name = kz("reactions", "--country", "Trung Quốc", "--json", env=env)
    by_iso = kz("reactions", "--country", "CN", "--json", env=env)
    assert by_name.returncode == 0, by_name.stderr.decode("utf-8", "replace")
    assert json.loads(by_name.stdout), "no reaction of China found by its Vietnamese name"
    assert by_name.stdout == by_iso.stdout
    found = kz("search", "trung quốc", "--json", env=env)
    assert found.returncode == 0
    assert {r["id"] for r in json.loads(found.stdout)} >= {
        r["id"] for r in json.loads(by_name.stdout) if "Trung Quốc" in r["quote"]
    }


def test_arguments_in_a_non_utf8_python_fail_cleanly(shared: dict[str, Any]) -> None:
    """PYTHONUTF8=0 under LC_ALL=C: a Vietnamese argument arrives as surrogates. The right answer or
    a clean usage error, never a crash."""
    env = {**shared["env"], **LOCALES["C-no-utf8-mode"]}
    proc = kz("reactions", "--country", "Trung Quốc", "--json", env=env)
    no_crash(proc.stdout, proc.stderr)
    assert proc.returncode in (0, 2), proc.stderr
    if proc.returncode == 0:
        assert json.loads(proc.stdout)
    else:
        assert proc.stdout == b""
        assert len(proc.stderr.decode("utf-8").strip().splitlines()) >= 1


# --- colour and width ----------------------------------------------------------------------

_SGR = re.compile(rb"\x1b\[([0-9;]*)m")
_COLOUR_CODES = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def colour_codes(data: bytes) -> set[int]:
    codes = set()
    for params in _SGR.findall(data):
        codes |= {int(p) for p in params.split(b";") if p.isdigit()} & _COLOUR_CODES
    return codes


def test_no_color_removes_every_colour(shared: dict[str, Any]) -> None:
    args = ("compare",)
    forced = kz(*args, env={**shared["env"], "FORCE_COLOR": "1", "COLUMNS": "120"})
    assert forced.returncode == 0
    assert colour_codes(forced.stdout), "FORCE_COLOR shows no colour: this test could not see one"
    plain = kz(*args, env={**shared["env"], "FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"})
    assert plain.returncode == 0
    assert not colour_codes(plain.stdout), f"colour codes under NO_COLOR: {colour_codes(plain.stdout)}"
    text = plain.stdout.decode("utf-8")
    assert "undetermined" in text  # the UN's ~1,000 injured against the ministry's >1,300, undated
    assert "tokayev-coup-035" in text


def visible_lines(data: bytes) -> list[str]:
    from rich.cells import cell_len

    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", data.decode("utf-8"))
    lines = text.replace("\r\n", "\n").split("\n")
    return [line for line in lines if cell_len(line) or line == ""]


def width(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


def squeeze(text: str) -> str:
    return re.sub(r"[\s│┃|─━┄┈╭╮╰╯┏┓┗┛┡┩┠┨┣┫╇╈┳┻┼╋┬┴├┤└┘┌┐•·]+", "", text)


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


NARROW: dict[str, list[str]] = {
    "claims": ["claims", "--source", "dantri", "--limit", "1"],
    "reactions": ["reactions", "--source", "dantri", "--limit", "1"],
    "timeline": ["timeline", "--kind", "event", "--limit", "1"],
    "deployment": ["deployment", "--limit", "1"],
    "casualties": ["casualties", "--source", "dantri", "--limit", "1"],
    "search": ["search", "blinken", "--limit", "1"],
    "show": ["show", "dantri-001"],
    "sources": ["sources"],
    "entities": ["entities", "--type", "country"],
    "compare": ["compare", "--metric", "killed", "--group", "non_security"],
}


def narrow_expectations(shared: dict[str, Any], command: str) -> tuple[list[str], list[str]]:
    """(words that must show whole, statements that must show, perhaps wrapped), from the JSON answer."""
    proc = kz(*NARROW[command], "--json", env=shared["env"])
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    if command == "show":  # one object, not a list
        records = [records["claim"]]
    assert records
    if command == "sources":
        return [r["slug"] for r in records], [r["title"] for r in records[:2] if r["title"]]
    if command == "entities":
        return [r["id"] for r in records[:3]], [" ".join(r["names_vi"]) for r in records[:3]]
    if command == "compare":
        # the ministry's 26 and its 'dozens' (no number): one statement, both shown
        return [
            f"{f['count']:,}" if f["count"] is not None else "dozens" for q in records for f in q["figures"]
        ], []
    words = [r["id"] for r in records]
    if command == "casualties":
        return words + [f"{f['count']:,}" for r in records for f in r["figures"]], []
    return words, [r["text_en"] for r in records]


@pytest.mark.parametrize("command", list(NARROW))
def test_a_terminal_20_columns_wide(shared: dict[str, Any], command: str) -> None:
    """Nothing wider than 20 cells, and nothing lost: ids and numbers whole, statements present."""
    words, statements = narrow_expectations(shared, command)
    proc = kz(*NARROW[command], env={**shared["env"], "COLUMNS": "20"})
    assert proc.returncode == 0, proc.stderr
    no_crash(proc.stdout, proc.stderr)
    lines = visible_lines(proc.stdout)
    assert max(width(line) for line in lines) <= 20, "\n".join(lines)
    text = "\n".join(lines)
    for word in words:
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (
            f"{word!r} is cut or missing at 20 columns:\n{text}"
        )
    for statement in statements:
        assert is_subsequence(squeeze(statement), squeeze(text)), (
            f"the statement {statement[:60]!r}... is lost at 20 columns:\n{text}"
        )


def run_in_pty(args: list[str], env: dict[str, str], columns: int) -> tuple[int, bytes, bytes]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([*KZ, *args], env=env, stdin=slave, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        err = proc.stderr.read() if proc.stderr else b""
        return proc.wait(timeout=30), out, err
    finally:
        os.close(master)
        if proc.stderr:
            proc.stderr.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_real_20_column_terminal_with_no_color(shared: dict[str, Any]) -> None:
    env = {**shared["env"], "NO_COLOR": "1", "TERM": "xterm-256color"}
    quantities = json.loads(kz("compare", "--metric", "detained", "--json", env=shared["env"]).stdout)
    assert quantities, "the corpus has no detention figures"
    code, out, err = run_in_pty(["compare", "--metric", "detained"], env, columns=20)
    assert code == 0, err
    no_crash(out, err)
    assert not colour_codes(out), f"colour codes in a NO_COLOR terminal: {colour_codes(out)}"
    lines = visible_lines(out)
    assert max(width(line) for line in lines) <= 20, "\n".join(lines)
    text = "\n".join(lines)
    for verdict in {q["verdict"] for q in quantities}:
        assert verdict in text
    for figure in (f for q in quantities for f in q["figures"]):
        value = f"{figure['count']:,}" if figure["count"] is not None else "dozens"
        assert re.search(rf"(?<![\d,]){re.escape(value)}(?![\d,])", text), (
            f"the figure {value} of {figure['claim']} is lost at 20 columns:\n{text}"
        )


# --- stdout closed early, stdout on a full disk -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["claims", "--format", "jsonl"], ["claims", "--json"], ["timeline"], ["entities"], ["search", "nga"]],
)
def test_head_closes_the_pipe_early(shared: dict[str, Any], args: list[str]) -> None:
    env = {**shared["env"], "COLUMNS": "100"}
    writer = subprocess.Popen([*KZ, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE)
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.close()  # only head holds the read end now
    line, _ = head.communicate(timeout=60)
    err = writer.stderr.read()
    writer.stderr.close()
    code = writer.wait(timeout=60)
    assert err == b"", f"a closed pipe is not quiet: {err.decode('utf-8', 'replace')}"
    assert code == 0, code
    if args[-1] == "jsonl":
        assert json.loads(line)["id"] == shared["records"][0]["id"]
    elif args[-1] == "--json":
        assert line == b"[\n"
    else:
        assert line.endswith(b"\n")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
@pytest.mark.parametrize("args", [["claims"], ["entities"], ["compare"], ["show", "dantri-001"]])
def test_a_reader_gone_before_the_first_write_is_exit_0_in_every_format(
    shared: dict[str, Any], args: list[str], fmt: str
) -> None:
    """`set -o pipefail; kzcrisis ... | head -1` must not fail the script: the reader's end is closed
    before kzcrisis starts, so its very first write meets EPIPE (rich, click and the JSON writer
    each have their own way to meet it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*KZ, *args, "--format", fmt],
            env={**shared["env"], "COLUMNS": "100"},
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, b""), done.stderr.decode("utf-8", "replace")


def test_stdout_closed_before_anything_is_written(shared: dict[str, Any]) -> None:
    writer = subprocess.Popen(
        [*KZ, "claims", "--json"], env=shared["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.close()
    err = writer.stderr.read()
    writer.stderr.close()
    assert writer.wait(timeout=60) in (0, 1)
    assert err == b"", err.decode("utf-8", "replace")


def test_stdout_not_open_at_all(shared: dict[str, Any]) -> None:
    """`kzcrisis claims >&-`: Python starts with sys.stdout None. One clear line, exit 1."""
    proc = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *KZ, "claims", "--json"],
        env=shared["env"],
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    no_crash(proc.stderr)
    assert proc.returncode == 1
    assert len(proc.stderr.decode("utf-8").strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["show", "dantri-001", "--json"],
        ["claims", "--json"],
        ["timeline"],
        ["validate", "--json"],
        ["schema"],
        ["compare"],
    ],
    ids=["small-json", "large-json", "table", "validate", "schema", "compare"],
)
@pytest.mark.parametrize("unbuffered", [None, "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_stdout_on_a_full_disk(shared: dict[str, Any], args: list[str], unbuffered: str | None) -> None:
    """One error line and exit 1, nothing else: as a new user's terminal (buffered) and as CI's."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    env = {k: v for k, v in shared["env"].items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    with open("/dev/full", "wb") as full:
        proc = kz(*args, env={**env, "COLUMNS": "100"}, stdout=full)
    no_crash(proc.stderr)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    assert "No space left on device" in lines[0]
    assert lines[0].startswith("kzcrisis:")


def test_stdout_and_stderr_on_a_full_disk(shared: dict[str, Any]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        proc = kz("claims", "--json", env=shared["env"], stdout=full, stderr=full)
    assert proc.returncode == 1


# --- read-only install, no writable cache --------------------------------------------------


def answer(env: dict[str, str], *args: str) -> bytes:
    proc = kz(*args, env=env)
    assert proc.returncode == 0, proc.stderr
    no_crash(proc.stdout, proc.stderr)
    return proc.stdout


QUERY = ("reactions", "--country", "Russia", "--json")


def test_cache_dir_that_can_never_be_created(shared: dict[str, Any], tmp_path: Path) -> None:
    expected = answer(shared["env"], *QUERY)
    assert json.loads(expected)
    blocker = tmp_path / "file"
    blocker.write_text("a regular file", encoding="utf-8")
    env = {**shared["env"], "KZCRISIS_CACHE_DIR": str(blocker / "cache")}
    assert answer(env, *QUERY) == expected
    assert len(json.loads(answer(env, "claims", "--json"))) == len(shared["records"])
    assert blocker.read_text(encoding="utf-8") == "a regular file"


def test_default_cache_location_not_writable(shared: dict[str, Any], tmp_path: Path) -> None:
    expected = answer(shared["env"], *QUERY)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    env = clean_env(
        None, KZCRISIS_CORPUS=str(shared["corpus"]), HOME=str(blocker), XDG_CACHE_HOME=str(blocker / "xdg")
    )
    assert answer(env, *QUERY) == expected


def test_no_cache_at_all(shared: dict[str, Any], tmp_path: Path) -> None:
    expected = answer(shared["env"], *QUERY)
    env = {**shared["env"], "KZCRISIS_CACHE_DIR": str(tmp_path / "cache"), "KZCRISIS_NO_CACHE": "1"}
    assert answer(env, *QUERY) == expected
    assert not (tmp_path / "cache").exists(), "KZCRISIS_NO_CACHE=1 still wrote a cache"


def click_file() -> str:
    import click

    return str(click.__file__)


def others_can_read(path: Path) -> bool:
    """Whether a user with no rights of its own can reach and read `path` (root's os.access lies)."""
    path = path.resolve()
    for parent in path.parents:
        if not parent.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """A folder an unprivileged user can read (pytest's tmp_path is 0700 to root)."""
    path = Path(tempfile.mkdtemp(prefix="kzcrisis-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_read_only_install_as_an_unprivileged_user(shared: dict[str, Any], world_readable_dir: Path) -> None:
    """Nothing writable: not site-packages, not the package, not the corpus, not the cache folder."""
    expected = answer(shared["env"], *QUERY)
    corpus = copy_corpus(world_readable_dir / "corpus")
    for path in [corpus, *corpus.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    cache = world_readable_dir / "cache"
    cache.mkdir(mode=0o555)
    env = clean_env(cache, KZCRISIS_CORPUS=str(corpus), HOME="/nonexistent")
    extra: dict[str, Any] = {}
    if os.geteuid() == 0:  # root writes anywhere: drop to 'nobody', if it can run this Python at all
        needs = (
            Path(sys.executable).resolve(),
            PACKAGE / "cli" / "app.py",
            Path(click_file()),
            corpus / "corpus.json",
        )
        for needed in needs:
            if not others_can_read(needed):
                pytest.skip(
                    f"as root, and 'nobody' cannot read {needed}: no way to be read-only here "
                    "(test_cache_dir_that_can_never_be_created covers the cache part)"
                )
        extra = {"user": 65534, "group": 65534, "extra_groups": []}
    proc = kz(*QUERY, env=env, **extra)
    no_crash(proc.stdout, proc.stderr)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stdout == expected
    assert list(cache.iterdir()) == []
    # validate reads everything and writes nothing either
    proc = kz("validate", env=env, **extra)
    assert proc.returncode == 0, proc.stderr
    assert b"every check passed" in proc.stderr


# --- nothing lost: atomic cache writes, never inside the corpus ---------------------------


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_file():
            out[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        else:
            out[rel] = ("dir", 0)
    return out


def test_nothing_is_written_inside_the_corpus(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    before = snapshot(corpus)
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(None, KZCRISIS_CORPUS=str(corpus), HOME=str(home), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    for args in (
        ["claims", "--json"],
        ["validate"],
        ["show", "dantri-001"],
        ["search", "nga"],
        ["compare", "--format", "csv"],
        ["sources"],
        ["entities", "--json"],
        ["--version"],
    ):
        proc = kz(*args, env=env)
        assert proc.returncode == 0, (args, proc.stderr)
    assert snapshot(corpus) == before, "kzcrisis wrote inside the corpus folder"
    caches = list((tmp_path / "xdg" / "kzcrisis").glob("*.sqlite"))
    assert len(caches) == 1, caches


_CACHE_NAME = re.compile(r"^[0-9a-f]{16}-[0-9a-f]{32}-[0-9a-f]{32}\.sqlite$")


def cache_files(cache: Path) -> list[Path]:
    """The files kzcrisis would serve as a cache (hidden temporary files are not)."""
    return sorted(p for p in cache.iterdir() if not p.name.startswith(".") and p.suffix == ".sqlite")


def assert_valid_cache(path: Path) -> None:
    """A complete SQLite index under the name a cache file gets."""
    assert _CACHE_NAME.match(path.name), f"unexpected cache file name {path.name}"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",), f"{path.name} is torn"
        assert conn.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] > 100
    finally:
        conn.close()


def edit_text_en(corpus: Path, claim_id: str, suffix: str) -> bytes:
    """Change one claim's English text (not checked against the article); return the old file bytes."""
    path = corpus / "claims" / f"{claim_id.rsplit('-', 1)[0]}.json"
    old = path.read_bytes()
    data = json.loads(old)
    for claim in data["claims"]:
        if claim["id"] == claim_id:
            claim["text_en"] += suffix
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return old


def text_en(env: dict[str, str], claim_id: str) -> str:
    proc = kz("show", claim_id, "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    return str(json.loads(proc.stdout)["claim"]["text_en"])


HOLD_AT_RENAME = r"""
import os, sys, time
def hold(src, dst, *args, src_dir_fd=None, **kwargs):
    if src_dir_fd is not None:  # the writer renames through folder descriptors
        src = os.path.join(os.readlink("/proc/self/fd/%d" % src_dir_fd), src)
    sys.stderr.write("HOLD %s -> %s\n" % (src, dst))
    sys.stderr.flush()
    time.sleep(120)
os.replace = hold
os.rename = hold
from kzcrisis.cli.app import main
main(sys.argv[1:])
"""


def test_writer_killed_before_the_rename_leaves_the_old_cache(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    env = clean_env(cache, KZCRISIS_CORPUS=str(corpus))
    claim_id = "dantri-001"
    original = text_en(env, claim_id)
    [old_cache] = cache_files(cache)
    assert_valid_cache(old_cache)
    old_stat = old_cache.stat()
    old_digest = hashlib.sha256(old_cache.read_bytes()).hexdigest()

    original_bytes = edit_text_en(corpus, claim_id, " [edited]")
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_AT_RENAME, "show", claim_id, "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writer.stderr is not None
    try:
        ready, _, _ = select.select([writer.stderr], [], [], 60)
        line = writer.stderr.readline().decode() if ready else ""
        assert line.startswith("HOLD "), f"the cache writer never reached its rename: {line!r}"
        temp = Path(line.split()[1])
        assert temp.exists(), temp
        assert cache in temp.parents  # in the writer's private folder there
        assert temp not in cache_files(cache), "the temporary file looks like a cache"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    # The previous cache is intact, byte for byte, and still the only servable cache.
    assert cache_files(cache) == [old_cache]
    assert hashlib.sha256(old_cache.read_bytes()).hexdigest() == old_digest
    # With the corpus back as it was, the old cache answers, untouched (not rebuilt).
    (corpus / "claims" / "dantri.json").write_bytes(original_bytes)
    assert text_en(env, claim_id) == original
    assert cache_files(cache) == [old_cache]
    assert old_cache.stat().st_ino == old_stat.st_ino
    assert old_cache.stat().st_mtime_ns == old_stat.st_mtime_ns
    # And the changed corpus gets its own, complete cache.
    edit_text_en(corpus, claim_id, " [edited]")
    assert text_en(env, claim_id) == original + " [edited]"
    for path in cache_files(cache):
        assert_valid_cache(path)


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.08, 0.15, 0.3])
def test_writer_killed_at_any_moment_never_leaves_a_torn_cache(tmp_path: Path, delay: float) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    env = clean_env(cache, KZCRISIS_CORPUS=str(corpus))
    claim_id = "dantri-002"
    original = text_en(env, claim_id)
    edit_text_en(corpus, claim_id, f" [edit {delay}]")
    writer = subprocess.Popen(
        [*KZ, "show", claim_id, "--json"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    servable = cache_files(cache)
    assert servable, "the previous cache vanished"
    for path in servable:
        assert_valid_cache(path)
    assert text_en(env, claim_id) == original + f" [edit {delay}]"
    for path in cache_files(cache):
        assert_valid_cache(path)


def test_failed_rename_answers_from_memory_and_keeps_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    runner_env = {"KZCRISIS_CACHE_DIR": str(cache), "KZCRISIS_CORPUS": str(corpus), "KZCRISIS_NO_CACHE": None}
    first_run = CliRunner().invoke(cli, ["show", "dantri-003", "--json"], env=runner_env)
    assert first_run.exit_code == 0, first_run.output
    [old_cache] = cache_files(cache)
    old_bytes = old_cache.read_bytes()
    edit_text_en(corpus, "dantri-003", " [changed]")

    def no_space(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    monkeypatch.setattr(os, "rename", no_space)
    result = CliRunner().invoke(cli, ["show", "dantri-003", "--json"], env=runner_env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["claim"]["text_en"].endswith(" [changed]")
    # The old cache was brought up to date in place, then could not be renamed: a sound index the
    # trust record no longer vouches for, never served again; the next build replaces it.
    assert old_cache.read_bytes() != old_bytes
    assert_valid_cache(old_cache)
    # Besides it, only its trust and hash records (written before the failure) and the empty build
    # lock file (kept: see kzcrisis.index.lock) may be there.
    kept = ("-trust.txt", "-hashes.json", "-build.lock")
    leftovers = [p.name for p in cache.iterdir() if p != old_cache and not p.name.endswith(kept)]
    assert leftovers == [], f"temporary files left behind: {leftovers}"
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["show", "dantri-003", "--json"], env=runner_env)
    assert json.loads(again.stdout)["claim"]["text_en"].endswith(" [changed]")
    [cached] = cache_files(cache)
    assert cached != old_cache


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_damaged_cache_is_never_served(tmp_path: Path, damage: str) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    env = clean_env(cache, KZCRISIS_CORPUS=str(corpus))
    expected = answer(env, "claims", "--json")
    [cached] = cache_files(cache)
    data = cached.read_bytes()
    cached.chmod(stat.S_IRUSR | stat.S_IWUSR)
    cached.write_bytes(
        {"garbage": os.urandom(len(data)), "truncated": data[: len(data) // 2], "empty": b""}[damage]
    )
    assert answer(env, "claims", "--json") == expected
    for path in cache_files(cache):
        assert_valid_cache(path)
