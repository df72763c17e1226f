"""Hybrid events: realistic context with 1-3 contract values, always valid."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit import is_valid
from callevent_toolkit.engine import HybridPlan, HypothesisSource, RandomSource, default_plan

PLAN = HybridPlan()


@st.composite
def hybrid_events(draw: st.DrawFn) -> dict[str, Any]:
    return PLAN.event(HypothesisSource(draw))


@settings(max_examples=150, deadline=None)
@given(hybrid_events())
def test_hybrid_events_are_valid(event: dict[str, Any]) -> None:
    assert is_valid(event)


def _odd_browser_major(event: dict[str, Any]) -> bool:
    """An SDK event (realistic context) whose browser major version is not digits."""
    if event.get("edge") != "sdk_edge":
        return False
    sdk = ((event.get("sdk_edge") or {}).get("metadata") or {}).get("sdk") or {}
    major = (sdk.get("browser") or {}).get("major")
    return isinstance(major, str) and not major.isdigit()


def _bulk(build: Any, count: int = 3000) -> list[dict[str, Any]]:
    return [build(RandomSource(random.Random(i))) for i in range(count)]


def test_bulk_hybrid_events_are_valid_and_give_realistic_contexts_odd_values() -> None:
    hybrid = _bulk(PLAN.event)
    assert all(is_valid(event) for event in hybrid)
    realistic = _bulk(default_plan(3, True).event)
    assert not any(_odd_browser_major(event) for event in realistic)
    assert any(_odd_browser_major(event) for event in hybrid)


def test_at_most_three_places_change() -> None:
    # Same seed, same realistic draws up to the change: compare leaf by leaf.
    for seed in range(300):
        realistic = default_plan(3, True).event(RandomSource(random.Random(seed)))
        hybrid = PLAN.event(RandomSource(random.Random(seed)))
        assert 1 <= _differences(realistic, hybrid) <= 3 or realistic == hybrid


def _differences(a: Any, b: Any) -> int:
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return len(a.keys() ^ b.keys()) // 2 or 1
        return sum(_differences(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return sum(_differences(x, y) for x, y in zip(a, b, strict=True))
    return int(a != b or type(a) is not type(b))
