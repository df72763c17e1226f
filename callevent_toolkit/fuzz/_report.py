"""What a fuzz run found, as data (``FuzzReport``/``Failure``) and as text or JSON.

The text is what a person reads in a failing test or a terminal: one numbered block per
failure with its kind, the exception or the violated rule, the minimal event as JSON and,
at the end, the command that replays the run. ``to_json()`` carries the same facts for
machines (the CLI's ``--format json``).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..validation import Violation
from ._options import FuzzOptions

__all__ = ["CoverageSummary", "Failure", "FailureKind", "FuzzReport", "SearchSummary"]

#: How many failing coverage cases the text report lists (JSON lists them all).
_SHOWN_CASES = 10


class FailureKind(StrEnum):
    """How the handler went wrong."""

    CRASHED_ON_VALID = "crashed-on-valid"
    """It raised on an event the schema allows."""
    ACCEPTED_INVALID = "accepted-invalid"
    """It returned normally on an event the schema forbids."""
    WRONG_ERROR_ON_INVALID = "wrong-error-on-invalid"
    """It raised on a forbidden event, but not one of the ``rejects`` exceptions."""
    TIMED_OUT = "timed-out"
    """One call ran past the per-call timeout (the handler hangs or is far too slow)."""


@dataclass(frozen=True)
class Failure:
    """One minimal failing event and everything needed to understand and replay it.

    ``event`` is the shrunk event (for ``timed-out`` the first event that hung: shrinking
    a hang would cost a timeout per attempt). ``space`` says where it came from:
    ``"realistic"``, ``"contract"``, ``"contract-complete"``, ``"hybrid"``, ``"invalid"``,
    or, from the coverage phase, ``"coverage-valid"``/``"coverage-invalid"``; ``search``
    names the search that found it and ``case`` the coverage case (coverage cases are not
    shrunk: each is a realistic event with one odd part). ``violation`` and ``operator``
    describe how an invalid event breaks the schema. ``exception``/``traceback`` are what
    the handler raised (``None``/``""`` when it returned or hung). ``found_after`` is the
    number of calls the search made up to its first failure of this kind; ``seed``
    replays the whole run. ``flaky`` means the minimal event did not fail again when
    replayed, so the handler depends on something besides the event.
    """

    kind: FailureKind
    event: Any
    space: str
    search: str
    seed: int
    found_after: int
    violation: Violation | None = None
    operator: str | None = None
    exception: BaseException | None = field(default=None, compare=False)
    traceback: str = field(default="", compare=False, repr=False)
    shrunk: bool = True
    flaky: bool = False
    case: str | None = None

    @property
    def summary(self) -> str:
        """One line: the kind and what went wrong."""
        what = {
            FailureKind.CRASHED_ON_VALID: f"raised {_exception_line(self.exception)}",
            FailureKind.WRONG_ERROR_ON_INVALID: f"raised {_exception_line(self.exception)}",
            FailureKind.ACCEPTED_INVALID: "returned normally",
            FailureKind.TIMED_OUT: "did not finish in time",
        }[self.kind]
        return f"{self.kind}: {what}"

    def to_json(self) -> dict[str, Any]:
        """The failure as JSON-ready data."""
        return {
            "kind": str(self.kind),
            "space": self.space,
            "search": self.search,
            "seed": self.seed,
            "found_after": self.found_after,
            "shrunk": self.shrunk,
            "flaky": self.flaky,
            "violation": None if self.violation is None else _violation_json(self.violation),
            "operator": self.operator,
            "case": self.case,
            "exception": None if self.exception is None else _exception_line(self.exception),
            "traceback": self.traceback,
            "event": self.event,
        }

    def __str__(self) -> str:
        lines = [self.summary, f"in {self.search}"]
        if self.case is not None:
            lines.append(f"case: {self.case}")
        if self.violation is not None:
            lines.append(f"violation: {self.violation} [{self.violation.keyword}]")
        if self.operator is not None:
            lines.append(f"mutation: {self.operator}")
        lines.append(f"found after {_count(self.found_after, 'call')}" + _caveats(self))
        lines.append(_event_heading(self))
        lines.append(textwrap.indent(event_json(self.event, indent=2), "  "))
        if self.traceback:
            lines.append(textwrap.indent(self.traceback.rstrip("\n"), "  "))
        return "\n".join(lines)


@dataclass(frozen=True)
class SearchSummary:
    """One Hypothesis search: which events it fed, its budget and how many calls it made.

    ``calls`` counts every call, shrinking included, so it can exceed ``budget``.
    """

    name: str
    budget: int
    calls: int
    failures: int


@dataclass(frozen=True)
class CoverageSummary:
    """The coverage phase: how many valid and invalid cases ran, and which failed.

    ``failed`` describes every failing case (place and hostile part, or the rule
    broken), also those whose bug was already reported by an earlier case.
    """

    valid_cases: int
    invalid_cases: int
    failed: tuple[str, ...] = ()

    @property
    def cases(self) -> int:
        """Cases run (one handler call each)."""
        return self.valid_cases + self.invalid_cases

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "cases": self.cases,
            "valid_cases": self.valid_cases,
            "invalid_cases": self.invalid_cases,
            "failed": list(self.failed),
        }

    def __str__(self) -> str:
        head = (
            f"coverage phase: {_count(self.cases, 'case')} ({self.valid_cases} valid, "
            f"{self.invalid_cases} invalid), {len(self.failed)} failed"
        )
        lines = [head, *(f"  {case}" for case in self.failed[:_SHOWN_CASES])]
        if len(self.failed) > _SHOWN_CASES:
            lines.append(f"  ... and {len(self.failed) - _SHOWN_CASES} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class FuzzReport:
    """The outcome of :func:`~callevent_toolkit.fuzz_handler`; ``str()`` reads well.

    ``options`` are the run's options with the seed actually used (``options.seed`` is
    never None here), so ``fuzz_handler(handler, report.options)`` replays the run.
    ``coverage`` is None when the coverage phase did not run.
    """

    handler: str
    options: FuzzOptions
    failures: tuple[Failure, ...]
    searches: tuple[SearchSummary, ...]
    replay: str
    coverage: CoverageSummary | None = None
    abandoned_threads: int = 0
    searches_not_run: int = 0

    @property
    def seed(self) -> int:
        """The seed that replays the run."""
        assert self.options.seed is not None
        return self.options.seed

    @property
    def max_examples(self) -> int:
        """The budget of each kind of random search."""
        return self.options.max_examples

    @property
    def ok(self) -> bool:
        """True when no search found a failure."""
        return not self.failures

    @property
    def calls(self) -> int:
        """Handler calls over the coverage phase and all searches."""
        covered = 0 if self.coverage is None else self.coverage.cases
        return covered + sum(search.calls for search in self.searches)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (``json.dumps`` it; events may hold huge ints)."""
        return {
            "ok": self.ok,
            "handler": self.handler,
            "seed": self.seed,
            "max_examples": self.max_examples,
            "calls": self.calls,
            "options": _options_json(self.options),
            "coverage": None if self.coverage is None else self.coverage.to_json(),
            "searches": [vars(search) for search in self.searches],
            "abandoned_threads": self.abandoned_threads,
            "searches_not_run": self.searches_not_run,
            "failures": [failure.to_json() for failure in self.failures],
            "replay": self.replay,
        }

    def __str__(self) -> str:
        head = (
            f"fuzz_handler({self.handler}): "
            f"{_count(len(self.failures), 'failure')} in {_count(self.calls, 'call')} "
            f"(seed {self.seed}, max_examples {self.max_examples})"
        )
        blocks = [head]
        if self.coverage is not None:
            blocks.append(str(self.coverage))
        for number, failure in enumerate(self.failures, start=1):
            blocks.append(f"{number}. " + textwrap.indent(str(failure), "   ").lstrip())
        if self.searches_not_run:
            blocks.append(
                f"note: the run stopped at the first hang; "
                f"{_count(self.searches_not_run, 'more search')} did not run."
            )
        if self.abandoned_threads:
            blocks.append(
                f"note: {_count(self.abandoned_threads, 'hung handler thread')} could not "
                "be stopped (Python cannot kill a thread); they run on as daemon threads."
            )
        if not self.ok:
            blocks.append(f"replay: {self.replay}")
        return "\n\n".join(blocks)


def event_json(event: Any, *, indent: int | None = None) -> str:
    """``event`` as JSON text; values JSON cannot hold (sets, NaN from a mutation) as repr."""
    return json.dumps(event, indent=indent, ensure_ascii=False, sort_keys=True, default=repr)


def _options_json(options: FuzzOptions) -> dict[str, Any]:
    """The options as JSON: exception classes by qualified name."""
    data: dict[str, Any] = {}
    for name, value in vars(options).items():
        if name == "rejects":
            value = [f"{cls.__module__}.{cls.__qualname__}" for cls in value]
        data[name] = list(value) if isinstance(value, tuple) else value
    return data


def _event_heading(failure: Failure) -> str:
    if failure.case is not None:
        return "event:"
    return "minimal event:" if failure.shrunk else "event (not shrunk):"


def _violation_json(violation: Violation) -> dict[str, str]:
    return {**violation.to_dict(), "json_path": violation.json_path}


def _exception_line(exc: BaseException | None) -> str:
    if exc is None:
        return "nothing"
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _caveats(failure: Failure) -> str:
    notes = []
    if failure.flaky:
        notes.append("flaky: the minimal event did not fail again on replay")
    return "".join(f"; {note}" for note in notes)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
