"""The hand-out hook: the faces say here which events they gave a test.

Why a hook in the core: the strategies, the fuzzer and the pytest plugin all hand events
to a test, and the contract-coverage recorder wants to hear of every one of them. The
recorder sits on a higher layer than the strategies (it reads the schema walk, the
engine's catalogue and the validator), so the strategies cannot import it; instead every
face calls :func:`observe` (or :func:`observe_many`, :func:`observe_invalid`) and the
recorder installs itself with :func:`set_observer` when a report was asked for.

With no observer installed each call is one global lookup and a comparison, so a suite
that asks for no report pays nothing measurable. Only events of the observer's schema
``version`` reach it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ._invalid import InvalidCallEvent

__all__ = [
    "Observer",
    "current_observer",
    "observe",
    "observe_invalid",
    "observe_many",
    "set_observer",
]


class Observer(Protocol):
    """What listens to the hand-outs: a schema version and two callbacks."""

    version: int

    def record(self, event: Any) -> None:
        """A valid event was handed to a test."""

    def record_invalid(self, case: InvalidCallEvent) -> None:
        """A labelled invalid event was handed to a test."""


_OBSERVER: Observer | None = None


def set_observer(observer: Observer | None) -> Observer | None:
    """Install ``observer`` (``None`` removes it); the one that was installed before."""
    global _OBSERVER
    was, _OBSERVER = _OBSERVER, observer
    return was


def current_observer() -> Observer | None:
    """The installed observer, or ``None`` (the usual case: no report asked for)."""
    return _OBSERVER


def observe(event: Any, version: int) -> None:
    """A face handed ``event`` (valid, of schema ``version``) to a test."""
    if _OBSERVER is not None and _OBSERVER.version == version:
        _OBSERVER.record(event)


def observe_many(events: Iterable[Any], version: int) -> None:
    """A face handed several valid events at once (a timeline, a batch)."""
    if _OBSERVER is not None and _OBSERVER.version == version:
        for event in events:
            _OBSERVER.record(event)


def observe_invalid(case: InvalidCallEvent, version: int) -> None:
    """A face handed the labelled invalid event ``case`` to a test."""
    if _OBSERVER is not None and _OBSERVER.version == version:
        _OBSERVER.record_invalid(case)
