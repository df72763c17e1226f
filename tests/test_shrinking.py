"""Failing examples shrink to small, readable events; default health checks pass."""

from __future__ import annotations

from hypothesis import find, given, settings

from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.strategies import call_events

REQUIRED = {p.name for p in structure(3).properties if p.required}


def test_a_realistic_failure_shrinks_to_the_smallest_real_event():
    shrunk = find(
        call_events(),
        lambda e: e["level"] == "ERROR",
        settings=settings(database=None, max_examples=500),
    )
    assert shrunk["call_sid"] == "CA" + "0" * 32
    assert shrunk["account_sid"] == "AC" + "0" * 32
    # a gateway event is the smallest realistic event with level ERROR
    assert (shrunk["group"], shrunk["name"], shrunk["edge"]) == ("call", "failed", "carrier_edge")
    assert shrunk["carrier_edge"]["metadata"]["edge_location"] == "ashburn"


def test_a_realistic_sdk_failure_drops_every_optional_part_it_can():
    shrunk = find(
        call_events(),
        lambda e: e["edge"] == "sdk_edge" and e["level"] == "ERROR",
        settings=settings(database=None, max_examples=500),
    )
    # the first ERROR kind that carries no payload, with no optional location
    assert (shrunk["group"], shrunk["name"]) == ("audio", "speaker-devices-set-failed")
    assert set(shrunk["sdk_edge"]) == {"metadata"}
    assert "location" not in shrunk["sdk_edge"]["metadata"]


def test_a_contract_failure_shrinks_to_the_required_fields_only():
    shrunk = find(
        call_events(realistic=False),
        lambda e: isinstance(e["edge"], str),
        settings=settings(database=None, max_examples=500),
    )
    assert set(shrunk) == REQUIRED


def test_a_nested_failure_keeps_only_the_path_to_it():
    shrunk = find(
        call_events(realistic=False),
        lambda e: "languages" in e.get("conversation_relay_data", {}).get("configurations", {}),
        settings=settings(database=None, max_examples=2000),
    )
    relay = shrunk["conversation_relay_data"]
    assert set(relay) == {"session_id", "name", "sequence_number", "configurations"}
    assert relay["configurations"] == {"configurations": {}, "languages": {}}


@given(call_events())
def test_realistic_strategy_passes_health_checks_at_default_settings(event):
    assert event


@given(call_events(realistic=False))
def test_contract_strategy_passes_health_checks_at_default_settings(event):
    assert event
