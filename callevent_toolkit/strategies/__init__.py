"""Hypothesis strategies for CallEvents, built by walking the bundled schema."""

from __future__ import annotations

from ._envelopes import call_event_envelopes, kinesis_records, webhook_bodies
from ._invalid import invalid_call_events
from ._streams import call_streams, deliveries, malformed_deliveries
from ._timelines import call_timelines
from ._valid import call_events

__all__ = [
    "call_event_envelopes",
    "call_events",
    "call_streams",
    "call_timelines",
    "deliveries",
    "invalid_call_events",
    "kinesis_records",
    "malformed_deliveries",
    "webhook_bodies",
]
