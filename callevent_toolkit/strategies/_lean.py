"""The strategies' choices, each drawn the way that costs Hypothesis least and shrinks the same.

:class:`LeanSource` makes the choices of :class:`~callevent_toolkit.engine.HypothesisSource`
in the same order, each shrinking the same way (to the first option, ``False``, the lower
bound, 0); only the kind of Hypothesis draw behind each differs, because Hypothesis's
cost per example depends on those kinds (``benchmarks/split_strategies.py``):

* each of its integer and boolean choices is asked of the example's ``ConjectureData``
  straight away (``data.draw_integer``, ``data.draw_boolean``: what ``st.integers`` and
  ``st.booleans`` themselves call, with the same constraints, so the same choices give
  the same values) rather than through ``data.draw``, which costs more than the choice
  it wraps (imports, validation, a span opened, its value recorded, the span closed);
  values drawn from whole strategies (contract-space strings, an invalid case's wrong
  values) still go through ``draw``. Without ``data.draw`` around each choice the
  strategies spend 0.68-0.82 of the time per example they spent with it
  (``bench_floors.py``). Hypothesis generates the very same examples: the mutator works
  on the same spans, the choices are asked under the same constraints (a pick among more
  than 128 options has its bounds weighted as ``st.integers`` weights them), and
  ``tests/test_lean_source.py`` checks both;
* a quantity (an integer over more than 16 values: a wait, an offset, a SID, an event's
  content seed) is one one-sided integer choice (``min_value=0``) taken modulo its span:
  a bounded range over 127 values builds a weights table for its bounds per draw. It
  keeps the span ``draw(st.integers(min_value=0))`` would open, under that strategy's
  label, so the mutator may still copy a wait into another wait (equal timestamps,
  which consumers must handle);
* a structural choice (a pick, a count, a presence flag) has no span. Hypothesis's
  mutator copies a value between spans of one label; copied between two structural
  choices it changed what followed the copy, the example asked for more choices than
  the copied sequence held and the run was abandoned (20 of 220 runs of
  ``call_events()``, 22 of 222 of ``invalid_call_events()`` for 200 derandomized
  examples when they shared their strategy's label). A choice with no span is never
  copied; the shrinker works on choices, which it still has;
* when ``draw`` is not a ``ConjectureData``'s own (a benchmark or a test wrapped it, or a
  Hypothesis that moved the class), every choice is drawn through it as before: a
  quantity from ``st.integers(min_value=0)``, a structural choice from
  ``st.integers(lo, hi)`` or ``st.booleans()`` under a span label of its own, its
  position in the example, so that no two share one;
* a choice between one option is not drawn at all (the bulk generator's
  :class:`~callevent_toolkit.engine.RandomSource` still consumes a number for it, which a
  strategy need not copy: its examples are not pinned per seed).

The three public strategies draw through it (``call_events()``, ``invalid_call_events()``
and ``call_timelines()``; the fuzzer's own complete-object probes keep
``HypothesisSource``); against the same-choice-count floor (``bench_floors.py``) it
took them from 1.29 / 1.37 (contract) / 1.55 / 1.55 to 0.94 / 0.87 / 1.04 / 1.05
(docs/performance.md, 7 December 2026). ``tests/test_lean_source.py`` checks that
no run is abandoned, that the strategies make their choices directly, and that the
direct and the labelled draws give the same values, constraints and spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from inspect import signature
from typing import Any, TypeVar, cast

from hypothesis import strategies as st

from ..engine import HypothesisSource, cached_booleans, cached_integers

__all__ = ["QUANTITIES", "LeanSource", "choice_data"]


def _data_class() -> type | None:
    """The class of Hypothesis's per-example data, if it has the calls this module makes
    on it as it had them when they were measured and tested (Hypothesis 6.150-6.170).
    Why check: the class is internal to Hypothesis; a version that moved or changed it
    makes the strategies draw every choice through ``draw`` (slower, the same examples)
    rather than fail."""
    try:
        from hypothesis.internal.conjecture.data import ConjectureData

        integer = signature(ConjectureData.draw_integer).parameters
        boolean = signature(ConjectureData.draw_boolean).parameters
        span = signature(ConjectureData.start_span).parameters
        signature(ConjectureData.stop_span)
    except (ImportError, AttributeError, TypeError, ValueError):  # pragma: no cover
        return None
    if (
        {"min_value", "max_value", "weights"} <= integer.keys()
        and "label" in span
        and "p" in boolean
    ):
        return ConjectureData
    return None  # pragma: no cover - a Hypothesis whose calls changed


#: See :func:`_data_class`; ``None``: every choice is drawn through ``draw``.
_DATA_CLASS = _data_class()

T = TypeVar("T")

#: Content seeds, SIDs and quantities: a one-sided range has no weights table for its
#: bounds, so it draws at 0.93-0.96 times an unbounded ``st.integers()`` where
#: ``st.integers(0, 2**64 - 1)`` drew at 1.18 times; the values are alike (Hypothesis's
#: integer distribution either way: 11-13 % below 256, 80-84 % below 2**32) and shrink
#: to 0. Eight random bytes were uniform, but a bytes choice among integer choices made
#: each example about 5 % slower.
QUANTITIES = st.integers(min_value=0)

#: An integer over more values than this is a quantity (a wait, an instant, a number in
#: an event), never a branch: the call scripts and the rule menus branch on picks, on
#: flags and on counts of 0..3.
_QUANTITY_OVER = 16

#: The first position label; each structural choice drawn through a wrapped ``draw``
#: takes the next one.
#: Any fixed 64-bit value: Hypothesis's own labels are 64-bit hashes, so these do not
#: meet them.
_FIRST_LABEL = 0x6C65_616E_0000_0000


#: ``st.integers(lo, hi)`` weights its bounds when ``hi - lo`` is over this (a pick among
#: the 870 rules of a menu): a direct choice over such a range does the same, so that it
#: is drawn as often at each value as the strategy draws it.
_WEIGHTED_OVER = 127


@cache
def _bound_weights(lo: int, hi: int) -> dict[int, float]:
    """The weights ``st.integers(lo, hi)`` gives a wide range's bounds (Hypothesis's
    ``IntegersStrategy.do_draw``), built once per range."""
    return {lo: 2 / 128, lo + 1: 1 / 128, hi - 1: 1 / 128, hi: 2 / 128}


@cache
def _quantities_label() -> int:
    """The span label ``draw(QUANTITIES)`` gives its value (computed on first use: it
    builds the lazy strategy)."""
    return int(QUANTITIES.label)


def choice_data(draw: Any) -> Any | None:
    """The ``ConjectureData`` whose ``draw`` method ``draw`` is (a composite's ``draw``),
    or ``None`` when it is any other function (wrapped by a benchmark or a test)."""
    data = getattr(draw, "__self__", None)
    if _DATA_CLASS is not None and isinstance(data, _DATA_CLASS):
        return data
    return None


class LeanSource(HypothesisSource):
    """A :class:`HypothesisSource` whose draws cost Hypothesis less (see the module)."""

    __slots__ = ("_data", "_label", "_labelled")

    def __init__(self, draw: st.DrawFn) -> None:
        super().__init__(draw)
        # The function the base class keeps (a benchmark may have wrapped it), typed as
        # the composite's draw it is: one that takes a label.
        self._labelled = cast("st.DrawFn", self._draw)
        self._label = _FIRST_LABEL
        # Of that function too: a benchmark's wrapper stands in for the data's calls
        self._data = choice_data(self._draw)

    def _choose(self, lo: int, hi: int) -> int:
        """A structural integer choice: asked of the example's data straight away, or
        drawn under the next position label when ``draw`` is not the data's own."""
        if self._data is not None:
            weights = _bound_weights(lo, hi) if hi - lo > _WEIGHTED_OVER else None
            return int(self._data.draw_integer(min_value=lo, max_value=hi, weights=weights))
        return int(self._positioned(cached_integers(lo, hi)))

    def _positioned(self, strategy: st.SearchStrategy[T]) -> T:
        """``strategy``'s value under the next position label of the example (the way
        every structural choice is drawn when ``draw`` is not the data's own)."""
        self._label += 1
        return self._labelled(strategy, self._label)

    def index(self, size: int) -> int:
        return 0 if size == 1 else self._choose(0, size - 1)

    def pick(self, options: Sequence[T]) -> T:
        size = len(options)
        return options[0] if size == 1 else options[self._choose(0, size - 1)]

    def integer(self, lo: int, hi: int) -> int:
        """A count as a structural choice; a quantity as ``lo`` plus a :data:`QUANTITIES`
        draw modulo the span.

        A quantity shrinks to ``lo`` (a drawn 0), and a failure that needs a value of at
        least ``k`` shrinks to ``k``, the least draw giving it. Waits of 5-900 s drew a
        third within 1 % of the lower bound and deciles up to 697 s (``st.integers``: a
        quarter, up to 505 s); the bounds lose their extra weight (``st.integers``: 3-5 %
        of draws on ``lo``, 1-2 % on ``hi``).
        """
        span = hi - lo + 1
        if span > _QUANTITY_OVER:
            return lo + self.quantity() % span
        return lo if span == 1 else self._choose(lo, hi)

    def flag(self, percent: int) -> bool:
        if percent >= 100:
            return True
        if percent <= 0:
            return False
        if self._data is not None:
            return bool(self._data.draw_boolean())
        return bool(self._positioned(cached_booleans()))

    def bits(self, n: int) -> int:
        """The low ``n`` bits of a :data:`QUANTITIES` draw (a SID); shrinks to 0."""
        return self.quantity() & ((1 << n) - 1)

    def quantity(self) -> int:
        """A :data:`QUANTITIES` value: asked of the data directly, in the span (and under
        the label) that ``draw(QUANTITIES)`` would open around it."""
        data = self._data
        if data is None:
            return int(self._draw(QUANTITIES))
        data.start_span(_quantities_label())
        try:
            return int(data.draw_integer(min_value=0))
        finally:
            data.stop_span()
