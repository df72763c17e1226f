"""CallEvents as Twilio Event Streams delivers them: CloudEvents 1.0 envelopes.

A webhook sink POSTs a JSON array of CloudEvents ("currently one event, but iterate");
a Kinesis sink writes each CloudEvent's JSON, Base64-encoded, as one record. Older
deliveries carried ``data`` as a JSON *string* rather than an object, and Twilio does not
say which form applies today, so consumers should accept both: :func:`unwrap` does.

Facts marked inferred in the project's reference notes: the ``source`` path
``/v1/Voice/{CallSid}/Events`` (only the CallSummary form ``.../Summary`` is documented)
and the ``EZ`` prefix of ``id``. Everything here is plain ``json``: envelopes of
contract-space events may hold integers beyond 64 bits, which orjson refuses.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from . import validation
from .errors import EnvelopeError
from .schemas import DEFAULT_VERSION, schema_handle

__all__ = [
    "GATEWAY_TYPE",
    "SDK_TYPE",
    "EnvelopeError",
    "dataschema",
    "event_type",
    "kinesis_record",
    "to_cloudevent",
    "unwrap",
    "webhook_body",
]

GATEWAY_TYPE = "com.twilio.voice.insights.call-event.gateway"
SDK_TYPE = "com.twilio.voice.insights.call-event.sdk"
_TYPE_PREFIX = "com.twilio.voice.insights.call-event."
_JSON_CONTENT = re.compile(r"^(application|text)/([\w.+-]+\+)?json(;.*)?$", re.IGNORECASE)


# -- wrapping ---------------------------------------------------------------------------


def event_type(event: Mapping[str, Any]) -> str:
    """The Event Streams type: ``.sdk`` when ``edge`` is ``sdk_edge``, else ``.gateway``.

    Only the ``edge`` field decides, so the rule is predictable for contract-space events
    too (whose ``edge`` may be any string). Conversation Relay events go to ``.gateway``:
    Twilio lists no relay type, and the relay runs server-side.
    """
    return SDK_TYPE if event.get("edge") == "sdk_edge" else GATEWAY_TYPE


def dataschema(version: int = DEFAULT_VERSION) -> str:
    """``https://events-schemas.twilio.com/VoiceInsights.CallEvent/<version>`` (no ``.json``).

    The schema's own ``$id``; an unknown version is refused like everywhere else, so an
    envelope never names a schema the toolkit does not have.
    """
    return schema_handle(version).id


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _content_id(event: Mapping[str, Any]) -> str:
    """``EZ`` + 32 hex digits from the event's content.

    Deterministic (same event, same id, whatever the run) and unique for distinct
    events; a re-delivered event keeps its id, which is what Event Streams consumers
    deduplicate on.
    """
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "EZ" + hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def _time(timestamp: object) -> str | None:
    """The event's instant as CloudEvents ``time``: UTC, ``Z``, milliseconds as Twilio
    writes them (microseconds when the timestamp is finer).

    ``None`` when the timestamp is missing or unreadable (``time`` is optional in
    CloudEvents, and invalid events must still be wrappable for fuzzing).
    """
    if not isinstance(timestamp, str):
        return None
    if len(timestamp) == 24 and timestamp.endswith("Z") and timestamp[19] == ".":
        return timestamp  # already 2026-10-03T14:15:22.123Z
    try:
        moment = datetime.fromisoformat(timestamp.upper())
        if moment.tzinfo is None:
            return None
        utc = moment.astimezone(UTC)
    except (ValueError, OverflowError):  # second 60; year 1 with a positive offset
        return None
    precision = "milliseconds" if utc.microsecond % 1000 == 0 else "microseconds"
    return utc.isoformat(timespec=precision).replace("+00:00", "Z")


def _source(call_sid: object) -> str:
    """``/v1/Voice/{call_sid}/Events``; odd contract-space SIDs are percent-encoded so the
    source stays a URI reference, and a missing or empty one gives ``/v1/Voice/Events``."""
    if not isinstance(call_sid, str) or not call_sid:
        return "/v1/Voice/Events"
    return f"/v1/Voice/{quote(call_sid, safe='')}/Events"


def to_cloudevent(
    event: Mapping[str, Any],
    *,
    id: str | None = None,
    source: str | None = None,
    data_as_string: bool = False,
    version: int = DEFAULT_VERSION,
) -> dict[str, Any]:
    """Wrap one CallEvent in a CloudEvents 1.0 envelope, as Event Streams delivers it.

    ``type`` comes from the event (:func:`event_type`), ``time`` from its timestamp,
    ``source`` defaults to ``/v1/Voice/{call_sid}/Events`` (inferred, see the module
    notes), ``id`` to ``EZ`` + 32 hex digits derived from the event's content, and
    ``dataschema`` names schema ``version``. ``data`` is the event itself (not a copy),
    or its JSON text with ``data_as_string=True``, as older deliveries had it.

    The event is not validated: invalid events can be wrapped too, to test what a
    handler does with them.
    """
    envelope: dict[str, Any] = {
        "specversion": "1.0",
        "type": event_type(event),
        "source": source or _source(event.get("call_sid")),
        "id": id or _content_id(event),
        "dataschema": dataschema(version),
        "datacontenttype": "application/json",
    }
    time = _time(event.get("timestamp"))
    if time is not None:
        envelope["time"] = time
    envelope["data"] = _dumps(event) if data_as_string else event
    return envelope


def webhook_body(
    events: Iterable[Mapping[str, Any]],
    *,
    data_as_string: bool = False,
    version: int = DEFAULT_VERSION,
) -> str:
    """A webhook sink's request body: a JSON array with one envelope per event."""
    return _dumps(
        [to_cloudevent(e, data_as_string=data_as_string, version=version) for e in events]
    )


def kinesis_record(
    event: Mapping[str, Any], *, data_as_string: bool = False, version: int = DEFAULT_VERSION
) -> str:
    """A Kinesis sink record's data: the envelope's JSON, Base64-encoded (ASCII text)."""
    envelope = to_cloudevent(event, data_as_string=data_as_string, version=version)
    return base64.b64encode(_dumps(envelope).encode()).decode("ascii")


# -- unwrapping -------------------------------------------------------------------------


def unwrap(
    body: object, *, validate: bool = False, version: int = DEFAULT_VERSION
) -> list[dict[str, Any]]:
    """The CallEvents inside a delivery, in order.

    Accepts what a consumer receives: a webhook body (a JSON array of envelopes, as
    ``str``, ``bytes`` or an already parsed ``list``), one envelope (JSON text or a
    ``dict``), a Kinesis record's data (Base64 of an envelope) or an AWS Lambda Kinesis
    event (``{"Records": [{"kinesis": {"data": ...}}]}``). ``data`` may be an object or a
    JSON string of one. Anything else (an empty array too: a sink never sends one)
    raises :class:`EnvelopeError` with the reason and where in the body it is. With
    ``validate=True`` each CallEvent is also checked against schema ``version`` and its
    best-matching violation is reported at its place, as ``callevent validate
    --envelope`` does: ``body[0].data.$.call_sid: 5 is not of type 'string'``.
    """
    schema_handle(version)  # a bad version is refused even for a body with no events
    placed = _unwrap(body, "body")
    if validate:
        for place, event in placed:
            violations = validation.validate(event, version=version)
            if violations:
                best, rest = violations[0], len(violations) - 1
                more = f" (and {rest} more error{'s' if rest != 1 else ''})" if rest else ""
                raise EnvelopeError(f"{place}.{best.json_path}", best.message + more)
    return [event for _, event in placed]


#: ``(where the CallEvent sits, the CallEvent)``: ``body[0].data``, ``body.data``, ...
_Placed = list[tuple[str, dict[str, Any]]]


def _unwrap(body: object, where: str) -> _Placed:
    if isinstance(body, (bytes, bytearray, memoryview)):
        return _unwrap(_decode(bytes(body), where), where)
    if isinstance(body, str):
        return _unwrap(_parse_text(body, where), where)
    if isinstance(body, list):
        if not body:
            raise EnvelopeError(where, "an empty array: a webhook body holds at least one envelope")
        return [e for i, item in enumerate(body) for e in _unwrap_item(item, f"{where}[{i}]")]
    if isinstance(body, Mapping):
        return _unwrap_mapping(body, where)
    raise EnvelopeError(
        where, f"expected JSON text, bytes, a list or a dict, got {type(body).__name__}"
    )


def _unwrap_item(item: object, where: str, holder: str = "a webhook array") -> _Placed:
    """An element of an array: an envelope object (nested arrays are refused)."""
    if not isinstance(item, Mapping):
        raise EnvelopeError(where, f"{holder} holds envelope objects, got {_kind(item)}")
    return _unwrap_mapping(item, where)


def _unwrap_mapping(body: Mapping[str, Any], where: str) -> _Placed:
    if "specversion" in body:
        return [(f"{where}.data", _envelope_data(body, where))]
    records = body.get("Records")
    if isinstance(records, list):
        return [
            event
            for i, record in enumerate(records)
            for event in _unwrap_item(record, f"{where}.Records[{i}]", "a Lambda event's Records")
        ]
    kinesis = body.get("kinesis")
    if isinstance(kinesis, Mapping) and isinstance(kinesis.get("data"), str):
        inner = f"{where}.kinesis.data"
        return [(f"{inner}.data", _envelope_data(_from_base64(kinesis["data"], inner), where))]
    if "call_sid" in body and "timestamp" in body:
        raise EnvelopeError(
            where, "a bare CallEvent, not a CloudEvents envelope (no 'specversion')"
        )
    keys = ", ".join(sorted(map(str, body))[:6]) or "none"
    raise EnvelopeError(where, f"not a CloudEvents envelope: no 'specversion' (keys: {keys})")


def _envelope_data(envelope: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check one envelope's attributes and return its CallEvent."""
    if envelope.get("specversion") != "1.0":
        raise EnvelopeError(
            where, f"specversion must be '1.0', got {envelope.get('specversion')!r}"
        )
    for attribute in ("id", "source", "type"):
        value = envelope.get(attribute)
        if not isinstance(value, str) or not value:
            raise EnvelopeError(where, f"required attribute {attribute!r} is missing or empty")
    if not envelope["type"].startswith(_TYPE_PREFIX):
        raise EnvelopeError(
            where, f"type {envelope['type']!r} is not a CallEvent type ({GATEWAY_TYPE}, {SDK_TYPE})"
        )
    content_type = envelope.get("datacontenttype", "application/json")
    if not isinstance(content_type, str) or not _JSON_CONTENT.match(content_type):
        raise EnvelopeError(where, f"datacontenttype {content_type!r} is not JSON")
    return _event_of(envelope, f"{where}.data")


def _event_of(envelope: Mapping[str, Any], where: str) -> dict[str, Any]:
    if "data" in envelope:
        data = envelope["data"]
    elif isinstance(envelope.get("data_base64"), str):
        data = _from_base64(envelope["data_base64"], where + "_base64")
    else:
        raise EnvelopeError(where, "the envelope has no 'data'")
    if isinstance(data, str):
        data = _parse_json(data, where, "data is a string but not JSON")
    if not isinstance(data, dict):
        raise EnvelopeError(
            where, f"data must be a CallEvent object or its JSON text, got {_kind(data)}"
        )
    return data


def _parse_text(text: str, where: str) -> Any:
    """JSON text, or Base64 of JSON text (a Kinesis record)."""
    if not text.strip():
        raise EnvelopeError(where, "empty (no envelope at all)")
    first = text.lstrip()[:1]
    if first in ("[", "{"):
        return _parse_json(text, where, "not valid JSON")
    if first == '"':  # a body that is one JSON string (say, a JSON-encoded array)
        value = _parse_json(text, where, "not valid JSON")
        raise EnvelopeError(where, f"expected a JSON array of CloudEvents, got {_kind(value)}")
    return _from_base64(text, where)


def _from_base64(text: str, where: str) -> Any:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeError(where, "neither JSON nor Base64 (a Kinesis record)") from None
    decoded = _decode(raw, where)
    if decoded.lstrip()[:1] not in ("[", "{"):
        raise EnvelopeError(where, "Base64 that does not hold a JSON envelope")
    return _parse_json(decoded, where, "Base64 of invalid JSON")


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EnvelopeError(
            where, f"not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_json(text: str, where: str, reason: str) -> Any:
    """Strict JSON: Python's reader would turn ``NaN``/``Infinity`` into floats."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise EnvelopeError(
            where, f"{reason} ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except ValueError as error:  # NaN / Infinity
        raise EnvelopeError(where, f"{reason} ({error})") from None


_KIND_NAMES: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}


def _kind(value: object) -> str:
    return _KIND_NAMES.get(type(value), type(value).__name__)
