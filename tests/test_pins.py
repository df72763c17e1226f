"""Pinning fields: top-level keywords, nested paths, strategies, and clear refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit import InvalidArgument, generate, validate
from callevent_toolkit.strategies import call_events


@settings(max_examples=30)
@given(call_events(level="ERROR"))
def test_top_level_pin_by_keyword_is_honoured_and_steers_the_kind(event):
    assert event["level"] == "ERROR"
    assert validate(event) == []


@settings(max_examples=30)
@given(call_events(fixed={"sdk_edge.metadata.country_code": "DE"}))
def test_nested_pin_by_dotted_path_forces_its_ancestors(event):
    assert event["edge"] == "sdk_edge"
    assert event["sdk_edge"]["metadata"]["country_code"] == "DE"
    assert validate(event) == []


@pytest.mark.parametrize(
    "key",
    [
        "sdk_edge.metadata.location.lat",
        "/sdk_edge/metadata/location/lat",
        ("sdk_edge", "metadata", "location", "lat"),
    ],
)
def test_paths_may_be_dotted_pointers_or_tuples(key):
    events = list(generate(20, seed=1, fixed={key: 52.52}))
    assert all(e["sdk_edge"]["metadata"]["location"]["lat"] == 52.52 for e in events)


@settings(max_examples=30)
@given(call_events(edge="sip_edge"))
def test_pinning_the_edge_gives_events_of_that_edge(event):
    assert "sip_edge" in event
    assert "sdk_edge" not in event


@settings(max_examples=30)
@given(call_events(realistic=False, fixed={"conversation_relay_data.sequence_number": 7}))
def test_pins_work_in_contract_space(event):
    assert event["conversation_relay_data"]["sequence_number"] == 7
    assert validate(event) == []


@settings(max_examples=30)
@given(call_events(call_sid=st.sampled_from(["CA" + "1" * 32, "CA" + "2" * 32])))
def test_a_pin_may_be_a_strategy(event):
    assert event["call_sid"] in ("CA" + "1" * 32, "CA" + "2" * 32)


def test_pinned_containers_are_copied_not_shared():
    location = {"lat": 1.0, "lon": 2.0}
    first, second = generate(2, fixed={"sdk_edge.metadata.location": location})
    first["sdk_edge"]["metadata"]["location"]["lat"] = 99.0
    assert second["sdk_edge"]["metadata"]["location"]["lat"] == 1.0
    assert location["lat"] == 1.0


@pytest.mark.parametrize(
    ("pins", "message"),
    [
        (
            {"fixed": {"sdk_edge.metadata.contry_code": "DE"}},
            r"'sdk_edge\.metadata\.contry_code' is not a position.*did you mean "
            r"'sdk_edge\.metadata\.country_code'",
        ),
        ({"levle": "ERROR"}, r"'levle' is not a top-level CallEvent property"),
        (
            {"level": 5},
            r"fixed value for 'level' is not allowed by the schema: "
            r"\$\.level: 5 is not of type 'string'",
        ),
        (
            {"fixed": {"conversation_relay_data.stt_latency.latency_ms": 2**31}},
            r"'conversation_relay_data\.stt_latency\.latency_ms'.*is greater than the maximum",
        ),
        (
            {"fixed": {"sdk_edge.metadata.location": {"lat": 1.0}}},
            r"'sdk_edge\.metadata\.location'.*'lon' is a required property",
        ),
        ({"fixed": {"timestamp": "2026-11-01 10:00:00"}}, r"is not a 'date-time'"),
        ({"fixed": {42: "x"}}, r"a fixed path must be"),
    ],
)
def test_bad_pins_fail_naming_the_path(pins, message):
    with pytest.raises(InvalidArgument, match=message):
        _draw_once(call_events(**pins))
    if "fixed" in pins:
        with pytest.raises(InvalidArgument, match=message):
            generate(1, fixed=pins["fixed"])


def _draw_once(strategy):
    @settings(max_examples=1)
    @given(strategy)
    def draw(_event):
        pass

    draw()


def test_errors_are_deferred_until_the_strategy_is_used():
    strategy = call_events(levle="ERROR")  # no error yet, as with Hypothesis's own strategies
    with pytest.raises(InvalidArgument, match="levle"):
        _draw_once(strategy)


@settings(max_examples=20)
@given(st.data())
def test_a_strategy_pin_that_draws_a_forbidden_value_fails_naming_the_path(data):
    with pytest.raises(InvalidArgument, match="fixed value for 'level'"):
        data.draw(call_events(level=st.just(5)))


def test_generate_refuses_strategy_pins():
    with pytest.raises(InvalidArgument, match="takes plain values only"):
        generate(1, fixed={"level": st.just("INFO")})
