"""A stand-in for ``generate_deliveries`` until the real one lands (see :func:`deliveries`).

It builds what a webhook sink would send from :func:`~callevent_toolkit.generate_timelines`:
calls start at seeded instants (so they interleave), each event is emitted at its offset
in its call, a batch of ``batch`` events due together makes one body, each body is due
up to ``max_delay`` seconds after its last event (so arrival order differs from emission
order), and a share ``duplicates`` of the bodies is delivered again later with the same
CloudEvent ids (``attempt`` 2), as Event Streams' at-least-once delivery does.
Deterministic: same arguments, same deliveries.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..envelopes import to_cloudevent, webhook_body
from ..generation import generate_timelines

__all__ = ["Delivery", "standin_deliveries"]

#: Calls start within this many ms of each other per call in the stream.
_CALL_SPREAD_MS = 10_000
#: A redelivery comes this long (ms) after the first delivery at most.
_REDELIVERY_MS = 60_000
_HEADERS = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Delivery:
    """One request a webhook sink makes (the fields of the ``streams`` branch's Delivery)."""

    body: str
    headers: dict[str, str]
    events: tuple[dict[str, Any], ...]
    ids: tuple[str, ...]
    attempt: int
    due_ms: int


def _instant_ms(event: Mapping[str, Any]) -> int:
    return int(datetime.fromisoformat(str(event["timestamp"])).timestamp() * 1000)


def _emitted(count: int, seed: int, rng: random.Random) -> list[tuple[int, dict[str, Any]]]:
    """Every event of ``count`` calls with the ms it is emitted at, in emission order."""
    emitted: list[tuple[int, dict[str, Any]]] = []
    for timeline in generate_timelines(count, seed=seed):
        start = rng.randrange(count * _CALL_SPREAD_MS)
        first = _instant_ms(timeline[0])
        emitted.extend((start + _instant_ms(event) - first, event) for event in timeline)
    emitted.sort(key=lambda pair: pair[0])
    return emitted


def _delivery(batch: list[tuple[int, dict[str, Any]]], due_ms: int, attempt: int) -> Delivery:
    events = tuple(event for _, event in batch)
    return Delivery(
        body=webhook_body(events),
        headers=dict(_HEADERS),
        events=events,
        ids=tuple(to_cloudevent(event)["id"] for event in events),
        attempt=attempt,
        due_ms=due_ms,
    )


def standin_deliveries(
    count: int, *, seed: int = 0, duplicates: float = 0.0, max_delay: float = 90.0, batch: int = 1
) -> list[Delivery]:
    """The deliveries of ``count`` calls of ``seed``, in the order they are due."""
    rng = random.Random(f"callevent-send:{seed}")
    emitted = _emitted(count, seed, rng)
    delay_ms = int(max_delay * 1000)
    out: list[Delivery] = []
    for first in range(0, len(emitted), batch):
        group = emitted[first : first + batch]
        due = group[-1][0] + rng.randint(0, delay_ms)
        out.append(_delivery(group, due, 1))
        if rng.random() < duplicates:
            out.append(_delivery(group, due + rng.randint(1, _REDELIVERY_MS), 2))
    out.sort(key=lambda delivery: delivery.due_ms)
    return out
