"""``callevent generate --timelines`` and ``--envelope``: lines as a consumer receives them.

With ``--timelines`` the run's unit is a call: unit *k* is timeline *k* of the seed (all
its events, in order), so ``--start``/``--count``/``--shard`` count calls. ``--envelope``
wraps each event the way an Event Streams sink delivers it, one delivery per line:
``webhook`` writes a webhook request body (a JSON array holding one CloudEvent),
``kinesis`` a Kinesis record's data (Base64 of one CloudEvent). Units depend only on
``(seed, k)``, so windows render in any process and ``--jobs`` does not change the bytes.

With ``--stream`` the calls overlap in time, so a window of calls is not a slice of the
output: the stream is rendered in one process, one delivery per line in the order the
sink sends them (:func:`~callevent_toolkit.generate_deliveries`), or with no envelope one
event per line in timestamp order (:func:`~callevent_toolkit.generate_stream`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..envelopes import kinesis_record, webhook_body
from ..generation import generate, generate_deliveries, generate_stream, generate_timelines
from ..ndjson import dumps_line
from . import _rendering
from ._pool import ordered_map
from ._rendering import Chunk, windows

__all__ = [
    "ENVELOPES",
    "DeliverySpec",
    "StreamSpec",
    "render_deliveries",
    "render_delivery_chunk",
    "render_stream",
]

#: ``--envelope`` choices and how each writes one event as one line.
ENVELOPES: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "none": dumps_line,
    "webhook": lambda event: webhook_body([event]).encode() + b"\n",
    "kinesis": lambda event: kinesis_record(event).encode("ascii") + b"\n",
}
#: Calls per unit of work (a call is 4-70 events).
CHUNK_UNITS = 500


@dataclass(frozen=True, slots=True)
class DeliverySpec:
    """What to write: timelines or single events, and the envelope. Picklable."""

    seed: int
    realistic: bool
    version: int
    timelines: bool
    envelope: str


def _events(spec: DeliverySpec, start: int, count: int) -> Iterable[dict[str, Any]]:
    if not spec.timelines:
        return generate(
            count, seed=spec.seed, start=start, realistic=spec.realistic, version=spec.version
        )
    calls = generate_timelines(
        count, seed=spec.seed, start=start, realistic=spec.realistic, version=spec.version
    )
    return (event for timeline in calls for event in timeline)


def render_delivery_chunk(spec: DeliverySpec, window: tuple[int, int]) -> Chunk:
    """The lines of units ``window[0] .. window[0] + window[1] - 1``."""
    start, count = window
    line = ENVELOPES[spec.envelope]
    return Chunk(b"".join(map(line, _events(spec, start, count))), b"", count)


def render_deliveries(
    spec: DeliverySpec, start: int, count: int, *, jobs: int = 1
) -> Iterator[Chunk]:
    """The chunks of units ``start .. start + count - 1`` in order, by ``jobs`` processes."""
    work = windows(start, count, CHUNK_UNITS if spec.timelines else _rendering.CHUNK_EVENTS)
    render = partial(render_delivery_chunk, spec)
    yield from ordered_map(render, work, jobs=min(jobs, len(work)))


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """What ``--stream`` writes: the stream's calls and how they are delivered."""

    seed: int
    realistic: bool
    version: int
    envelope: str
    accounts: int
    duplicates: float
    max_delay: float
    batch: int


#: Lines per chunk of a stream's output.
STREAM_CHUNK_LINES = 2_000


def _stream_lines(spec: StreamSpec, start: int, count: int) -> Iterator[bytes]:
    if spec.envelope == "none":
        events = generate_stream(
            count, seed=spec.seed, start=start, accounts=spec.accounts,
            realistic=spec.realistic, version=spec.version,
        )  # fmt: skip
        yield from map(dumps_line, events)
        return
    delivered = generate_deliveries(
        count, seed=spec.seed, start=start, accounts=spec.accounts, envelope=spec.envelope,
        duplicates=spec.duplicates, max_delay=spec.max_delay, batch=spec.batch,
        realistic=spec.realistic, version=spec.version,
    )  # fmt: skip
    for delivery in delivered:
        yield delivery.body.encode("utf-8") + b"\n"


def render_stream(spec: StreamSpec, start: int, count: int) -> Iterator[Chunk]:
    """The lines of the stream of calls ``start .. start + count - 1``, in chunks; the
    last chunk counts the calls (the calls of a stream end at different lines)."""
    lines: list[bytes] = []
    for line in _stream_lines(spec, start, count):
        lines.append(line)
        if len(lines) == STREAM_CHUNK_LINES:
            yield Chunk(b"".join(lines), b"", 0)
            lines = []
    yield Chunk(b"".join(lines), b"", count)
