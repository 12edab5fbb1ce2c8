"""The code's shape: no function above complexity 15 (radon), no import cycle anywhere (grimp), and a
face for each package (`__all__`, lazily: importing a package imports none of its modules).

radon and grimp come with the dev extra (grimp with import-linter); CI's lint step installs them
pinned and runs this file. Each checker is also run on code made to fail it.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "kzcrisis"
MAX_COMPLEXITY = 15


# --- complexity ------------------------------------------------------------------------------


def _functions(block: Any) -> Iterator[Any]:
    """Every function radon sees in a block: methods of classes and closures of functions too."""
    from radon.visitors import Class

    if isinstance(block, Class):
        for inner in [*block.methods, *block.inner_classes]:
            yield from _functions(inner)
        return
    yield block
    for inner in block.closures:
        yield from _functions(inner)


def too_complex(source: str, name: str) -> list[str]:
    """'name:line function (complexity)' for each function of `source` above MAX_COMPLEXITY."""
    from radon.complexity import cc_visit

    found = [
        f"{name}:{f.lineno} {f.fullname} ({f.complexity})"
        for block in cc_visit(source)
        for f in _functions(block)
        if f.complexity > MAX_COMPLEXITY
    ]
    return list(dict.fromkeys(found))  # radon may give a method's closure twice


def test_no_function_above_complexity_15() -> None:
    pytest.importorskip("radon")
    found = [
        line
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in too_complex(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == [], "split these functions:\n" + "\n".join(found)


def test_the_complexity_check_finds_a_function_above_15() -> None:
    pytest.importorskip("radon")
    branches = "\n".join(f"    if x == {n}:\n        return {n}" for n in range(15))
    source = f"class A:\n  def method(self, x):\n    def inner(x):\n{textwrap.indent(branches, '    ')}\n"
    source += f"    return inner(x)\n\ndef plain(x):\n{branches}\n    return -1\n"
    assert too_complex(source, "made.py") == ["made.py:36 plain (16)", "made.py:3 inner (16)"]


# --- import cycles ---------------------------------------------------------------------------


def import_cycles(package: str) -> list[list[str]]:
    """Every group of modules of `package` that import one another in a loop (the strongly connected
    components of grimp's graph with more than one module, or a module importing itself). A
    package's `__init__` counts as a module: `kzcrisis.cli` importing `kzcrisis.cli.app`, which imports
    `kzcrisis.cli`, is a loop. Imports inside functions count too."""
    import grimp

    graph = grimp.build_graph(package, include_external_packages=False)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []
    for root in sorted(graph.modules):  # Tarjan's algorithm, iterative
        if root in order:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        order[root] = low[root] = len(order)
        stack.append(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in order:
                    order[target] = low[target] = len(order)
                    stack.append(target)
                    work.append((target, iter(sorted(graph.find_modules_directly_imported_by(target)))))
                elif target in stack:
                    low[module] = min(low[module], order[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == order[module]:
                group = []
                while True:
                    member = stack.pop()
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                    cycles.append(sorted(group))
    return cycles


def test_no_import_cycle() -> None:
    pytest.importorskip("grimp")
    assert import_cycles("kzcrisis") == []


def test_the_cycle_check_finds_a_package_importing_its_own_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("grimp")
    made = tmp_path / "madepkg"
    (made / "sub").mkdir(parents=True)
    (made / "__init__.py").write_text("")
    # the loop of a package and its own module, through a lazy import
    (made / "sub" / "__init__.py").write_text("def main():\n    from madepkg.sub.app import run\n")
    (made / "sub" / "app.py").write_text("from madepkg.sub import main\n\ndef run(): ...\n")
    # and a loop of three siblings
    for a, b in (("a", "b"), ("b", "c"), ("c", "a")):
        (made / f"{a}.py").write_text(f"import madepkg.{b}\n")
    (made / "alone.py").write_text("import madepkg.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("madepkg") == [
        ["madepkg.a", "madepkg.b", "madepkg.c"],
        ["madepkg.sub", "madepkg.sub.app"],
    ]


# --- faces -----------------------------------------------------------------------------------

PACKAGES = sorted(".".join(path.parent.relative_to(ROOT).parts) for path in PACKAGE.rglob("__init__.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_names_what_is_public(package: str) -> None:
    """`__all__` lists the face; every name in it resolves (lazily, through `__getattr__`)."""
    module = importlib.import_module(package)
    public = getattr(module, "__all__", None)
    assert public, f"{package} has no __all__"
    for name in public:
        assert getattr(module, name) is not None, f"{package}.{name}"


@pytest.mark.slow
@pytest.mark.parametrize("package", PACKAGES)
def test_importing_a_package_imports_none_of_its_modules(package: str) -> None:
    """The face is lazy: start-up pays only for the modules a command uses."""
    code = f"import sys, {package}\nprint(sorted(m for m in sys.modules if m.startswith('{package}.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = ast.literal_eval(out.stdout)
    assert loaded == [name for name in loaded if name in _ALWAYS.get(package, ())], loaded


# The small modules a package's own import needs: the version.
_ALWAYS: dict[str, tuple[str, ...]] = {
    "kzcrisis": ("kzcrisis.version",),
}
