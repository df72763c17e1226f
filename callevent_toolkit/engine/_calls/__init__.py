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

from ..._checks import check_bool, check_version
from ...schemas import DEFAULT_VERSION
from .._sources import Source
from ._scripts import write_call
from ._writer import CallWriter

__all__ = ["build_timed_call", "build_timeline", "check_timeline_arguments"]

Event = dict[str, Any]


def check_timeline_arguments(realistic: object, version: object) -> None:
    """Raise :class:`InvalidArgument` for a bad ``realistic`` or ``version``."""
    check_version(version)
    check_bool("realistic", realistic)


def build_timeline(
    src: Source,
    *,
    version: int = DEFAULT_VERSION,
    realistic: bool = True,
    contents: Callable[[], Source] | None = None,
) -> list[Event]:
    """One call's events: the story drawn from ``src``, each event's contents from
    ``contents()`` (default: ``src`` too)."""
    call = CallWriter(src, version=version, realistic=realistic, contents=contents)
    write_call(call)
    return call.finish()


def build_timed_call(
    src: Source,
    *,
    start_ms: int,
    account_sid: str,
    version: int = DEFAULT_VERSION,
    realistic: bool = True,
    contents: Callable[[], Source] | None = None,
) -> list[tuple[int, Event]]:
    """One call of a stream: ``(instant in epoch ms, event)`` pairs, in order.

    The call starts at ``start_ms`` and belongs to ``account_sid``; every other choice
    is drawn from ``src`` exactly as :func:`build_timeline` draws it, so with a seeded
    source the call is that timeline moved in time and to the stream's account.
    """
    call = CallWriter(
        src,
        version=version,
        realistic=realistic,
        contents=contents,
        start_ms=start_ms,
        account_sid=account_sid,
    )
    write_call(call)
    return list(zip(call.instants, call.finish(), strict=True))
