"""Crash bugs of the kinds real CallEvent consumers have, one small handler each.

Every handler is correct but for one bug, which only a *valid* event can trigger: a
production-shaped event, or one from the corners the contract allows (absent optional
parts, empty collections, huge or integral-float integers, offsets and lowercase ``z`` in
timestamps, non-ASCII text, JavaScript prototype names, long strings). Everything else it
reads defensively, so the one exception it raises is the bug's. ``expected`` names that
exception type: a benchmark counts a bug as found only when the fuzzer's failure carries
it, so a catalogue mistake (a second, accidental crash) shows as "not found", not as a
success.

``benchmarks/bench_fuzz.py`` measures how quickly ``fuzz_handler`` and
``hypothesis_jsonschema.from_schema`` find each one. ``tests/test_bug_catalogue.py`` keeps
the catalogue honest: each handler survives a realistic event that reaches its code
(``reaches``) and raises its ``expected`` exception on some event the validator accepts.
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["BUGS", "ISSUE_KINDS", "Bug"]

Event = dict[str, Any]


@dataclass(frozen=True)
class Bug:
    """One buggy handler: its name, the kind of bug, and the exception it raises."""

    name: str
    kind: str
    handler: Callable[[Event], object]
    expected: type[BaseException] | tuple[type[BaseException], ...]
    reaches: tuple[str, ...] = ()
    """The optional parts (dotted paths) a realistic event needs for the handler to read
    what it reads: ``tests/test_bug_catalogue.py`` checks the handler survives such an
    event and returns something, so the bug is not one every production event triggers."""


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sdk(event: Event) -> dict[str, Any]:
    return _obj(event.get("sdk_edge"))


def _relay(event: Event) -> dict[str, Any]:
    return _obj(event.get("conversation_relay_data"))


def _metadata(event: Event) -> dict[str, Any]:
    return _obj(_sdk(event).get("metadata"))


def _parse(timestamp: str) -> datetime:
    """What a careful consumer does: RFC 3339 allows lowercase t/z."""
    return datetime.fromisoformat(timestamp.upper())


# --- optional parts assumed present -------------------------------------------------------


def reads_browser_name(event: Event) -> object:
    """Mobile SDKs send no ``browser``; this reads it whenever ``sdk`` is there."""
    sdk = _obj(_metadata(event).get("sdk"))
    return sdk["browser"]["name"] if sdk else None


def reads_location_lat(event: Event) -> object:
    """Plots every SDK event on a map: ``metadata.location`` is optional."""
    return _metadata(event)["location"]["lat"] if _metadata(event) else None


def reads_relay_languages(event: Event) -> object:
    """Assumes every relay event carries its ``configurations``."""
    relay = _relay(event)
    return relay["configurations"]["languages"] if relay else None


# --- empty collections --------------------------------------------------------------------


def averages_metric_values(event: Event) -> object:
    """``metric.values`` may be an empty array."""
    values = _obj(_sdk(event).get("metric")).get("values")
    return sum(values) / len(values) if isinstance(values, list) else None


def first_metric_sample(event: Event) -> object:
    """Takes ``values[0]`` as the sample that raised the warning."""
    values = _obj(_sdk(event).get("metric")).get("values")
    return values[0] if isinstance(values, list) else None


def primary_language(event: Event) -> object:
    """``min()`` of the ``languages`` keys: the map may be empty."""
    languages = _obj(_relay(event).get("configurations")).get("languages")
    return min(languages) if isinstance(languages, dict) else None


# --- overflows into fixed-width integers --------------------------------------------------


def packs_error_code_int32(event: Event) -> object:
    """Stores ``sdk_edge.error.code`` in an int32 column."""
    code = _obj(_sdk(event).get("error")).get("code")
    return struct.pack("<i", int(code)) if code is not None else None


def packs_sequence_int64(event: Event) -> object:
    """``sequence_number`` into a BIGINT: the schema sets no bound."""
    number = _relay(event).get("sequence_number")
    return struct.pack("<q", int(number)) if number is not None else None


def packs_duration_uint32(event: Event) -> object:
    """``duration_in_seconds`` as an unsigned 32-bit counter (negative or huge breaks it)."""
    seconds = _obj(_relay(event).get("call_wrap_up")).get("duration_in_seconds")
    return struct.pack("<I", int(seconds)) if seconds is not None else None


def packs_latency_int16(event: Event) -> object:
    """``stt_latency.latency_ms`` in a SMALLINT: fine for production latencies."""
    latency = _obj(_relay(event).get("stt_latency")).get("latency_ms")
    return struct.pack("<h", int(latency)) if latency is not None else None


def score_as_byte(event: Event) -> object:
    """Feedback score into one byte: ``bytes([score])``."""
    score = _obj(_sdk(event).get("feedback")).get("score")
    return bytes([int(score)]) if score is not None else None


def star_label(event: Event) -> object:
    """Indexes a five-entry list with the feedback score."""
    score = _obj(_sdk(event).get("feedback")).get("score")
    stars = ("*", "**", "***", "****", "*****")
    return stars[int(score) - 1] if score is not None else None


def epoch_seconds_uint32(event: Event) -> object:
    """Unix seconds in a uint32: years before 1970 (or after 2106) do not fit."""
    seconds = (_parse(event["timestamp"]) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
    return struct.pack("<I", int(seconds))


def fixed_point_coordinates(event: Event) -> object:
    """Coordinates as micro-degrees: ``1e308`` times a million is infinite."""
    lat = _obj(_metadata(event).get("location")).get("lat")
    return int(lat * 1e6) if lat is not None else None


# --- strict timestamp parsing -------------------------------------------------------------


def strptime_millis_z(event: Event) -> object:
    """Production sends ``...ss.fffZ``, so parse exactly that."""
    return datetime.strptime(event["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ")


def fromisoformat_as_is(event: Event) -> object:
    """``datetime.fromisoformat`` refuses the lowercase ``z`` RFC 3339 allows."""
    return datetime.fromisoformat(event["timestamp"])


def strptime_micro_fraction(event: Event) -> object:
    """``%Y-%m-%dT%H:%M:%S.%f%z`` takes production's ``.fffZ`` and offsets, but ``%f``
    stops at 6 digits and needs at least one: ``.123456789`` and whole seconds break it."""
    return datetime.strptime(event["timestamp"].upper(), "%Y-%m-%dT%H:%M:%S.%f%z")


def retention_expiry(event: Event) -> object:
    """Keeps events for 30 days: year 9999 has no 30 days left."""
    return _parse(event["timestamp"]) + timedelta(days=30)


# --- string ordering of timestamps ----------------------------------------------------------


def daily_partition_by_string(event: Event) -> object:
    """Files the event under the day its timestamp *string* sorts into (as ``WHERE
    timestamp >= '2026-10-05' AND timestamp < '2026-10-06'`` does on a text column), then
    stores its second of that UTC day in a partition that holds 0..86399: an offset puts
    the instant on another UTC day than the string's."""
    stamp = event["timestamp"].upper()
    day = datetime.fromisoformat(stamp[:10]).replace(tzinfo=UTC)
    second = (_parse(stamp) - day).total_seconds()
    if not 0 <= second < 86_400:
        raise ValueError(f"{stamp} is not in partition {stamp[:10]} (second {second:.0f})")
    return int(second)


# --- ASCII-only text ------------------------------------------------------------------------


def city_as_ascii(event: Event) -> object:
    """Logs the city to an ASCII-only sink."""
    city = _metadata(event).get("city")
    return city.encode("ascii") if isinstance(city, str) else None


def client_name_header(event: Event) -> object:
    """Puts ``client_name`` in an HTTP header (latin-1 only)."""
    name = _metadata(event).get("client_name")
    return name.encode("latin-1") if isinstance(name, str) else None


def event_name_ascii(event: Event) -> object:
    """Uses the event ``name`` as an ASCII metric name."""
    return event["name"].encode("ascii")


# --- prototype-name lookups -----------------------------------------------------------------

#: What a plain JavaScript object inherits: a port that kept ``{}``-as-map semantics.
_OBJECT_PROTOTYPE: dict[str, Any] = {
    "__proto__": {},
    "constructor": object,
    "hasOwnProperty": dict.__contains__,
    "toString": str,
    "valueOf": id,
}


def counts_names_in_js_object(event: Event) -> object:
    """``counts[name] = (counts[name] || 0) + 1`` on an object with a prototype."""
    counts = dict(_OBJECT_PROTOTYPE)
    counts[event["name"]] = (counts.get(event["name"]) or 0) + 1
    return counts


def language_lookup_in_js_object(event: Event) -> object:
    """Looks each language key up in a table that inherits ``Object.prototype``."""
    languages = _obj(_obj(_relay(event).get("configurations")).get("languages"))
    voices = dict(_OBJECT_PROTOTYPE, **{"en-US": "default"})
    return [voices.get(key, "").lower() for key in languages]


# --- integral floats ------------------------------------------------------------------------


def strict_int_sequence(event: Event) -> object:
    """A strict decoder (Go ``int``, pydantic strict): ``1.0`` is not an int to it."""
    number = _relay(event).get("sequence_number")
    if number is not None and not isinstance(number, int):
        raise TypeError(f"sequence_number: expected an int, got {number!r}")
    return number


def masks_error_code(event: Event) -> object:
    """``code & 0xFFFF``: bitwise operators refuse floats."""
    code = _obj(_relay(event).get("error")).get("error_code")
    return code & 0xFFFF if code is not None else None


def repeats_by_word_count(event: Event) -> object:
    """Allocates a list per word: ``[0] * total_words`` refuses a float."""
    words = _obj(_relay(event).get("last_token_received")).get("total_words")
    return len([0] * max(0, min(words, 1000))) if words is not None else None


# --- parsing the value under a realistic map key ------------------------------------------


def splits_language_keys(event: Event) -> object:
    """``en-US`` -> ``US``: keys without a ``-`` break it."""
    languages = _obj(_obj(_relay(event).get("configurations")).get("languages"))
    return [key.split("-")[1] for key in languages]


def parses_en_us_voice(event: Event) -> object:
    """Reads the voice under ``languages["en-US"]`` as ``en-US-<family>-<variant>``."""
    languages = _obj(_obj(_relay(event).get("configurations")).get("languages"))
    voice = _obj(languages.get("en-US")).get("voice")
    return voice.split("-")[2] if isinstance(voice, str) else None


# --- huge strings and shapes ----------------------------------------------------------------


def account_sid_char34(event: Event) -> object:
    """Writes ``account_sid`` into a CHAR(34) column."""
    if len(event["account_sid"]) > 34:
        raise ValueError("value too long for type character(34)")
    return event["account_sid"]


def client_name_varchar255(event: Event) -> object:
    """Writes ``client_name`` into a VARCHAR(255) column."""
    name = _metadata(event).get("client_name")
    if isinstance(name, str) and len(name) > 255:
        raise ValueError("value too long for type character varying(255)")
    return name


def call_sid_shape(event: Event) -> object:
    """Extracts the hex part of ``call_sid`` with a regex that assumes its shape."""
    match = re.fullmatch(r"CA([0-9a-f]{32})", event["call_sid"])
    assert match is not None, f"not a call SID: {event['call_sid']!r}"
    return match.group(1)


def name_in_postgres_text(event: Event) -> object:
    """PostgreSQL ``text`` refuses NUL characters."""
    if "\x00" in event["name"]:
        raise ValueError("invalid byte sequence for encoding UTF8: 0x00")
    return event["name"]


def divides_by_threshold(event: Event) -> object:
    """How far past its threshold a metric is: the threshold may be zero."""
    metric = _obj(_sdk(event).get("metric"))
    threshold = metric.get("threshold")
    return math.fabs(1 / threshold) if threshold is not None else None


def edge_json_roundtrip(event: Event) -> object:
    """Round-trips ``level`` through a JSON config expecting one of five strings."""
    allowed = json.loads('["UNKNOWN", "DEBUG", "INFO", "WARNING", "ERROR"]')
    return allowed.index(event["level"])


_SDK = "sdk_edge"
_META = "sdk_edge.metadata"
_RELAY = "conversation_relay_data"
_LANGUAGES = "conversation_relay_data.configurations.languages"

BUGS: tuple[Bug, ...] = (
    Bug(
        "reads sdk.browser.name",
        "optional part",
        reads_browser_name,
        KeyError,
        (f"{_META}.sdk.browser",),
    ),
    Bug(
        "reads metadata.location.lat",
        "optional part",
        reads_location_lat,
        KeyError,
        (f"{_META}.location",),
    ),
    Bug(
        "reads relay configurations",
        "optional part",
        reads_relay_languages,
        KeyError,
        (f"{_RELAY}.configurations",),
    ),
    Bug(
        "averages metric.values",
        "empty collection",
        averages_metric_values,
        ZeroDivisionError,
        (f"{_SDK}.metric.values",),
    ),
    Bug(
        "takes metric.values[0]",
        "empty collection",
        first_metric_sample,
        IndexError,
        (f"{_SDK}.metric.values",),
    ),
    Bug("min() of languages keys", "empty collection", primary_language, ValueError, (_LANGUAGES,)),
    Bug(
        "error.code into int32",
        "fixed-width integer",
        packs_error_code_int32,
        struct.error,
        (f"{_SDK}.error.code",),
    ),
    Bug(
        "sequence_number into int64",
        "fixed-width integer",
        packs_sequence_int64,
        struct.error,
        (f"{_RELAY}.sequence_number",),
    ),
    Bug(
        "duration into uint32",
        "fixed-width integer",
        packs_duration_uint32,
        struct.error,
        (f"{_RELAY}.call_wrap_up.duration_in_seconds",),
    ),
    Bug(
        "latency_ms into int16",
        "fixed-width integer",
        packs_latency_int16,
        struct.error,
        (f"{_RELAY}.stt_latency.latency_ms",),
    ),
    Bug(
        "feedback score as a byte",
        "fixed-width integer",
        score_as_byte,
        ValueError,
        (f"{_SDK}.feedback.score",),
    ),
    Bug(
        "feedback score indexes 5 stars",
        "fixed-width integer",
        star_label,
        IndexError,
        (f"{_SDK}.feedback.score",),
    ),
    Bug("epoch seconds into uint32", "fixed-width integer", epoch_seconds_uint32, struct.error),
    Bug(
        "coordinates as micro-degrees",
        "fixed-width integer",
        fixed_point_coordinates,
        OverflowError,
        (f"{_META}.location.lat",),
    ),
    Bug("strptime ...ss.fffZ only", "strict timestamp", strptime_millis_z, ValueError),
    Bug("fromisoformat as is", "strict timestamp", fromisoformat_as_is, ValueError),
    Bug("strptime .%f%z", "strict timestamp", strptime_micro_fraction, ValueError),
    Bug("timestamp + 30 days", "strict timestamp", retention_expiry, OverflowError),
    Bug(
        "daily partition by string", "timestamp string order", daily_partition_by_string, ValueError
    ),
    Bug("city as ASCII", "ASCII-only text", city_as_ascii, UnicodeEncodeError, (f"{_META}.city",)),
    Bug(
        "client_name in a header",
        "ASCII-only text",
        client_name_header,
        UnicodeEncodeError,
        (f"{_META}.client_name",),
    ),
    Bug("event name as ASCII", "ASCII-only text", event_name_ascii, UnicodeEncodeError),
    Bug("counts names in a JS object", "prototype name", counts_names_in_js_object, TypeError),
    Bug(
        "language table with a prototype",
        "prototype name",
        language_lookup_in_js_object,
        (AttributeError, TypeError),
        (_LANGUAGES,),
    ),
    Bug(
        "strict int sequence_number",
        "integral float",
        strict_int_sequence,
        TypeError,
        (f"{_RELAY}.sequence_number",),
    ),
    Bug(
        "masks error_code",
        "integral float",
        masks_error_code,
        TypeError,
        (f"{_RELAY}.error.error_code",),
    ),
    Bug(
        "[0] * total_words",
        "integral float",
        repeats_by_word_count,
        TypeError,
        (f"{_RELAY}.last_token_received.total_words",),
    ),
    Bug(
        "splits languages keys on -",
        "realistic map key",
        splits_language_keys,
        IndexError,
        (_LANGUAGES,),
    ),
    Bug(
        "parses the en-US voice", "realistic map key", parses_en_us_voice, IndexError, (_LANGUAGES,)
    ),
    Bug("account_sid in CHAR(34)", "huge string", account_sid_char34, ValueError),
    Bug(
        "client_name in VARCHAR(255)",
        "huge string",
        client_name_varchar255,
        ValueError,
        (f"{_META}.client_name",),
    ),
    Bug("call_sid shape regex", "string shape", call_sid_shape, AssertionError),
    Bug("name in PostgreSQL text", "NUL in text", name_in_postgres_text, ValueError),
    Bug(
        "divides by metric.threshold",
        "zero",
        divides_by_threshold,
        ZeroDivisionError,
        (f"{_SDK}.metric.threshold",),
    ),
    Bug("level must be a known string", "free string", edge_json_roundtrip, ValueError),
)

#: The kinds of bug the issue names; the catalogue's other kinds are extras.
ISSUE_KINDS = (
    "optional part",
    "empty collection",
    "fixed-width integer",
    "strict timestamp",
    "timestamp string order",
    "ASCII-only text",
    "prototype name",
    "integral float",
    "realistic map key",
    "huge string",
)
