"""Names for handlers and the ``fuzz_handler(...)`` call that replays a fuzz run."""

from __future__ import annotations

import sys

from ._options import FuzzOptions

__all__ = ["describe", "import_name", "replay"]


def import_name(obj: object) -> str | None:
    """``package.module:qualname`` when that string finds ``obj`` again, else None.

    Only modules already imported are looked at: naming must not import anything.
    """
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or module == "__main__":
        return None
    found: object = sys.modules.get(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return f"{module}:{qualname}" if found is obj else None


def describe(obj: object) -> str:
    """The import name of ``obj`` if it has one, else its qualified name (or repr)."""
    qualname = getattr(obj, "__qualname__", None)
    return import_name(obj) or (qualname if isinstance(qualname, str) else repr(obj))


def replay(handler: object, options: FuzzOptions) -> str:
    """The ``fuzz_handler(...)`` call that repeats a run: the handler by the name its
    own module uses, then every option that differs from the defaults.

    Python text only: the command line is the CLI's business (it renders the same
    options into its own ``callevent fuzz`` replay command).
    """
    arguments = options.python_arguments()
    return f"fuzz_handler({_python_name(handler)}{', ' if arguments else ''}{arguments})"


def _python_name(obj: object) -> str:
    """The name a caller's own module uses for ``obj``: its qualified name (or repr)."""
    qualname = getattr(obj, "__qualname__", None)
    return qualname if isinstance(qualname, str) else repr(obj)
