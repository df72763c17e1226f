"""Event Streams envelopes: read back by the official CloudEvents SDK, and by ``unwrap``."""

from __future__ import annotations

import base64
import copy
import json
import re
from datetime import datetime

import pytest
from cloudevents.core.bindings.http import HTTPMessage, from_http_event
from cloudevents.core.formats.json import JSONFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit import InvalidSchemaVersionError, generate_timelines, validate
from callevent_toolkit.envelopes import (
    GATEWAY_TYPE,
    SDK_TYPE,
    EnvelopeError,
    kinesis_record,
    to_cloudevent,
    unwrap,
    webhook_body,
)
from callevent_toolkit.strategies import (
    call_event_envelopes,
    call_events,
    call_timelines,
    kinesis_records,
    webhook_bodies,
)

ID = re.compile(r"EZ[0-9a-f]{32}")
ANY_EVENT = st.one_of(call_events(), call_events(realistic=False))


def read_with_sdk(envelope_json: str | bytes):
    """Parse one envelope as a structured-mode HTTP request, the way a webhook gets it."""
    body = envelope_json.encode() if isinstance(envelope_json, str) else envelope_json
    message = HTTPMessage(headers={"content-type": "application/cloudevents+json"}, body=body)
    return from_http_event(message)


def assert_describes(parsed, event, *, data_as_string: bool, version: int = 3) -> None:
    """The SDK's view of the envelope matches the CallEvent inside."""
    assert parsed.get_specversion() == "1.0"
    assert parsed.get_type() == (SDK_TYPE if event["edge"] == "sdk_edge" else GATEWAY_TYPE)
    if re.fullmatch(r"CA[0-9a-f]{32}", event["call_sid"]):
        assert parsed.get_source() == f"/v1/Voice/{event['call_sid']}/Events"
    else:  # contract-space SIDs: still a URI reference under /v1/Voice/
        assert re.fullmatch(r"/v1/Voice/[\x21-\x7e]*", parsed.get_source())
    assert ID.fullmatch(parsed.get_id())
    assert parsed.get_dataschema() == (
        f"https://events-schemas.twilio.com/VoiceInsights.CallEvent/{version}"
    )
    assert parsed.get_datacontenttype() == "application/json"
    if "time" in to_cloudevent(event):  # left out only for unreadable instants (year 1-ish)
        assert parsed.get_time() == datetime.fromisoformat(event["timestamp"].upper())
    data = parsed.get_data()
    assert (json.loads(data) if data_as_string else data) == event


# -- round trips --------------------------------------------------------------------------


@settings(max_examples=60)
@given(ANY_EVENT, st.booleans())
def test_unwrap_inverts_every_wrapping(event, data_as_string):
    envelope = to_cloudevent(event, data_as_string=data_as_string)
    assert unwrap(envelope) == [event]
    assert unwrap(json.dumps(envelope)) == [event]
    assert unwrap(webhook_body([event], data_as_string=data_as_string)) == [event]
    record = kinesis_record(event, data_as_string=data_as_string)
    assert unwrap(record) == [event]
    assert unwrap({"Records": [{"kinesis": {"data": record}}]}) == [event]


@settings(max_examples=40)
@given(ANY_EVENT, st.booleans())
def test_the_cloudevents_sdk_reads_envelopes_and_kinesis_records(event, data_as_string):
    envelope = to_cloudevent(event, data_as_string=data_as_string)
    assert_describes(read_with_sdk(json.dumps(envelope)), event, data_as_string=data_as_string)
    record = kinesis_record(event, data_as_string=data_as_string)
    parsed = JSONFormat().read(None, base64.b64decode(record, validate=True))
    assert_describes(parsed, event, data_as_string=data_as_string)


@settings(max_examples=20)
@given(call_timelines(), st.booleans())
def test_a_timeline_as_webhook_bodies_reads_back_in_order(timeline, data_as_string):
    bodies = [webhook_body([event], data_as_string=data_as_string) for event in timeline]
    for body, event in zip(bodies, timeline, strict=True):
        (envelope,) = json.loads(body)  # Twilio sends one envelope per array today
        assert_describes(read_with_sdk(json.dumps(envelope)), event, data_as_string=data_as_string)
    assert [e for body in bodies for e in unwrap(body)] == timeline
    assert unwrap(webhook_body(timeline).encode()) == timeline  # a batch, as bytes


@settings(max_examples=40)
@given(call_event_envelopes(), webhook_bodies(), kinesis_records())
def test_envelope_strategies_give_what_the_sdk_and_unwrap_read(envelope, body, record):
    for event in unwrap(envelope, validate=True) + unwrap(body) + unwrap(record):
        assert validate(event) == []
        assert_describes(
            read_with_sdk(json.dumps(to_cloudevent(event))), event, data_as_string=False
        )
    assert 1 <= len(json.loads(body)) <= 3
    assert read_with_sdk(json.dumps(envelope)).get_id() == envelope["id"]


def test_data_as_string_is_honoured_by_the_strategies():
    @settings(max_examples=10)
    @given(call_event_envelopes(data_as_string=True))
    def strings(envelope):
        assert isinstance(envelope["data"], str)

    strings()


# -- attributes -----------------------------------------------------------------------------


def test_ids_are_deterministic_and_unique_across_many_calls():
    events = [e for t in generate_timelines(200, seed=4) for e in t]
    ids = [to_cloudevent(e)["id"] for e in events]
    assert len(set(ids)) == len(events)
    assert ids == [to_cloudevent(copy.deepcopy(e))["id"] for e in events]


def test_explicit_id_source_and_version_are_used():
    event = next(generate_timelines(1, seed=1))[0]
    envelope = to_cloudevent(event, id="EZ" + "0" * 32, source="/custom", version=3)
    parsed = read_with_sdk(json.dumps(envelope))
    assert (parsed.get_id(), parsed.get_source()) == ("EZ" + "0" * 32, "/custom")
    assert parsed.get_dataschema().endswith("/VoiceInsights.CallEvent/3")


@pytest.mark.parametrize(
    "wrap", [to_cloudevent, lambda e, version: webhook_body([e], version=version)]
)
def test_an_envelope_never_names_a_schema_that_is_not_bundled(wrap):
    event = next(generate_timelines(1, seed=1))[0]
    with pytest.raises(InvalidSchemaVersionError, match=r"no bundled VoiceInsights\.CallEvent"):
        wrap(event, version=2)


def test_unwrap_refuses_an_unknown_version_even_for_an_empty_body():
    with pytest.raises(InvalidSchemaVersionError, match="version=4"):
        unwrap([], version=4)


def test_time_is_utc_even_when_the_timestamp_has_an_offset():
    event = next(generate_timelines(1, seed=1))[0]
    shifted = {**event, "timestamp": "2026-10-03T19:45:22.5+05:30"}
    assert to_cloudevent(shifted)["time"] == "2026-10-03T14:15:22.500Z"


@pytest.mark.parametrize(
    "timestamp", ["2016-12-31T23:59:60Z", "0001-01-01T00:00:00+05:30", "yesterday", None]
)
def test_time_is_left_out_when_the_instant_cannot_be_written_in_utc(timestamp):
    assert "time" not in to_cloudevent({"timestamp": timestamp, "call_sid": "CA1"})


def test_invalid_events_can_still_be_wrapped_for_fuzzing():
    envelope = to_cloudevent({"edge": "sdk_edge", "timestamp": "not a time"})
    assert envelope["type"] == SDK_TYPE
    assert "time" not in envelope
    assert read_with_sdk(json.dumps(envelope)).get_data() == envelope["data"]


# -- unwrap errors ------------------------------------------------------------------------

GOOD = to_cloudevent(next(generate_timelines(1, seed=2))[0])


def _without(key):
    return {k: v for k, v in GOOD.items() if k != key}


@pytest.mark.parametrize(
    ("body", "where", "reason"),
    [
        (42, "body", "expected JSON text"),
        ("not json, not base64!", "body", "neither JSON nor Base64"),
        ("", "body", "empty"),
        (b" \n", "body", "empty"),
        ("[1, 2", "body", "not valid JSON"),
        (b"\xff\xfe", "body", "not UTF-8"),
        (base64.b64encode(b"hello").decode(), "body", "does not hold a JSON envelope"),
        ([GOOD, "x"], "body[1]", "holds envelope objects"),
        ([[GOOD]], "body[0]", "holds envelope objects"),
        (GOOD["data"], "body", "bare CallEvent"),
        ({"hello": 1}, "body", "no 'specversion'"),
        ({**GOOD, "specversion": "0.3"}, "body", "specversion must be '1.0'"),
        (_without("id"), "body", "'id' is missing"),
        (
            {**GOOD, "type": "com.twilio.voice.insights.call-summary.complete"},
            "body",
            "not a CallEvent type",
        ),
        ({**GOOD, "datacontenttype": "text/plain"}, "body", "not JSON"),
        (_without("data"), "body.data", "no 'data'"),
        ({**GOOD, "data": "{oops"}, "body.data", "not JSON"),
        ({**GOOD, "data": [1]}, "body.data", "got an array"),
        ({**GOOD, "data": "[1]"}, "body.data", "got an array"),
        ({"Records": [{"kinesis": {"data": "%%%"}}]}, "body.Records[0].kinesis.data", "Base64"),
        ({"Records": ["x"]}, "body.Records[0]", "Records holds envelope objects"),
        ('{"specversion": NaN}', "body", "NaN is not JSON"),
    ],
)
def test_unwrap_says_what_is_wrong_and_where(body, where, reason):
    with pytest.raises(EnvelopeError) as raised:
        unwrap(body)
    assert raised.value.where == where
    assert reason in raised.value.reason
    assert str(raised.value).startswith(f"{where}: ")


def test_unwrap_reads_data_base64_too():
    raw = json.dumps(GOOD["data"]).encode()
    envelope = {**_without("data"), "data_base64": base64.b64encode(raw).decode()}
    assert unwrap(envelope) == [GOOD["data"]]


def test_unwrap_can_validate_the_events_inside():
    broken = {k: v for k, v in GOOD["data"].items() if k != "call_sid"}
    assert unwrap(to_cloudevent(broken)) == [broken]
    with pytest.raises(EnvelopeError, match=r"^body\.data\.\$\.call_sid: 'call_sid' is a required"):
        unwrap(to_cloudevent(broken), validate=True)
