"""``fuzz_handler`` and ``assert_handles``: the public face of the fuzzer."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..errors import InvalidArgument
from ._calling import HandlerCaller, fresh_per_call
from ._coverage import run_coverage
from ._naming import describe, replay
from ._options import FuzzOptions
from ._probes import probes
from ._report import CoverageSummary, Failure, FailureKind, FuzzReport, SearchSummary
from ._search import Origin, Probe, run_search

__all__ = ["assert_handles", "fuzz_handler"]


def fuzz_handler(
    handler: Callable[..., Any], options: FuzzOptions | None = None, /, **changes: Any
) -> FuzzReport:
    """Drive ``handler`` with valid and invalid CallEvents and report minimal failures.

    The options are a :class:`FuzzOptions` (``options``), the defaults, or either with
    ``changes`` by keyword (``fuzz_handler(h, invalid=False, seed=1)``); an unknown
    keyword is :class:`~callevent_toolkit.InvalidArgument`.

    A handler must survive every event the contract allows and reject every event it
    forbids. The run has two phases (``phases``). The *coverage* phase runs fixed cases,
    the same for every seed: each invalid case of ``coverage_cases()`` (every constraint
    broken alone, by every operator) and valid realistic events with one hostile part
    each (every optional part present and absent; at every position each hostile value
    of its type: ``""``, ``"__proto__"``, NUL, 10,000 characters, int32/int64
    boundaries, ``-0.0``, every RFC 3339 timestamp form; odd map keys; empty, one-item
    and 1,000-item arrays; empty maps). The *random* phase runs Hypothesis searches: with
    ``valid=True`` realistic events, contract-space events, hybrid events (realistic
    with 1-3 contract values) and contract events with one optional object complete;
    with ``invalid=True`` labelled invalid events, one search per kind of rule
    (``keywords``/``skip_keywords`` choose the kinds).

    Raising on a valid event is ``crashed-on-valid``; returning normally on an invalid
    one is ``accepted-invalid``; raising an exception that is not an instance of
    ``rejects`` is ``wrong-error-on-invalid``. A bug already reported is skipped by later
    cases and searches, so one bug cannot hide another. ``max_examples`` is the number of
    examples for each kind of random search; a run makes about six times that many
    calls plus the coverage cases (about 3,200) and shrinking.

    Coroutine functions (and handlers returning awaitables) are awaited. With
    ``factory=True``, ``handler`` is called with no arguments for a fresh handler per
    event. Each call runs on a worker thread; one that takes longer than ``timeout``
    seconds (at most 86,400) is reported as ``timed-out`` and ends the run
    (``timeout=None`` waits for ever). Python cannot kill a thread, so a hung synchronous
    handler keeps its daemon thread until it returns or the process exits; the report
    counts such threads. ``KeyboardInterrupt`` or ``SystemExit`` raised by the handler is
    a crash like any other exception.

    Every failure of the random phase carries the minimal event Hypothesis shrank it to;
    the report's ``options`` (seed included: random when ``seed`` is None) replay the run.
    """
    chosen = FuzzOptions.build(options, **changes)
    target = _callable(handler, chosen.factory)
    run = replace(chosen, seed=secrets.randbelow(2**32) if chosen.seed is None else chosen.seed)
    planned = probes(run) if "random" in run.phases else []
    with HandlerCaller(target, run.timeout) as call:
        failures, coverage, searches = _run(planned, call, run)
    return FuzzReport(
        handler=describe(handler),
        options=run,
        failures=tuple(failures),
        searches=tuple(searches),
        replay=replay(handler, run),
        coverage=coverage,
        abandoned_threads=call.abandoned_threads,
        searches_not_run=len(planned) - len(searches),
    )


def _callable(handler: object, factory: bool) -> Callable[[Any], Any]:
    """The callable to call per event; a factory is checked once, up front."""
    if not callable(handler):
        raise InvalidArgument(f"handler must be callable, got {handler!r}")
    if not factory:
        return handler
    made = handler()
    if not callable(made):
        raise InvalidArgument(f"with factory=True, handler() must return a callable, got {made!r}")
    return fresh_per_call(handler)


def _hung(failures: Sequence[Failure]) -> bool:
    return any(failure.kind is FailureKind.TIMED_OUT for failure in failures)


def _run(
    planned: Sequence[Probe], call: HandlerCaller, options: FuzzOptions
) -> tuple[list[Failure], CoverageSummary | None, list[SearchSummary]]:
    """The coverage phase, then the searches in order, until done or one finds a hang.

    A hang ends the run: the abandoned thread may hold a lock the handler needs, so
    later calls could all hang, each costing a full timeout.
    """
    assert options.seed is not None
    failures: list[Failure] = []
    searches: list[SearchSummary] = []
    known: set[Origin] = set()  # bugs already reported: later searches look for new ones
    coverage = None
    if "coverage" in options.phases:
        failures, coverage = run_coverage(call, options, options.seed, known)
        if _hung(failures):
            return failures, coverage, searches
    for probe in planned:
        found, summary = run_search(
            probe, call, run_seed=options.seed, max_examples=options.max_examples, known=known
        )
        failures.extend(found)
        searches.append(summary)
        if _hung(found):
            break
    return failures, coverage, searches


def assert_handles(
    handler: Callable[..., Any], options: FuzzOptions | None = None, /, **changes: Any
) -> None:
    """Fuzz ``handler`` like :func:`fuzz_handler`; raise ``AssertionError`` with the report.

    Meant for a plain test function (``def test_handler(): assert_handles(on_event)``),
    not inside a ``@given`` test: the fuzzer runs its own Hypothesis searches.
    """
    __tracebackhide__ = True
    report = fuzz_handler(handler, options, **changes)
    if not report.ok:
        raise AssertionError(str(report))
