"""Wheel build hook: the wheel carries the index of the shipped corpus, built at packaging time.

Why: the first call after `pip install` then reads an index instead of building one (see
`kzcrisis/index/shipped.py` for how an installed kzcrisis checks it against the corpus before use).
Building the index validates the corpus fully: an invalid corpus fails the build with its problems.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ShippedIndexHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout's corpus, which curators edit
        sys.path.insert(0, self.root)  # the kzcrisis being packaged, not one installed
        from kzcrisis.errors import CorpusError
        from kzcrisis.index.package import build_shipped_index

        self._out = tempfile.mkdtemp(prefix="kzcrisis-index-")
        try:
            path = build_shipped_index(str(Path(self.root) / "corpus"), self._out)
        except CorpusError as exc:
            problems = "\n".join(f"  {p}" for p in exc.problems)
            raise SystemExit(f"hatch_build.py: the shipped corpus does not validate:\n{problems}") from None
        build_data["force_include"][path] = f"kzcrisis/_index/{Path(path).name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out:
            shutil.rmtree(out, ignore_errors=True)
