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

from ..engine import checked_deliveries, checked_stream
from ..envelopes import kinesis_record, webhook_body
from ..generation import generate, generate_timelines
from ..ndjson import dumps_line
from . import _rendering
from ._pool import ordered_map
from ._rendering import Chunk, window_count, windows

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
    size = CHUNK_UNITS if spec.timelines else _rendering.CHUNK_EVENTS
    render = partial(render_delivery_chunk, spec)
    workers = min(jobs, window_count(count, size))
    yield from ordered_map(render, windows(start, count, size), jobs=workers)


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


def _stream_lines(spec: StreamSpec, start: int, count: int, begun: list[int]) -> Iterator[bytes]:
    """The stream's lines; ``begun[0]`` counts the calls begun so far (for progress).

    Built from the engine functions ``generate_stream`` and ``generate_deliveries`` are
    made of (:func:`~callevent_toolkit.engine.checked_stream`,
    :func:`~callevent_toolkit.engine.checked_deliveries`), with their ``on_call`` hook, so
    that the calls can be counted as they are begun: a line does not say whether it ends
    its call.
    """

    def count_call(index: int) -> None:
        begun[0] = index - start + 1

    if spec.envelope == "none":
        stream = checked_stream(
            count, seed=spec.seed, start=start, accounts=spec.accounts, version=spec.version,
            realistic=spec.realistic, on_call=count_call,
        )  # fmt: skip
        yield from (dumps_line(event) for _instant, _call, _position, event in stream)
        return
    delivered = checked_deliveries(
        count, seed=spec.seed, start=start, accounts=spec.accounts, realistic=spec.realistic,
        version=spec.version, envelope=spec.envelope, duplicates=spec.duplicates,
        max_delay=spec.max_delay, batch=spec.batch, data_as_string=False, on_call=count_call,
    )  # fmt: skip
    for delivery in delivered:
        yield delivery.body.encode("utf-8") + b"\n"


def render_stream(spec: StreamSpec, start: int, count: int) -> Iterator[Chunk]:
    """The lines of the stream of calls ``start .. start + count - 1``, in chunks.

    A chunk's count is the calls begun since the last chunk (a call is begun a little
    before its first line can come out), so a progress bar moves as the stream is
    written; the counts add up to ``count`` by the last chunk. Calls overlap, so a chunk
    is not a window of calls and the stream is rendered in one process.
    """
    begun = [0]
    reported = 0
    lines: list[bytes] = []
    for line in _stream_lines(spec, start, count, begun):
        lines.append(line)
        if len(lines) == STREAM_CHUNK_LINES:
            yield Chunk(b"".join(lines), b"", begun[0] - reported)
            reported, lines = begun[0], []
    yield Chunk(b"".join(lines), b"", count - reported)
