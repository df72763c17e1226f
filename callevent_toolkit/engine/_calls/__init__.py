"""Call timelines: every event of one call, in order, as a consumer would receive them.

The call scripts in :mod:`._scripts` say *what happens* (``call.gateway(edges,
"ringing")``, ``call.sdk("connection", "outgoing")``) and a :class:`~._writer.CallWriter`
turns each step into a full, valid event with the call's shared facts. Both faces run
:func:`build_timeline`: the strategy with a Hypothesis source, the bulk generator with a
seeded ``random.Random``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import InvalidArgument
from ...schemas import available_versions
from .._sources import Source
from ._scripts import write_call
from ._writer import CallWriter

__all__ = ["build_timeline", "check_timeline_arguments"]

Event = dict[str, Any]


def check_timeline_arguments(realistic: object, version: object) -> None:
    """Raise :class:`InvalidArgument` for a bad ``realistic`` or ``version``."""
    if not isinstance(realistic, bool):
        raise InvalidArgument(f"realistic must be True or False, got {realistic=}")
    if version not in available_versions():
        raise InvalidArgument(
            f"version must be one of the bundled schema versions {available_versions()}, "
            f"got {version=}"
        )


def build_timeline(
    src: Source,
    *,
    version: int = 3,
    realistic: bool = True,
    contents: Callable[[], Source] | None = None,
) -> list[Event]:
    """One call's events: the story drawn from ``src``, each event's contents from
    ``contents()`` (default: ``src`` too)."""
    call = CallWriter(src, version=version, realistic=realistic, contents=contents)
    write_call(call)
    return call.finish()
