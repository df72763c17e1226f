"""How the fuzzer calls a handler: threads, coroutines, timeouts, isolation, tracebacks."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import fuzz_handlers as handlers
import pytest

from callevent_toolkit.fuzz import FailureKind, fuzz_handler
from callevent_toolkit.fuzz._calling import HandlerCaller, Raised, Returned, TimedOut


@pytest.fixture
def release_hung_threads() -> Iterator[None]:
    """Let handler threads the fuzzer had to abandon finish when the test is over."""
    handlers.RELEASE_HUNG.clear()
    yield
    handlers.RELEASE_HUNG.set()


def test_a_returning_handler_returns_its_value() -> None:
    with HandlerCaller(lambda event: event["n"] + 1, timeout=5) as call:
        assert call({"n": 1}) == Returned(2)


def test_a_raising_handler_gives_the_exception_and_its_own_traceback() -> None:
    def on_event(event: dict[str, Any]) -> None:
        raise LookupError(event["missing"])

    with HandlerCaller(on_event, timeout=5) as call:
        outcome = call({"missing": "browser"})
    assert isinstance(outcome, Raised)
    assert isinstance(outcome.exception, LookupError)
    assert "on_event" in outcome.traceback
    assert "in invoke" not in outcome.traceback  # the fuzzer's own frame is left out


def test_coroutine_handlers_are_awaited() -> None:
    async def on_event(event: dict[str, Any]) -> int:
        await asyncio.sleep(0)
        return len(event)

    with HandlerCaller(on_event, timeout=5) as call:
        assert call({"a": 1, "b": 2}) == Returned(2)


def test_a_coroutine_raising_timeouterror_itself_is_a_crash_not_a_hang() -> None:
    async def on_event(event: object) -> None:
        raise TimeoutError("upstream timed out")

    with HandlerCaller(on_event, timeout=5) as call:
        outcome = call({})
    assert isinstance(outcome, Raised)
    assert isinstance(outcome.exception, TimeoutError)


def test_the_handler_gets_a_copy_so_the_reported_event_stays_as_generated() -> None:
    event: dict[str, Any] = {"sdk_edge": {"metadata": {}}}
    with HandlerCaller(lambda e: e["sdk_edge"].clear(), timeout=5) as call:
        call(event)
    assert event == {"sdk_edge": {"metadata": {}}}


def test_a_hung_sync_call_is_given_up_and_the_next_call_gets_a_new_worker(
    release_hung_threads: None,
) -> None:
    with HandlerCaller(handlers.hangs_on_errors, timeout=0.05) as call:
        hung = call({"level": "ERROR"})
        after = call({"level": "INFO"})
        assert call.abandoned_threads == 1
    assert hung == TimedOut(seconds=0.05, abandoned_thread=True)
    assert after == Returned(None)


def test_a_hung_coroutine_is_cancelled_and_leaves_no_thread_behind() -> None:
    with HandlerCaller(handlers.async_hangs_on_errors, timeout=0.05) as call:
        hung = call({"level": "ERROR"})
        assert call.abandoned_threads == 0
    assert hung == TimedOut(seconds=0.05, abandoned_thread=False)


def test_calls_run_on_one_reused_worker_thread() -> None:
    seen: set[int] = set()
    with HandlerCaller(lambda event: seen.add(threading.get_ident()), timeout=5) as call:
        for _ in range(5):
            call({})
    assert len(seen) == 1
    assert threading.get_ident() not in seen


def test_a_hanging_handler_is_reported_as_timed_out_with_the_event_that_hung(
    release_hung_threads: None,
) -> None:
    report = fuzz_handler(handlers.hangs_on_errors, invalid=False, seed=1, timeout=0.1)
    (failure,) = report.failures
    assert failure.kind is FailureKind.TIMED_OUT
    assert failure.event["level"] == "ERROR"
    assert not failure.shrunk
    assert report.abandoned_threads == 1  # the first hang ends the run
    assert report.searches_not_run == 8 - len(report.searches)
    assert "could not be stopped" in str(report)
    assert "stopped at the first hang" in str(report)


def test_a_hanging_coroutine_is_reported_and_cancelled() -> None:
    report = fuzz_handler(handlers.async_hangs_on_errors, invalid=False, seed=1, timeout=0.1)
    assert [f.kind for f in report.failures] == [FailureKind.TIMED_OUT]
    assert report.failures[0].event["level"] == "ERROR"
    assert report.abandoned_threads == 0
    assert report.searches_not_run > 0


def test_a_slow_but_finishing_handler_is_not_a_hang() -> None:
    def slow(event: object) -> None:
        time.sleep(0.001)

    report = fuzz_handler(slow, invalid=False, max_examples=10, seed=1, timeout=2)
    assert report.ok, str(report)
