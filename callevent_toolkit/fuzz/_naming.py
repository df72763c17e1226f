"""Names for handlers and the command line that replays a fuzz run."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

from ..schemas import DEFAULT_VERSION

__all__ = ["DEFAULT_TIMEOUT", "describe", "import_name", "replay", "replay_command"]

DEFAULT_TIMEOUT = 5.0
"""Seconds one call may take before it counts as a hang (generous: CI machines are slow)."""


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


def replay_command(
    target: str,
    *,
    seed: int,
    max_examples: int,
    rejects: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    version: int = DEFAULT_VERSION,
) -> str:
    """The ``callevent fuzz`` command line that repeats a run exactly (shell-quoted)."""
    argv = ["callevent", "fuzz", target, "--seed", str(seed), "--max-examples", str(max_examples)]
    for name in rejects:
        argv += ["--rejects", name]
    if timeout != DEFAULT_TIMEOUT:
        short = f"{timeout:g}"  # "2", not "2.0"; but never at the cost of exactness
        argv += ["--timeout", short if float(short) == timeout else repr(timeout)]
    if version != 3:
        argv += ["--version", str(version)]
    return shlex.join(argv)


def replay(
    handler: object,
    *,
    seed: int,
    max_examples: int,
    rejects: tuple[type[BaseException], ...],
    timeout: float | None,
    version: int = DEFAULT_VERSION,
    valid: bool = True,
    invalid: bool = True,
) -> str:
    """How to repeat a run: a ``callevent fuzz`` command when everything has an import
    name and the command can express the run, else the ``fuzz_handler(...)`` call.

    The command always runs both valid and invalid searches, so a run with ``valid=False``
    or ``invalid=False`` is replayed in Python: the command would add searches (and their
    failures) the run did not have.
    """
    target = import_name(handler)
    reject_names = [import_name(cls) for cls in rejects]
    if (
        target is not None
        and timeout is not None
        and valid
        and invalid
        and None not in reject_names
    ):
        names = [] if rejects == (Exception,) else [n for n in reject_names if n is not None]
        return replay_command(
            target,
            seed=seed,
            max_examples=max_examples,
            rejects=names,
            timeout=timeout,
            version=version,
        )
    classes = ", ".join(cls.__qualname__ for cls in rejects)
    extra = f", version={version}" if version != 3 else ""
    extra += "" if valid else ", valid=False"
    extra += "" if invalid else ", invalid=False"
    return (
        f"fuzz_handler({_python_name(handler)}, seed={seed}, max_examples={max_examples}, "
        f"rejects=({classes},), timeout={timeout!r}{extra})"
    )


def _python_name(obj: object) -> str:
    """The name a caller's own module uses for ``obj``: its qualified name (or repr)."""
    qualname = getattr(obj, "__qualname__", None)
    return qualname if isinstance(qualname, str) else repr(obj)
