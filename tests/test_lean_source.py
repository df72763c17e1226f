"""The strategies' ``LeanSource``: Hypothesis abandons no run of them part-way, and its
choices are asked of the example's data directly, with the values, constraints and spans
the labelled draws give (so Hypothesis generates the same examples).

Structural choices have no span (or, when ``draw`` is wrapped, a label per position), so
Hypothesis's mutator never copies a value from one into another (which changed what
followed, and the run ran out of choices): for 200 derandomized examples it abandoned
20-22 runs of ``call_events()`` and ``invalid_call_events()`` with shared labels, and
none now. Values drawn from whole strategies (the contract-space strings) keep their
strategy's label, so contract space may lose a few.
"""

from __future__ import annotations

from random import Random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.control import BuildContext
from hypothesis.internal.conjecture import engine
from hypothesis.internal.conjecture.data import ConjectureData, Status

from callevent_toolkit.strategies import _lean, call_events, call_timelines, invalid_call_events

#: The span labels a wrapped ``draw`` gives structural choices, one per position.
_POSITIONS = range(_lean._FIRST_LABEL, _lean._FIRST_LABEL + 2**32)


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


def _drawn(strategy: Any, *, seed: int = 0, choices: Any = None) -> tuple[Any, Any]:
    """One value of ``strategy`` and the data it was drawn from: fresh choices from
    ``seed``, or the given ``choices`` replayed."""
    if choices is None:
        data = ConjectureData(random=Random(seed))
    else:
        data = ConjectureData.for_choices(choices)
    with BuildContext(data, wrapped_test=_drawn):  # as inside ``@given`` (contract strings)
        value = data.draw(strategy)
    data.freeze()
    return value, data


def _asked(data: Any) -> list[tuple[str, Any]]:
    return [(node.type, node.constraints) for node in data.nodes]


def _spans(data: Any) -> list[tuple[int, int, int]]:
    return [(span.label, span.start, span.end) for span in data.spans]


def _positional_spans(data: Any) -> int:
    return sum(span.label in _POSITIONS for span in data.spans)


@pytest.mark.parametrize(
    "make",
    [call_events, lambda: call_events(realistic=False), invalid_call_events, call_timelines],
    ids=["call_events", "contract", "invalid_call_events", "call_timelines"],
)
def test_choices_are_direct_and_give_the_labelled_values_constraints_and_spans(
    make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for seed in range(25):
        value, direct = _drawn(make(), seed=seed)
        assert _positional_spans(direct) == 0  # every structural choice made directly
        with monkeypatch.context() as wrapped:  # as when a benchmark wraps ``draw``
            wrapped.setattr(_lean, "choice_data", lambda _draw: None)
            again, labelled = _drawn(make(), choices=direct.choices)
        assert labelled.status is Status.VALID
        assert _positional_spans(labelled) > 0  # the same choices, now drawn under labels
        assert repr(again) == repr(value)  # floats, NaN and invalid cases alike
        # ... and each choice was asked under the same constraints (a wide pick's bounds
        # weighted as ``st.integers`` weights them), so it is drawn as often at each value
        assert _asked(direct) == _asked(labelled)
        # ... and the spans the mutator copies between (quantities under one label, the
        # strategies' own) are the same, so Hypothesis generates the same examples
        assert _spans(direct) == [s for s in _spans(labelled) if s[0] not in _POSITIONS]


def test_choice_data_is_the_composites_own_data_only() -> None:
    # the installed Hypothesis has the calls LeanSource makes: were it to change them,
    # the strategies would draw through ``draw`` again, and this says so
    assert _lean._DATA_CLASS is ConjectureData
    data = ConjectureData(random=Random(0))
    assert _lean.choice_data(data.draw) is data
    assert _lean.choice_data(lambda strategy, *label: data.draw(strategy, *label)) is None
