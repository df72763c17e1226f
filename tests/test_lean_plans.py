"""Lean timeline plans decide, when compiled, the presence rules that read only the kind and
edge: the events they build are the very events the undecided rules build."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callevent_toolkit.engine._calls import _writer
from callevent_toolkit.engine._calls._writer import _known_presence, kind_of
from callevent_toolkit.engine._providers import always, inline, never
from callevent_toolkit.strategies._timelines import _timeline

RINGING = kind_of("call", "ringing")


def test_rules_of_kind_and_edge_are_decided_and_the_rest_stay_rules() -> None:
    on_edge = inline("ctx.edge == $edge", edge="carrier_edge")
    relay = inline("ctx.kind.family == 'relay'")
    draws = inline("ctx.src.flag(90)")
    reads_a_fact = inline("ctx[$fact] == 'js'", fact=object())
    reads_the_key = inline("ctx.key == 'en-US'")
    assert _known_presence(on_edge, RINGING, "carrier_edge") is always
    assert _known_presence(on_edge, RINGING, "sip_edge") is never
    assert _known_presence(relay, RINGING, "carrier_edge") is never
    assert _known_presence(draws, RINGING, "carrier_edge") is draws
    assert _known_presence(reads_a_fact, RINGING, "carrier_edge") is reads_a_fact
    assert _known_presence(reads_the_key, RINGING, "carrier_edge") is reads_the_key
    assert _known_presence(always, RINGING, "carrier_edge") is always


def _recorded_runs(examples: int) -> list[list[Any]]:
    runs: list[list[Any]] = []

    @st.composite
    def recording(draw: st.DrawFn) -> None:
        run: list[Any] = []
        runs.append(run)

        def record(strategy: Any, *label: Any) -> Any:
            value = draw(strategy, *label)
            run.append(value)
            return value

        _timeline(record, 3, True)

    @settings(max_examples=examples, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), deadline=None)  # fmt: skip
    @given(recording())
    def collect(_: None) -> None:
        pass

    collect()
    return runs


def _rebuilt(runs: list[list[Any]]) -> list[str]:
    built = []
    for run in runs:
        values = iter(run)
        try:
            built.append(json.dumps(_timeline(lambda _s, *_l, v=values: next(v), 3, True)))
        except StopIteration:  # a run Hypothesis abandoned part-way
            built.append("")
    return built


def test_decided_plans_build_the_same_timelines(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _recorded_runs(150)
    decided = _rebuilt(runs)
    monkeypatch.setattr(_writer, "_LEAN_KINDS", {})
    monkeypatch.setattr(_writer, "_known_presence", lambda rule, kind, edge: rule)
    undecided = _rebuilt(runs)
    assert sum(map(bool, decided)) >= 140  # nearly every run completed
    assert decided == undecided  # the same events, values and key order
