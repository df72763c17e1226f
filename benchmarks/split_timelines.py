"""Where ``call_timelines()``'s excess over its floor goes: Hypothesis's draws or the toolkit.

    python benchmarks/split_timelines.py [--examples 200] [--rounds 5]

``bench_floors.py --only strategies`` compares ``call_timelines()`` with a composite making
the same number of ``draw(st.integers())`` calls. This script adds two contestants that
split the difference, CPU per example inside ``@given`` (best of interleaved rounds):

* ``same draws, no toolkit``: a composite that draws the very strategies one recorded
  timeline example drew (indices into ranges, booleans, one-sided integers for seeds and
  SIDs), plus one draw saying which example, and builds nothing; what Hypothesis alone
  costs for those choices.
* ``same draws, toolkit building``: the same, with the strategy's own code fed the
  recorded values as it draws (a fixed choice sequence per example, where the real story
  branches on what is drawn).
* ``toolkit alone``: the strategy's code run on the recorded choices, without Hypothesis
  (a plain function returns them in order); what the toolkit's own code costs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_floors import _count_choices, _floor_composite, _load, _run_given, stamp
from split_strategies import Direct, direct_choices, same_choices

Recorded = list[tuple[Any, tuple[Any, ...], Any]]


def _recorded(examples: int) -> list[Recorded]:
    """The (strategy, label, value) draws of ``examples`` timeline examples, in order, the
    calls the story source made on the data directly among them (as ``Asked``)."""
    from hypothesis import strategies as st

    from callevent_toolkit.strategies._timelines import _timeline  # what the strategy runs

    runs: list[Recorded] = []

    @st.composite
    def recording(draw: Any) -> None:
        run: Recorded = []

        def record(strategy: Any, *label: Any) -> Any:
            value = draw(strategy, *label)
            run.append((strategy, label, value))
            return value

        record.direct = Direct(  # type: ignore[attr-defined]
            draw.__self__, record=lambda asked, value: run.append((asked, (), value))
        )
        _timeline(record, 3, True)
        runs.append(run)

    with direct_choices():
        _run_given(recording(), examples)
    return runs


def _same_draws_and_toolkit(runs: list[Recorded]) -> Any:
    """As ``split_strategies.same_choices``, the toolkit building the recorded example as it draws.

    The toolkit is fed the recorded values (what is drawn only costs time), so the choice
    sequence is fixed per example, unlike the real strategy's, whose story branches on
    the values drawn: the difference to ``call_timelines()`` is what that costs
    Hypothesis (runs abandoned part-way, a bushier choice tree).
    """
    from hypothesis import strategies as st

    from callevent_toolkit.strategies._timelines import _timeline

    which = st.integers(0, len(runs) - 1)

    @st.composite
    def same(draw: Any) -> list[Any]:
        steps = iter(runs[draw(which)])

        def replay(_strategy: Any, *_label: Any) -> Any:
            strategy, label, value = next(steps)
            draw(strategy, *label)
            return value

        replay.direct = Direct(draw.__self__, replay=steps)  # type: ignore[attr-defined]
        return _timeline(replay, 3, True)

    return same()


def _toolkit_alone(runs: list[Recorded]) -> Callable[[], float]:
    """CPU seconds per example of ``build_timeline`` fed the recorded values, no Hypothesis."""
    from callevent_toolkit.strategies._timelines import _timeline

    def run_all() -> float:
        start = time.process_time()
        for run in runs:
            steps = iter(run)

            def replay(_strategy: Any, *_label: Any, steps: Any = steps) -> Any:
                return next(steps)[2]

            replay.direct = Direct(None, replay=steps)  # type: ignore[attr-defined]
            _timeline(replay, 3, True)
        return (time.process_time() - start) / len(runs)

    return run_all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from callevent_toolkit.strategies import call_timelines

    print(stamp())
    runs = _recorded(args.examples)
    choices = _count_choices(call_timelines(), args.examples)
    contestants = {
        "call_timelines()": call_timelines(),
        f"floor: {round(choices)} x draw(st.integers())": _floor_composite(round(choices)),
        "same draws, no toolkit": same_choices([[(s, lab) for s, lab, _ in run] for run in runs]),
        "same draws, toolkit building": _same_draws_and_toolkit(runs),
    }
    best = dict.fromkeys([*contestants, "toolkit alone"], float("inf"))
    toolkit = _toolkit_alone(runs)
    with direct_choices():  # the replays' story sources take their ``direct``
        for strategy in contestants.values():
            _run_given(strategy, 20)  # warm the plans and Hypothesis's caches
        for _ in range(args.rounds):
            for name, strategy in contestants.items():
                best[name] = min(best[name], _run_given(strategy, args.examples)[0])
            best["toolkit alone"] = min(best["toolkit alone"], toolkit())
    floor = best[f"floor: {round(choices)} x draw(st.integers())"]
    print(f"choices per example: {choices:.1f}")
    for name, seconds in best.items():
        print(f"{name:<40} {seconds * 1000:7.3f} ms  {seconds / floor:5.2f}x the floor")
    print(f"finished, {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
