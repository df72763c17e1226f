"""Each realism fact of the "Schema-driven engine" issue, checked on a bulk sample.

Every per-event fact is a ``check_*`` function. The bulk tests run them on a sample from
the fast generator (and add the facts that need many events: variety, non-ASCII names);
``test_strategy_events_are_realistic_too`` runs every one of them on the Hypothesis face,
so both faces are held to the same facts.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from _sampling import kind_of, realistic_sample
from hypothesis import given, settings

from callevent_toolkit.engine._providers import _catalogue as cat
from callevent_toolkit.engine._providers._callevent import ANCHOR_MS
from callevent_toolkit.strategies import call_events

SID = re.compile(r"^(CA|AC|VX)[0-9a-f]{32}$")
EDGE_OBJECTS = ("carrier_edge", "sip_edge", "client_edge", "sdk_edge")
KINDS = {(k.group, k.name, k.level) for k in cat.SDK_EVENTS + cat.GATEWAY_EVENTS + cat.RELAY_EVENTS}
PAIRS = {(r.edge_location, r.region) for r in (*cat.EDGE_REGIONS, *cat.NEAREST_EDGE.values())}
PLACES = {(p.city, p.subdivision, p.country): (p.lat, p.lon) for p in cat.PLACES}


def _sdk_events():
    return [e for e in realistic_sample() if kind_of(e) == "sdk"]


def _relay_data():
    return [e["conversation_relay_data"] for e in realistic_sample() if kind_of(e) == "relay"]


def check_sids(event):
    assert event["call_sid"].startswith("CA")
    assert event["account_sid"].startswith("AC")
    assert SID.match(event["call_sid"])
    assert SID.match(event["account_sid"])
    relay = event.get("conversation_relay_data")
    if relay:
        assert relay["session_id"].startswith("VX")
        assert SID.match(relay["session_id"])


def check_edge_objects(event):
    """``edge`` is from the real enum and names the only edge object present."""
    assert event["edge"] in cat.EDGES
    present = [name for name in EDGE_OBJECTS if name in event]
    if event["edge"] == "unknown_edge":
        assert present == []
        assert "conversation_relay_data" in event
    else:
        assert present == [event["edge"]]
        assert "conversation_relay_data" not in event


def check_kind(event):
    assert (event["group"], event["name"], event["level"]) in KINDS
    if "conversation_relay_data" in event:
        assert event["group"] == "conversation_relay"
        assert event["conversation_relay_data"]["name"] == event["name"]


def test_sids_have_twilio_shape():
    for event in realistic_sample():
        check_sids(event)
    call_sids = [e["call_sid"] for e in realistic_sample()]
    assert len(set(call_sids)) == len(call_sids)


ANCHOR = datetime.fromtimestamp(ANCHOR_MS / 1000, UTC)


def check_timestamp(event):
    stamp = event["timestamp"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)
    when = datetime.fromisoformat(stamp)
    assert ANCHOR - timedelta(days=30) <= when <= ANCHOR
    assert when.second < 60  # never a leap second (the toolkit's validators reject it)


def test_timestamps_are_recent_rfc3339_utc_with_milliseconds():
    for event in realistic_sample():
        check_timestamp(event)


def test_edge_is_real_and_only_its_object_is_present():
    for event in realistic_sample():
        check_edge_objects(event)
    kinds = Counter(kind_of(e) for e in realistic_sample())
    assert set(kinds) == {"sdk", "gateway", "relay"}
    gateway_edges = {e["edge"] for e in realistic_sample() if kind_of(e) == "gateway"}
    assert gateway_edges == set(cat.GATEWAY_EDGES)


def test_group_name_level_come_together_from_the_catalogue():
    for event in realistic_sample():
        check_kind(event)
    assert len({(e["group"], e["name"]) for e in realistic_sample()}) > 80


def check_regions(event):
    """Returns how many gateway metadata objects it checked."""
    seen = 0
    for edge in ("carrier_edge", "sip_edge", "client_edge"):
        if edge in event:
            meta = event[edge]["metadata"]
            assert (meta["edge_location"], meta["region"]) in PAIRS
            seen += 1
    if "sdk_edge" in event:
        sdk = event["sdk_edge"]["metadata"]["sdk"]
        assert (sdk["edge_location"], sdk["region"]) in PAIRS
        assert sdk["selected_region"] in ("gll", sdk["region"])
    return seen


def test_region_and_edge_location_belong_together():
    assert sum(check_regions(event) for event in realistic_sample()) > 100


def _in(address, *networks):
    ip = ipaddress.ip_address(address)
    return any(ip in ipaddress.ip_network(n) for n in networks)


DOC_RANGES = ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")


def check_ips(event):
    for edge in ("carrier_edge", "sip_edge", "client_edge"):
        if edge in event:
            meta = event[edge]["metadata"]
            assert _in(meta["twilio_ip"], "168.86.128.0/18")
            assert _in(meta["external_ip"], *DOC_RANGES)
    if "sdk_edge" in event:
        assert _in(event["sdk_edge"]["metadata"]["ip_address"], *DOC_RANGES)


def test_ip_addresses_are_valid_and_never_real_hosts():
    for event in realistic_sample():
        check_ips(event)


def check_place(event):
    if "sdk_edge" not in event:
        return
    meta = event["sdk_edge"]["metadata"]
    key = (meta["city"], meta["country_subdivision"], meta["country_code"])
    assert key in PLACES
    if "location" in meta:
        assert (meta["location"]["lat"], meta["location"]["lon"]) == PLACES[key]


def test_city_subdivision_country_and_coordinates_agree():
    for event in _sdk_events():
        check_place(event)
    cities = {event["sdk_edge"]["metadata"]["city"] for event in _sdk_events()}
    assert any(not city.isascii() for city in cities), "non-ASCII place names appear"


BROWSERS = {b.name: b for b in cat.BROWSERS}


def test_browser_engine_os_and_device_combinations_exist():
    for event in _sdk_events():
        check_sdk_profile(event)


def check_sdk_profile(event):
    if "sdk_edge" in event:
        _check_sdk(event["sdk_edge"]["metadata"]["sdk"])


def _check_sdk(sdk):
    if sdk["platform"] == "WebRTC":
        line = BROWSERS[sdk["browser"]["name"]]
        assert sdk["engine"]["name"] == line.engine
        assert sdk["os"]["name"] in line.oses
        assert line.first_major <= int(sdk["browser"]["major"]) <= line.last_major
        assert sdk["browser"]["version"].startswith(sdk["browser"]["major"] + ".")
        assert "device" not in sdk
    else:
        assert "browser" not in sdk
        assert "engine" not in sdk
        assert sdk["os"]["name"] == {"android": "Android", "iOS": "iOS"}[sdk["platform"]]
        devices = cat.ANDROID_DEVICES if sdk["platform"] == "android" else cat.IOS_DEVICES
        device = sdk["device"]
        fields = (device["model"], device["type"], device["vendor"], device["arch"])
        assert fields in {(d.model, d.type, d.vendor, d.arch) for d in devices}
    assert sdk["os"]["version"] in cat.OS_VERSIONS[sdk["os"]["name"]]


def check_feedback(event):
    item = event.get("sdk_edge", {}).get("feedback")
    if item is not None:
        assert 1 <= item["score"] <= 5
        assert item["reason"] in (*cat.FEEDBACK_REASONS, "unknown")


def test_feedback_has_a_score_of_1_to_5_and_an_sdk_reason():
    assert any("feedback" in e["sdk_edge"] for e in _sdk_events())
    for event in _sdk_events():
        check_feedback(event)


def check_metric(event):
    metric = event.get("sdk_edge", {}).get("metric")
    if metric is None:
        return
    spec = cat.METRICS[event["name"]]
    threshold, samples = spec.threshold, spec.samples
    assert metric["threshold"] == threshold
    assert 1 <= len(metric["values"]) <= samples
    raised = event["group"].endswith("-raised")
    low_is_bad = event["name"] in cat.LOW_IS_BAD
    past = [v for v in metric["values"] if (v < threshold) == low_is_bad]
    if raised:
        assert len(past) * 2 > len(metric["values"]), "most samples are past the threshold"
    else:
        assert not past, "cleared warnings carry healthy samples"


def test_metric_thresholds_and_values_fit_the_warning():
    assert any("metric" in e["sdk_edge"] for e in _sdk_events())
    for event in _sdk_events():
        check_metric(event)


def check_payload(event):
    if "sdk_edge" not in event:
        return
    body = event["sdk_edge"]
    assert ("metric" in body) == ("warning" in event["group"] and event["name"] in cat.METRICS)
    assert ("feedback" in body) == (event["name"] == "received")
    assert ("ice_candidate_pair" in body) == (event["name"] == "selected-ice-candidate-pair")
    if "error" in body:
        assert event["level"] in ("ERROR", "WARNING")
        code = body["error"]["code"]
        assert re.fullmatch(rf"\w+ \({code}\): .+", body["error"]["message"])


def test_only_events_that_report_something_carry_a_payload():
    for event in _sdk_events():
        check_payload(event)


RELAY_PROFILES = {
    (p.tts_provider, p.voice, p.transcription_provider, p.speech_model)
    for ps in cat.RELAY_LANGUAGES.values()
    for p in ps
}


def test_relay_values_come_from_the_domain_notes():
    assert _relay_data()
    for event in realistic_sample():
        check_relay(event)


def check_relay(event):
    data = event.get("conversation_relay_data")
    if data is None:
        return
    assert data["sequence_number"] >= 1
    if "stt_latency" in data:
        assert 10 <= data["stt_latency"]["latency_ms"] <= 5000
    if "tts_latency" in data:
        assert 10 <= data["tts_latency"]["latency_ms"] <= 5000
    if "interrupt" in data:
        assert data["interrupt"]["type"] in cat.INTERRUPT_TYPES
    if "call_wrap_up" in data:
        assert data["call_wrap_up"]["end_status"] in cat.END_STATUSES
        assert data["call_wrap_up"]["duration_in_seconds"] > 0
    if "error" in data:
        error = (data["error"]["error_code"], data["error"]["message"])
        assert error in {(e.code, e.message) for e in cat.RELAY_ERRORS}
    if "last_token_received" in data:
        tokens = data["last_token_received"]
        assert 0 < tokens["total_words"] <= tokens["total_tokens"]
    if "configurations" in data:
        languages = data["configurations"]["languages"]
        assert languages
        for code, profile in languages.items():
            assert code in cat.RELAY_LANGUAGES
            values = (
                profile["tts_provider"],
                profile["voice"],
                profile["transcription_provider"],
                profile["speech_model"],
            )
            assert values in RELAY_PROFILES
        attributes = data["configurations"]["configurations"]
        assert attributes["ttsLanguage"] in languages
        assert attributes["voice"] == languages[attributes["ttsLanguage"]]["voice"]


@settings(max_examples=100)
@given(call_events())
def test_strategy_events_are_realistic_too(event):
    check_sids(event)
    check_timestamp(event)
    check_edge_objects(event)
    check_kind(event)
    check_regions(event)
    check_ips(event)
    check_place(event)
    check_sdk_profile(event)
    check_feedback(event)
    check_metric(event)
    check_payload(event)
    check_relay(event)
