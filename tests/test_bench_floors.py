"""The strategies' floor is sized by the choices Hypothesis records, so it cannot rot.

``benchmarks/bench_floors.py`` judges each strategy against a composite of as many
``draw(st.integers())`` calls as the strategy's examples record choices; these tests pin
that count on strategies whose choices are known.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_floors import _count_choices, _floor_composite


def test_the_floor_composite_records_one_choice_per_draw() -> None:
    assert _count_choices(_floor_composite(7), 30) == 7


def test_a_draw_with_no_choice_is_not_counted() -> None:
    @st.composite
    def two_choices_and_a_constant(draw: st.DrawFn) -> tuple[int, bool, str]:
        return draw(st.integers(0, 9)), draw(st.booleans()), draw(st.just("x"))

    assert _count_choices(two_choices_and_a_constant(), 30) == 2


def test_a_variable_length_strategy_counts_the_mean_over_received_examples() -> None:
    @st.composite
    def one_or_three(draw: st.DrawFn) -> list[int]:
        return [draw(st.integers()) for _ in range(1 + 2 * draw(st.booleans()))]

    count = _count_choices(one_or_three(), 100)
    assert 2 < count < 4  # one flag plus one or three integers, both seen in 100 examples


def test_repeated_measurements_report_each_run_and_the_median() -> None:
    from bench_floors import _repeated

    ratios = iter([1.4, 1.2, 1.3])
    out = _repeated(lambda: {"x / floor": next(ratios), "x_ms": 1.0}, 3)
    assert [out[f"x / floor (run {k})"] for k in (1, 2, 3)] == [1.4, 1.2, 1.3]
    assert out["x / floor (median of 3)"] == 1.3
    assert _repeated(lambda: {"y / floor": 1.1}, 1) == {"y / floor": 1.1}
