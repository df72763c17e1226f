"""The strategies' ``LeanSource``: Hypothesis abandons no run of them part-way.

Structural choices carry a label per position, so Hypothesis's mutator never copies a
value from one into another (which changed what followed, and the run ran out of
choices): for 200 derandomized examples it abandoned 20-22 runs of ``call_events()`` and
``invalid_call_events()`` before, and none now. Values drawn from whole strategies (the
contract-space strings) keep their strategy's label, so contract space may lose a few.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.internal.conjecture import engine
from hypothesis.internal.conjecture.data import Status

from callevent_toolkit.strategies import call_events, call_timelines, invalid_call_events


def _runs_by_status(strategy: Any, monkeypatch: pytest.MonkeyPatch) -> dict[Status, int]:
    counts: dict[Status, int] = {}
    original = engine.ConjectureRunner.test_function

    def counting(self: Any, data: Any) -> None:
        try:
            original(self, data)
        finally:
            counts[data.status] = counts.get(data.status, 0) + 1

    monkeypatch.setattr(engine.ConjectureRunner, "test_function", counting)

    @settings(max_examples=200, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategy)
    def receive(_value: Any) -> None:
        pass

    receive()
    return counts


@pytest.mark.parametrize(
    "make", [call_events, invalid_call_events, call_timelines], ids=lambda f: f.__name__
)
def test_no_run_is_abandoned(make: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    counts = _runs_by_status(make(), monkeypatch)
    assert counts.get(Status.VALID) == 200
    assert counts.get(Status.OVERRUN, 0) == 0


def test_contract_space_abandons_few(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = _runs_by_status(call_events(realistic=False), monkeypatch)
    assert counts.get(Status.VALID) == 200
    assert counts.get(Status.OVERRUN, 0) <= 10  # 5 measured; 20 with shared labels
