"""The ``call_events()`` strategy: valid CallEvents, realistic or contract-space."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from hypothesis import strategies as st

from ..engine import EventPlan, default_plan, observe
from ..schemas import DEFAULT_VERSION
from ._defaults import is_default_version, is_flag
from ._lean import LeanSource

__all__ = ["call_events"]


def _event(draw: st.DrawFn, plan: EventPlan) -> dict[str, Any]:
    event = plan.event(LeanSource(draw))
    observe(event, plan.version)  # the coverage report's hook: a no-op without one
    return event


@st.composite
def _events_from(draw: st.DrawFn, plan: EventPlan) -> dict[str, Any]:
    return _event(draw, plan)


@cache
def _default_plan(realistic: bool) -> EventPlan:
    return default_plan(DEFAULT_VERSION, realistic)


@st.composite
def _default_events(draw: st.DrawFn, realistic: bool) -> dict[str, Any]:
    """``call_events()`` with default arguments, without the ``st.deferred`` layer (see
    :mod:`._defaults`); the plan is compiled on the first draw, as before."""
    return _event(draw, _default_plan(realistic))


def call_events(
    *,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
    fixed: Mapping[Any, Any] | None = None,
    **pins: Any,
) -> st.SearchStrategy[dict[str, Any]]:
    """A strategy of valid ``VoiceInsights.CallEvent`` dicts, built by walking the schema.

    ``realistic=True`` (the default) gives events that look like production: SIDs of the
    right shape, a real edge/group/name/level combination with only the matching edge
    object present, coherent place, SDK, browser and region data, recent UTC timestamps.
    ``realistic=False`` roams the whole contract instead: absent optional parts, empty
    maps and arrays, empty and non-ASCII strings, boundary and 64-bit-overflowing
    integers, timestamps with offsets and fractions, any ``edge`` or ``level`` string.

    Pin fields with keywords for top-level properties (``call_events(level="ERROR")``)
    or ``fixed`` for nested ones, by dotted path, JSON pointer or tuple
    (``fixed={"sdk_edge.metadata.country_code": "DE"}``). A pin may be a value or a
    strategy. Realistic events follow the pins where the domain allows (pinning
    ``edge="sip_edge"`` gives gateway events). An unknown path or a value the schema
    forbids raises :class:`~callevent_toolkit.errors.InvalidArgument` naming the path,
    when the strategy is first used.

    Examples from this strategy shrink towards the simplest event that still fails:
    optional parts removed and the kind with the fewest parts (Hypothesis prefers fewer
    choices, so a test that fails for every event shows a Conversation Relay event), then
    the first catalogue entries of that kind (a ``call``/``initiated`` gateway event in
    ``ashburn``, an SDK ``connection``/``incoming`` event), SIDs of zeros; in contract
    space the required fields only, empty strings and zero.
    """

    if fixed is None and not pins and is_default_version(version) and is_flag(realistic):
        return _default_events(realistic)

    def build() -> st.SearchStrategy[dict[str, Any]]:
        if fixed is None and not pins:
            plan = default_plan(version, realistic)
        else:
            plan = EventPlan(version=version, realistic=realistic, fixed=fixed, **pins)
        return _events_from(plan)

    return st.deferred(build)
