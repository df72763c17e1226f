"""What a default 100-example ``@given(invalid_call_events())`` run can and cannot promise.

``docs/invalid-events.md`` states these figures; the bounds asserted here are the ones it
states (the measured values, in parentheses there, sit inside them). Twenty seeded runs of
100 examples each, as a consumer's test would run at Hypothesis's default settings.
"""

from __future__ import annotations

import statistics
from functools import cache

import pytest
from hypothesis import HealthCheck, given, seed, settings

from callevent_toolkit.engine import InvalidCallEvent
from callevent_toolkit.schemas.constraints import Constraint, constraints
from callevent_toolkit.strategies import invalid_call_events

pytestmark = pytest.mark.slow

RUNS = 20
EXAMPLES = 100
ALL = constraints(3)
KINDS = {c.keyword for c in ALL}
TOP_REQUIRED = [c for c in ALL if c.keyword == "required" and len(c.path) == 1]


@cache
def _runs() -> tuple[frozenset[Constraint], ...]:
    """The constraints each seeded run broke."""
    found = []
    for run in range(RUNS):
        found.append(frozenset(_one_run(run)))
    return tuple(found)


def _one_run(run: int) -> set[Constraint]:
    broken: set[Constraint] = set()

    @seed(run)
    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(invalid_call_events())
    def collect(case: InvalidCallEvent) -> None:
        broken.add(case.constraint)

    collect()
    return broken


def _share_of_runs(rule: Constraint) -> float:
    return sum(rule in run for run in _runs()) / RUNS


def test_nearly_every_run_breaks_every_kind_of_rule() -> None:
    assert sum({c.keyword for c in run} == KINDS for run in _runs()) >= 14


def test_no_run_comes_near_every_rule() -> None:
    assert max(len(run) for run in _runs()) < 40
    assert len(ALL) == 213


def test_one_top_level_required_field_is_caught_in_a_minority_of_runs() -> None:
    first, *others = TOP_REQUIRED
    assert first.pointer == "/account_sid"
    assert _share_of_runs(first) >= 0.5
    assert all(_share_of_runs(rule) <= 0.3 for rule in others)


def test_one_nested_rule_is_caught_rarely() -> None:
    nested = [c for c in ALL if len(c.path) > 1]
    assert statistics.mean(_share_of_runs(rule) for rule in nested) < 0.15
