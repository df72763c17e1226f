"""Event handlers for the fuzzer's tests: each buggy one hides one realistic mistake.

The bugs are the ones consumer code really makes with CallEvents: trusting that optional
objects are present, that arrays are non-empty, that text is ASCII, that integers fit a
column, that timestamps have one shape, that map keys look like locales, and validators
that stop checking below the top level. The correct handlers at the end do the same jobs
carefully; the fuzzer must find nothing wrong with them (no false alarms).
"""

from __future__ import annotations

import asyncio
import os
import struct
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jsonschema

from callevent_toolkit import Violation, is_valid, load_schema, validate


class InvalidEventError(ValueError):
    """What a careful consumer raises for an event that breaks the contract."""


# Set at the end of the hang tests so abandoned worker threads can finish.
RELEASE_HUNG = threading.Event()


# --- crashes on valid events ---------------------------------------------------------


def browser_name(event: dict[str, Any]) -> str | None:
    """Assumes every SDK event has browser data (mobile SDKs send none)."""
    if event["edge"] != "sdk_edge":
        return None
    name: str = event["sdk_edge"]["metadata"]["sdk"]["browser"]["name"]
    return name


def mean_metric(event: dict[str, Any]) -> float | None:
    """Averages metric samples, assuming there is at least one."""
    metric = (event.get("sdk_edge") or {}).get("metric")
    if metric is None:
        return None
    values = metric.get("values", [])
    return sum(values) / len(values)


def ascii_log_line(event: dict[str, Any]) -> bytes:
    """Writes an ASCII-only log line (the city and event name may be any Unicode)."""
    city = ((event.get("sdk_edge") or {}).get("metadata") or {}).get("city", "")
    return f"{event['name']} {city}".encode("ascii")


def pack_error_code(event: dict[str, Any]) -> bytes:
    """Stores SDK error codes in a signed 32-bit column; the schema sets no bound."""
    error = (event.get("sdk_edge") or {}).get("error")
    return b"" if error is None else struct.pack("<i", error["code"])


def parse_timestamp(event: dict[str, Any]) -> datetime:
    """Parses the one timestamp shape production happens to send: milliseconds and Z."""
    return datetime.strptime(event["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def language_regions(event: dict[str, Any]) -> list[str]:
    """Takes the region from ``languages`` keys, assuming they all look like ``en-US``."""
    relay = event.get("conversation_relay_data") or {}
    languages = (relay.get("configurations") or {}).get("languages", {})
    return [key.split("-")[1] for key in languages]


def speech_timeout_ms(event: dict[str, Any]) -> int | None:
    """Reads a TwiML attribute by its real key and trusts it to hold digits, as production's
    always do ("500"); the contract allows any string there."""
    relay = event.get("conversation_relay_data") or {}
    attributes = (relay.get("configurations") or {}).get("configurations") or {}
    timeout = attributes.get("speechTimeout")
    return None if timeout is None else int(timeout)


async def async_browser_name(event: dict[str, Any]) -> str | None:
    """The ``browser_name`` bug in a coroutine handler."""
    await asyncio.sleep(0)
    return browser_name(event)


# --- validators that let invalid events through ---------------------------------------

_TOP_LEVEL = ("account_sid", "call_sid", "edge", "group", "level", "name", "timestamp")


def shallow_validator(event: Any) -> None:
    """Checks the top-level fields and their types, never the nested edge objects."""
    if not isinstance(event, dict):
        raise InvalidEventError("an event is a JSON object")
    for name in _TOP_LEVEL:
        if not isinstance(event.get(name), str):
            raise InvalidEventError(f"{name} must be a string")


@cache
def _jsonschema_validator(*, check_formats: bool) -> jsonschema.Draft7Validator:
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER if check_formats else None
    return jsonschema.Draft7Validator(load_schema(3), format_checker=checker)


def formatless_validator(event: Any) -> None:
    """Uses jsonschema without a format checker, so any timestamp string passes."""
    error = jsonschema.exceptions.best_match(
        _jsonschema_validator(check_formats=False).iter_errors(event)
    )
    if error is not None:
        raise InvalidEventError(error.message)


def keyerror_validator(event: Any) -> None:
    """Rejects bad events, but a missing field escapes as ``KeyError``, not the agreed error."""
    for name in _TOP_LEVEL:
        if not isinstance(event[name], str):
            raise InvalidEventError(f"{name} must be a string")
    if validate(event):
        raise InvalidEventError("event breaks the schema")


def _validator_ignoring(ignored: Callable[[Violation], bool]) -> Callable[[Any], None]:
    def check(event: Any) -> None:
        if is_valid(event):
            return
        kept = [v for v in validate(event) if not ignored(v)]
        if kept:
            raise InvalidEventError(str(kept[0]))

    return check


#: Checks everything but one top-level required field (forgotten in a hand-written list).
validator_ignoring_call_sid = _validator_ignoring(
    lambda v: v.keyword == "required" and v.pointer == "/call_sid"
)
#: Checks everything but ``minimum``/``maximum`` (the int32 bounds of the latencies).
validator_ignoring_bounds = _validator_ignoring(lambda v: v.keyword in ("minimum", "maximum"))
#: Checks everything but ``format`` (any string passes as a date-time).
validator_ignoring_date_time = _validator_ignoring(lambda v: v.keyword == "format")
#: Checks everything but unknown fields: a consumer that tolerates them on purpose.
tolerant_validator = _validator_ignoring(lambda v: v.keyword == "additionalProperties")


# --- hangs ----------------------------------------------------------------------------


def hangs_on_errors(event: Any) -> None:
    """Blocks for ever (until the tests release it) on events of level ERROR."""
    if isinstance(event, dict) and event.get("level") == "ERROR":
        RELEASE_HUNG.wait()


async def async_hangs_on_errors(event: Any) -> None:
    """Awaits for ever on events of level ERROR (cancellable, so no thread is left behind)."""
    if isinstance(event, dict) and event.get("level") == "ERROR":
        await asyncio.Event().wait()


# --- correct handlers: the fuzzer must report nothing ---------------------------------


def noisy_handler(event: dict[str, Any]) -> None:
    """Prints a line for every event (and handles nothing): the prints must stay out of
    the fuzzer's report."""
    print(f"handling {event.get('name')!r}")


def descriptor_writer(event: dict[str, Any]) -> None:
    """Writes past ``sys.stdout``, to file descriptor 1 itself, as a child process or a C
    extension would: the output must still stay out of a ``--format json`` report."""
    os.write(1, f"raw {event.get('name')!r}\n".encode())
    sys.__stdout__.write("through sys.__stdout__\n")


class Deduplicator:
    """A stateful consumer: drops redelivered events (same ``call_sid`` and ``name``),
    and raises if it is handed the same event twice while it is still open, the bug a
    shared instance shows under a fuzzer that replays examples."""

    def __init__(self) -> None:
        self.seen: set[tuple[Any, Any]] = set()

    def __call__(self, event: dict[str, Any]) -> None:
        key = (event.get("call_sid"), event.get("name"))
        if key in self.seen:
            raise RuntimeError(f"event {key} handled twice by one instance")
        self.seen.add(key)


def _metadata(event: dict[str, Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = (event.get("sdk_edge") or {}).get("metadata") or {}
    return metadata


def careful_summary(event: dict[str, Any]) -> dict[str, Any]:
    """Does every buggy job above, defensively: the contract allows all of it."""
    metadata = _metadata(event)
    browser = (metadata.get("sdk") or {}).get("browser") or {}
    metric = (event.get("sdk_edge") or {}).get("metric") or {}
    values = metric.get("values") or []
    relay = event.get("conversation_relay_data") or {}
    languages = (relay.get("configurations") or {}).get("languages") or {}
    return {
        "browser": browser.get("name"),
        "mean": sum(values) / len(values) if values else None,
        "log": f"{event['name']} {metadata.get('city', '')}".encode("ascii", "replace"),
        "when": datetime.fromisoformat(event["timestamp"].upper()),  # RFC 3339 allows t and z
        "regions": [key.partition("-")[2] or None for key in languages],
    }


def schema_validator(event: Any) -> None:
    """jsonschema with the format checker: accepts exactly what the contract allows."""
    error = jsonschema.exceptions.best_match(
        _jsonschema_validator(check_formats=True).iter_errors(event)
    )
    if error is not None:
        raise InvalidEventError(error.message)


async def async_schema_validator(event: Any) -> None:
    """The toolkit's fast validator, in a coroutine handler."""
    await asyncio.sleep(0)
    if not is_valid(event):
        raise InvalidEventError("event breaks the schema")
