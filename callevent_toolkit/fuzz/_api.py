"""``fuzz_handler`` and ``assert_handles``: the public face of the fuzzer."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Any

from .._checks import check_int, check_optional_seed, check_positive_seconds
from ..errors import InvalidArgument
from ..schemas import DEFAULT_VERSION, load_schema
from ._calling import HandlerCaller
from ._naming import DEFAULT_TIMEOUT, describe, replay
from ._probes import probes
from ._report import Failure, FailureKind, FuzzReport, SearchSummary
from ._search import Origin, Probe, run_search

__all__ = ["assert_handles", "fuzz_handler"]

Rejects = type[BaseException] | tuple[type[BaseException], ...]


def fuzz_handler(
    handler: Callable[[Any], Any],
    *,
    valid: bool = True,
    invalid: bool = True,
    rejects: Rejects = (Exception,),
    max_examples: int = 200,
    seed: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    version: int = DEFAULT_VERSION,
) -> FuzzReport:
    """Drive ``handler`` with valid and invalid CallEvents and report minimal failures.

    A handler must survive every event the contract allows and reject every event it
    forbids. With ``valid=True`` it gets realistic events (what production sends),
    contract-space events (absent optional parts, empty arrays, non-ASCII text, boundary
    and huge integers, timestamps with offsets and fractions, odd map keys) and
    contract-space events with one optional object complete; raising on any of them is
    ``crashed-on-valid``. With ``invalid=True`` it gets labelled invalid events, one
    search per kind of rule: returning normally is ``accepted-invalid``, raising an
    exception that is not an instance of ``rejects`` is ``wrong-error-on-invalid``.
    Every search is a separate Hypothesis run, so one bug cannot hide another, and a bug
    already reported is skipped by later searches. ``max_examples`` is the number of
    examples for each of: realistic events, contract events, complete-object events
    (split across the objects) and invalid events per question (split across the kinds
    of rule); a run makes at most about five times that many calls, plus shrinking.

    Coroutine functions (and handlers returning awaitables) are awaited. Each call runs
    on a worker thread; one that takes longer than ``timeout`` seconds is reported as
    ``timed-out`` and ends the run (``timeout=None`` waits for ever). Python cannot
    kill a thread, so a hung synchronous handler keeps its daemon thread until it returns
    or the process exits; the report counts such threads. A coroutine that awaits for
    ever is cancelled instead.

    Every failure carries the minimal event Hypothesis shrank it to and the ``seed`` that
    replays the run (a random one when ``seed`` is None; it is in the report). Events
    follow the bundled schema of ``version``.
    """
    _check_arguments(handler, valid, invalid, rejects, max_examples, seed, timeout)
    load_schema(version)  # an unknown version fails here, naming the bundled ones
    rejected = rejects if isinstance(rejects, tuple) else (rejects,)
    run_seed = secrets.randbelow(2**32) if seed is None else seed
    planned = probes(valid=valid, invalid=invalid, rejects=rejected, version=version)
    with HandlerCaller(handler, timeout) as call:
        failures, searches = _run_searches(planned, call, run_seed, max_examples)
    return FuzzReport(
        handler=describe(handler),
        seed=run_seed,
        max_examples=max_examples,
        failures=tuple(failures),
        searches=tuple(searches),
        replay=replay(
            handler,
            seed=run_seed,
            max_examples=max_examples,
            rejects=rejected,
            timeout=timeout,
            version=version,
            valid=valid,
            invalid=invalid,
        ),
        abandoned_threads=call.abandoned_threads,
        searches_not_run=len(planned) - len(searches),
    )


def _run_searches(
    planned: Sequence[Probe], call: HandlerCaller, run_seed: int, max_examples: int
) -> tuple[list[Failure], list[SearchSummary]]:
    """Run the searches in order until they are done or one finds a hang."""
    failures: list[Failure] = []
    searches: list[SearchSummary] = []
    known: set[Origin] = set()  # bugs already reported: later searches look for new ones
    for probe in planned:
        found, summary = run_search(
            probe, call, run_seed=run_seed, max_examples=max_examples, known=known
        )
        failures.extend(found)
        searches.append(summary)
        if any(failure.kind is FailureKind.TIMED_OUT for failure in found):
            # A hang ends the run: the abandoned thread may hold a lock the handler
            # needs, so later calls could all hang, each costing a full timeout.
            break
    return failures, searches


def assert_handles(
    handler: Callable[[Any], Any],
    *,
    valid: bool = True,
    invalid: bool = True,
    rejects: Rejects = (Exception,),
    max_examples: int = 200,
    seed: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    version: int = DEFAULT_VERSION,
) -> None:
    """Fuzz ``handler`` like :func:`fuzz_handler`; raise ``AssertionError`` with the report.

    Meant for a plain test function (``def test_handler(): assert_handles(on_event)``),
    not inside a ``@given`` test: the fuzzer runs its own Hypothesis searches.
    """
    __tracebackhide__ = True
    report = fuzz_handler(
        handler,
        valid=valid,
        invalid=invalid,
        rejects=rejects,
        max_examples=max_examples,
        seed=seed,
        timeout=timeout,
        version=version,
    )
    if not report.ok:
        raise AssertionError(str(report))


# --- arguments and naming ------------------------------------------------------------


def _check_arguments(
    handler: object,
    valid: object,
    invalid: object,
    rejects: object,
    max_examples: object,
    seed: object,
    timeout: object,
) -> None:
    if not callable(handler):
        raise InvalidArgument(f"handler must be callable, got {handler!r}")
    if not (valid or invalid):
        raise InvalidArgument("valid=False and invalid=False leaves nothing to fuzz")
    if not _is_rejects(rejects):
        raise InvalidArgument(
            f"rejects must be an exception class or a non-empty tuple of them, got {rejects!r}"
        )
    check_int("max_examples", max_examples, minimum=1)
    check_optional_seed(seed)
    check_positive_seconds("timeout", timeout)


def _is_rejects(rejects: object) -> bool:
    classes = rejects if isinstance(rejects, tuple) else (rejects,)
    return bool(classes) and all(
        isinstance(cls, type) and issubclass(cls, BaseException) for cls in classes
    )
