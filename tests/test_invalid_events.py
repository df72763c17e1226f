"""invalid_call_events(): every example is rejected, for exactly the labelled reasons.

The validator is the oracle (as in hypothesis-jsonschema's core test): an "invalid"
event that validates, or a label the validator does not confirm, is a bug. The same
must hold for the example Hypothesis shrinks to, so two tests fail on purpose and check
the shrunk example.
"""

from __future__ import annotations

import collections
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import find, given, settings

from callevent_toolkit import (
    InvalidArgument,
    InvalidCallEvent,
    constraints,
    coverage_cases,
    generate_labelled,
    is_valid,
    validate,
)
from callevent_toolkit.engine import _mutations as mut
from callevent_toolkit.engine._mutations import At
from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.strategies import invalid_call_events


def _examples(count: int) -> settings:
    return settings(max_examples=count)


def assert_labelled_truthfully(case: InvalidCallEvent) -> None:
    """The oracle: rejected, and for exactly the labelled (pointer, keyword) pairs."""
    assert not is_valid(case.event)
    found = {(v.pointer, v.keyword) for v in validate(case.event)}
    assert found == {(v.pointer, v.keyword) for v in case.violations}
    assert len(case.violations) == len(case.constraints) == len(case.operators)
    for violation, constraint in zip(case.violations, case.constraints, strict=True):
        assert violation.keyword == constraint.keyword


@_examples(150)
@given(invalid_call_events())
def test_every_invalid_event_is_rejected_for_its_label(case: InvalidCallEvent) -> None:
    assert_labelled_truthfully(case)
    assert case.violation == case.violations[0]
    assert case.constraint in constraints()


@_examples(30)
@given(invalid_call_events(keywords={"required", "additionalProperties"}))
def test_keywords_restrict_the_broken_rules(case: InvalidCallEvent) -> None:
    assert case.violation.keyword in {"required", "additionalProperties"}
    assert_labelled_truthfully(case)


@_examples(30)
@given(invalid_call_events(keywords={"minimum", "maximum", "format"}))
def test_bounds_and_formats_are_broken_on_their_positions(case: InvalidCallEvent) -> None:
    assert_labelled_truthfully(case)


@_examples(100)
@given(invalid_call_events(max_violations=3))
def test_several_violations_are_independent_and_all_reported(case: InvalidCallEvent) -> None:
    assert 1 <= len(case.violations) <= 3
    assert len({v.pointer for v in case.violations}) == len(case.violations)
    assert_labelled_truthfully(case)


def test_a_shrunk_failure_is_still_labelled_truthfully() -> None:
    """A handler test that fails on purpose; the example Hypothesis reports last is minimal."""
    failing: list[InvalidCallEvent] = []

    @settings(max_examples=200, database=None, derandomize=True)
    @given(invalid_call_events(max_violations=3))
    def test_lenient_handler(case: InvalidCallEvent) -> None:
        nested = [v for v in case.violations if v.pointer.count("/") >= 3]
        if len(case.violations) >= 2 and nested:
            failing.append(case)
            raise AssertionError("the handler accepted an invalid event")

    with pytest.raises(AssertionError, match="accepted an invalid event"):
        test_lenient_handler()
    shrunk = failing[-1]
    assert_labelled_truthfully(shrunk)
    assert len(shrunk.violations) == 2


def test_find_shrinks_a_nested_map_item_violation_and_keeps_its_label() -> None:
    shrunk = find(
        invalid_call_events(keywords={"required", "type"}),
        lambda case: "/languages/" in case.violation.pointer,
        settings=settings(max_examples=2000, database=None, derandomize=True),
    )
    assert_labelled_truthfully(shrunk)
    assert shrunk.constraint.pointer.count("*") == 1


def test_shrinking_drops_the_violations_a_failure_does_not_need() -> None:
    shrunk = find(
        invalid_call_events(max_violations=3),
        lambda case: True,
        settings=settings(database=None, derandomize=True),
    )
    assert len(shrunk.violations) == 1
    assert_labelled_truthfully(shrunk)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"keywords": {"required", "bogus"}}, "additionalProperties, format, maximum"),
        ({"keywords": "type"}, "collection of keyword names"),
        ({"keywords": set()}, "must not be empty"),
        ({"max_violations": 0}, "at least 1"),
        ({"max_violations": True}, "must be an int"),
        ({"max_violations": 1.5}, "must be an int"),
        ({"keywords": {"type", 1}}, r"^1 is not a constraint keyword"),  # the value, not its str
        ({"version": 4}, r"version=4; available versions: 3"),
        ({"version": "3"}, r"version must be an int such as 3, got version='3'"),
        ({"version": [3]}, r"got version=\[3\]"),
    ],
)
def test_bad_arguments_raise_invalid_argument_when_first_used(
    arguments: dict[str, Any], message: str
) -> None:
    strategy = invalid_call_events(**arguments)
    with pytest.raises(InvalidArgument, match=message):
        strategy.validate()


# ---------------------------------------------------------------------------------------
# the operators on their own

_STAMP = "2026-10-03T14:15:22.123Z"
_EPOCH = int(datetime(2026, 10, 3, 14, 15, 22, 123000, tzinfo=UTC).timestamp())


class _FirstChoice:
    """A Source that always makes the simplest choice (what shrinking converges to)."""

    def index(self, size: int) -> int:
        return 0

    def integer(self, lo: int, hi: int) -> int:
        return lo

    def floating(self, lo: float, hi: float) -> float:
        return lo

    def flag(self, percent: int) -> bool:
        return False

    def bits(self, n: int) -> int:
        return 0

    def draw(self, strategy: Any, fallback: Any) -> Any:
        raise NotImplementedError


def _at(path: tuple[str, ...]) -> At:
    node = structure(3).find(path)
    assert node is not None
    return At(path, node)


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        (mut.without_timezone, "2026-10-03T14:15:22.123"),
        (mut.space_for_t, "2026-10-03 14:15:22.123Z"),
        (mut.month_13, "2026-13-03T14:15:22.123Z"),
        (mut.hour_25, "2026-10-03T25:15:22.123Z"),
        (mut.date_only, "2026-10-03"),
        (mut.epoch_seconds, str(_EPOCH)),
        (mut.empty_string, ""),
    ],
    ids=lambda value: getattr(value, "__name__", "expected"),
)
def test_date_time_breakers_write_what_producers_write(operator: mut.Mutate, expected: str) -> None:
    event, violation = operator({"timestamp": _STAMP}, _at(("timestamp",)), _FirstChoice())
    assert event["timestamp"] == expected
    assert (violation.pointer, violation.keyword) == ("/timestamp", "format")


def test_a_fraction_for_an_integer_is_never_integral() -> None:
    at = _at(("conversation_relay_data", "sequence_number"))
    for value in (0, 7, -3, 2**60):
        event, _ = mut.to_fraction(
            {"conversation_relay_data": {"sequence_number": value}}, at, None
        )  # type: ignore[arg-type]
        fraction = event["conversation_relay_data"]["sequence_number"]
        assert isinstance(fraction, float)
        assert not fraction.is_integer()


def test_wrong_types_exclude_the_ones_draft7_accepts() -> None:
    integer = mut.retype_operators(_at(("conversation_relay_data", "sequence_number")).node)
    number = mut.retype_operators(_at(("sdk_edge", "metadata", "location", "lat")).node)
    assert mut.Operator.TO_FRACTION in integer
    assert mut.Operator.TO_BOOLEAN in integer
    assert mut.Operator.TO_INTEGER not in number  # every integer is a number
    assert mut.Operator.TO_FRACTION not in number


def test_bounds_shrink_to_one_past_the_int32_limits() -> None:
    path = ("conversation_relay_data", "stt_latency", "latency_ms")
    event = {"conversation_relay_data": {"stt_latency": {"latency_ms": 100}}}
    low, _ = mut.below_minimum(event, _at(path), _FirstChoice())
    assert low["conversation_relay_data"]["stt_latency"]["latency_ms"] == -(2**31) - 1
    high, _ = mut.above_maximum(event, _at(path), _FirstChoice())
    assert high["conversation_relay_data"]["stt_latency"]["latency_ms"] == 2**31


def test_unknown_properties_are_never_declared_names() -> None:
    at = _at(("sdk_edge", "metadata", "sdk", "browser"))
    declared = {p.name for p in at.node.properties}
    event = {"sdk_edge": {"metadata": {"sdk": {"browser": dict.fromkeys(declared, "x")}}}}
    _, violation = mut.add_unknown_property(event, At(at.place, at.node), _FirstChoice())
    added = violation.path[-1]
    assert added not in declared
    assert violation.pointer == f"/sdk_edge/metadata/sdk/browser/{added}"


def test_every_operator_name_is_its_function_name_and_labels_carry_the_member() -> None:
    """The enum kept the printed names (labels, reports, plugin ids did not change)."""
    for operator in mut.Operator:
        assert operator.function.__name__ == operator.value
        assert f"{operator}" == str(operator) == operator.value
    (case, *_) = coverage_cases(seed=0)
    assert isinstance(case.operator, mut.Operator)
    assert json.dumps(case.operator) == f'"{case.operator.value}"'


def test_the_strategy_gives_every_kind_of_rule_a_fair_share_and_favours_shallow_places():
    """Kind first, then depth: ``format`` (1 of 213 rules) is no longer a 1-in-213 draw."""
    kinds: collections.Counter[str] = collections.Counter()
    shallow: collections.Counter[bool] = collections.Counter()

    @settings(max_examples=300, database=None, deadline=None)
    @given(invalid_call_events())
    def collect(case: InvalidCallEvent) -> None:
        kinds[case.constraint.keyword] += 1
        if case.constraint.keyword == "required":
            shallow[len(case.constraint.path) <= 2] += 1

    collect()
    total = sum(kinds.values())
    assert set(kinds) == {c.keyword for c in constraints()}
    assert min(kinds.values()) >= total * 0.05  # uniform over places gave format 0.5%
    # 10 of the 71 required places are at depth 1 or 2 (14% of a uniform draw)
    assert shallow[True] >= 0.2 * sum(shallow.values())


def test_the_bulk_generator_still_draws_rules_uniformly_over_places():
    labelled = [v for _e, v in generate_labelled(2000, seed=1, invalid_ratio=1.0)]
    formats = sum(v is not None and v.keyword == "format" for v in labelled)
    assert formats < 2000 * 0.02  # 1 of 213 places: about 9 of 2000, not a sixth


def test_each_first_tried_case_is_a_fresh_copy_a_test_may_change() -> None:
    """The fixed cases are built once per process; a test that edits its event must not
    change the event the next example gets."""
    from callevent_toolkit.engine import first_tried, targets
    from callevent_toolkit.engine._invalid import _first_tried_case

    rules = first_tried(targets(3))
    index = next(k for k, rule in enumerate(rules) if rule.path)  # an event that is a dict
    first = _first_tried_case(rules[index], index, 3)
    pristine = json.dumps(first.event, sort_keys=True)
    first.event.clear()
    again = _first_tried_case(rules[index], index, 3)
    assert json.dumps(again.event, sort_keys=True) == pristine
    assert again.event is not first.event
    assert again.violations == first.violations
