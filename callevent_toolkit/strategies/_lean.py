"""The strategies' choices, each drawn the way that costs Hypothesis least and shrinks the same.

:class:`LeanSource` makes the choices of :class:`~callevent_toolkit.engine.HypothesisSource`
in the same order, each shrinking the same way (to the first option, ``False``, the lower
bound, 0); only the kind of Hypothesis draw behind each differs, because Hypothesis's
cost per example depends on those kinds (``benchmarks/split_strategies.py``):

* a quantity (an integer over more than 16 values: a wait, an offset, a SID) is one
  one-sided ``st.integers(min_value=0)`` draw taken modulo its span: a bounded range over
  127 values builds a weights table for its bounds per draw;
* a structural choice (a pick, a count, a presence flag) carries a span label of its
  own, the draw's position in the example. Hypothesis's mutator copies a value between
  spans of one label; copied between two structural choices it changes what follows
  the copy, the example asks for more choices than the copied sequence holds and the
  run is abandoned. For 200 examples (derandomized) Hypothesis abandoned 20 of 220 runs
  of ``call_events()``, 20 of 220 in contract space, 22 of 222 of
  ``invalid_call_events()`` and 5 of 205 of ``call_timelines()`` with the shared labels;
  with position labels 0, 5 (values drawn from whole strategies, such as strings, keep
  their strategy's label), 0 and 0. Quantities keep one shared label, so a wait may
  still be copied into another wait (equal timestamps, which consumers must handle);
* a choice between one option is not drawn at all (the bulk generator's
  :class:`~callevent_toolkit.engine.RandomSource` still consumes a number for it, which a
  strategy need not copy: its examples are not pinned per seed).

The three public strategies draw through it (``call_events()``, ``invalid_call_events()``
and ``call_timelines()``; the fuzzer's own complete-object probes keep
``HypothesisSource``); against the same-choice-count floor (``bench_floors.py``) it
took them from 1.29 / 1.37 (contract) / 1.55 / 1.55 to medians of 1.23-1.28 / 1.31 /
1.31 / 1.35 (docs/performance.md, 7 December 2026). ``tests/test_lean_source.py`` checks
that no run is abandoned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, cast

from hypothesis import strategies as st

from ..engine import HypothesisSource, cached_booleans, cached_integers

__all__ = ["QUANTITIES", "LeanSource"]

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

#: The first structural label; each structural draw of an example takes the next one.
#: Any fixed 64-bit value: Hypothesis's own labels are 64-bit hashes, so these do not
#: meet them.
_FIRST_LABEL = 0x6C65_616E_0000_0000


class LeanSource(HypothesisSource):
    """A :class:`HypothesisSource` whose draws cost Hypothesis less (see the module)."""

    __slots__ = ("_label", "_labelled")

    def __init__(self, draw: st.DrawFn) -> None:
        super().__init__(draw)
        # The function the base class keeps (a benchmark may have wrapped it), typed as
        # the composite's draw it is: one that takes a label.
        self._labelled = cast("st.DrawFn", self._draw)
        self._label = _FIRST_LABEL

    def _structural(self, strategy: st.SearchStrategy[T]) -> T:
        """``strategy``'s value, drawn under the next position label of the example."""
        self._label += 1
        return self._labelled(strategy, self._label)

    def index(self, size: int) -> int:
        return 0 if size == 1 else self._structural(cached_integers(0, size - 1))

    def pick(self, options: Sequence[T]) -> T:
        size = len(options)
        return options[0] if size == 1 else options[self._structural(cached_integers(0, size - 1))]

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
            return lo + int(self._draw(QUANTITIES)) % span
        return lo if span == 1 else self._structural(cached_integers(lo, hi))

    def flag(self, percent: int) -> bool:
        if percent >= 100:
            return True
        if percent <= 0:
            return False
        return self._structural(cached_booleans())

    def bits(self, n: int) -> int:
        """The low ``n`` bits of a :data:`QUANTITIES` draw (a SID); shrinks to 0."""
        return int(self._draw(QUANTITIES)) & ((1 << n) - 1)
