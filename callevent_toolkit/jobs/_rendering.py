"""Turn index windows of a seeded run into NDJSON bytes, in one process or several.

Event *k* of a seed depends only on ``(seed, k)``, so a run is cut into fixed windows of
:data:`CHUNK_EVENTS` events that any process can render; the chunks are written in window
order, so ``--jobs 4`` and ``--jobs 1`` write the same bytes, and shards are just
sub-ranges of the same index space.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..generation import generate, generate_labelled
from ..ndjson import dumps_line
from ..validation import Violation
from ._pool import ordered_map

__all__ = ["CHUNK_EVENTS", "Chunk", "RunSpec", "render_chunks", "windows"]

#: Events per unit of work: big enough to amortise inter-process traffic, small enough
#: to keep memory flat and the progress bar moving.
CHUNK_EVENTS = 5_000


@dataclass(frozen=True, slots=True)
class RunSpec:
    """What to generate: everything but the index window. Picklable, for worker processes.

    ``first_index`` is the index written on line 1 of the output (labels count lines from it).
    """

    seed: int
    realistic: bool
    version: int
    invalid_ratio: float
    labels: bool
    first_index: int


@dataclass(frozen=True, slots=True)
class Chunk:
    """The rendered lines of one window: events, label lines (maybe empty) and how many."""

    events: bytes
    labels: bytes
    count: int


def windows(start: int, count: int, size: int) -> list[tuple[int, int]]:
    """``(start, count)`` windows of at most ``size`` events covering ``start .. start+count``."""
    return [
        (first, min(size, start + count - first)) for first in range(start, start + count, size)
    ]


def _labelled(spec: RunSpec, start: int, count: int) -> Iterator[tuple[Any, Violation | None]]:
    if spec.invalid_ratio > 0:
        pairs: Iterator[tuple[Any, Violation | None]] = generate_labelled(
            count,
            seed=spec.seed,
            start=start,
            realistic=spec.realistic,
            version=spec.version,
            invalid_ratio=spec.invalid_ratio,
        )
        return pairs
    events = generate(
        count, seed=spec.seed, start=start, realistic=spec.realistic, version=spec.version
    )
    return ((event, None) for event in events)


def _label(spec: RunSpec, index: int, violation: Violation | None) -> dict[str, Any]:
    return {
        "line": index - spec.first_index + 1,
        "seed": spec.seed,
        "index": index,
        "valid": violation is None,
        "violation": None if violation is None else violation.to_dict(),
    }


def render_chunk(spec: RunSpec, window: tuple[int, int]) -> Chunk:
    """Render events ``window[0] .. window[0] + window[1] - 1`` (and their labels)."""
    start, count = window
    events: list[bytes] = []
    labels: list[bytes] = []
    for offset, (event, violation) in enumerate(_labelled(spec, start, count)):
        events.append(dumps_line(event))
        if spec.labels:
            labels.append(dumps_line(_label(spec, start + offset, violation)))
    return Chunk(b"".join(events), b"".join(labels), len(events))


def render_chunks(spec: RunSpec, start: int, count: int, *, jobs: int = 1) -> Iterator[Chunk]:
    """The chunks of ``start .. start + count - 1`` in order, rendered by ``jobs`` processes."""
    work = windows(start, count, CHUNK_EVENTS)
    yield from ordered_map(partial(render_chunk, spec), work, jobs=min(jobs, len(work)))
