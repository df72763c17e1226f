"""Call timelines: each invariant of a call, checked on both faces (strategy and bulk)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from itertools import groupby
from typing import Any

import pytest
from hypothesis import find, given, settings

from callevent_toolkit import InvalidArgument, generate_timelines, is_valid, validate
from callevent_toolkit.strategies import call_timelines

Timeline = list[dict[str, Any]]

GATEWAY_EDGES = ("carrier_edge", "sip_edge", "client_edge")
GATEWAY_PROGRESS = re.compile(
    r"initiated (ringing (answered completed|busy|no-answer|failed)|failed)"
)
TURN = (
    "start_of_customer_speech",
    "stt_latency",
    "prompt_sent",
    "first_token_received",
    "tts_latency",
    "start_of_agent_speech",
)


@cache
def bulk(realistic: bool) -> tuple[Timeline, ...]:
    return tuple(generate_timelines(300, seed=5, realistic=realistic))


def names(timeline: Timeline, keep: Callable[[dict[str, Any]], bool]) -> list[str]:
    return [e["name"] for e in timeline if keep(e)]


def instant(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.upper())


# -- invariants -----------------------------------------------------------------------


def shares_call_and_account(timeline: Timeline) -> None:
    assert len({e["call_sid"] for e in timeline}) == 1
    assert len({e["account_sid"] for e in timeline}) == 1


def never_goes_back_in_time(timeline: Timeline) -> None:
    moments = [instant(e["timestamp"]) for e in timeline]
    assert moments == sorted(moments)


def gateway_follows_call_progress(timeline: Timeline) -> None:
    edges = [edge for edge in GATEWAY_EDGES if any(e["edge"] == edge for e in timeline)]
    assert edges, "every call has a media gateway"
    for edge in edges:
        progress = " ".join(names(timeline, lambda e, edge=edge: e["edge"] == edge))
        assert GATEWAY_PROGRESS.fullmatch(progress), (edge, progress)


def sdk_calls_walk_ice_and_peer_connection_states(timeline: Timeline) -> None:
    sdk = [e for e in timeline if e["edge"] == "sdk_edge"]
    if not sdk:
        return
    assert any(e["edge"] == "client_edge" for e in timeline)
    assert {e["edge"] for e in timeline} == {"sdk_edge", "client_edge"}

    def states(group: str) -> str:
        return " ".join(e["name"] for e in sdk if e["group"] == group)

    assert re.fullmatch(r"((gathering complete ?)+)?", states("ice-gathering-state"))
    assert re.fullmatch(r"(checking (connected closed|failed))?", states("ice-connection-state"))
    assert re.fullmatch(r"(connecting (connected closed|failed))?", states("pc-connection-state"))


def warnings_are_raised_then_cleared(timeline: Timeline) -> None:
    open_warnings: set[str] = set()
    for event in timeline:
        group, name = event["group"], event["name"]
        if group.endswith("-warning-raised"):
            assert name not in open_warnings
            open_warnings.add(name)
        elif group.endswith("-warning-cleared"):
            assert name in open_warnings, f"{name} cleared but never raised"
            open_warnings.remove(name)
    assert not open_warnings, f"never cleared: {open_warnings}"


def feedback_comes_last(timeline: Timeline) -> None:
    positions = [i for i, e in enumerate(timeline) if e["group"] == "feedback"]
    assert positions in ([], [len(timeline) - 1])


def relay_sessions_are_ordered(timeline: Timeline) -> None:
    relay = [e for e in timeline if e["group"] == "conversation_relay"]
    runs = [
        list(run) for _, run in groupby(relay, lambda e: e["conversation_relay_data"]["session_id"])
    ]
    assert len(runs) == len({run[0]["conversation_relay_data"]["session_id"] for run in runs})
    for run in runs:
        data = [e["conversation_relay_data"] for e in run]
        assert [d["sequence_number"] for d in data] == list(range(1, len(run) + 1))
        assert all(d["name"] == e["name"] for d, e in zip(data, run, strict=True))
        session_names = [e["name"] for e in run]
        assert session_names[0] == "configurations"
        assert session_names[-1] == "call_wrap_up"
        turns = [n for n in session_names if n in TURN]
        assert turns == list(TURN) * (len(turns) // len(TURN))
    if relay:  # the relay talks on an answered call, before it completes
        gateway = [e["name"] for e in timeline if e["edge"] in GATEWAY_EDGES]
        first, last = timeline.index(relay[0]), timeline.index(relay[-1])
        assert "answered" in [e["name"] for e in timeline[:first]]
        assert "completed" in [e["name"] for e in timeline[last:]]
        assert gateway[-1] == "completed"


INVARIANTS = [
    shares_call_and_account,
    never_goes_back_in_time,
    gateway_follows_call_progress,
    sdk_calls_walk_ice_and_peer_connection_states,
    warnings_are_raised_then_cleared,
    feedback_comes_last,
    relay_sessions_are_ordered,
]


@pytest.mark.parametrize("invariant", INVARIANTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("realistic", [True, False], ids=["realistic", "contract"])
def test_bulk_timelines_keep_each_invariant(invariant, realistic):
    for timeline in bulk(realistic):
        invariant(timeline)


@settings(max_examples=60)
@given(call_timelines())
def test_strategy_timelines_keep_every_invariant_and_validate(timeline):
    for invariant in INVARIANTS:
        invariant(timeline)
    for event in timeline:
        assert validate(event) == []


@given(call_timelines())
def test_timelines_pass_health_checks_at_default_settings(timeline):
    assert timeline


@settings(max_examples=30)
@given(call_timelines(realistic=False))
def test_contract_timelines_keep_every_invariant_and_validate(timeline):
    for invariant in INVARIANTS:
        invariant(timeline)
    for event in timeline:
        assert validate(event) == []


@pytest.mark.parametrize("realistic", [True, False], ids=["realistic", "contract"])
def test_every_bulk_timeline_event_validates(realistic):
    events = [e for timeline in bulk(realistic) for e in timeline]
    assert all(is_valid(e) for e in events)
    assert all(validate(e) == [] for e in events[:300])


@pytest.mark.parametrize("realistic", [True, False], ids=["realistic", "contract"])
def test_bulk_timelines_cover_every_call_shape_and_ending(realistic):
    """The invariants above are not vacuous: every branch they check occurs in the bulk."""
    endings = {
        (tuple(sorted({e["edge"] for e in t if e["edge"] in GATEWAY_EDGES})), t_end)
        for t in bulk(realistic)
        for t_end in [next(e["name"] for e in reversed(t) if e["edge"] in GATEWAY_EDGES)]
    }
    shapes = {shape for shape, _ in endings}
    assert shapes == {
        ("carrier_edge",),
        ("client_edge",),
        ("carrier_edge", "sip_edge"),
        ("sip_edge",),
    }
    assert {end for _, end in endings} == {"completed", "busy", "no-answer", "failed"}
    groups = {e["group"] for t in bulk(realistic) for e in t}
    assert {
        "conversation_relay",
        "feedback",
        "network-quality-warning-raised",
        "network-quality-warning-cleared",
        "ice-connection-state",
        "pc-connection-state",
    } <= groups
    relay = {e["name"] for t in bulk(realistic) for e in t if e["group"] == "conversation_relay"}
    assert set(TURN) | {"configurations", "call_wrap_up"} <= relay  # drops: test_call_realism


def test_realistic_calls_keep_one_caller_and_one_gateway():
    """The caller does not move mid-call: one metadata per edge, and the client gateway
    sits at the edge location the SDK connected to."""
    for timeline in bulk(True):
        for edge in ("sdk_edge", *GATEWAY_EDGES):
            metadata = [json.dumps(e[edge]["metadata"]) for e in timeline if e["edge"] == edge]
            assert len(set(metadata)) <= 1
        sdk = next((e["sdk_edge"]["metadata"]["sdk"] for e in timeline if "sdk_edge" in e), None)
        for event in timeline:
            if event["edge"] == "client_edge" and sdk is not None:
                assert event["client_edge"]["metadata"]["edge_location"] == sdk["edge_location"]


def test_wrap_up_reports_the_session_duration():
    for timeline in bulk(True):
        relay = [e for e in timeline if e["group"] == "conversation_relay"]
        for _, run in groupby(relay, lambda e: e["conversation_relay_data"]["session_id"]):
            session = list(run)
            seconds = (
                instant(session[-1]["timestamp"]) - instant(session[0]["timestamp"])
            ).total_seconds()
            wrap_up = session[-1]["conversation_relay_data"]["call_wrap_up"]
            assert abs(wrap_up["duration_in_seconds"] - seconds) <= 2


# -- determinism and arguments ----------------------------------------------------------


def test_same_seed_same_bytes_and_windows_agree():
    whole = [json.dumps(t) for t in generate_timelines(12, seed=8)]
    assert whole == [json.dumps(t) for t in generate_timelines(12, seed=8)]
    assert [json.dumps(t) for t in generate_timelines(5, seed=8, start=7)] == whole[7:]
    assert whole != [json.dumps(t) for t in generate_timelines(12, seed=9)]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"count": -1}, "count"),
        ({"count": 1, "seed": 1.5}, "seed"),
        ({"count": 1, "realistic": "yes"}, "realistic"),
        ({"count": 1, "version": 4}, "version"),
    ],
)
def test_generate_timelines_checks_arguments_eagerly(kwargs, match):
    with pytest.raises(InvalidArgument, match=match):
        generate_timelines(**kwargs)


def test_strategy_reports_a_bad_version_when_used():
    strategy = call_timelines(version=4)  # no error yet: Hypothesis defers it
    with pytest.raises(InvalidArgument, match="version"):
        strategy.validate()


# -- shrinking --------------------------------------------------------------------------


def test_a_voice_sdk_call_shrinks_to_a_short_one():
    found = find(call_timelines(), lambda t: any(e["edge"] == "sdk_edge" for e in t))
    # an answered call with nothing optional: set-up, ICE and peer-connection handshake,
    # answer, hang-up and teardown on sdk_edge plus four client_edge progress events
    assert len(found) <= 16
    groups = {e["group"] for e in found}
    assert not groups & {"feedback", "network-quality-warning-raised", "audio-level-warning-raised"}
    assert "muted" not in {e["name"] for e in found}


def test_a_relay_call_shrinks_to_one_empty_session():
    found = find(
        call_timelines(),
        lambda t: any(e["group"] == "conversation_relay" for e in t),
        settings=settings(max_examples=1000),
    )
    relay = [e["name"] for e in found if e["group"] == "conversation_relay"]
    assert relay == ["configurations", "call_wrap_up"]
    assert len(found) <= 8


def _out_of_string_order(timeline: list[dict[str, Any]]) -> bool:
    """Whether some event is earlier in time yet sorts later as a timestamp string."""
    stamps = [(instant(e["timestamp"]), e["timestamp"]) for e in timeline]
    return any(
        a_instant < b_instant and a_text > b_text
        for i, (a_instant, a_text) in enumerate(stamps)
        for b_instant, b_text in stamps[i + 1 :]
    )


def test_contract_timelines_mix_offsets_and_precisions_within_one_call():
    timelines = list(generate_timelines(200, seed=3, realistic=False))
    mixed = [
        t
        for t in timelines
        if len({re.search(r"(Z|[+-]\d\d:\d\d)$", e["timestamp"]).group() for e in t}) > 1
        and len({len(e["timestamp"].split(".")[1]) for e in t}) > 1
    ]
    assert len(mixed) >= len(timelines) // 2
    assert all(instant(e["timestamp"]) for t in mixed for e in t)  # same instants, parsed


def test_string_order_and_instant_order_disagree_in_most_contract_timelines():
    timelines = list(generate_timelines(200, seed=3, realistic=False))
    disagreeing = sum(_out_of_string_order(t) for t in timelines)
    assert disagreeing >= len(timelines) // 2
    realistic = list(generate_timelines(200, seed=3))
    assert not any(_out_of_string_order(t) for t in realistic)
