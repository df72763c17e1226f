"""A ``random.Random`` that is cheap to seed, for the contents of a timeline's events.

``call_timelines()`` gives each event's contents a source seeded by one drawn number, so
that an event's values depend on that number alone and do not move while the story
before them shrinks. Seeding the standard Mersenne Twister fills 624 words of state
(4.3 us) and an example has a dozen events, most of which read a few numbers or none.
SplitMix64 (Steele, Lea and Flood, 2014: the seeding generator of Java's
``SplittableRandom`` and of xoshiro) keeps one 64-bit word: seeding is an assignment, a
number a few multiplications. It is not a generator for simulations; for picking test
values from catalogues it is plenty, and the strategies' examples are not pinned to any
generator's bytes (the bulk generator keeps the Mersenne Twister and its pinned bytes).
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["SplitMixRandom"]

_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15
_TO_FLOAT = 2.0**-53


class SplitMixRandom(random.Random):
    """``random.Random`` over SplitMix64: ``random()`` and ``getrandbits()`` are its own,
    so every other method (``choice``, ``randrange``, ``uniform`` ...) runs on them."""

    _state: int

    def __init__(self, seed: int = 0) -> None:
        self._state = 0
        super().__init__(seed)

    def seed(self, a: Any = 0, version: int = 2) -> None:
        """Start from the int ``a`` (its low 64 bits): one assignment.

        Only ints: ``random.Random`` seeds from the system's entropy for ``None`` and from
        a hash for other objects, and the strategies' examples must follow from their
        choices alone."""
        if not isinstance(a, int):
            raise TypeError(f"SplitMixRandom is seeded with an int, not {type(a).__name__}")
        self._state = a & _MASK
        self.gauss_next = None

    def getstate(self) -> Any:
        return self._state, self.gauss_next

    def setstate(self, state: Any) -> None:
        self._state, self.gauss_next = state

    def _next64(self) -> int:
        state = self._state = (self._state + _GAMMA) & _MASK
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """A float in ``[0, 1)`` from the top 53 bits of the next number (the steps of
        :meth:`_next64` written out: the call would cost as much as the arithmetic)."""
        state = self._state = (self._state + _GAMMA) & _MASK
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((z ^ (z >> 31)) >> 11) * _TO_FLOAT

    def getrandbits(self, k: int) -> int:
        """``k`` random bits, 64 per number."""
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        bits = 0
        for shift in range(0, k, 64):
            bits |= self._next64() << shift
        return bits & ((1 << k) - 1)
