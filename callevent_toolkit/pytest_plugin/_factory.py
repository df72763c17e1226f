"""``CallEventFactory``: the object behind the ``call_event_factory`` fixture.

Every event a factory hands out is event *k* of the factory's own seed (derived from the
run's seed and the test's node id), where *k* counts the events it has made so far. So a
test gets the same events on every run with the same seed, serial or under pytest-xdist,
and a failing test can be replayed from the seed in the report header.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..engine import InvalidCallEvent

__all__ = ["CallEventFactory"]


class CallEventFactory:
    """Makes CallEvents for one test: ``factory()``, ``.batch(n)``, ``.contract()``, ``.invalid()``.

    Pins work as for :func:`~callevent_toolkit.strategies.call_events`: keywords for
    top-level properties (``factory(level="ERROR")``), ``fixed`` for nested ones by dotted
    path or JSON pointer (``factory(fixed={"sdk_edge.metadata.country_code": "DE"})``).
    Pins must be plain values (no strategies).
    """

    def __init__(self, *, seed: int, version: int) -> None:
        self._seed = seed
        self._version = version
        self._made = 0

    @property
    def seed(self) -> int:
        """The seed this factory's events come from (event *k* of it is the *k*-th made)."""
        return self._seed

    @property
    def version(self) -> int:
        """The schema version of the events."""
        return self._version

    def __repr__(self) -> str:
        return f"CallEventFactory(seed={self._seed}, version={self._version})"

    def __call__(self, *, fixed: Mapping[Any, Any] | None = None, **pins: Any) -> dict[str, Any]:
        """One realistic valid event."""
        __tracebackhide__ = True
        return self._make(1, realistic=True, fixed=fixed, pins=pins)[0]

    def batch(
        self, n: int, *, fixed: Mapping[Any, Any] | None = None, **pins: Any
    ) -> list[dict[str, Any]]:
        """``n`` realistic valid events with the same pins."""
        __tracebackhide__ = True
        return self._make(n, realistic=True, fixed=fixed, pins=pins)

    def contract(self, *, fixed: Mapping[Any, Any] | None = None, **pins: Any) -> dict[str, Any]:
        """One contract-space event: valid, but anything the schema allows (edge cases)."""
        __tracebackhide__ = True
        return self._make(1, realistic=False, fixed=fixed, pins=pins)[0]

    def invalid(self, keyword: str | None = None) -> InvalidCallEvent:
        """One realistic event that breaks one rule (of kind ``keyword`` when given).

        ``keyword`` is a schema keyword such as ``"required"``, ``"type"``,
        ``"additionalProperties"``, ``"minimum"``, ``"maximum"`` or ``"format"``; the
        result's ``.violation`` says exactly where and how the event is broken.
        """
        from ..engine import make_invalid, menu_for, observe_invalid, seeded_source

        __tracebackhide__ = True
        with _raised_here():
            menu = menu_for(self._version, None if keyword is None else [self._known(keyword)])
        index, self._made = self._made, self._made + 1
        src = seeded_source(self._seed, index)
        case = make_invalid(src, menu, version=self._version)
        observe_invalid(case, self._version)  # no-op without --callevent-report
        return case

    def _known(self, keyword: object) -> str:
        from .._checks import check_keywords
        from ..schemas import schema_handle
        from ..schemas.constraints import constraints

        known = {c.keyword for c in constraints(self._version)}
        (checked,) = check_keywords([keyword], known, schema_handle(self._version).label)
        return checked

    def _make(
        self, n: int, *, realistic: bool, fixed: Mapping[Any, Any] | None, pins: dict[str, Any]
    ) -> list[dict[str, Any]]:
        from ..engine import collect_pins, observe_many
        from ..generation import generate

        __tracebackhide__ = True
        with _raised_here():
            if pins:
                fixed = collect_pins(self._version, fixed, pins)
            events = list(
                generate(
                    n,
                    seed=self._seed,
                    start=self._made,
                    realistic=realistic,
                    version=self._version,
                    fixed=fixed,
                )
            )
        self._made += n  # after generate() accepted the arguments
        observe_many(events, self._version)  # no-op without --callevent-report
        return events


@contextmanager
def _raised_here() -> Iterator[None]:
    """Re-raise a bad-argument error from the factory's own (hidden) frame.

    A misspelled pin is the test's mistake; pytest would otherwise print every engine
    frame between the test and the check (about 40 lines). The copy has the same class
    and message, and no chained internals.
    """
    from ..errors import InvalidArgument

    __tracebackhide__ = True
    try:
        yield
    except InvalidArgument as exc:
        raise type(exc)(str(exc)) from None
