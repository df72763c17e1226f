"""The default-argument strategies skip ``st.deferred`` (strategies/_defaults.py): same
examples, same errors.

The shortcut only removes a layer Hypothesis draws through; it must not change which
examples a seeded run sees, nor when a bad argument raises.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit.errors import InvalidArgument
from callevent_toolkit.strategies import call_events, invalid_call_events


def _examples(strategy: st.SearchStrategy[object], count: int = 30) -> list[object]:
    seen: list[object] = []

    @settings(max_examples=count, database=None, derandomize=True)
    @given(strategy)
    def collect(value: object) -> None:
        seen.append(value)

    collect()
    return seen


def _deferred(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.deferred(lambda: strategy)


@pytest.mark.parametrize("realistic", [True, False])
def test_call_events_shortcut_draws_the_deferred_strategys_examples(realistic):
    fast = call_events(realistic=realistic)
    assert not isinstance(fast, type(st.deferred(st.none)))  # the shortcut is taken
    slow = call_events(realistic=realistic, fixed={})  # a pin argument: the deferred path
    assert _examples(fast) == _examples(slow)


def test_invalid_call_events_shortcut_draws_the_deferred_strategys_examples():
    from callevent_toolkit.strategies._invalid import _invalid_from

    fast = invalid_call_events()
    assert not isinstance(fast, type(st.deferred(st.none)))  # the shortcut is taken
    # what the deferred path builds once its arguments are checked, drawn through deferred
    assert _examples(fast, 60) == _examples(_deferred(_invalid_from(3, None, 1)), 60)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: call_events(version=True), "version"),
        (lambda: call_events(realistic=1), "realistic"),
        (lambda: invalid_call_events(max_violations=True), "max_violations"),
        (lambda: invalid_call_events(max_violations=0), "max_violations"),
        (lambda: invalid_call_events(version=3.0), "version"),
    ],
)
def test_arguments_the_shortcut_refuses_still_raise_when_first_used(make, message):
    strategy = make()  # no error yet: the convention Hypothesis's own strategies follow
    with pytest.raises(InvalidArgument, match=message):
        strategy.validate()


@pytest.mark.parametrize("realistic", [True, False])
def test_call_timelines_shortcut_draws_the_deferred_strategys_examples(realistic):
    from callevent_toolkit.strategies import call_timelines
    from callevent_toolkit.strategies._timelines import _timelines

    fast = call_timelines(realistic=realistic)
    assert not isinstance(fast, type(st.deferred(st.none)))  # the shortcut is taken
    assert _examples(fast, 15) == _examples(_deferred(_timelines(3, realistic)), 15)


@pytest.mark.parametrize("arguments", [{"version": True}, {"realistic": 1}, {"version": 4}])
def test_call_timelines_arguments_the_shortcut_refuses_still_raise_when_first_used(arguments):
    from callevent_toolkit.strategies import call_timelines

    strategy = call_timelines(**arguments)  # no error yet
    with pytest.raises(InvalidArgument):
        strategy.validate()
