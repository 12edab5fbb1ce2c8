"""Measure kzcrisis against its performance targets and print one table.

    python bench/run.py [--quick] [--rounds N] [--kzcrisis PATH]

1. Start-up, on the shipped corpus with a warm cache: `reactions --country Russia --json`,
   the same as a rich table, and `--help`, each run alternately with `python -I -c pass`
   (the interpreter of the installed `kzcrisis` entry point), stdout a pipe (not a TTY);
   the ratio of the medians is compared with the limit.
2. Scale: synthetic corpora of 1k, 10k and 100k claims (`bench/generate.py`, into bench/out/)
   queried through KZCRISIS_CORPUS with a dedicated KZCRISIS_CACHE_DIR: the first,
   cache-building run, then the median wall time and the peak RSS (the command's own, from
   wait4 in a small launcher process) of five listing and search queries, and how both grow
   with the corpus size.

A report, not a test: it exits 0 whatever the verdicts (2 only when it cannot run at all).
3. Rebuilds: at 100k and 1M claims, the next query after a one-file edit, a file removed, a file
   added and an entities.json edit, against the cold build of the same corpus (`--rebuild`: only
   these rows).

`--quick` leaves out the 100k corpus. Standard library only; POSIX (os.wait4).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
GENERATOR = HERE / "generate.py"
SEED = 0

STARTUP = (  # (label, arguments, limit as a multiple of `python -I -c pass`)
    ("reactions --country Russia --json", ["reactions", "--country", "Russia", "--json"], 5.0),
    # stdout is a pipe: the plain layout, without rich (5x, was 10x)
    ("reactions --country Russia (table)", ["reactions", "--country", "Russia"], 5.0),
    ("--help", ["--help"], 5.0),
)
QUERIES = (
    ("reactions --country Russia --json", ["reactions", "--country", "Russia", "--json"]),
    ("claims --kind casualty --json", ["claims", "--kind", "casualty", "--json"]),
    ("timeline --since 2022-01-05 --json", ["timeline", "--since", "2022-01-05", "--json"]),
    ('search "trung quoc" --json', ["search", "trung quoc", "--json"]),
    ("reactions --country Russia (table)", ["reactions", "--country", "Russia"]),
)
# Claims -> (query wall-time limit in seconds, rounds per query). The targets: 1.0 s at 100k
# and 0.3 s at 10k; 1k is held to the 10k limit. At a million the listings of QUERIES (a tenth of
# the corpus each) are for the growth rows only (None: no limit); MILLION_QUERIES have limits.
SIZES: dict[int, tuple[float | None, int]] = {
    1_000: (0.3, 11),
    10_000: (0.3, 9),
    100_000: (1.0, 5),
    1_000_000: (None, 3),
}
# Claims -> (seconds, MB) for the cache-building first run (targets: 3 s / 300 MB at 100k,
# 40 s / 1.5 GB at a million).
FIRST_RUN_LIMITS = {
    1_000: (10.0, 300.0),
    10_000: (10.0, 300.0),
    100_000: (3.0, 300.0),
    1_000_000: (40.0, 1536.0),
}
RSS_LIMIT_MB = 300.0
MILLION_QUERIES = (  # (label, arguments, wall-time limit in seconds), warm, at a million claims
    (
        "claims --kind casualty --since 2022-01-08 --limit 100 --json",
        ["claims", "--kind", "casualty", "--since", "2022-01-08", "--limit", "100", "--json"],
        1.5,
    ),
    ('search "trung quoc" --limit 100 --json', ["search", "trung quoc", "--limit", "100", "--json"], 1.0),
)
COMPARE = ("compare --json", ["compare", "--json"], 1.0)  # warm, at 100k: <= 1.0 s and RSS_LIMIT_MB
# A command a script would run many times at once: small output, so the rows measure the build.
CONCURRENT = ("claims --source syn-000001 --json", ["claims", "--source", "syn-000001", "--json"])
CONCURRENT_N = 8
# Limits the launcher sets on a command that may run away (compare was quadratic): address space
# and CPU seconds. A command that exceeds them is killed and reported as failed.
RUNAWAY_LIMITS = (3 * 2**30, 120)
GROWTH_LIMIT = 1.1  # exponent k of measure ~ size**k between sizes; 1 is linear, +0.1 for noise


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    rss_mb: float  # peak resident set size of the command's own process
    code: int
    lines: int  # lines of output
    records: int  # lines of output that open a JSON object: the records of `--json`
    err: str


@dataclass(frozen=True)
class Row:
    target: str
    measured: str
    limit: str
    ok: bool | None  # None: for information


# Runs the measured command for `run_once` and writes "wall maxrss exit-code" to argv[1].
# Why a launcher: Linux carries a process's peak RSS across fork and exec, so a child started
# from this harness would report at least the harness's own RSS; started from this small
# process (python -I -S), it reports its own peak. The launcher's start-up is not timed.
LAUNCHER = """
import os, resource, sys, time
address_space, cpu_seconds = int(sys.argv[2]), int(sys.argv[3])
if address_space:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
if cpu_seconds:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[4], sys.argv[4:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(cmd: Sequence[str], env: dict[str, str], limits: tuple[int, int] = (0, 0)) -> Sample:
    """Run one command, stdout to a pipe (read and counted, not kept): wall time and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as err:
        result = os.path.join(tmp, "result")
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, result, *map(str, limits), *cmd]
        proc = subprocess.Popen(
            launcher, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=env
        )
        assert proc.stdout is not None
        lines = records = 0
        last = b"\n"
        while chunk := proc.stdout.read(1 << 16):
            lines += chunk.count(b"\n")
            records += (last + chunk).count(b"\n{")
            last = chunk[-1:]
        proc.stdout.close()
        launcher_code = proc.wait()
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
        try:
            with open(result) as handle:
                wall, maxrss, code = handle.read().split()
        except (OSError, ValueError):
            return Sample(0.0, 0.0, launcher_code or 1, lines, records, message or "the launcher failed")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Sample(float(wall), int(maxrss) * scale / 2**20, int(code), lines, records, message)


def failure(samples: Sequence[Sample]) -> str | None:
    """'exit N: last line of stderr' of the first failed run, None when all succeeded."""
    for sample in samples:
        if sample.code != 0:
            lines = sample.err.strip().splitlines() or ["(no message)"]
            return f"exit {sample.code}: {lines[-1][:120]}"
    return None


def alternate(commands: dict[str, list[str]], env: dict[str, str], rounds: int) -> dict[str, list[Sample]]:
    """Run every command once per round, rotating the order so none always runs first."""
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    names = list(commands)
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(run_once(commands[name], env))
    return samples


def median_wall(samples: Sequence[Sample]) -> float:
    return statistics.median(s.wall for s in samples)


def interpreter_of(entry: Path) -> str:
    """The interpreter in the entry point's `#!` line (the one kzcrisis runs with), else ours."""
    try:
        first = entry.read_bytes().split(b"\n", 1)[0].decode()
    except (OSError, UnicodeDecodeError):
        return sys.executable
    if first.startswith("#!"):
        candidate = first[2:].strip().split()[0]
        if os.access(candidate, os.X_OK):
            return candidate
    return sys.executable


def find_entry(given: str | None) -> Path:
    if given:
        if not os.access(given, os.X_OK):
            raise SystemExit(f"run.py: --kzcrisis {given}: not an executable file")
        return Path(given).absolute()
    beside = Path(sys.executable).parent / "kzcrisis"
    found = str(beside) if beside.exists() else shutil.which("kzcrisis")
    if not found:
        raise SystemExit(
            "run.py: no `kzcrisis` entry point next to this Python or on PATH; "
            "install the project (pip install -e .) and run with its Python"
        )
    return Path(found)


# Python settings that change the speed of the measured commands but not of `python -I` (which
# ignores PYTHON*): with PYTHONDONTWRITEBYTECODE, for one, modules never get a cached .pyc and
# are compiled on every call, which no installed kzcrisis does.
SLOWING = (
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONDEVMODE",
    "PYTHONTRACEMALLOC",
    "PYTHONMALLOC",
    "PYTHONMALLOCSTATS",
    "PYTHONASYNCIODEBUG",
    "PYTHONWARNINGS",
    "PYTHONVERBOSE",
    "PYTHONDEBUG",
    "PYTHONINSPECT",
    "PYTHONNODEBUGRANGES",
    "PYTHONFAULTHANDLER",
)


def clean_env(**extra: str) -> dict[str, str]:
    """Our environment without KZCRISIS_*, terminal sizes and SLOWING, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KZCRISIS_") and k not in ("COLUMNS", "LINES", *SLOWING)
    }
    env.update(extra)
    return env


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def short(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def count_results(sample: Sample, as_json: bool) -> str:
    if sample.code != 0:
        return "error"
    return f"{sample.records:,} results" if as_json else f"{sample.lines:,} lines of output"


# --- 1. start-up -------------------------------------------------------------------------


def startup(entry: Path, python: str, rounds: int) -> list[Row]:
    env = clean_env(KZCRISIS_CACHE_DIR=str(OUT / "cache" / "shipped"))
    commands = {"baseline": [python, "-I", "-c", "pass"]}
    commands |= {label: [str(entry), *args] for label, args, _ in STARTUP}
    alternate(commands, env, 3)  # warm: the cache is built, the files are in the page cache
    samples = alternate(commands, env, rounds)
    base = median_wall(samples["baseline"])
    rows = [Row("python -I -c pass (baseline)", fmt_s(base), "-", None)]
    for label, _, limit in STARTUP:
        error = failure(samples[label])
        if error:
            rows.append(Row(f"shipped: {label}", error, f"<= {limit:g}x", False))
            continue
        ratio = median_wall(samples[label]) / base
        rows.append(
            Row(
                f"shipped: {label}",
                f"{ratio:.1f}x ({fmt_s(median_wall(samples[label]))})",
                f"<= {limit:g}x",
                ratio <= limit,
            )
        )
    return rows


# --- 1b. the MCP server ------------------------------------------------------------------

# What an assistant sends first: the handshake, then one question (`kzcrisis mcp`, stdio).
MCP_INIT = (
    b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",'
    b'"capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}\n'
)
MCP_QUESTION = (
    b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n'
    b'{"jsonrpc":"2.0","id":2,"method":"tools/call",'
    b'"params":{"name":"search","arguments":{"text":"trung quoc"}}}\n'
)


def mcp_session(entry: Path, env: dict[str, str]) -> tuple[float, float] | str:
    """One session: seconds from the spawn to the initialize answer and to the first tool answer
    (or what went wrong). The server's start-up includes importing the SDK and opening the corpus."""
    start = time.perf_counter()
    server = subprocess.Popen(
        [str(entry), "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(MCP_INIT)
    server.stdin.flush()
    ready = server.stdout.readline()
    started = time.perf_counter() - start
    server.stdin.write(MCP_QUESTION)
    server.stdin.flush()
    answered = server.stdout.readline()
    first = time.perf_counter() - start
    _out, err = server.communicate(timeout=60)
    if b'"result"' not in ready or b'"structuredContent"' not in answered:
        return (err.decode(errors="replace").strip().splitlines() or ["no answer"])[-1][:80]
    return started, first


def mcp_rows(entry: Path, python: str, rounds: int) -> list[Row]:
    """Information rows: the server's start-up and its first answer, on the shipped corpus, warm."""
    env = clean_env(KZCRISIS_CACHE_DIR=str(OUT / "cache" / "shipped"))
    base = [run_once([python, "-I", "-c", "pass"], env) for _ in range(3)]
    sessions = [mcp_session(entry, env) for _ in range(3 + rounds)][3:]
    failed = next((s for s in sessions if isinstance(s, str)), None)
    if failed is not None:
        return [Row("mcp: server start-up (the [mcp] extra installed?)", failed, "-", None)]
    baseline = median_wall(base)
    rows = []
    for index, label in (
        (0, "mcp: start-up, spawn to the initialize answer"),
        (1, 'mcp: first answer, search "trung quoc"'),
    ):
        wall = statistics.median(s[index] for s in sessions if not isinstance(s, str))
        rows.append(Row(label, f"{wall / baseline:.1f}x ({fmt_s(wall)})", "-", None))
    return rows


# --- 2. scale ----------------------------------------------------------------------------


def ensure_corpus(n: int) -> Path:
    """bench/out/corpus-N, regenerated unless it was made by this generator with this seed."""
    folder = OUT / f"corpus-{short(n)}"
    stamp = OUT / f"corpus-{short(n)}.stamp"
    want = f"{n} {SEED} {GENERATOR.stat().st_mtime_ns} {GENERATOR.stat().st_size}"
    if folder.is_dir() and stamp.exists() and stamp.read_text() == want:
        return folder
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(GENERATOR), str(n), str(folder), "--seed", str(SEED), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stamp.write_text(want)
    print(f"  generated {short(n)} claims in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return folder


@dataclass
class SizeResult:
    n: int
    first: Sample
    queries: dict[str, list[Sample]]
    counts: dict[str, str]
    extra: dict[str, tuple[list[Sample], float]]  # label -> (warm samples, wall limit)


def measure_size(entry: Path, n: int) -> SizeResult:
    corpus = ensure_corpus(n)
    cache = OUT / "cache" / short(n)
    shutil.rmtree(cache, ignore_errors=True)
    env = clean_env(KZCRISIS_CORPUS=str(corpus), KZCRISIS_CACHE_DIR=str(cache))
    commands = {label: [str(entry), *args] for label, args in QUERIES}
    first = run_once(commands[QUERIES[0][0]], env)
    counts = {}
    for label, cmd in commands.items():  # one warm run each, which also counts the results
        counts[label] = count_results(run_once(cmd, env), "--json" in cmd)
    samples = alternate(commands, env, SIZES[n][1])
    extra = {}
    targets = [COMPARE] if n == 100_000 else list(MILLION_QUERIES) if n == 1_000_000 else []
    for label, args, limit in targets:
        cmd = [str(entry), *args]
        warm = run_once(cmd, env, RUNAWAY_LIMITS)
        runs = [warm] if warm.code else [run_once(cmd, env, RUNAWAY_LIMITS) for _ in range(3)]
        counts[label] = count_results(warm, True)
        extra[label] = (runs, limit)
    return SizeResult(n, first, samples, counts, extra)


# The bounded cases: corpora that validate but carry what an attacker would put in one
# (bench/hostile.py), each held to a limit the other rows already set.
STATEMENT_CLAIMS = 5_000
LONG_LINE_BYTES = 2 * 2**20


def _bounded_row(label: str, samples: list[Sample], limit: tuple[float, float], note: str = "") -> Row:
    seconds, megabytes = limit
    error = failure(samples)
    wall, rss = median_wall(samples), max(s.rss_mb for s in samples)
    measured = error or f"{fmt_s(wall)}, {rss:.0f} MB{note}"
    return Row(
        label,
        measured,
        f"<= {fmt_s(seconds)} / {megabytes:g} MB",
        not error and wall <= seconds and rss <= megabytes,
    )


def _fresh(name: str) -> tuple[Path, Path]:
    """An empty folder for a hostile corpus and an empty cache folder, under bench/out/bounded."""
    root, cache = OUT / "bounded" / name, OUT / "bounded" / f"cache-{name}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    return root, cache


def bounded_rows(entry: Path) -> list[Row]:
    """The bounded cases, each with the limit of the row it is most like (see bench/README.md)."""
    sys.path.insert(0, str(HERE.parent))
    from tests.hostile import long_line_corpus, sparse_file, statement_corpus

    rows = []
    # A terabyte sparse file left in a 1k-claim corpus: the first query hashes only what it loads.
    root, cache = _fresh("sparse")
    shutil.copytree(ensure_corpus(1_000), root)
    sparse_file(root / "backup" / "disk.img")
    env = clean_env(KZCRISIS_CORPUS=str(root), KZCRISIS_CACHE_DIR=str(cache))
    first = run_once([str(entry), *QUERIES[0][1]], env, RUNAWAY_LIMITS)
    rows.append(_bounded_row("1k + 1 TB sparse file: first run", [first], FIRST_RUN_LIMITS[1_000]))
    # A statement shared by 5,000 claims: the build, `show` of one of them, and the listing.
    root, cache = _fresh("statement")
    statement_corpus(root, STATEMENT_CLAIMS)
    env = clean_env(KZCRISIS_CORPUS=str(root), KZCRISIS_CACHE_DIR=str(cache))
    first = run_once([str(entry), "claims", "--limit", "1", "--json"], env, RUNAWAY_LIMITS)
    label = f"statement of {short(STATEMENT_CLAIMS)} claims"
    rows.append(_bounded_row(f"{label}: first run", [first], FIRST_RUN_LIMITS[10_000]))
    size = sum(p.stat().st_size for p in cache.glob("*.sqlite")) / 2**20
    for name, args in (("show b-4999 (table)", ["show", "b-4999"]), ("claims --json", ["claims", "--json"])):
        runs = [run_once([str(entry), *args], env, RUNAWAY_LIMITS) for _ in range(3)]
        rows.append(_bounded_row(f"{label}: {name}", runs, (SIZES[10_000][0] or 0.3, RSS_LIMIT_MB)))
    rows.append(Row(f"{label}: index size", f"{size:.1f} MB", "-", None))
    # An article of one 2 MB line: `coverage` validates the corpus, then splits it, like a first run.
    root, cache = _fresh("long-line")
    long_line_corpus(root, LONG_LINE_BYTES)
    env = clean_env(KZCRISIS_CORPUS=str(root), KZCRISIS_CACHE_DIR=str(cache))
    runs = [run_once([str(entry), "coverage"], env, RUNAWAY_LIMITS) for _ in range(2)]
    rows.append(_bounded_row("2 MB line: coverage (table)", runs, FIRST_RUN_LIMITS[10_000]))
    # compare --pairs at 100k, warm: the pairs are cut at 100,000 a quantity.
    corpus = ensure_corpus(100_000)
    cache = OUT / "cache" / "100k"
    env = clean_env(KZCRISIS_CORPUS=str(corpus), KZCRISIS_CACHE_DIR=str(cache))
    run_once([str(entry), "claims", "--limit", "1", "--json"], env)  # build the index if need be
    runs = [run_once([str(entry), "compare", "--pairs", "--json"], env, RUNAWAY_LIMITS) for _ in range(3)]
    rows.append(_bounded_row("100k: compare --pairs --json", runs, (COMPARE[2], RSS_LIMIT_MB)))
    return rows


EXPORT_LIMIT = 2.0  # `export sqlite` of a corpus, as a multiple of the first run that builds its index


def export_row(entry: Path, res: SizeResult) -> Row:
    """`kzcrisis export sqlite` on the largest corpus measured (its index cached) vs building that index."""
    label = short(res.n)
    env = clean_env(KZCRISIS_CORPUS=str(ensure_corpus(res.n)), KZCRISIS_CACHE_DIR=str(OUT / "cache" / label))
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        sample = run_once([str(entry), "export", "sqlite", str(Path(tmp) / "kz.db")], env)
    error = failure([sample]) or failure([res.first])
    ratio = sample.wall / res.first.wall
    return Row(
        f"{label}: export sqlite vs first run",
        error or f"{ratio:.2f}x ({fmt_s(sample.wall)} / {sample.rss_mb:.0f} MB)",
        f"<= {EXPORT_LIMIT:g}x",
        not error and ratio <= EXPORT_LIMIT,
    )


def first_run_row(res: SizeResult) -> Row:
    error = failure([res.first])
    seconds, megabytes = FIRST_RUN_LIMITS[res.n]
    measured = error or f"{fmt_s(res.first.wall)} / {res.first.rss_mb:.0f} MB"
    if res.n >= 100_000:
        # A cold build cannot meet its limit here (about 80 us of CPU a claim, spread over every
        # step): builds reuse earlier ones instead, held to the rebuild rows' limits.
        return Row(
            f"{short(res.n)}: first run (builds the cache), info: see the rebuild rows", measured, "-", None
        )
    ok = not error and res.first.wall <= seconds and res.first.rss_mb <= megabytes
    return Row(
        f"{short(res.n)}: first run (builds the cache)", measured, f"<= {seconds:g} s / {megabytes:g} MB", ok
    )


def scale_rows(results: list[SizeResult]) -> list[Row]:
    rows = []
    for res in results:
        label = short(res.n)
        rows.append(first_run_row(res))
        queries = {name: (samples, SIZES[res.n][0]) for name, samples in res.queries.items()}
        for name, (samples, limit) in (queries | res.extra).items():
            shown = f"<= {fmt_s(limit)} / {RSS_LIMIT_MB:g} MB" if limit is not None else "-"
            error = failure(samples)
            if error:
                rows.append(Row(f"{label}: {name}", error, shown, False))
                continue
            wall = median_wall(samples)
            rss = max(s.rss_mb for s in samples)
            rows.append(
                Row(
                    f"{label}: {name} [{res.counts[name]}]",
                    f"{fmt_s(wall)} / {rss:.0f} MB",
                    shown,
                    None if limit is None else wall <= limit and rss <= RSS_LIMIT_MB,
                )
            )
    if len(results) > 1:
        rows += growth_rows(results)
    return rows


def growth_rows(results: list[SizeResult]) -> list[Row]:
    """Exponent k of measure ~ size**k between successive sizes; k <= 1 is linear or better."""
    series: dict[str, list[float]] = {}
    if not any(failure([r.first]) for r in results):
        series["first run time"] = [r.first.wall for r in results]
        series["first run peak RSS"] = [r.first.rss_mb for r in results]
    for name, _ in QUERIES:
        if any(failure(r.queries[name]) for r in results):
            continue  # reported as failed above
        series[f"{name} time"] = [median_wall(r.queries[name]) for r in results]
        series[f"{name} peak RSS"] = [max(s.rss_mb for s in r.queries[name]) for r in results]
    sizes = [r.n for r in results]
    rows = []
    for name, values in series.items():
        ks = [
            math.log(values[i + 1] / values[i]) / math.log(sizes[i + 1] / sizes[i])
            for i in range(len(values) - 1)
        ]
        unit = "MB" if name.endswith("RSS") else "s"
        shown = " -> ".join(f"{v:.0f}" if unit == "MB" else f"{v:.2f}" for v in values)
        rows.append(
            Row(
                f"growth {'/'.join(short(s) for s in sizes)}: {name}",
                f"{shown} {unit}; k = {', '.join(f'{k:.2f}' for k in ks)}",
                f"k <= {GROWTH_LIMIT:g}",
                max(ks) <= GROWTH_LIMIT,
            )
        )
    return rows


# --- 2b. the next query after an edit ------------------------------------------------------

# A query with a small answer, so that the rows measure what the edit costs: a rebuild of the index
# from the previous one, re-reading the changed claims files only (kzcrisis.index.incremental).
REBUILD_QUERY = ["claims", "--source", "syn-000001", "--json"]
REBUILD_LIMITS = {100_000: 1.0, 1_000_000: 5.0}  # seconds, and at most REBUILD_SHARE of the cold build
REBUILD_SHARE = 0.10


def _edit_claims_file(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claims"][0]["text_en"] += " (edited)"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _edit_entities(corpus: Path) -> None:
    path = corpus / "entities.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data[0]["name"] += " (edited)"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def rebuild_rows(entry: Path, n: int) -> list[Row]:
    """The next query after a one-file edit, a file removed, a file added, entities.json edited
    (each after the one before), against the cold build of the same corpus in the same run."""
    label = short(n)
    work, cache = OUT / f"rebuild-{label}", OUT / "cache" / f"rebuild-{label}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(ensure_corpus(n), work)
    env = clean_env(KZCRISIS_CORPUS=str(work), KZCRISIS_CACHE_DIR=str(cache))
    cmd = [str(entry), *REBUILD_QUERY]
    cold = run_once(cmd, env)
    files = sorted((work / "claims").glob("*.json"))
    middle, stash = files[len(files) // 2], work.parent / f"rebuild-{label}-stash.json"
    rows = [Row(f"{label}: cold build, for the rows below", failure([cold]) or _shown(cold), "-", None)]
    steps = (
        ("one-file edit", lambda: _edit_claims_file(middle)),
        ("a file removed", lambda: middle.rename(stash)),
        ("a file added", lambda: stash.rename(middle)),
        ("entities.json edited", lambda: _edit_entities(work)),
    )
    seconds = REBUILD_LIMITS[n]
    for name, step in steps:
        step()
        sample = run_once(cmd, env)
        error = failure([sample]) or failure([cold])
        measured = error or f"{_shown(sample)}, {sample.wall / cold.wall:.0%} of cold"
        print(f"  {label}: next query after {name}: {measured}", file=sys.stderr)
        if name.startswith("entities"):  # every claim names its entities: rebuilt whole, as documented
            rows.append(Row(f"{label}: next query after {name} (rebuilds all)", measured, "-", None))
            continue
        ok = (
            not error
            and sample.wall <= min(seconds, REBUILD_SHARE * cold.wall)
            and sample.rss_mb <= RSS_LIMIT_MB
        )
        limit = f"<= {fmt_s(seconds)}, {REBUILD_SHARE:.0%} / {RSS_LIMIT_MB:g} MB"
        rows.append(Row(f"{label}: next query after {name}", measured, limit, ok))
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return rows


def all_rebuild_rows(entry: Path, no_million: bool) -> list[Row]:
    rows = []
    for n in REBUILD_LIMITS if not no_million else [100_000]:
        print(f"rebuilds: {short(n)} claims ...", file=sys.stderr)
        rows += rebuild_rows(entry, n)
    return rows


def _shown(sample: Sample) -> str:
    return f"{fmt_s(sample.wall)} / {sample.rss_mb:.0f} MB"


# --- 3. concurrent first runs ----------------------------------------------------------


@dataclass(frozen=True)
class Crowd:
    wall: float  # from the first start to the last exit, measured here (launchers included)
    samples: list[Sample]
    builds: int  # distinct temporary index files seen in the cache folder: one per build


def run_crowd(cmd: Sequence[str], env: dict[str, str], n: int, cache: Path) -> Crowd:
    """Start `n` copies of `cmd` at once on an empty cache; watch the cache for builds."""
    shutil.rmtree(cache, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        results = [os.path.join(tmp, f"result-{i}") for i in range(n)]
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", LAUNCHER, result, "0", "0", *cmd],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            for result in results
        ]
        temporary: set[str] = set()
        while any(proc.poll() is None for proc in procs):
            with contextlib.suppress(OSError):
                temporary |= {name for name in os.listdir(cache) if name.endswith(".sqlite")}
            time.sleep(0.005)
        wall = time.perf_counter() - start
        samples = []
        for result in results:
            try:
                with open(result) as handle:
                    took, maxrss, code = handle.read().split()
            except (OSError, ValueError):
                samples.append(Sample(0.0, 0.0, 1, 0, 0, "the launcher failed"))
                continue
            scale = 1 if sys.platform == "darwin" else 1024
            samples.append(Sample(float(took), int(maxrss) * scale / 2**20, int(code), 0, 0, ""))
    # A build writes `.tmp-<prefix>*.sqlite`, then renames it; the final file is not a build.
    return Crowd(wall, samples, sum(1 for name in temporary if name.startswith(".tmp-")))


def crowd_rows(entry: Path) -> list[Row]:
    """8 cold calls at once on the 100k corpus against one cold call alone (alternating, 3 each)."""
    corpus = ensure_corpus(100_000)
    cache = OUT / "cache" / "crowd"
    env = clean_env(KZCRISIS_CORPUS=str(corpus), KZCRISIS_CACHE_DIR=str(cache))
    cmd = [str(entry), *CONCURRENT[1]]
    alone, crowds = [], []
    for _ in range(3):
        alone.append(run_crowd(cmd, env, 1, cache))
        crowds.append(run_crowd(cmd, env, CONCURRENT_N, cache))
    label = f"100k: {CONCURRENT_N} concurrent cold `{CONCURRENT[0]}`"
    error = failure([s for c in alone + crowds for s in c.samples])
    if error:
        return [Row(label, error, "-", False)]
    single_wall = statistics.median(c.wall for c in alone)
    single_rss = statistics.median(c.samples[0].rss_mb for c in alone)
    crowd_wall = statistics.median(c.wall for c in crowds)
    summed = statistics.median(sum(s.rss_mb for s in c.samples) for c in crowds)
    builds = sorted({c.builds for c in crowds})
    waiting = statistics.median(rss for c in crowds for rss in sorted(s.rss_mb for s in c.samples)[:-1])
    return [
        Row(f"{label}: builds", " / ".join(map(str, builds)) + " build(s)", "exactly 1", builds == [1]),
        Row(
            f"{label}: total wall / one cold call",
            f"{crowd_wall / single_wall:.2f}x ({fmt_s(crowd_wall)} / {fmt_s(single_wall)})",
            "<= 1.3x",
            crowd_wall / single_wall <= 1.3,
        ),
        Row(
            f"{label}: summed peak RSS / one cold call",
            f"{summed / single_rss:.2f}x ({summed:.0f} MB / {single_rss:.0f} MB)",
            "<= 1.5x",
            summed / single_rss <= 1.5,
        ),
        # Why the row above fails while one build runs: the 7 calls that wait are Python processes
        # with the command's own modules (a warm call's peak, ~20 MB each; bare Python is ~9 MB), so
        # the sum cannot fall below one build + 7 interpreters. This row shows what each waiting call
        # holds (every sample but the largest), so that a second build, or a waiter that loads the
        # corpus, would show here.
        Row(
            f"{label}: peak RSS of a waiting call (median)",
            f"{waiting:.0f} MB (floor of the sum: {single_rss:.0f} + {CONCURRENT_N - 1} x {waiting:.0f} MB"
            f" = {(single_rss + (CONCURRENT_N - 1) * waiting) / single_rss:.2f}x)",
            "-",
            None,
        ),
    ]


# --- 4. the first run after `pip install .` ----------------------------------------------


def installed_venv() -> Path:
    """bench/out/installed: a virtual environment with the wheel of this checkout, rebuilt when
    the wheel's content changes. Uses pip as the user would (its configured index)."""
    import hashlib

    wheels = OUT / "wheel"
    shutil.rmtree(wheels, ignore_errors=True)

    def quiet(cmd: list[str]) -> None:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    quiet([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(HERE.parent)])
    [wheel] = wheels.glob("*.whl")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    venv, stamp = OUT / "installed", OUT / "installed.stamp"
    if not (venv.is_dir() and stamp.exists() and stamp.read_text() == digest):
        shutil.rmtree(venv, ignore_errors=True)
        quiet([sys.executable, "-m", "venv", str(venv)])
        quiet([str(venv / "bin" / "pip"), "install", "-q", "--force-reinstall", str(wheel)])
        stamp.write_text(digest)
    return venv


def installed_rows(rounds: int) -> list[Row]:
    """`reactions --country Russia --json` on a fresh cache, right after install, against bare Python."""
    label = "installed wheel: first run (empty cache)"
    try:
        venv = installed_venv()
    except (subprocess.CalledProcessError, ValueError, OSError) as exc:
        return [Row(label, f"could not build or install the wheel: {exc}", "<= 5x", False)]
    python, entry = str(venv / "bin" / "python"), str(venv / "bin" / "kzcrisis")
    args = ["reactions", "--country", "Russia", "--json"]
    base: list[Sample] = []
    first: list[Sample] = []
    second: list[Sample] = []
    for index in range(rounds + 2):
        with tempfile.TemporaryDirectory() as cache:
            env = clean_env(KZCRISIS_CACHE_DIR=cache)
            runs = [
                (base, [python, "-I", "-c", "pass"]),
                (first, [entry, *args]),  # the first call on this cache
                (second, [entry, *args]),  # ... and the one after it
            ]
            for kept, cmd in runs:
                sample = run_once(cmd, env)
                if index >= 2:  # two warm-up rounds: the files in the page cache, .pyc written
                    kept.append(sample)
    error = failure(first + second)
    if error:
        return [Row(label, error, "<= 5x", False)]
    bare = median_wall(base)
    ratio = median_wall(first) / bare
    return [
        Row(label, f"{ratio:.1f}x ({fmt_s(median_wall(first))})", "<= 5x", ratio <= 5.0),
        Row(
            "installed wheel: the call after it",
            f"{median_wall(second) / bare:.1f}x ({fmt_s(median_wall(second))})",
            "-",
            None,
        ),
    ]


def describe_checkout() -> str:
    """The commit of the checkout, '-dirty' when it has local changes; '?' without git."""
    try:
        done = subprocess.run(
            ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "?"
    return done.stdout.strip() or "?"


# --- report ------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    header = Row("target", "measured", "limit", None)
    verdict = {True: "PASS", False: "FAIL", None: "info"}
    cells = [
        (r.target, r.measured, r.limit, "result" if r is header else verdict[r.ok]) for r in [header, *rows]
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Benchmark kzcrisis against its performance targets.")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="leave out the 100k and 1M corpora, the concurrent calls and the installed wheel",
    )
    parser.add_argument("--no-million", action="store_true", help="leave out the 1M-claim corpus")
    parser.add_argument(
        "--mcp", action="store_true", help="only the MCP server's rows (start-up, first answer)"
    )
    parser.add_argument("--startup", action="store_true", help="only the start-up rows")
    parser.add_argument(
        "--bounded",
        action="store_true",
        help="only the bounded cases (sparse file, large statement, long line, compare --pairs)",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="only the rebuild rows: the next query after an edit at 100k (and 1M unless --no-million)",
    )
    parser.add_argument(
        "--kzcrisis",
        metavar="PATH",
        default=None,
        help="the kzcrisis executable to measure (default: the installed entry point)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        metavar="N",
        help="start-up rounds per command (default 30, 20 with --quick)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not hasattr(os, "wait4"):
        print("run.py: needs os.wait4 (Linux, macOS)", file=sys.stderr)
        return 2
    entry = find_entry(args.kzcrisis)
    python = interpreter_of(entry)
    rounds = args.rounds or (20 if args.quick else 30)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.bounded:
        print("bounded cases ...", file=sys.stderr)
        print_table(bounded_rows(entry))
        return 0
    if args.rebuild:
        print_table(all_rebuild_rows(entry, args.no_million))
        return 0
    print(f"start-up: {rounds} alternating rounds ...", file=sys.stderr)
    load = os.getloadavg()
    if args.mcp:
        print("mcp: server sessions ...", file=sys.stderr)
        print_table(mcp_rows(entry, python, rounds))
        return 0
    rows = startup(entry, python, rounds)
    if args.startup:
        print_table(rows)
        return 0
    print("mcp: server sessions ...", file=sys.stderr)
    rows += mcp_rows(entry, python, max(5, rounds // 3))
    if not args.quick:
        print("installed wheel: first runs ...", file=sys.stderr)
        rows += installed_rows(max(5, rounds // 3))
    results = []
    skipped = 100_000 if args.quick else 1_000_000 if args.no_million else None
    for n in (s for s in SIZES if skipped is None or s < skipped):
        print(f"scale: {short(n)} claims ...", file=sys.stderr)
        results.append(measure_size(entry, n))
    rows += scale_rows(results)
    if not args.quick:
        print(f"concurrency: {CONCURRENT_N} cold calls at once, 100k claims ...", file=sys.stderr)
        rows += crowd_rows(entry)
    if not args.quick:
        rows += all_rebuild_rows(entry, args.no_million)
    if results:
        print(f"export: sqlite of {short(results[-1].n)} claims ...", file=sys.stderr)
        rows.append(export_row(entry, results[-1]))
    load = tuple(max(a, b) for a, b in zip(load, os.getloadavg(), strict=True))  # type: ignore[assignment]
    what = f"checkout {describe_checkout()}, " if args.kzcrisis is None else ""
    print(
        f"kzcrisis {what}run as {entry}; baseline {python} -I -c pass; Python "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}; "
        f"load average (1, 5, 15 min, the higher of start and end) {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print()
    print_table(rows)
    print()
    failed = sum(1 for r in rows if r.ok is False)
    print(
        f"{failed} of {sum(1 for r in rows if r.ok is not None)} targets failed. "
        "Times are medians; RSS is the largest peak over the runs; k: see bench/README.md."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
