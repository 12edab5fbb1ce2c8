"""Time the curator's commands as the corpus grows (a report, not a test).

    python bench/curate.py [--sizes 1000,10000]

For each size, a corpus from bench/generate.py (seed 0) in bench/out/curate-N, then:
- `coverage --json` over every article (split, place every claim, flag);
- `validate` with every quote retyped (one letter changed): the worst case of the closest-passage
  hint, one search and one diff per claim.
Prints wall times and the growth exponent k (m ~ n**k) between sizes; k <= 1.1 is linear.

Then, at --edit-size claims (100,000; 0 leaves it out): `validate` after a one-file edit, with the
index an earlier query left in the cache, against a full `validate` of the same corpus (no cache):
held to 10% of it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"


def _kzcrisis() -> str:
    return str(Path(sys.executable).with_name("kzcrisis"))


def _corpus(n: int) -> Path:
    folder = OUT / f"curate-{n}"
    if not (folder / "corpus.json").exists():
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(n), str(folder), "--seed", "0", "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


def _retyped(corpus: Path) -> Path:
    """A copy whose every quote has one letter changed (so that no quote is found)."""
    copy = Path(tempfile.mkdtemp(prefix="kz-retyped-")) / "corpus"
    shutil.copytree(corpus, copy)
    for path in (copy / "claims").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for claim in data["claims"]:
            quote = claim["quote"]
            middle = len(quote) // 2
            claim["quote"] = quote[:middle] + ("x" if quote[middle] != "x" else "y") + quote[middle + 1 :]
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return copy


def _time(args: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, len(proc.stdout)


EDIT_SHARE = 0.10


def validate_after_edit(n: int) -> bool:
    """`validate` after a one-file edit (the index of the corpus before it cached) vs a full run."""
    corpus = _corpus(n)
    with tempfile.TemporaryDirectory(prefix="kz-edit-") as tmp:
        copy, cache = Path(tmp) / "corpus", Path(tmp) / "cache"
        shutil.copytree(corpus, copy)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KZCRISIS_")}
        full, _ = _time([_kzcrisis(), "validate", "--corpus", str(copy)], env | {"KZCRISIS_NO_CACHE": "1"})
        cached = env | {"KZCRISIS_CACHE_DIR": str(cache)}
        _time([_kzcrisis(), "claims", "--limit", "1", "--corpus", str(copy)], cached)  # a query's index
        path = sorted((copy / "claims").glob("*.json"))[len(list((copy / "claims").glob("*.json"))) // 2]
        data = json.loads(path.read_text(encoding="utf-8"))
        data["claims"][0]["text_en"] += " (edited)"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        edited, _ = _time([_kzcrisis(), "validate", "--corpus", str(copy)], cached)
    share = edited / full
    verdict = "ok" if share < EDIT_SHARE else "FAILED"
    print(
        f"{n:>7} claims  validate after a one-file edit  {edited:7.2f} s  "
        f"({share:.0%} of a full validate, {full:.2f} s; limit {EDIT_SHARE:.0%}: {verdict})"
    )
    return share < EDIT_SHARE


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--edit-size", type=int, default=100_000, help="0 leaves the edit row out")
    parser.add_argument("--only-edit", action="store_true", help="only the row of validate after an edit")
    args = parser.parse_args(argv)
    if args.only_edit:
        validate_after_edit(args.edit_size)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KZCRISIS_")}
    env["KZCRISIS_NO_CACHE"] = "1"
    rows: dict[str, list[float]] = {"coverage --json": [], "validate (every quote retyped)": []}
    for n in sizes:
        corpus = _corpus(n)
        wall, size = _time([_kzcrisis(), "coverage", "--json", "--corpus", str(corpus)], env)
        rows["coverage --json"].append(wall)
        print(f"{n:>7} claims  coverage --json                 {wall:7.2f} s  ({size} bytes)")
        retyped = _retyped(corpus)
        wall, size = _time([_kzcrisis(), "validate", "--corpus", str(retyped)], env)
        rows["validate (every quote retyped)"].append(wall)
        print(f"{n:>7} claims  validate (every quote retyped)  {wall:7.2f} s  ({size} bytes of problems)")
        shutil.rmtree(retyped.parent, ignore_errors=True)
    for label, times in rows.items():
        for i in range(1, len(sizes)):
            (n1, t1), (n2, t2) = (sizes[i - 1], times[i - 1]), (sizes[i], times[i])
            k = math.log(t2 / t1) / math.log(n2 / n1)
            print(f"growth {label}: k = {k:.2f} from {n1} to {n2} claims")
    if args.edit_size:
        validate_after_edit(args.edit_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
