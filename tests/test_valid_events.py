"""The validator is the oracle: every generated event conforms, on both faces."""

from __future__ import annotations

import pytest
from _sampling import contract_sample, realistic_sample
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit import InvalidArgument, generate, is_valid, validate
from callevent_toolkit.strategies import call_events


@settings(max_examples=150)
@given(call_events())
def test_every_realistic_event_from_the_strategy_validates(event):
    assert validate(event) == []


@settings(max_examples=150)
@given(call_events(realistic=False))
def test_every_contract_event_from_the_strategy_validates(event):
    assert validate(event) == []


@pytest.mark.parametrize(
    "sample", [realistic_sample, contract_sample], ids=["realistic", "contract"]
)
def test_every_bulk_event_validates(sample):
    events = sample()
    assert all(is_valid(e) for e in events)
    # the slow, message-producing validator on a slice, to check both validators agree
    assert all(validate(e) == [] for e in events[:300])


def test_bulk_and_strategy_share_one_plan():
    """Both faces run the same compiled plan: the bulk generator's first two events of a
    seed equal what the plan builds from a Random seeded as their block is."""
    import random

    from callevent_toolkit.engine import RandomSource, block_seed, default_plan

    plan = default_plan(3, True)
    src = RandomSource(random.Random(block_seed(5, 0)))
    expected = [plan.event(src), plan.event(src)]
    assert list(generate(2, seed=5)) == expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"realistic": "yes"}, r"realistic must be True or False, got realistic='yes'"),
        ({"realistic": {}}, r"got realistic=\{\}"),  # unhashable: named, not a TypeError
        ({"version": 4}, r"version=4; available versions: 3"),
        ({"version": "3"}, r"version must be an int such as 3, got version='3'"),
        ({"version": 4, "level": "ERROR"}, r"version=4; available versions: 3"),
    ],
)
def test_bad_arguments_raise_invalid_argument_when_first_used(arguments, message):
    strategy = call_events(**arguments)  # deferred, as Hypothesis's own strategies are
    with pytest.raises(InvalidArgument, match=message):
        strategy.validate()


def test_both_faces_run_the_very_same_plan_object(monkeypatch):
    """No second copy that can drift: ``generate`` and ``call_events`` build every event
    with the one cached pin-free plan, from a seeded Random and from Hypothesis (through
    the strategies' :class:`LeanSource`)."""
    from callevent_toolkit.engine import EventPlan, default_plan

    used = []
    original = EventPlan.event

    def spy(plan, src):
        used.append((plan, type(src).__name__))
        return original(plan, src)

    monkeypatch.setattr(EventPlan, "event", spy)
    next(generate(1, seed=5))

    @settings(max_examples=3)
    @given(call_events())
    def draw(_event):
        pass

    draw()
    assert {id(plan) for plan, _ in used} == {id(default_plan(3, True))}
    assert {source for _, source in used} == {"RandomSource", "LeanSource"}


_JSON_ISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
_TIMESTAMP_ISH = st.text(alphabet="0123456789-:TZtz .+", max_size=30)
_NUMBER_EDGES = st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 1.5])


def _places(value, path=()):
    yield path
    if isinstance(value, (dict, list)):
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield from _places(child, (*path, key))


@settings(max_examples=200)
@given(st.data())
def test_validate_and_is_valid_agree_on_perturbed_events(data):
    """Differential test of the two validators: one value of a valid event replaced by
    any JSON-ish value (NaN included) or timestamp-like text; same verdict."""
    event = data.draw(call_events(realistic=data.draw(st.booleans())))
    path = data.draw(st.sampled_from(list(_places(event))))
    value = data.draw(_NUMBER_EDGES | _JSON_ISH | _TIMESTAMP_ISH)
    if not path:
        event = value
    else:
        parent = event
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value
    assert (validate(event) == []) == is_valid(event)
