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
content seeds included), so the instrumented ``draw`` sees them all; the choices a
``LeanSource`` asks of the example's data directly (``data.draw_integer``,
``data.draw_boolean``, a quantity's span) are seen through :class:`Direct`, which stands
in for the data, and counted (timed, recorded, replayed) as draws. The instruments cost
about a microsecond a choice, a larger share of a direct choice than of a draw, so
``ours / floor`` reads higher here than in ``bench_floors.py``, which measures the
strategies as they run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_floors import _count_choices, _load, _run_given, stamp

# CPU time, as ``bench_floors._run_given`` measures the total: with other processes on the
# machine a wall clock would count their time inside the draws. It costs a system call
# (well under a microsecond) per reading, the same for every contestant.
_CLOCK = time.process_time


class Asked:
    """One call a ``LeanSource`` made on the example's data directly (a choice, or a
    quantity's span opened or closed), kept to be made again in a replay: it stands
    where a recorded draw keeps its strategy."""

    __slots__ = ("args", "method")

    def __init__(self, method: str, args: dict[str, Any]) -> None:
        self.method = method
        self.args = args

    def ask(self, data: Any) -> Any:
        return getattr(data, self.method)(**self.args)


class Direct:
    """What a ``LeanSource`` takes for the example's data while it is measured: each call
    is made on the real ``data`` (or, without one, not made), passed as an
    :class:`Asked` with its value to ``record`` and timed into ``split`` (as time inside
    the draws), whichever are given; ``replay`` gives each call's value instead, the
    next of a recorded example's values (its :class:`Asked` made on ``data``, if any)."""

    __slots__ = ("_data", "_record", "_replay", "_split")

    def __init__(
        self,
        data: Any,
        *,
        record: Callable[[Asked, Any], None] | None = None,
        split: Any = None,
        replay: Iterator[tuple[Any, Any, Any]] | None = None,
    ) -> None:
        self._data = data
        self._record = record
        self._split = split
        self._replay = replay

    def draw_integer(self, **args: Any) -> Any:
        return self._call("draw_integer", args)

    def draw_boolean(self, **args: Any) -> Any:
        return self._call("draw_boolean", args)

    def start_span(self, label: int) -> None:
        self._call("start_span", {"label": label})

    def stop_span(self, **args: Any) -> None:
        self._call("stop_span", args)

    def _call(self, method: str, args: dict[str, Any]) -> Any:
        if self._split is None:
            return self._made(method, args)
        start = _CLOCK()
        try:
            return self._made(method, args)
        finally:
            self._split.in_draws += _CLOCK() - start

    def _made(self, method: str, args: dict[str, Any]) -> Any:
        if self._replay is not None:
            asked, _label, value = next(self._replay)
            if self._data is not None:
                asked.ask(self._data)
            return value
        value = getattr(self._data, method)(**args)
        if self._record is not None:
            self._record(Asked(method, args), value)
        return value


@contextmanager
def direct_choices() -> Iterator[None]:
    """While inside, a ``LeanSource`` built on a wrapped ``draw`` makes its direct choices
    through the :class:`Direct` the wrapper carries as ``direct`` (a wrapper without one
    draws through labelled draws, and the composite's own ``draw`` directly, as ever)."""
    from callevent_toolkit.strategies import _lean

    original = _lean.choice_data

    def direct_of(draw: Any) -> Any:
        direct = getattr(draw, "direct", None)
        return original(draw) if direct is None else direct

    _lean.choice_data = direct_of
    try:
        yield
    finally:
        _lean.choice_data = original


def replay_draw(draw: Any, strategy: Any, label: tuple[Any, ...]) -> Any:
    """One recorded draw made again: a direct choice asked of the data, as the strategy
    asked it, or the strategy drawn under its label."""
    if isinstance(strategy, Asked):
        return strategy.ask(draw.__self__)
    return draw(strategy, *label)


class _Split:
    """Accumulates time inside the measured strategy and inside its draws."""

    def __init__(self) -> None:
        self.inside = 0.0
        self.in_draws = 0.0

    def timed_draw(self, draw: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``draw`` timed, and carrying a :class:`Direct` that times direct choices."""

        def timed(strategy: Any, *label: Any) -> Any:
            start = _CLOCK()
            try:
                return replay_draw(draw, strategy, label)
            finally:
                self.in_draws += _CLOCK() - start

        timed.direct = Direct(draw.__self__, split=self)  # type: ignore[attr-defined]
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
    ``HypothesisSource``, a ``LeanSource``'s direct choices among them (as :class:`Asked`)."""
    from callevent_toolkit.engine import HypothesisSource

    runs: list[Draws] = []
    original_init = HypothesisSource.__init__

    def recording_init(self: Any, draw: Any) -> None:
        run: Draws = []
        runs.append(run)

        def record(strategy: Any, *label: Any) -> Any:
            run.append((strategy, label))
            return draw(strategy, *label)

        record.direct = Direct(  # type: ignore[attr-defined]
            draw.__self__, record=lambda asked, _value: run.append((asked, ()))
        )
        original_init(self, record)

    HypothesisSource.__init__ = recording_init  # type: ignore[method-assign]
    try:
        with direct_choices():
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
        if split is None:
            return [replay_draw(draw, s, label) for s, label in runs[draw(which)]]
        timed = split.timed_draw(draw)
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
            with direct_choices():
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
