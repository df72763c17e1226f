"""The fuzzer finds every deliberately buggy handler, on every seed, with a minimal event.

Each buggy handler in ``fuzz_handlers`` hides one mistake consumer code makes with
CallEvents. For every one and three seeds, the report must hold a failure of the right
kind whose event really is valid (or really is invalid, with the labelled violation among
the validator's errors) and really makes the handler fail again.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import struct
from collections.abc import Callable
from typing import Any

import fuzz_handlers as handlers
import pytest

from callevent_toolkit import fuzz_handler, is_valid, validate
from callevent_toolkit.fuzz import Failure, FailureKind, FuzzReport
from callevent_toolkit.schemas.structure import structure

SEEDS = (1, 2, 3)

# Every test below uses the default budget (max_examples=200): that is what a user gets.
CRASHES = [
    pytest.param(handlers.browser_name, KeyError, id="absent-optional-object"),
    pytest.param(handlers.mean_metric, ZeroDivisionError, id="empty-array"),
    pytest.param(handlers.ascii_log_line, UnicodeEncodeError, id="non-ascii"),
    pytest.param(handlers.pack_error_code, struct.error, id="boundary-integer"),
    pytest.param(handlers.parse_timestamp, ValueError, id="timestamp-offset-or-fraction"),
    pytest.param(handlers.language_regions, IndexError, id="map-keys"),
    pytest.param(handlers.speech_timeout_ms, ValueError, id="value-under-a-realistic-map-key"),
]
VALIDATORS = [
    pytest.param(handlers.shallow_validator, FailureKind.ACCEPTED_INVALID, id="shallow"),
    pytest.param(handlers.formatless_validator, FailureKind.ACCEPTED_INVALID, id="formats"),
    pytest.param(handlers.keyerror_validator, FailureKind.WRONG_ERROR_ON_INVALID, id="wrong-error"),
    pytest.param(
        handlers.validator_ignoring_call_sid, FailureKind.ACCEPTED_INVALID, id="one-required"
    ),
    pytest.param(handlers.validator_ignoring_bounds, FailureKind.ACCEPTED_INVALID, id="int32"),
    pytest.param(
        handlers.validator_ignoring_date_time, FailureKind.ACCEPTED_INVALID, id="date-time"
    ),
]
#: The rule each single-rule validator ignores: its keywords and the pointer they sit at.
IGNORED: dict[Callable[[Any], Any], tuple[set[str], str]] = {
    handlers.validator_ignoring_call_sid: ({"required"}, "/call_sid"),
    handlers.validator_ignoring_bounds: ({"minimum", "maximum"}, "/latency_ms"),
    handlers.validator_ignoring_date_time: ({"format"}, "/timestamp"),
}


def _only_the_ignored_rule(report: FuzzReport, handler: Callable[[Any], Any]) -> None:
    keywords, pointer = IGNORED[handler]
    assert report.failures, str(report)
    for failure in report.failures:  # that one rule (one failure per keyword), nothing else
        assert failure.kind is FailureKind.ACCEPTED_INVALID
        assert failure.violation is not None
        assert failure.violation.keyword in keywords
        assert failure.violation.pointer.endswith(pointer)


def _replay(handler: Callable[[Any], Any], event: Any) -> Any:
    result = handler(copy.deepcopy(event))
    return asyncio.run(result) if inspect.isawaitable(result) else result


def test_the_single_rule_misses_are_found_by_the_coverage_phase_alone() -> None:
    # Deterministic: no random search, so no seed can miss them.
    for handler in IGNORED:
        report = fuzz_handler(handler, valid=False, phases=["coverage"], seed=1)
        assert report.searches == ()
        _only_the_ignored_rule(report, handler)
        assert report.coverage is not None
        assert all(f.case in report.coverage.failed for f in report.failures)


def test_the_map_value_bug_is_found_by_the_coverage_phase_under_its_real_key() -> None:
    report = fuzz_handler(handlers.speech_timeout_ms, invalid=False, phases=["coverage"], seed=1)
    (failure,) = report.failures
    assert failure.space == "coverage-valid"
    assert failure.case is not None
    assert failure.case.startswith(
        "/conversation_relay_data/configurations/configurations/speechTimeout = "
    )
    _check_crash(failure, handlers.speech_timeout_ms)


def test_the_hybrid_search_runs_with_its_own_budget() -> None:
    report = fuzz_handler(handlers.careful_summary, invalid=False, phases=["random"], seed=1)
    (hybrid,) = [s for s in report.searches if "hybrid" in s.name]
    assert hybrid.calls == hybrid.budget == 200


def _check_crash(failure: Failure, handler: Callable[[Any], Any]) -> None:
    assert is_valid(failure.event)
    assert failure.violation is None
    assert failure.exception is not None
    with pytest.raises(type(failure.exception)):
        _replay(handler, failure.event)
    assert handler.__name__ in failure.traceback


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("handler", "error"), CRASHES)
def test_finds_each_crash_on_valid_events(
    handler: Callable[[Any], Any], error: type[Exception], seed: int
) -> None:
    report = fuzz_handler(handler, invalid=False, seed=seed)
    assert {f.kind for f in report.failures} == {FailureKind.CRASHED_ON_VALID}, str(report)
    assert any(isinstance(f.exception, error) for f in report.failures), str(report)
    for failure in report.failures:
        _check_crash(failure, handler)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("handler", "kind"), VALIDATORS)
def test_finds_each_validator_that_lets_invalid_events_through(
    handler: Callable[[Any], Any], kind: FailureKind, seed: int
) -> None:
    report = fuzz_handler(handler, valid=False, rejects=handlers.InvalidEventError, seed=seed)
    assert kind in {f.kind for f in report.failures}, str(report)
    if handler in IGNORED:
        _only_the_ignored_rule(report, handler)
    for failure in report.failures:
        assert failure.space in ("invalid", "coverage-invalid")
        assert failure.violation is not None
        assert failure.violation in validate(failure.event)  # the validator is the oracle
        assert failure.operator
        if failure.kind is FailureKind.ACCEPTED_INVALID:
            _replay(handler, failure.event)  # returns normally again
        else:
            assert not isinstance(failure.exception, handlers.InvalidEventError)
            with pytest.raises(type(failure.exception)):
                _replay(handler, failure.event)


def test_a_coroutine_handler_is_fuzzed_exactly_like_its_synchronous_twin() -> None:
    # Awaiting must not change the search: the same seed finds the same bugs with the same
    # minimal events, so every finding above for browser_name holds for coroutines too.
    awaited = fuzz_handler(handlers.async_browser_name, invalid=False, seed=1)
    called = fuzz_handler(handlers.browser_name, invalid=False, seed=1)
    assert awaited.failures, str(awaited)
    assert [(f.kind, f.event) for f in awaited.failures] == [
        (f.kind, f.event) for f in called.failures
    ]
    for failure in awaited.failures:
        _check_crash(failure, handlers.async_browser_name)


def test_a_crash_on_valid_does_not_hide_accepted_invalid_events() -> None:
    # browser_name crashes on realistic events and, not being a validator, accepts
    # every invalid event that has the browser data it reads: both must be reported.
    report = fuzz_handler(handlers.browser_name, seed=1, max_examples=50)
    kinds = {f.kind for f in report.failures}
    assert {FailureKind.CRASHED_ON_VALID, FailureKind.ACCEPTED_INVALID} <= kinds


def test_minimal_events_lose_every_optional_part_the_bug_does_not_need() -> None:
    # parse_timestamp reads only the timestamp, so its minimal event is just the
    # required top-level properties. (Random phase only: the coverage phase would find
    # the bug first, in a realistic event it does not shrink.)
    required = {p.name for p in structure(3).properties if p.required}
    report = fuzz_handler(
        handlers.parse_timestamp, invalid=False, seed=1, max_examples=20, phases=["random"]
    )
    (failure,) = report.failures
    assert set(failure.event) == required


def test_minimal_map_bug_keeps_a_single_map_key() -> None:
    report = fuzz_handler(handlers.language_regions, invalid=False, seed=1, max_examples=100)
    (failure,) = report.failures
    languages = failure.event["conversation_relay_data"]["configurations"]["languages"]
    assert len(languages) == 1
    assert "-" not in next(iter(languages))


def test_a_bug_seen_in_several_spaces_is_reported_once() -> None:
    # browser_name fails on one line for hostile, realistic and contract events alike:
    # the coverage phase reports it, and the searches skip that known bug and spend
    # their whole budget looking for new ones.
    report = fuzz_handler(handlers.browser_name, invalid=False, seed=1, max_examples=50)
    assert len(report.failures) == 1, str(report)
    assert report.failures[0].space == "coverage-valid"
    assert report.coverage is not None
    assert len(report.coverage.failed) > 1  # many cases, one bug
    assert all(search.calls >= search.budget for search in report.searches)
    random_only = fuzz_handler(
        handlers.browser_name, invalid=False, seed=1, max_examples=50, phases=["random"]
    )
    assert len(random_only.failures) == 1, str(random_only)
    first, *later = random_only.searches
    assert first.failures == 1
    assert all(search.calls >= search.budget for search in later)
