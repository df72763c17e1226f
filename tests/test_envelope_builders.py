"""``to_cloudevent``, ``webhook_body`` and ``kinesis_record`` wrap any JSON value, since
invalid events are delivered to handlers under test and ``generate(invalid_ratio=...)``
makes lists, strings and ``null``; a value with no strict-JSON form is
``UnwritableValueError``, as the docs say."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from callevent_toolkit import generate
from callevent_toolkit.envelopes import (
    GATEWAY_TYPE,
    kinesis_record,
    to_cloudevent,
    unwrap,
    webhook_body,
)
from callevent_toolkit.errors import UnwritableValueError

NOT_OBJECTS = [[], [1, "two"], "a string", "", None, 0, -1.5, True, False, 2**70]


def _not_objects_from_generate() -> list[Any]:
    """The invalid events ``generate`` makes that are not JSON objects."""
    found = [e for e in generate(400, seed=3, invalid_ratio=1.0) if not isinstance(e, dict)]
    assert found, "generate made no non-object invalid events with this seed"
    return found


@pytest.mark.parametrize("value", NOT_OBJECTS, ids=repr)
@pytest.mark.parametrize("data_as_string", [False, True], ids=["data", "data-as-string"])
def test_any_json_value_is_wrapped_as_the_docs_say(value: Any, data_as_string: bool) -> None:
    envelope = to_cloudevent(value, data_as_string=data_as_string)
    assert envelope["type"] == GATEWAY_TYPE
    assert envelope["source"] == "/v1/Voice/Events"
    assert "time" not in envelope
    assert envelope["id"].startswith("EZ")
    assert len(envelope["id"]) == 34
    data = json.loads(envelope["data"]) if data_as_string else envelope["data"]
    assert data == value
    assert to_cloudevent(value) == to_cloudevent(value)  # the id is the content's


@pytest.mark.parametrize("value", NOT_OBJECTS, ids=repr)
def test_webhook_bodies_and_kinesis_records_carry_any_json_value(value: Any) -> None:
    body = json.loads(webhook_body([value, {"name": "x"}]))
    assert [e["data"] for e in body] == [value, {"name": "x"}]
    record = json.loads(base64.b64decode(kinesis_record(value)))
    assert record == to_cloudevent(value)


def test_the_non_object_invalid_events_generate_makes_can_be_delivered() -> None:
    events = _not_objects_from_generate()
    body = json.loads(webhook_body(events))
    assert [e["data"] for e in body] == events
    for event in events:
        assert json.loads(base64.b64decode(kinesis_record(event)))["data"] == event


def test_an_object_with_odd_fields_is_still_wrapped() -> None:
    """``call_sid``, ``timestamp`` and ``edge`` of the wrong type: defaults, no error."""
    event = {"call_sid": ["CA"], "timestamp": 5, "edge": {"sdk_edge": 1}}
    envelope = to_cloudevent(event)
    assert (envelope["source"], envelope["type"], "time" in envelope) == (
        "/v1/Voice/Events",
        GATEWAY_TYPE,
        False,
    )


def _cycle() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    return loop


def _deep(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        {"metric": float("inf")},
        10**5000,
        "\ud800 lone surrogate",
        object(),
        {"when": {1, 2}},
        _cycle(),
        _deep(100_000),
    ],
    ids=["nan", "infinity", "5000-digit-int", "lone-surrogate", "object", "set", "cycle", "deep"],
)
def test_a_value_with_no_strict_json_form_is_unwritable(value: Any) -> None:
    with pytest.raises(UnwritableValueError, match="no strict JSON form"):
        webhook_body([value])
    with pytest.raises(UnwritableValueError, match="no strict JSON form"):
        kinesis_record(value)
    with pytest.raises(UnwritableValueError, match="no strict JSON form"):
        to_cloudevent(value, data_as_string=True)


def test_an_unwrapped_body_of_objects_round_trips() -> None:
    """What a handler under test receives is what was wrapped (objects; what ``unwrap``
    says about non-objects is its own contract, tested with it)."""
    events = list(generate(5, seed=1, invalid_ratio=0.5))
    objects = [e for e in events if isinstance(e, dict)]
    assert unwrap(webhook_body(objects)) == objects
