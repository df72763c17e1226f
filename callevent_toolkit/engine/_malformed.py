"""Malformed deliveries, each labelled with what is wrong and where, like invalid events.

One catalogue (:data:`MALFORMATIONS`) of named ways a sink's delivery can be broken: an
envelope attribute missing or wrong (``no id``, ``specversion 0.3``, an unknown
``type``), ``data`` that cannot be read (JSON text that is not JSON, an array), a body
that is not an array of envelopes (a JSON string, an empty array, truncated JSON), bad
Base64 in a Kinesis record, or a valid envelope around an event that breaks the schema.
Each breakage takes fresh envelopes and the delivery form and returns the broken body
with its :class:`~._deliveries.Malformation`: ``where`` is the place
:func:`~callevent_toolkit.envelopes.unwrap` (``validate=True`` for ``invalid event``) and
``callevent validate --envelope`` report, ``reason`` a fragment of what they say there.
The tests hold the catalogue to that: every label is checked against the real reader.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .._checks import fail
from ..envelopes import to_cloudevent
from ._calls._writer import copy_json
from ._deliveries import WEBHOOK_HEADERS, Delivery, Malformation, envelope_body

__all__ = ["MALFORMATIONS", "Breakage", "malformation_kinds", "malformed_delivery"]

Envelopes = list[dict[str, Any]]
#: ``(envelopes, form) -> (body, where, reason)``
Breaker = Callable[[Envelopes, str], tuple[str, str, str]]


@dataclass(frozen=True)
class Breakage:
    """One named breakage and the delivery forms (``webhook``, ``kinesis``) it applies to."""

    kind: str
    forms: tuple[str, ...]
    breaks: Breaker


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _first(form: str) -> str:
    """Where the first envelope sits: ``body[0]`` in a webhook array, ``body`` in a record."""
    return "body[0]" if form == "webhook" else "body"


def _without(attribute: str, reason: str, inside: str = "") -> Breaker:
    def breaks(envelopes: Envelopes, form: str) -> tuple[str, str, str]:
        del envelopes[0][attribute]
        return envelope_body(envelopes, form), _first(form) + inside, reason

    return breaks


def _set(attribute: str, value: Any, reason: str, inside: str = "") -> Breaker:
    def breaks(envelopes: Envelopes, form: str) -> tuple[str, str, str]:
        envelopes[0][attribute] = value
        return envelope_body(envelopes, form), _first(form) + inside, reason

    return breaks


def _bare(envelopes: Envelopes, form: str) -> tuple[str, str, str]:
    envelopes[0] = envelopes[0]["data"]
    return envelope_body(envelopes, form), _first(form), "a bare CallEvent"


def _invalid_event(envelopes: Envelopes, form: str) -> tuple[str, str, str]:
    envelopes[0]["data"]["call_sid"] = 5
    where = f"{_first(form)}.data.$.call_sid"
    return envelope_body(envelopes, form), where, "5 is not of type 'string'"


def _webhook(body: Callable[[Envelopes], str], where: str, reason: str) -> Breaker:
    def breaks(envelopes: Envelopes, form: str) -> tuple[str, str, str]:
        return body(envelopes), where, reason

    return breaks


def _record(text: Callable[[str], str], reason: str) -> Breaker:
    def breaks(envelopes: Envelopes, form: str) -> tuple[str, str, str]:
        return text(envelope_body(envelopes, form)), "body", reason

    return breaks


_BOTH = ("webhook", "kinesis")
_WEBHOOK = ("webhook",)
_KINESIS = ("kinesis",)
_ID = "required attribute 'id' is missing or empty"

#: Every breakage, simplest first (strategies shrink to the first).
MALFORMATIONS: dict[str, Breakage] = {
    b.kind: b
    for b in (
        Breakage("no id", _BOTH, _without("id", _ID)),
        Breakage("empty id", _BOTH, _set("id", "", _ID)),
        Breakage("no specversion", _BOTH, _without("specversion", "no 'specversion'")),
        Breakage("specversion 0.3", _BOTH, _set("specversion", "0.3", "specversion must be '1.0'")),
        Breakage(
            "not a CallEvent type",
            _BOTH,
            _set("type", "com.example.other", "'com.example.other' is not a CallEvent type"),
        ),
        Breakage("no data", _BOTH, _without("data", "the envelope has no 'data'", ".data")),
        Breakage(
            "data not JSON", _BOTH, _set("data", "{", "data is a string but not JSON", ".data")
        ),
        Breakage("data an array", _BOTH, _set("data", [1], "got an array", ".data")),
        Breakage("bare CallEvent", _BOTH, _bare),
        Breakage("invalid event", _BOTH, _invalid_event),
        Breakage(
            "element not an object",
            _WEBHOOK,
            _webhook(
                lambda e: _dumps(["x", *e]),
                "body[0]",
                "a webhook array holds envelope objects, got a string",
            ),
        ),
        Breakage(
            "body a JSON string",
            _WEBHOOK,
            _webhook(
                lambda e: _dumps(envelope_body(e, "webhook")),
                "body",
                "got a string",
            ),
        ),
        Breakage("empty array", _WEBHOOK, _webhook(lambda e: "[]", "body", "an empty array")),
        Breakage(
            "truncated JSON",
            _WEBHOOK,
            _webhook(lambda e: envelope_body(e, "webhook")[:-1], "body", "not valid JSON"),
        ),
        Breakage("empty body", _BOTH, _record(lambda text: "", "empty")),
        Breakage(
            "bad Base64",
            _KINESIS,
            _record(lambda text: text[:-4] + "!!!!", "neither JSON nor Base64"),
        ),
        Breakage(
            "Base64 of truncated JSON",
            _KINESIS,
            _record(lambda text: _truncated_record(text), "Base64 of invalid JSON"),
        ),
    )
}


def _truncated_record(text: str) -> str:
    raw = base64.b64decode(text)
    return base64.b64encode(raw[:-1]).decode("ascii")


def malformation_kinds(form: str) -> tuple[str, ...]:
    """The kinds that apply to ``form`` (``webhook`` or ``kinesis``), in catalogue order."""
    return tuple(kind for kind, breakage in MALFORMATIONS.items() if form in breakage.forms)


def malformed_delivery(
    events: Sequence[dict[str, Any]],
    kind: str,
    *,
    form: str = "webhook",
    data_as_string: bool = False,
    version: int = 3,
    attempt: int = 1,
    due_ms: int = 0,
) -> Delivery:
    """``events`` (one for Kinesis) delivered in ``form``, broken the ``kind`` way.

    The events are copied first: a breakage never changes the caller's events, and the
    delivery's ``events`` and ``ids`` are those of the unbroken body.
    """
    breakage = MALFORMATIONS[kind]
    if form not in breakage.forms:
        fail(f"{kind!r} does not apply to a {form} delivery")
    wrap = list(events[:1] if form == "kinesis" else events)
    envelopes = [
        to_cloudevent(copy_json(e), data_as_string=data_as_string, version=version) for e in wrap
    ]
    ids = tuple(envelope["id"] for envelope in envelopes)
    if kind in ("invalid event", "data an array", "bare CallEvent", "no data"):
        envelopes[0] = {**envelopes[0], "data": copy_json(wrap[0])}
    body, where, reason = breakage.breaks(envelopes, form)
    headers = dict(WEBHOOK_HEADERS) if form == "webhook" else {}
    label = Malformation(kind, where, reason)
    return Delivery(body, headers, tuple(wrap), ids, attempt, due_ms, form, label)
