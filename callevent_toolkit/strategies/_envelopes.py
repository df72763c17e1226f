"""Strategies for Event Streams deliveries: envelopes, webhook bodies, Kinesis records.

They wrap events from any strategy (valid, invalid, a timeline's events) with
:mod:`callevent_toolkit.envelopes`, so the envelope a test sees is exactly the one the
wrapping functions make; ``data_as_string`` is drawn unless fixed, because consumers
must read both the object form and the older JSON-string form of ``data``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .. import envelopes as wrap
from ..errors import InvalidArgument
from ..schemas import DEFAULT_VERSION
from ._valid import call_events

__all__ = ["call_event_envelopes", "kinesis_records", "webhook_bodies"]

Event = dict[str, Any]


def _events_or_default(
    events: st.SearchStrategy[Event] | None, version: int
) -> st.SearchStrategy[Event]:
    if events is None:
        return call_events(version=version)
    if not isinstance(events, st.SearchStrategy):
        raise InvalidArgument(f"events must be a strategy of CallEvent dicts, got {events!r}")
    return events


def _string_forms(data_as_string: bool | None) -> st.SearchStrategy[bool]:
    if data_as_string is None:
        return st.booleans()
    if not isinstance(data_as_string, bool):
        raise InvalidArgument(f"data_as_string must be None, True or False, got {data_as_string!r}")
    return st.just(data_as_string)


def call_event_envelopes(
    events: st.SearchStrategy[Event] | None = None,
    *,
    data_as_string: bool | None = None,
    version: int = DEFAULT_VERSION,
) -> st.SearchStrategy[dict[str, Any]]:
    """CloudEvents 1.0 envelopes (dicts) around events drawn from ``events``.

    ``events`` defaults to ``call_events(version=version)``; ``data_as_string=None``
    draws both forms of ``data``. Shrinks as the events shrink, with ``data`` as an
    object first.
    """

    def build() -> st.SearchStrategy[dict[str, Any]]:
        return st.builds(
            lambda event, as_string: wrap.to_cloudevent(
                event, data_as_string=as_string, version=version
            ),
            _events_or_default(events, version),
            _string_forms(data_as_string),
        )

    return st.deferred(build)


def webhook_bodies(
    events: st.SearchStrategy[Event] | None = None,
    *,
    min_size: int = 1,
    max_size: int = 3,
    data_as_string: bool | None = None,
    version: int = DEFAULT_VERSION,
) -> st.SearchStrategy[str]:
    """Webhook sink request bodies: JSON arrays of ``min_size``..``max_size`` envelopes.

    Twilio sends one envelope per array today but tells consumers to iterate, so the
    default allows up to three. Shrinks to a one-envelope array.
    """

    def build() -> st.SearchStrategy[str]:
        if not 0 <= min_size <= max_size:
            raise InvalidArgument(f"need 0 <= min_size <= max_size, got {min_size=}, {max_size=}")
        return st.builds(
            lambda batch, as_string: wrap.webhook_body(
                batch, data_as_string=as_string, version=version
            ),
            st.lists(_events_or_default(events, version), min_size=min_size, max_size=max_size),
            _string_forms(data_as_string),
        )

    return st.deferred(build)


def kinesis_records(
    events: st.SearchStrategy[Event] | None = None,
    *,
    data_as_string: bool | None = None,
    version: int = DEFAULT_VERSION,
) -> st.SearchStrategy[str]:
    """Kinesis record data: Base64 of one envelope's JSON, as a Kinesis sink writes it."""

    def build() -> st.SearchStrategy[str]:
        return st.builds(
            lambda event, as_string: wrap.kinesis_record(
                event, data_as_string=as_string, version=version
            ),
            _events_or_default(events, version),
            _string_forms(data_as_string),
        )

    return st.deferred(build)
