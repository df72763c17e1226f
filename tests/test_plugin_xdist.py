"""pytest-xdist: every worker gives a test the same events as a serial run."""

from __future__ import annotations

import pytest
from _plugin_dumps import dump_project, header_seed, read_dumps

MANY_TESTS = """
import pytest

@pytest.mark.parametrize("n", range(6))
def test_event(n, call_event, dump):
    dump(call_event)

@pytest.mark.parametrize("n", range(4))
def test_factory(n, call_event_factory, dump):
    dump([call_event_factory(), *call_event_factory.batch(2), call_event_factory.contract()])

def test_invalid(invalid_call_event, dump):
    dump([invalid_call_event.event, invalid_call_event.violation.pointer])

@pytest.mark.callevent_coverage(keywords={"minimum", "maximum"})
def test_coverage(invalid_call_event, dump):
    dump(invalid_call_event.event)
"""


def test_workers_make_the_same_events_as_a_serial_run(pytester: pytest.Pytester) -> None:
    """One subprocess with two workers and ``random``: the seed is drawn once, in the
    controller, and every worker's events match a serial run with the header's seed."""
    dump_project(pytester, test_many=MANY_TESTS)
    distributed = pytester.runpytest("-n", "2", "--callevent-seed=random")
    distributed.assert_outcomes(passed=15)
    distributed.stdout.fnmatch_lines(["created: 2/2 workers"])
    seed = header_seed(distributed.outlines)
    parallel = read_dumps(pytester)
    pytester.runpytest(f"--callevent-seed={seed}").assert_outcomes(passed=15)
    assert read_dumps(pytester) == parallel
    assert len(parallel) == 15
