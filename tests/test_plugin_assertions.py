"""``assert_conforms`` / ``assert_violates``: what passes, what fails, and the exact text."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from callevent_toolkit import (
    CallEventAssertionError,
    Violation,
    assert_conforms,
    assert_violates,
    generate,
    validate,
)

BAD_LATITUDE = """
from callevent_toolkit import assert_conforms, assert_violates, validate

def north(factory):
    event = factory(fixed={"sdk_edge.metadata.location.lat": 1.5})
    event["sdk_edge"]["metadata"]["location"]["lat"] = "north"
    return event
"""


def _event_with_bad_latitude() -> dict[str, Any]:
    event = next(generate(1, seed=5, fixed={"sdk_edge.metadata.location.lat": 1.5}))
    event["sdk_edge"]["metadata"]["location"]["lat"] = "north"
    return event


def test_assert_conforms_passes_valid_events() -> None:
    for event in generate(20, seed=3):
        assert_conforms(event)


def test_failure_names_place_rule_and_value(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        BAD_LATITUDE
        + """
def test_lat(call_event_factory):
    assert_conforms(north(call_event_factory))
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            ">       assert_conforms(north(call_event_factory))",
            "E       callevent_toolkit.CallEventAssertionError: "
            "$.sdk_edge.metadata.location.lat: 'north' is not of type 'number'",
            "E         value: 'north'",
            "",
            "test_*.py:*: CallEventAssertionError",
        ]
    )


def test_failure_shows_the_best_match_then_how_many_more(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        BAD_LATITUDE
        + """
def test_three(call_event_factory):
    event = north(call_event_factory)
    del event["call_sid"]
    event["level"] = 7
    assert_conforms(event)
"""
    )
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(
        [
            "E       callevent_toolkit.CallEventAssertionError: "
            "$.call_sid: 'call_sid' is a required property",
            "E         the object there has: account_sid, edge, group, level, name, sdk_edge, "
            "timestamp",
            "E       ... and 2 more errors",
        ]
    )


def test_failure_hides_the_toolkits_frames(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        BAD_LATITUDE
        + """
def test_lat(call_event_factory):
    assert_conforms(north(call_event_factory))

def test_wrong_rule(call_event_factory):
    assert_violates(north(call_event_factory), keyword="required")
"""
    )
    result = pytester.runpytest("--tb=long")
    result.assert_outcomes(failed=2)
    for frame in ("*assertions.py*", "*validation.py*", "*__tracebackhide__*"):
        result.stdout.no_fnmatch_line(frame)


def test_assert_violates_failure_texts(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        BAD_LATITUDE
        + """
def test_valid_event(call_event):
    assert_violates(call_event, keyword="required", pointer="/call_sid")

def test_other_rule(call_event_factory):
    assert_violates(north(call_event_factory), keyword="required")
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "E       callevent_toolkit.CallEventAssertionError: expected a 'required' violation "
            "at /call_sid of VoiceInsights.CallEvent v3, but the event conforms",
            "*",
            "E       callevent_toolkit.CallEventAssertionError: expected a 'required' violation, "
            "but the event breaks other rules:",
            "E       $.sdk_edge.metadata.location.lat: 'north' is not of type 'number'",
        ]
    )


def test_violations_compared_to_an_empty_list_read_as_messages(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        BAD_LATITUDE
        + """
def test_lat(call_event_factory):
    assert validate(north(call_event_factory)) == []
"""
    )
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: assert the event breaks 1 rule of the schema:",
            "E         $.sdk_edge.metadata.location.lat: 'north' is not of type 'number'",
        ]
    )


@pytest.mark.parametrize(
    ("keyword", "pointer"),
    [
        (None, None),
        ("type", None),
        (None, "/sdk_edge/metadata/location/lat"),
        ("type", "$.sdk_edge.metadata.location.lat"),
    ],
)
def test_assert_violates_returns_the_matching_violation(
    keyword: str | None, pointer: str | None
) -> None:
    violation = assert_violates(_event_with_bad_latitude(), keyword=keyword, pointer=pointer)
    assert violation == Violation(
        "/sdk_edge/metadata/location/lat", "type", "'north' is not of type 'number'"
    )
    assert violation.value == "north"


def test_assert_violates_matches_any_violation_not_only_the_best() -> None:
    event = _event_with_bad_latitude()
    del event["call_sid"]
    assert_violates(event, keyword="type", pointer="/sdk_edge/metadata/location/lat")
    assert_violates(event, keyword="required", pointer="$.call_sid")


def test_the_error_is_an_assertion_error_carrying_the_violations() -> None:
    event = _event_with_bad_latitude()
    broken = copy.deepcopy(event)
    del broken["call_sid"]
    with pytest.raises(AssertionError) as caught:
        assert_conforms(broken)
    assert isinstance(caught.value, CallEventAssertionError)
    assert caught.value.violations == validate(broken)
    assert len(caught.value.violations) == 2


def test_the_error_survives_pickling() -> None:
    """Process pools pickle exceptions; the violations must come back too."""
    with pytest.raises(CallEventAssertionError) as caught:
        assert_conforms(_event_with_bad_latitude())
    copied = pickle.loads(pickle.dumps(caught.value))
    assert str(copied) == str(caught.value)
    assert copied.violations == caught.value.violations
