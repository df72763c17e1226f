"""The coverage phase: fixed cases, run once each, before any random search.

Random search finds a bug only when chance puts the right value at the right place;
some bugs need exactly one value at exactly one place (a validator that ignores one
``required`` field, a handler that ``int()``s one map value). As in Schemathesis's
coverage phase, the fuzzer first runs a deterministic checklist that does not depend on
the seed: every invalid case of ``coverage_cases()`` (each constraint broken alone, by
every operator) and every valid :func:`~callevent_toolkit.engine.hostile_cases` case (a
realistic event with one hostile part). Cases are not shrunk: each is already a realistic
event with a single odd part, which the report names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from ..engine import InvalidCallEvent, hostile_cases, observe, observe_invalid
from ..generation import coverage_cases
from ._calling import HandlerCaller, Outcome, Raised, Returned, TimedOut
from ._options import FuzzOptions
from ._report import CoverageSummary, Failure, FailureKind
from ._search import Origin, Sample, origin

__all__ = ["run_coverage"]

VALID_SEARCH = "coverage phase: valid events with one hostile part"
INVALID_SEARCH = "coverage phase: invalid events breaking one rule"

Judge = Callable[[Outcome], FailureKind | None]


@dataclass(frozen=True)
class _Case:
    sample: Sample
    description: str
    invalid: InvalidCallEvent | None = None  # what the coverage report hears of


@cache
def _invalid_cases(version: int) -> tuple[InvalidCallEvent, ...]:
    return tuple(coverage_cases(version, seed=0))


def _describe_invalid(case: InvalidCallEvent) -> str:
    return f"{case.violation.pointer or '/'} breaks {case.violation.keyword!r} ({case.operator})"


def _valid(options: FuzzOptions) -> list[_Case]:
    return [_Case(Sample(c.event), c.description) for c in hostile_cases(options.version)]


def _invalid(options: FuzzOptions) -> list[_Case]:
    keywords = set(options.invalid_keywords())
    return [
        _Case(Sample(c.event, c.violation, c.operator), _describe_invalid(c), c)
        for c in _invalid_cases(options.version)
        if c.violation.keyword in keywords
    ]


def _judge_invalid(rejects: tuple[type[BaseException], ...]) -> Judge:
    strict = not issubclass(Exception, rejects)  # only then can an error be "wrong"

    def judge(outcome: Outcome) -> FailureKind | None:
        if isinstance(outcome, TimedOut):
            return FailureKind.TIMED_OUT
        if isinstance(outcome, Returned):
            return FailureKind.ACCEPTED_INVALID
        if strict and isinstance(outcome, Raised) and not isinstance(outcome.exception, rejects):
            return FailureKind.WRONG_ERROR_ON_INVALID
        return None

    return judge


def _judge_valid(outcome: Outcome) -> FailureKind | None:
    if isinstance(outcome, TimedOut):
        return FailureKind.TIMED_OUT
    return FailureKind.CRASHED_ON_VALID if isinstance(outcome, Raised) else None


class _Run:
    """The state of one coverage phase: calls made, failures kept, cases that failed."""

    def __init__(self, call: HandlerCaller, seed: int, known: set[Origin], version: int) -> None:
        self.call, self.seed, self.known, self.version = call, seed, known, version
        self.calls = 0
        self.failures: list[Failure] = []
        self.failed: list[str] = []
        self.hung = False

    def cases(self, search: str, space: str, cases: Iterable[_Case], judge: Judge) -> int:
        ran = 0
        for case in cases:
            if self.hung:
                break
            ran += 1
            self._one(search, space, case, judge)
        return ran

    def _one(self, search: str, space: str, case: _Case, judge: Judge) -> None:
        if case.invalid is None:  # the coverage report's hooks: no-ops without one
            observe(case.sample.event, self.version)
        else:
            observe_invalid(case.invalid, self.version)
        outcome = self.call(case.sample.event)
        self.calls += 1
        kind = judge(outcome)
        if kind is None:
            return
        self.failed.append(case.description)
        self.hung = isinstance(outcome, TimedOut)
        found = origin(kind, case.sample, outcome)
        if found in self.known:
            return
        self.known.add(found)
        self.failures.append(self._failure(kind, search, space, case, outcome))

    def _failure(
        self, kind: FailureKind, search: str, space: str, case: _Case, outcome: Outcome
    ) -> Failure:
        raised = outcome if isinstance(outcome, Raised) else None
        return Failure(
            kind=kind,
            event=case.sample.event,
            space=space,
            search=search,
            seed=self.seed,
            found_after=self.calls,
            violation=case.sample.violation,
            operator=case.sample.operator,
            exception=None if raised is None else raised.exception,
            traceback="" if raised is None else raised.traceback,
            shrunk=False,
            case=case.description,
        )


def run_coverage(
    call: HandlerCaller, options: FuzzOptions, seed: int, known: set[Origin]
) -> tuple[list[Failure], CoverageSummary]:
    """Run every coverage case the options ask for; new failures and a summary.

    Like the random searches, a bug whose origin is already in ``known`` is not reported
    twice, and new origins are added to ``known`` (so the random searches that follow
    look for other bugs). A hang ends the phase.
    """
    run = _Run(call, seed, known, options.version)
    valid = invalid = 0
    if options.valid:
        valid = run.cases(VALID_SEARCH, "coverage-valid", _valid(options), _judge_valid)
    if options.invalid:
        judge = _judge_invalid(options.rejects)
        invalid = run.cases(INVALID_SEARCH, "coverage-invalid", _invalid(options), judge)
    summary = CoverageSummary(valid_cases=valid, invalid_cases=invalid, failed=tuple(run.failed))
    return run.failures, summary
