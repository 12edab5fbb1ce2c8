"""A package's face, imported lazily (PEP 562): the one `__getattr__` every package of kzcrisis uses.

Importing a package then costs nothing; a name is imported from its module the first time it is
used, so a command pays only for the modules it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_face(package: str, modules: Mapping[str, Sequence[str]]) -> Callable[[str], Any]:
    """The `__getattr__` of `package`: each of its `modules` (by their name in the package) gives
    the face the names listed with it."""
    where = {name: module for module, names in modules.items() for name in names}

    def face_getattr(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return face_getattr
