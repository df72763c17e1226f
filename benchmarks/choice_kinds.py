"""What Hypothesis charges per example for each kind of choice, against unbounded integers.

    python benchmarks/choice_kinds.py [--draws 16] [--rounds 7]

The strategies' floor (``bench_floors.py``) is a composite of ``draw(st.integers())``
calls, the cheapest kind of choice for Hypothesis. This script times composites of
``--draws`` draws of one kind each (flags, small ranges with and without a label per
position, one-sided integers, strings, floats), and of as many choices asked of the
example's data directly as ``LeanSource`` asks them (no ``draw`` around each), inside
``@given``, CPU time per example,
best of interleaved rounds, as a ratio to the all-integers composite: the part of a
strategy's ratio that comes from the kinds of its choices, whatever the toolkit does
between them (docs/performance.md, "Why the strategies' ratio stops here").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_floors import _run_given, stamp

#: A label per position, as ``LeanSource`` gives its structural choices.
_FIRST_LABEL = 0x6C65_616E_0000_0000


def _composite(strategy: Any, draws: int, *, labelled: bool = False) -> Any:
    from hypothesis import strategies as st

    @st.composite
    def composite(draw: Any) -> list[Any]:
        if labelled:
            return [draw(strategy, _FIRST_LABEL + k) for k in range(draws)]
        return [draw(strategy) for _ in range(draws)]

    return composite()


def _asked(call: str, draws: int) -> Any:
    """A composite asking the example's data directly, as ``LeanSource`` does: ``call``
    is ``"integer"`` (unbounded), ``"small"`` (0..5), ``"boolean"`` or ``"quantity"`` (an
    integer from 0 inside a span, as a quantity is asked)."""
    from hypothesis import strategies as st

    label = int(st.integers(min_value=0).label)

    @st.composite
    def composite(draw: Any) -> list[Any]:
        data = draw.__self__
        if call == "integer":
            return [data.draw_integer() for _ in range(draws)]
        if call == "small":
            return [data.draw_integer(min_value=0, max_value=5) for _ in range(draws)]
        if call == "boolean":
            return [data.draw_boolean() for _ in range(draws)]
        values = []
        for _ in range(draws):
            data.start_span(label)
            values.append(data.draw_integer(min_value=0))
            data.stop_span()
        return values

    return composite()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from hypothesis import strategies as st

    kinds = {
        "integers() (the floor)": (st.integers(), False),
        "integers(min_value=0)": (st.integers(min_value=0), False),
        "integers(0, 5)": (st.integers(0, 5), False),
        "integers(0, 5), a label per position": (st.integers(0, 5), True),
        "booleans()": (st.booleans(), False),
        "booleans(), a label per position": (st.booleans(), True),
        "integers(0, 2**128 - 1)": (st.integers(0, 2**128 - 1), False),
        "floats(0, 1)": (st.floats(0.0, 1.0), False),
        "text()": (st.text(), False),
    }
    composites = {
        name: _composite(strategy, args.draws, labelled=labelled)
        for name, (strategy, labelled) in kinds.items()
    }
    for call in ("integer", "small", "boolean", "quantity"):
        composites[f"asked directly: {call}"] = _asked(call, args.draws)
    print(stamp())
    for composite in composites.values():
        _run_given(composite, 20)  # warm
    best = dict.fromkeys(composites, float("inf"))
    for _ in range(args.rounds):
        for name, composite in composites.items():
            best[name] = min(best[name], _run_given(composite, 200)[0])
    floor = best["integers() (the floor)"]
    print(f"{args.draws} draws an example, 200 examples, best of {args.rounds} rounds")
    for name, seconds in best.items():
        print(f"{name:<40} {seconds * 1e3:7.3f} ms  {seconds / floor:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
