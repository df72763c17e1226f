"""How soon a default ``@given(invalid_call_events())`` run breaks every first-tried rule.

    python benchmarks/first_tried_coverage.py [--runs 200] [--examples 100]

Runs ``--runs`` seeded ``@given`` tests of ``--examples`` examples each (Hypothesis's
defaults otherwise, no database) and reports, over the runs, the example by which all 31
first-tried rules (:func:`~callevent_toolkit.engine.first_tried`) had been broken: the
median, the 90th and 95th percentiles, the worst run, and how many runs needed more than
60 and 80 examples or never broke them all. ``docs/invalid-events.md`` states these
figures; ``tests/test_invalid_budget.py`` checks 20 of the seeds.

The figure is a distribution, not a constant: the rules come from Hypothesis's novel
choice prefixes, and after each drawn (not first-tried) example Hypothesis runs up to
five mutations of it first, so a run reaches the last rule after 31 examples plus about
six per drawn prefix it took on the way (three, on average).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

from callevent_toolkit.engine import InvalidCallEvent, first_tried, targets
from callevent_toolkit.strategies import invalid_call_events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_floors import stamp

NEVER = 10**9


def examples_to_break_all(run: int, examples: int) -> int:
    """The 1-based example of seeded run ``run`` by which every first-tried rule broke."""
    first = {t.constraint for t in first_tried(targets(3))}
    seen: set[object] = set()
    received = [0]
    done = [NEVER]

    @seed(run)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(invalid_call_events())
    def collect(case: InvalidCallEvent) -> None:
        received[0] += 1
        if case.constraint in first and case.constraint not in seen:
            seen.add(case.constraint)
            if len(seen) == len(first):
                done[0] = received[0]

    collect()
    return done[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--examples", type=int, default=100)
    args = parser.parse_args()
    print(stamp())
    found = sorted(examples_to_break_all(run, args.examples) for run in range(args.runs))
    broken = [n for n in found if n != NEVER]

    def share(q: float) -> int:
        return found[min(int(len(found) * q), len(found) - 1)]

    print(f"runs {args.runs} of {args.examples} examples (seeds 0..{args.runs - 1})")
    print(f"every rule broken in {len(broken)} runs; never in {len(found) - len(broken)}")
    if broken:
        print(f"median {statistics.median(found):g}, p90 {share(0.9)}, p95 {share(0.95)}")
        print(f"fastest {broken[0]}, slowest {broken[-1]}")
    for bound in (60, 80):
        print(f"runs needing more than {bound} examples: {sum(n > bound for n in found)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
