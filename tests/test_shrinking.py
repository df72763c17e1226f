"""Failing examples shrink to small, readable events; default health checks pass."""

from __future__ import annotations

from hypothesis import find, given, settings

from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.strategies import call_events

REQUIRED = {p.name for p in structure(3).properties if p.required}


# Exact shrink targets are not asserted: Hypothesis mixes constants from imported modules
# into its search, so which local minimum it reaches can depend on what a test session has
# imported. What must hold everywhere is that every independent choice is at its simplest.


def test_a_realistic_failure_shrinks_every_independent_choice():
    shrunk = find(
        call_events(),
        lambda e: e["level"] == "ERROR",
        settings=settings(database=None, max_examples=500),
    )
    assert shrunk["call_sid"] == "CA" + "0" * 32
    assert shrunk["account_sid"] == "AC" + "0" * 32
    assert shrunk["timestamp"] == "2026-10-02T00:00:00.000Z"  # the window's first instant
    assert shrunk["level"] == "ERROR"


def test_a_realistic_sdk_failure_drops_every_optional_part_it_can():
    shrunk = find(
        call_events(),
        lambda e: e["edge"] == "sdk_edge" and e["level"] == "ERROR",
        settings=settings(database=None, max_examples=500),
    )
    metadata = shrunk["sdk_edge"]["metadata"]
    assert set(shrunk["sdk_edge"]) <= {"metadata", "error"}  # only what the kind carries
    assert "location" not in metadata
    assert metadata["city"] == "Ashburn"  # first place, first client name
    assert metadata["client_name"] == "MyVoiceApp"


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


# Hypothesis's own default profile (health checks on, 200 ms deadline, random seed),
# not the suite's derandomized "ci" profile; only the example database is left out.
DEFAULTS = settings(settings.get_profile("default"), database=None)


@DEFAULTS
@given(call_events())
def test_realistic_strategy_passes_health_checks_at_default_settings(event):
    assert event


@DEFAULTS
@given(call_events(realistic=False))
def test_contract_strategy_passes_health_checks_at_default_settings(event):
    assert event
