"""Places in an event, written three ways: paths, JSON pointers and JSONPath.

One module for all three, because every report the toolkit writes (violations, the
constraint list, ``callevent explain``, test ids of the coverage marker) must name a place
the same way: a tuple path inside the code, an RFC 6901 pointer in data
(``/sdk_edge/metadata/location/lat``) and a JSONPath for people
(``$.sdk_edge.metadata.location.lat``). ``"*"`` stands for any map key or array index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["ANY_INDEX", "ANY_KEY", "json_path", "path_of", "pattern_path", "pointer_of"]


class _Wildcard:
    """A wildcard step of a JSONPath: any key of a map (``.*``) or any item of an array (``[*]``).

    A sentinel rather than the string ``"*"``: a real map key may be ``"*"``, and a
    violation at it must read ``$.m['*']``, not look like a pattern.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return "ANY_KEY" if self.text == ".*" else "ANY_INDEX"


#: Path steps that :func:`json_path` renders as ``.*`` (any map key) and ``[*]`` (any item).
ANY_KEY: Final = _Wildcard(".*")
ANY_INDEX: Final = _Wildcard("[*]")


def pointer_of(path: tuple[str, ...]) -> str:
    """RFC 6901 pointer for an event path: ``("a", "b~c")`` -> ``/a/b~0c``."""
    return "".join("/" + step.replace("~", "~0").replace("/", "~1") for step in path)


def path_of(pointer: str) -> tuple[str, ...]:
    """The event path of an RFC 6901 pointer (the inverse of :func:`pointer_of`)."""
    if not pointer:
        return ()
    return tuple(step.replace("~1", "/").replace("~0", "~") for step in pointer[1:].split("/"))


def json_path(path: Sequence[str | int | _Wildcard]) -> str:
    """Render a path as a JSONPath: ``$.a.b[0]``, with ``['odd key']`` for odd names.

    :data:`ANY_KEY` renders as ``.*`` and :data:`ANY_INDEX` as ``[*]``; the string
    ``"*"`` is a real key (``['*']``). Use :func:`pattern_path` for constraint paths.
    """
    out = ["$"]
    for step in path:
        if isinstance(step, _Wildcard):
            out.append(step.text)
        elif isinstance(step, int):
            out.append(f"[{step}]")
        elif step.isidentifier():
            out.append(f".{step}")
        else:
            out.append("[" + repr(step) + "]")
    return "".join(out)


def pattern_path(path: Sequence[str], parent_kinds: Sequence[str] | None = None) -> str:
    """The JSONPath of a constraint path, whose ``"*"`` steps are wildcards.

    With ``parent_kinds`` (the kind of the node each step sits in), a ``"*"`` inside an
    array renders as ``[*]``; otherwise every ``"*"`` renders as ``.*``.
    """
    kinds = parent_kinds if parent_kinds is not None else ("map",) * len(path)
    return json_path(
        [
            (ANY_INDEX if kind == "array" else ANY_KEY) if step == "*" else step
            for step, kind in zip(path, kinds, strict=True)
        ]
    )
