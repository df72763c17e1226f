"""The bug catalogue of ``benchmarks/bench_fuzz.py`` is honest.

A benchmark that counts bugs found is only as good as its bugs: a handler that crashes on
every production event is found by anything, one that never crashes on a valid event is a
catalogue mistake, and one that crashes with a second, accidental exception measures
nothing. So each handler must (1) survive a plain realistic event that reaches the code
it is buggy in, returning what it computes, and (2) raise its listed exception on some
valid event (checked by the validator, the oracle). The catalogue must hold at least 25
bugs of the kinds the issue names, each kind at least once.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from callevent_toolkit import generate, validate
from callevent_toolkit.engine import hostile_cases, plan_with, seeded_source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bug_catalogue import BUGS, ISSUE_KINDS, Bug

REALISTIC_TRIES = 40  # realistic events that reach the bug's code, per handler


def _witnesses() -> list[dict[str, Any]]:
    """Valid events from the corners: the coverage phase's cases and contract events."""
    return [case.event for case in hostile_cases()] + list(generate(1000, seed=0, realistic=False))


WITNESSES = _witnesses()


def test_at_least_25_bugs_of_the_kinds_the_issue_names() -> None:
    kinds = Counter(bug.kind for bug in BUGS)
    assert sum(kinds[kind] for kind in ISSUE_KINDS) >= 25
    assert all(kinds[kind] >= 1 for kind in ISSUE_KINDS), kinds
    assert len({bug.name for bug in BUGS}) == len(BUGS)


@pytest.mark.parametrize("bug", BUGS, ids=[bug.name for bug in BUGS])
def test_each_bug_survives_a_plain_realistic_event_that_reaches_it(bug: Bug) -> None:
    plan = plan_with(3, True, bug.reaches)
    results = []
    for index in range(REALISTIC_TRIES):
        event = plan.event(seeded_source(11, index))
        try:
            results.append(bug.handler(event))
        except Exception:  # realistic events may trigger some bugs
            continue
        if results[-1] is not None:
            return
    raise AssertionError(
        f"{bug.name}: no realistic event reaching {bug.reaches} was handled "
        f"({len(results)} of {REALISTIC_TRIES} returned, all None)"
    )


@pytest.mark.parametrize("bug", BUGS, ids=[bug.name for bug in BUGS])
def test_each_bug_raises_its_exception_on_some_valid_event(bug: Bug) -> None:
    for event in WITNESSES:
        try:
            bug.handler(event)
        except bug.expected:
            assert validate(event) == []
            return
        except Exception:  # another valid event may raise another way
            continue
    raise AssertionError(f"{bug.name}: no valid witness event raised {bug.expected}")


def test_a_crash_of_another_type_does_not_count() -> None:
    """The witness search above is strict about the exception type (it cannot pass vacuously)."""
    strict = Bug("never raises KeyError", "optional part", lambda e: 1 / 0, KeyError)
    with pytest.raises(AssertionError, match="no valid witness"):
        test_each_bug_raises_its_exception_on_some_valid_event(strict)
