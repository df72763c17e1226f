"""Where a strategy's per-example CPU goes, measured in place, without a profiler.

    python benchmarks/split_strategies.py [--examples 200] [--rounds 5]

``bench_floors.py --only strategies`` compares each strategy with a composite making as
many ``draw(st.integers())`` calls as the strategy's examples record choices. This script
splits both sides of that ratio, per example, inside ``@given`` (best of rounds, CPU time):

* ``draws``: time inside the Hypothesis draws the strategy makes (every one goes through
  :class:`~callevent_toolkit.engine.HypothesisSource`; for the floor, its integer draws);
* ``toolkit``: the rest of the time inside the strategy: the toolkit's own code;
* ``engine``: the rest of the example: Hypothesis choosing what to try next (novel
  prefixes, mutations of earlier examples), recording the choices, running the test.

A third contestant, ``same choices``, is a composite that replays the very strategies one
recorded example of the strategy drew, in order, and builds nothing (plus one draw for
which example): what Hypothesis alone costs for the strategy's choices. ``ours / same
choices`` is then what the toolkit adds to them.

The toolkit column is the toolkit's own code. The other two are Hypothesis's work on the
choices the strategy makes, which depends on their kinds (a bounded range over 127
values costs a weights table per draw; a value copied by the mutator between unlike
draws abandons the run) and on how examples differ, not on their count alone: the
toolkit moves them only through the kinds of choices it makes. Every draw of the four
strategies goes through a ``HypothesisSource`` (the timelines' story source and its
content seeds included), so the instrumented ``draw`` sees them all.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_floors import _count_choices, _load, _run_given, stamp

# CPU time, as ``bench_floors._run_given`` measures the total: with other processes on the
# machine a wall clock would count their time inside the draws. It costs a system call
# (well under a microsecond) per reading, the same for every contestant.
_CLOCK = time.process_time


class _Split:
    """Accumulates time inside the measured strategy and inside its draws."""

    def __init__(self) -> None:
        self.inside = 0.0
        self.in_draws = 0.0

    def timed_draw(self, draw: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def timed(strategy: Any, *label: Any) -> Any:
            start = _CLOCK()
            try:
                return draw(strategy, *label)
            finally:
                self.in_draws += _CLOCK() - start

        return timed


def _wrapped(strategy: Any, split: _Split) -> Any:
    """``strategy`` inside a composite that times its one draw."""
    from hypothesis import strategies as st

    @st.composite
    def outer(draw: Any) -> Any:
        start = _CLOCK()
        try:
            return draw(strategy)
        finally:
            split.inside += _CLOCK() - start

    return outer()


def _timed_floor(draws: int, split: _Split) -> Any:
    """The floor composite, each of its draws timed like the strategy's."""
    from hypothesis import strategies as st

    integers = st.integers()

    @st.composite
    def floor(draw: Any) -> list[int]:
        timed = split.timed_draw(draw)
        return [timed(integers) for _ in range(draws)]

    return floor()


Draws = list[tuple[Any, tuple[Any, ...]]]


def _recorded(make: Callable[[], Any], examples: int) -> list[Draws]:
    """The (strategy, label) draws each of ``examples`` examples made through
    ``HypothesisSource`` (a ``LeanSource`` passes a label with its structural choices)."""
    from callevent_toolkit.engine import HypothesisSource

    runs: list[Draws] = []
    original_init = HypothesisSource.__init__

    def recording_init(self: Any, draw: Callable[..., Any]) -> None:
        run: Draws = []
        runs.append(run)

        def record(strategy: Any, *label: Any) -> Any:
            run.append((strategy, label))
            return draw(strategy, *label)

        original_init(self, record)

    HypothesisSource.__init__ = recording_init  # type: ignore[method-assign]
    try:
        _run_given(make(), examples)
    finally:
        HypothesisSource.__init__ = original_init  # type: ignore[method-assign]
    return [run for run in runs if run]


def same_choices(runs: list[Draws], split: _Split | None = None) -> Any:
    """A composite drawing one recorded example's strategies (under their labels) and
    building nothing.

    Which example is one more draw (a choice of Hypothesis's, so that what is drawn
    depends on the choices alone, as Hypothesis requires); it is counted in the figure.
    With ``split`` every draw is timed like the strategy's (``split_timelines.py`` uses
    it untimed).
    """
    from hypothesis import strategies as st

    which = st.integers(0, len(runs) - 1)

    @st.composite
    def same(draw: Any) -> list[Any]:
        timed = draw if split is None else split.timed_draw(draw)
        return [timed(strategy, *label) for strategy, label in runs[timed(which)]]

    return same()


def _measure(make: Callable[[_Split], Any], examples: int, rounds: int) -> dict[str, float]:
    """Per-example seconds: total, draws, toolkit, engine (the best round by total)."""
    best: dict[str, float] | None = None
    for _ in range(rounds + 1):  # the first round warms the plans and caches
        split = _Split()
        per_example, seen = _run_given(make(split), examples)
        row = {
            "total": per_example,
            "draws": split.in_draws / seen,
            "toolkit": (split.inside - split.in_draws) / seen,
            "engine": per_example - split.inside / seen,
        }
        if best is None or row["total"] < best["total"]:
            best = row
    assert best is not None
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from callevent_toolkit.engine import HypothesisSource
    from callevent_toolkit.strategies import call_events, call_timelines, invalid_call_events

    print(stamp())
    strategies = {
        "call_events()": call_events,
        "call_events(realistic=False)": lambda: call_events(realistic=False),
        "invalid_call_events()": invalid_call_events,
        "call_timelines()": call_timelines,
    }
    original_init = HypothesisSource.__init__
    current: list[_Split] = []

    def timing_init(self: Any, draw: Callable[[Any], Any]) -> None:
        original_init(self, current[-1].timed_draw(draw))

    print(
        f"{'ms per example':<30} {'total':>7} {'draws':>7} {'toolkit':>8} {'engine':>7}"
        f" {'choices':>7}  draws' time per choice"
    )
    for name, make in strategies.items():
        count = _count_choices(make(), args.examples)

        def ours(split: _Split, make: Any = make) -> Any:
            current[:] = [split]
            return _wrapped(make(), split)

        def floor(split: _Split, count: float = count) -> Any:
            return _wrapped(_timed_floor(round(count), split), split)

        runs = _recorded(make, args.examples)

        def same(split: _Split, runs: list[Draws] = runs) -> Any:
            return _wrapped(same_choices(runs, split), split)

        HypothesisSource.__init__ = timing_init  # type: ignore[method-assign]
        try:
            rows = {
                name: _measure(ours, args.examples, args.rounds),
                f"  floor, {round(count)} integer choices": _measure(
                    floor, args.examples, args.rounds
                ),
                "  same choices, no toolkit": _measure(same, args.examples, args.rounds),
            }
        finally:
            HypothesisSource.__init__ = original_init  # type: ignore[method-assign]
        same_count = _count_choices(same_choices(runs), args.examples)
        counts = dict(zip(rows, (count, round(count), same_count), strict=True))
        for label, row in rows.items():
            choices = counts[label]
            print(
                f"{label:<30} {row['total'] * 1e3:7.3f} {row['draws'] * 1e3:7.3f} "
                f"{row['toolkit'] * 1e3:8.3f} {row['engine'] * 1e3:7.3f} {choices:7.1f}  "
                f"{row['draws'] / choices * 1e6:5.1f} us"
            )
        ours_row, floor_row, same_row = rows.values()
        for label, base in (("  ours / floor", floor_row), ("  ours / same choices", same_row)):
            print(
                f"{label:<30} {ours_row['total'] / base['total']:7.2f} "
                f"{ours_row['draws'] / base['draws']:7.2f} "
                f"{ours_row['toolkit'] / base['total']:7.2f}* "
                f"{ours_row['engine'] / base['engine']:7.2f}"
            )
    print("* the toolkit column as a share of the other contestant's total")
    print(f"finished, {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
