"""Lazy package facades: a public name is imported from its home module on first use.

Why: pytest imports the root package for every run (the plugin is a ``pytest11`` entry
point), and ``callevent validate`` must not load the generator that ``jobs/`` also
exports. A package ``__init__`` that imported every submodule would make each of them
pay for all of it. The root package and ``jobs/`` build their module ``__getattr__`` and
``__dir__`` here (PEP 562), from a table of ``name -> module``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any

__all__ = ["lazy_facade"]


def lazy_facade(
    package: str, homes: Mapping[str, str], public: Collection[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``, whose public names ``public`` live in
    the submodules ``homes`` gives (relative to the package). A name is looked up once,
    then kept in the package's namespace. Refuses a table that disagrees with
    ``public`` at import time, so a name added to one and not the other fails at once."""
    if set(public) != set(homes):
        raise ImportError(f"{package}.__all__ and its lazy-import table disagree")
    namespace = sys.modules[package].__dict__

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{home}", package), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *public})

    return getattr_, dir_
