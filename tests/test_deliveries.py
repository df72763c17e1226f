"""Deliveries with Event Streams' semantics: at-least-once (a redelivery keeps its ids),
no ordering guarantee, events due within ``max_delay``, batches; webhook and Kinesis."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime

import pytest
from hypothesis import HealthCheck, find, given, settings

from callevent_toolkit import (
    InvalidArgument,
    generate_deliveries,
    generate_stream,
    unwrap,
)
from callevent_toolkit.engine import BATCH_WINDOW_MS, REDELIVERY_MAX_MS, Delivery
from callevent_toolkit.envelopes import kinesis_record, to_cloudevent, webhook_body
from callevent_toolkit.strategies import deliveries

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ms(event):
    return round(datetime.fromisoformat(event["timestamp"].upper()).timestamp() * 1000)


def _check_at_least_once(stream, delivered, max_delay_ms):
    """Every event of the stream arrives, first deliveries within ``max_delay_ms`` of the
    event, redeliveries repeat a first delivery exactly, and all come in due order."""
    ids = {to_cloudevent(e)["id"]: e for e in stream}
    firsts = {d.ids: d for d in delivered if d.attempt == 1}
    assert {i for d in delivered for i in d.ids} == set(ids)
    assert sum(len(key) for key in firsts) == len(ids)  # each event in one first body
    for delivery in delivered:
        assert unwrap(delivery.body) == list(delivery.events)
        assert [ids[i] for i in delivery.ids] == list(delivery.events)
        if delivery.attempt == 1:  # a batch may hold an event up to 1 s past its delay
            wait = max_delay_ms + (BATCH_WINDOW_MS if len(delivery.ids) > 1 else 0)
            assert all(0 <= delivery.due_ms - _ms(e) <= wait for e in delivery.events)
        else:
            first = firsts[delivery.ids]
            assert delivery.attempt == 2
            assert (delivery.body, delivery.events) == (first.body, first.events)
            assert 1_000 <= delivery.due_ms - first.due_ms <= REDELIVERY_MAX_MS
    dues = [d.due_ms for d in delivered]
    assert dues == sorted(dues)


def test_every_event_is_delivered_at_least_once_and_redeliveries_keep_their_ids():
    stream = list(generate_stream(12, seed=4))
    delivered = list(generate_deliveries(12, seed=4, duplicates=0.3))
    _check_at_least_once(stream, delivered, 90_000)
    again = sum(d.attempt == 2 for d in delivered)
    assert 0.2 * len(stream) < again < 0.4 * len(stream)
    assert all(d.headers == {"Content-Type": "application/json"} for d in delivered)


def test_delays_reorder_events_and_no_delay_keeps_emission_order():
    stream = [to_cloudevent(e)["id"] for e in generate_stream(8, seed=6)]
    late = [i for d in generate_deliveries(8, seed=6) for i in d.ids]
    prompt = [i for d in generate_deliveries(8, seed=6, max_delay=0) for i in d.ids]
    assert sorted(late) == sorted(stream)
    assert late != stream
    assert prompt == stream


def test_within_a_call_arrival_order_differs_from_emission_order():
    per_call = defaultdict(list)
    for delivery in generate_deliveries(10, seed=1):
        for event in delivery.events:
            per_call[event["call_sid"]].append(_ms(event))
    assert any(stamps != sorted(stamps) for stamps in per_call.values())


def test_batches_hold_up_to_n_events_due_within_a_second():
    delivered = list(generate_deliveries(6, seed=2, batch=3, duplicates=0.5))
    sizes = Counter(len(d.ids) for d in delivered if d.attempt == 1)
    assert set(sizes) == {1, 2, 3}
    _check_at_least_once(list(generate_stream(6, seed=2)), delivered, 90_000)
    late = {i: d.due_ms for d in generate_deliveries(6, seed=2) for i in d.ids}
    for delivery in (d for d in delivered if d.attempt == 1):
        dues = [late[i] for i in delivery.ids]
        assert dues == sorted(dues)
        assert dues[-1] == delivery.due_ms
        assert dues[-1] - dues[0] <= BATCH_WINDOW_MS
    for delivery in delivered:
        assert json.loads(delivery.body) == [to_cloudevent(e) for e in delivery.events]


def test_kinesis_records_are_one_base64_cloudevent_each():
    stream = list(generate_stream(5, seed=3))
    delivered = list(generate_deliveries(5, seed=3, envelope="kinesis", duplicates=0.2))
    _check_at_least_once(stream, delivered, 90_000)
    for delivery in delivered:
        assert (delivery.envelope, delivery.headers) == ("kinesis", {})
        assert delivery.body == kinesis_record(delivery.events[0])


def test_data_as_string_gives_the_older_form():
    delivery = next(generate_deliveries(1, seed=0, data_as_string=True))
    assert delivery.body == webhook_body(delivery.events, data_as_string=True)
    assert isinstance(json.loads(delivery.body)[0]["data"], str)


def test_a_window_of_calls_gets_exactly_its_deliveries_in_a_larger_run():
    options = {"seed": 7, "duplicates": 0.4}
    window = list(generate_deliveries(4, start=3, **options))
    ids = {i for d in window for i in d.ids}
    larger = [d for d in generate_deliveries(12, **options) if set(d.ids) <= ids]
    assert window == larger


def test_same_arguments_same_bytes():
    def bodies(**options):
        return [(d.body, d.attempt, d.due_ms) for d in generate_deliveries(6, **options)]

    options = {"seed": 5, "duplicates": 0.3, "batch": 2, "accounts": 2}
    assert bodies(**options) == bodies(**options)
    assert bodies(**options) != bodies(**{**options, "seed": 6})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"envelope": "sqs"}, "envelope must be 'webhook' or 'kinesis'"),
        ({"duplicates": 1.5}, "duplicates must be between 0.0 and 1.0"),
        ({"max_delay": -1}, "max_delay must be 0 to 14,400 seconds"),
        ({"max_delay": float("inf")}, "max_delay must be 0 to 14,400 seconds"),
        ({"max_delay": 14_401}, "max_delay must be 0 to 14,400 seconds"),
        ({"batch": 0}, "batch must be at least 1"),
        ({"batch": 101}, "batch must be at most 100"),
        ({"envelope": "kinesis", "batch": 2}, "a Kinesis record holds one event"),
        ({"data_as_string": None}, "data_as_string must be True or False"),
        ({"accounts": 0}, "accounts must be at least 1"),
    ],
)
def test_bad_arguments_are_refused_at_the_call(arguments, message):
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        generate_deliveries(1, **arguments)


# -- the strategy -------------------------------------------------------------------------


@FAST
@given(deliveries(max_calls=2, max_batch=3))
def test_drawn_deliveries_deliver_every_event_at_least_once(delivered):
    assert all(isinstance(d, Delivery) for d in delivered)
    unique = {i: e for d in delivered for i, e in zip(d.ids, d.events, strict=True)}
    stream = sorted(unique.values(), key=_ms)
    _check_at_least_once(stream, delivered, 90_000)
    assert all(1 <= len(d.ids) <= 3 for d in delivered)


@FAST
@given(deliveries(envelope="kinesis", max_calls=1))
def test_drawn_kinesis_deliveries_are_records(delivered):
    for delivery in delivered:
        assert unwrap(delivery.body) == list(delivery.events)
        assert len(delivery.events) == 1
        assert not delivery.body.startswith("[")


@pytest.mark.slow
def test_drawn_deliveries_shrink_to_one_short_call_each_event_once_alone():
    # One call at most: Hypothesis stops after 500 successful shrinks, which a stream
    # of several calls (every delay and seed lowered step by step) can use up first.
    shrunk = find(deliveries(max_calls=1, max_batch=3), lambda delivered: True)
    assert [d.attempt for d in shrunk] == [1] * len(shrunk)
    assert all(len(d.ids) == 1 for d in shrunk)
    assert len(shrunk) <= 4
    assert all(d.due_ms - _ms(d.events[0]) < 1_000 for d in shrunk)  # delays towards 0


@pytest.mark.slow
def test_a_failure_needing_a_redelivery_shrinks_to_one():
    shrunk = find(deliveries(max_calls=1), lambda delivered: any(d.attempt == 2 for d in delivered))
    assert Counter(d.attempt for d in shrunk) == {1: len(shrunk) - 1, 2: 1}


@pytest.mark.slow
def test_a_failure_needing_disorder_shrinks_to_one_late_event():
    def disordered(delivered):
        stamps = [_ms(d.events[0]) for d in delivered]
        return stamps != sorted(stamps)

    shrunk = find(deliveries(max_calls=1), disordered, settings=settings(max_examples=300))
    late = [d for d in shrunk if d.due_ms != _ms(d.events[0])]
    assert len(late) == 1


@pytest.mark.parametrize(
    "arguments",
    [
        {"duplicates": 0.5},
        {"max_batch": 0},
        {"envelope": "kinesis", "max_batch": 2},
        {"max_delay": -1},
        {"data_as_string": "yes"},
    ],
)
def test_bad_strategy_arguments_are_refused_when_drawn(arguments):
    with pytest.raises(InvalidArgument):
        deliveries(**arguments).validate()
