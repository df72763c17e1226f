"""One Hypothesis search: feed a handler events from one strategy, keep the minimal failures.

Each search is an inner ``@given`` test whose body calls the handler and raises a private
``_FailureFoundError`` when the outcome is a failure of the kind the search looks for.
Hypothesis then does what it is best at: it keeps generating for a while to find distinct
bugs (``report_multiple_bugs``, told apart by the handler's exception type and line,
which the error carries as its ``__context__``), shrinks each one, and replays the
minimal example, whose error we catch and turn into a :class:`~._report.Failure`.

A hang is different: every shrink attempt could cost a full timeout and leave another
thread behind, so the first timeout ends the search at once (a ``BaseException``, which
Hypothesis does not treat as a test failure) and is reported unshrunk.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, seed
from hypothesis import strategies as st
from hypothesis.errors import FlakyFailure

from ..engine import Operator
from ..validation import Violation
from ._calling import HandlerCaller, Outcome, Raised, TimedOut
from ._report import Failure, FailureKind, SearchSummary
from ._settings import search_settings

__all__: list[str] = []

Judge = Callable[[Outcome], FailureKind | None]
Origin = tuple[object, ...]


@dataclass(frozen=True)
class Sample:
    """The event handed to the handler, and for invalid events what is wrong with it."""

    event: Any
    violation: Violation | None = None
    operator: Operator | None = None


@dataclass(frozen=True)
class Probe:
    """What one search feeds the handler and what counts as failing (``judge``).

    ``unpack`` turns what ``strategy`` draws into a :class:`Sample` inside the test
    rather than with ``.map()``: Hypothesis's shrinker may ``repr()`` a mapped strategy,
    and some strategies (``invalid_call_events()`` once built) have very large reprs.
    """

    name: str
    space: str
    strategy: st.SearchStrategy[Any]
    unpack: Callable[[Any], Sample]
    judge: Judge
    share: int = 1
    """How many searches split one ``max_examples`` budget (one per object or rule kind)."""

    def budget(self, max_examples: int) -> int:
        """This search's number of examples."""
        return max(1, max_examples // self.share)


@dataclass
class _Tally:
    calls: int = 0
    first_seen: dict[Origin, int] = field(default_factory=dict)


class _FailureFoundError(Exception):
    def __init__(self, kind: FailureKind, sample: Sample, outcome: Outcome) -> None:
        super().__init__(f"{kind} on {sample.event!r:.200}")
        self.kind, self.sample, self.outcome = kind, sample, outcome
        self.origin = origin(kind, sample, outcome)
        if isinstance(outcome, Raised):
            # The handler's exception as context makes Hypothesis tell bugs apart by it.
            self.__context__ = outcome.exception


class _Hung(BaseException):
    def __init__(self, found: _FailureFoundError) -> None:
        super().__init__("the handler hung")
        self.found = found


def origin(kind: FailureKind, sample: Sample, outcome: Outcome) -> Origin:
    """What makes two failures the same bug.

    For exceptions: the kind, exception type and raising line (as Hypothesis tells bugs
    apart). For accepted invalid events: the kind of rule not enforced. All hangs are one.
    """
    if kind is FailureKind.ACCEPTED_INVALID and sample.violation is not None:
        return (kind, sample.violation.keyword)
    if not isinstance(outcome, Raised):
        return (kind,)
    exc = outcome.exception
    frames = list(traceback.walk_tb(exc.__traceback__))
    where = (frames[-1][0].f_code.co_filename, frames[-1][1]) if frames else ()
    return (kind, type(exc).__qualname__, *where)


def _found_in(
    error: BaseException, *, flaky: bool = False
) -> Iterator[tuple[_FailureFoundError, bool]]:
    if isinstance(error, _FailureFoundError):
        yield error, flaky
    elif isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _found_in(inner, flaky=flaky or isinstance(error, FlakyFailure))


def _failure(
    found: _FailureFoundError, probe: Probe, tally: _Tally, run_seed: int, **extra: Any
) -> Failure:
    outcome = found.outcome
    raised = outcome if isinstance(outcome, Raised) else None
    return Failure(
        kind=found.kind,
        event=found.sample.event,
        space=probe.space,
        search=probe.name,
        seed=run_seed,
        found_after=tally.first_seen.get(found.origin, tally.calls),
        violation=found.sample.violation,
        operator=found.sample.operator,
        exception=None if raised is None else raised.exception,
        traceback="" if raised is None else raised.traceback,
        **extra,
    )


def run_search(
    probe: Probe, call: HandlerCaller, *, run_seed: int, max_examples: int, known: set[Origin]
) -> tuple[list[Failure], SearchSummary]:
    """Run ``probe`` against the handler behind ``call``; minimal failures and a summary.

    Bugs whose origin is in ``known`` were reported by an earlier search: they count as
    passes here, so this search spends its budget (and its shrinking, which is costly
    for large contract-space events) on new bugs only. The origins of the failures found
    here are added to ``known``. A hang still ends the search, reported or not.
    """
    tally = _Tally()

    @search_settings(probe.budget(max_examples))
    @seed(run_seed)
    @given(probe.strategy)
    def search(drawn: Any) -> None:
        sample = probe.unpack(drawn)
        outcome = call(sample.event)
        tally.calls += 1
        kind = probe.judge(outcome)
        if kind is None:
            return
        found = _FailureFoundError(kind, sample, outcome)
        tally.first_seen.setdefault(found.origin, tally.calls)
        if isinstance(outcome, TimedOut):
            raise _Hung(found)
        if found.origin not in known:
            raise found

    try:
        search()
    except _Hung as hung:
        found = [(hung.found, {"shrunk": False})] if hung.found.origin not in known else []
    except (Exception, BaseExceptionGroup) as error:
        found = [(item, {"flaky": flaky}) for item, flaky in _found_in(error)]
        if not found:
            raise
    else:
        found = []
    known.update(item.origin for item, _ in found)
    failures = [_failure(item, probe, tally, run_seed, **extra) for item, extra in found]
    summary = SearchSummary(probe.name, probe.budget(max_examples), tally.calls, len(failures))
    return failures, summary
