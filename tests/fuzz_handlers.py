"""Event handlers for the fuzzer's tests: each buggy one hides one realistic mistake.

The bugs are the ones consumer code really makes with CallEvents: trusting that optional
objects are present, that arrays are non-empty, that text is ASCII, that integers fit a
column, that timestamps have one shape, that map keys look like locales, and validators
that stop checking below the top level. The correct handlers at the end do the same jobs
carefully; the fuzzer must find nothing wrong with them (no false alarms).
"""

from __future__ import annotations

import asyncio
import struct
import threading
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jsonschema

from callevent_toolkit import is_valid, load_schema, validate


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
