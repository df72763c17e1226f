"""Webhook consumers for the stream fuzzer's tests: one correct, three with a planted bug.

Each takes a webhook body (a JSON array of CloudEvents) and keeps what it stored; the
correct one deduplicates on the CloudEvent id, keeps the newest state of each call
whatever the arrival order, and refuses broken envelopes with ``EnvelopeError``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from callevent_toolkit.envelopes import unwrap
from callevent_toolkit.fuzz import DeliveredStream


def _instant(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["timestamp"])


class GoodConsumer:
    def __init__(self) -> None:
        self.stored: dict[str, dict[str, Any]] = {}
        self.latest: dict[str, dict[str, Any]] = {}

    def __call__(self, body: str) -> None:
        events = unwrap(body)  # raises EnvelopeError (a ValueError) on a broken envelope
        ids = [envelope["id"] for envelope in json.loads(body)]
        for cloud_id, event in zip(ids, events, strict=True):
            if cloud_id in self.stored:
                continue
            self.stored[cloud_id] = event
            self.keep_latest(event)

    def keep_latest(self, event: dict[str, Any]) -> None:
        current = self.latest.get(event["call_sid"])
        if current is None or _instant(event) >= _instant(current):
            self.latest[event["call_sid"]] = event


class CountsRedeliveriesTwice(GoodConsumer):
    """Bug: no deduplication, a redelivered event is stored (counted) again."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []

    def __call__(self, body: str) -> None:
        events = unwrap(body)
        for envelope, event in zip(json.loads(body), events, strict=True):
            self.rows.append(envelope["id"])
            self.stored[envelope["id"]] = event
            self.keep_latest(event)


class AssumesOrder(GoodConsumer):
    """Bug: the last event to arrive is taken as the call's newest state."""

    def keep_latest(self, event: dict[str, Any]) -> None:
        self.latest[event["call_sid"]] = event


class TrustsTheEnvelope(GoodConsumer):
    """Bug: reads ``envelope["id"]`` before checking the envelope (KeyError, not a
    refusal, on an envelope without id: Twilio would get a 500 and retry for hours)."""

    def __call__(self, body: str) -> None:
        for envelope in json.loads(body):
            cloud_id = envelope["id"]
            if cloud_id in self.stored:
                continue
            self.stored[cloud_id] = unwrap([envelope])[0]
            self.keep_latest(self.stored[cloud_id])


def stored_once(consumer: Any, stream: DeliveredStream) -> None:
    """Each event delivered is stored exactly once."""
    rows = getattr(consumer, "rows", list(consumer.stored))
    assert sorted(rows) == sorted(stream.events), "an event is stored twice or not at all"


def latest_is_newest(consumer: Any, stream: DeliveredStream) -> bool:
    """Each call's kept state is its newest event."""
    newest: dict[str, datetime] = {}
    for event in stream.events.values():
        sid = event["call_sid"]
        newest[sid] = max(newest.get(sid, _instant(event)), _instant(event))
    return all(_instant(consumer.latest[sid]) == t for sid, t in newest.items())


INVARIANTS = (stored_once, latest_is_newest)
