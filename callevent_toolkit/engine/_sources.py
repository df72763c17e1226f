"""Where the generators' randomness comes from: a seeded ``Random`` or Hypothesis.

Every value provider is written against :class:`Source`, a handful of primitive choices.
Two backends implement it:

* :class:`RandomSource` wraps :class:`random.Random` for the bulk generator: no
  per-draw bookkeeping, tens of thousands of events per second.
* :class:`HypothesisSource` turns each primitive into a Hypothesis draw, so Hypothesis
  sees (and can shrink) every choice: an index shrinks to ``0`` (the first, simplest
  catalogue entry), a presence flag to ``False`` (the optional part disappears), a number
  towards its lower bound.

Because both run the *same* providers and the same schema plan, the strategies and the
fast generator cannot drift apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from math import floor as _floor
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:  # Hypothesis is imported by the strategies, never by the bulk generator
    from hypothesis import strategies as st

__all__ = [
    "EVENTS_PER_SEED",
    "HypothesisSource",
    "RandomSource",
    "Source",
    "block_seed",
    "cached_booleans",
    "cached_integers",
    "coin",
    "event_seed",
    "pick",
    "seeded_blocks",
    "seeded_source",
    "seeded_sources",
]

T = TypeVar("T")


class Source(Protocol):
    """The primitive choices a provider may make."""

    def index(self, size: int) -> int:
        """An index in ``range(size)``; shrinks to 0."""

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options`` (``options[index(len(options))]``); shrinks to the first."""

    def integer(self, lo: int, hi: int) -> int:
        """An int in ``[lo, hi]``; shrinks towards ``lo`` (or 0 when inside)."""

    def floating(self, lo: float, hi: float) -> float:
        """A finite float in ``[lo, hi]``."""

    def flag(self, percent: int) -> bool:
        """True about ``percent`` % of the time in bulk output; shrinks to False."""

    def bits(self, n: int) -> int:
        """An ``n``-bit non-negative int (SIDs); shrinks to 0."""

    def draw(
        self, strategy: Callable[[], st.SearchStrategy[T]], fallback: Callable[[random.Random], T]
    ) -> T:
        """A value of the strategy ``strategy()`` makes, or from ``fallback`` in bulk mode.

        The strategy comes from a function so that the bulk backend never builds it:
        building one imports Hypothesis (about 0.3 s), which ``callevent generate`` and
        ``generate()`` never need.
        """

    def compose(self, made: Callable[[Source], T], fallback: Callable[[random.Random], T]) -> T:
        """``made(self)`` under Hypothesis, or ``fallback(rng)`` in bulk mode.

        For a value Hypothesis would draw slowly as one strategy (a hypothesis-jsonschema
        ``date-time`` cost about 25 integer draws): ``made`` builds it from this source's
        primitive choices instead, each a cheap draw that shrinks on its own. The bulk
        backend keeps its own ``fallback``, so its bytes do not depend on ``made``.
        """


def pick(src: Source, options: Sequence[T]) -> T:
    """One of ``options``; shrinks to ``options[0]``."""
    return options[src.index(len(options))]


#: Ranges up to this many values are scaled from one ``random()`` float (53 bits).
_FLOAT_SPAN = 1 << 50


class RandomSource:
    """Bulk backend: plain :class:`random.Random` calls, nothing recorded."""

    __slots__ = ("_random", "bits", "rng")

    #: An ``n``-bit non-negative int (SIDs): ``rng.getrandbits`` itself, bound per source,
    #: so a draw of bits is a C call with no Python frame of this class around it.
    bits: Callable[[int], int]

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._random = rng.random
        self.bits = rng.getrandbits

    @classmethod
    def from_seed(cls, seed: int) -> RandomSource:
        """A source of its own ``random.Random(seed)`` (never the global one)."""
        return cls(random.Random(seed))

    # ``floor`` where ``int`` was: the same int for a non-negative float (every product
    # here but an empty range's), and a C function call where ``int()`` is a type call
    # (about 30 ns less a draw; 15 draws an event).

    def index(self, size: int) -> int:
        return _floor(self._random() * size)

    def pick(self, options: Sequence[T]) -> T:
        return options[_floor(self._random() * len(options))]

    def integer(self, lo: int, hi: int) -> int:
        span = hi - lo + 1
        if 0 < span <= _FLOAT_SPAN:
            return lo + _floor(self._random() * span)
        if span <= 0:  # an empty range (hi < lo): truncated towards 0, as ever
            return lo + int(self._random() * span)
        return lo + self.rng.randrange(span)

    def floating(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self._random()

    def flag(self, percent: int) -> bool:
        return self._random() * 100 < percent

    def draw(
        self, strategy: Callable[[], st.SearchStrategy[T]], fallback: Callable[[random.Random], T]
    ) -> T:
        return fallback(self.rng)

    def compose(self, made: Callable[[Source], T], fallback: Callable[[random.Random], T]) -> T:
        return fallback(self.rng)


@cache
def cached_integers(lo: int, hi: int) -> st.SearchStrategy[int]:
    """``st.integers(lo, hi)``, built once per range (every draw of a source asks)."""
    from hypothesis import strategies as st

    return st.integers(lo, hi)


@cache
def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    from hypothesis import strategies as st

    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@cache
def cached_booleans() -> st.SearchStrategy[bool]:
    """``st.booleans()``, built once."""
    from hypothesis import strategies as st

    return st.booleans()


class HypothesisSource:
    """Strategy backend: each primitive is one Hypothesis draw (so it shrinks)."""

    __slots__ = ("_draw",)

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self._draw = draw

    def index(self, size: int) -> int:
        return int(self._draw(cached_integers(0, size - 1)))

    def pick(self, options: Sequence[T]) -> T:
        return options[self.index(len(options))]

    def integer(self, lo: int, hi: int) -> int:
        return int(self._draw(cached_integers(lo, hi)))

    def floating(self, lo: float, hi: float) -> float:
        return float(self._draw(_floats(lo, hi)))

    def flag(self, percent: int) -> bool:
        if percent >= 100:
            return True
        if percent <= 0:
            return False
        return bool(self._draw(cached_booleans()))

    def bits(self, n: int) -> int:
        return int(self._draw(cached_integers(0, (1 << n) - 1)))

    def draw(
        self, strategy: Callable[[], st.SearchStrategy[T]], fallback: Callable[[random.Random], T]
    ) -> T:
        value: T = self._draw(strategy())
        return value

    def compose(self, made: Callable[[Source], T], fallback: Callable[[random.Random], T]) -> T:
        return made(self)


_C_SEED: Any = random.Random.__mro__[1].seed  # type: ignore[attr-defined]  # _random.Random
_INDEX_BITS = 64


def event_seed(seed: int, index: int) -> int:
    """The ``random.Random`` seed of item ``index`` of run ``seed``, on its own.

    Timelines, calls of a stream and the invalid events of ``invalid_ratio`` are each
    seeded from it; single valid events share a seeding per block (:func:`block_seed`).
    Zig-zag encoding keeps negative seeds distinct from positive ones (``Random.seed``
    ignores the sign), and the index takes the low 64 bits, so no two (seed, index)
    pairs share a stream.
    """
    return (_zigzag(seed) << _INDEX_BITS) | index


def _zigzag(seed: int) -> int:
    """``seed`` as a non-negative int, negative seeds odd (``Random.seed`` drops signs)."""
    return seed * 2 if seed >= 0 else -seed * 2 - 1


#: Events the bulk generator draws from one seeding of its ``Random`` (a block). Seeding
#: a Mersenne Twister (``init_by_array`` plus the first twist of its 624 words) cost 6.8
#: of the 18.9 us of a realistic event when every event was seeded; once per 16 events it
#: costs 0.4 us, and a window that starts mid-block replays at most 15 events.
EVENTS_PER_SEED = 16


def block_seed(seed: int, block: int) -> int:
    """The ``random.Random`` seed of block ``block`` (events ``16*block ..``) of run ``seed``.

    Never equal to an :func:`event_seed` of the same run (above the 64 index bits it holds
    ``2 * zigzag + 1`` where an event seed holds ``zigzag``), so a block's stream never
    repeats the per-item stream of a timeline or of an invalid event of that run.
    """
    return (((_zigzag(seed) << 1) | 1) << _INDEX_BITS) | block


_MASK64 = (1 << 64) - 1


def _mix64(x: int) -> int:
    """The splitmix64 finaliser: a cheap, well-spread 64-bit hash."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def coin(seed: int, index: int) -> float:
    """A uniform float in ``[0, 1)`` that depends on ``(seed, index)`` alone.

    A hash rather than a draw: reseeding a second ``random.Random`` per event would cost
    more than the rest of the decision, and drawing from the event's own stream would
    change the valid events.
    """
    key, mixed = event_seed(seed, index), 0
    while True:  # fold every 64-bit limb of the event's seed into the hash
        mixed = _mix64(mixed ^ (key & _MASK64))
        key >>= 64
        if not key:
            return (mixed >> 11) / 2.0**53  # 53 bits: exactly representable, never 1.0


def seeded_source(seed: int, index: int) -> RandomSource:
    """The source of item ``index`` of run ``seed``, alone (see :func:`seeded_sources`)."""
    return RandomSource.from_seed(event_seed(seed, index))


def _reseedable() -> tuple[RandomSource, Callable[[int], None]]:
    """A source of its own ``Random`` and the function that reseeds it.

    The reseeding calls the C-level seed: ``Random.seed`` only adds type checks for an int
    and resets ``gauss_next`` (done here too), and when every event was seeded its Python
    frame cost a tenth of a small event.
    """
    rng = random.Random()
    c_seed = _C_SEED.__get__(rng)

    def reseed(value: int) -> None:
        c_seed(value)
        rng.gauss_next = None  # type: ignore[attr-defined]

    return RandomSource(rng), reseed


def seeded_sources(seed: int, start: int, count: int) -> Iterator[tuple[int, RandomSource]]:
    """``(k, source)`` for k in the window, the source reseeded with ``event_seed(seed, k)``.

    Makes item *k* depend on ``(seed, k)`` alone where an item is big (timelines and the
    calls of a stream iterate it; a seeding is small beside a whole call); single events
    share a seeding per block (:func:`seeded_blocks`). One ``Random`` is reused and
    reseeded, which is much cheaper than creating one per item.
    """
    src, reseed = _reseedable()
    for index in range(start, start + count):
        reseed(event_seed(seed, index))
        yield index, src


def seeded_blocks(seed: int, start: int, count: int) -> Iterator[tuple[int, int, RandomSource]]:
    """``(skip, keep, source)`` per block of events ``start`` .. ``start + count - 1``.

    Events are drawn one after another from a ``Random`` seeded with :func:`block_seed`
    once per :data:`EVENTS_PER_SEED` events, so event *k* depends on ``(seed, k)`` alone
    as long as every event of its block before it is built too: the caller builds
    ``skip`` events and drops them (the block's events before ``start``: at most 15, and
    only in the first block), then builds the ``keep`` events it yields, the first of
    them event ``start`` (then the first of each later block). One seeding per block
    instead of one per event saves about 6 of the 19 us of a realistic event; the bytes
    of every seed changed once for it (``docs/generation.md``). Yielding per block, not
    per event, keeps the per-event loop in the caller.
    """
    if count <= 0:
        return
    src, reseed = _reseedable()
    end = start + count
    for block in range(start // EVENTS_PER_SEED, (end - 1) // EVENTS_PER_SEED + 1):
        reseed(block_seed(seed, block))
        first = block * EVENTS_PER_SEED
        skip = max(start - first, 0)
        yield skip, min(first + EVENTS_PER_SEED, end) - first - skip, src
