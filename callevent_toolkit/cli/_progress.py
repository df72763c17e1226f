"""A small progress bar for long ``generate`` runs, drawn on stderr.

Hand-rolled because it needs ten lines, not a dependency. It stays silent for the first
half second (short runs never flicker) and redraws at most ten times a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO

__all__ = ["ProgressBar"]

_DELAY_S = 0.5
_INTERVAL_S = 0.1
_WIDTH = 30


class ProgressBar:
    """Counts done ``unit`` (events, or calls) out of ``total``; redraws ``stream``'s line."""

    def __init__(
        self,
        total: int,
        stream: IO[str],
        *,
        unit: str = "events",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._total = max(total, 1)
        self._unit = unit
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._drawn_at: float | None = None
        self._done = 0

    def advance(self, units: int) -> None:
        """Record ``units`` more done; redraw if it is time to."""
        self._done += units
        now = self._clock()
        if now - self._started < _DELAY_S:
            return
        if self._drawn_at is None or now - self._drawn_at >= _INTERVAL_S:
            self._draw(now)

    def close(self) -> None:
        """Draw the final state and end the line (only if anything was drawn)."""
        if self._drawn_at is not None:
            self._draw(self._clock())
            self._stream.write("\n")
            self._stream.flush()

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        fraction = min(self._done / self._total, 1.0)
        filled = round(fraction * _WIDTH)
        elapsed = max(now - self._started, 1e-9)
        rate = self._done / elapsed
        remaining = (self._total - self._done) / rate if rate else 0.0
        bar = "#" * filled + "." * (_WIDTH - filled)
        self._stream.write(
            f"\r[{bar}] {fraction:4.0%} {self._done:,}/{self._total:,} "
            f"{rate:,.0f} {self._unit}/s, {remaining:,.0f} s left "
        )
        self._stream.flush()
