"""Streams: one account's calls overlapping in time, merged in timestamp order.

Bulk (``generate_stream``) and strategy (``call_streams``) run the same engine; the bulk
form is window-independent and reproducible, the strategy shrinks to one short call."""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from datetime import datetime

import pytest
from hypothesis import HealthCheck, find, given, settings

from callevent_toolkit import InvalidArgument, generate_stream, generate_timelines, is_valid
from callevent_toolkit.strategies import call_streams

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _instant(event):
    return datetime.fromisoformat(event["timestamp"].upper()).timestamp()


def _calls(events):
    calls = defaultdict(list)
    for event in events:
        calls[event["call_sid"]].append(event)
    return calls


def _most_at_once(events):
    """The largest number of calls running at one instant."""
    spans = [(_instant(c[0]), _instant(c[-1])) for c in _calls(events).values()]
    return max(sum(1 for a, b in spans if a <= start <= b) for start, _ in spans)


def test_a_stream_is_one_accounts_calls_overlapping_in_timestamp_order():
    events = list(generate_stream(40, seed=3))
    assert len({e["account_sid"] for e in events}) == 1
    assert len(_calls(events)) == 40
    instants = [_instant(e) for e in events]
    assert instants == sorted(instants)
    assert _most_at_once(events) >= 5
    assert all(is_valid(e) for e in events)
    # interleaved: the calls' events are not one block after another
    order = [e["call_sid"] for e in events]
    blocks = sum(1 for a, b in itertools.pairwise(order) if a != b) + 1
    assert blocks > 2 * 40


def test_call_k_is_timeline_k_moved_to_the_streams_account_and_time():
    stream = _calls(generate_stream(6, seed=9))
    for timeline in generate_timelines(6, seed=9):
        call = stream[timeline[0]["call_sid"]]
        assert [(e["group"], e["name"], e["edge"]) for e in call] == [
            (e["group"], e["name"], e["edge"]) for e in timeline
        ]
        shifted = _instant(call[0]) - _instant(timeline[0])
        assert [_instant(e) - shifted for e in call] == pytest.approx(
            [_instant(e) for e in timeline]
        )
        drop = {"account_sid", "timestamp"}
        assert [{k: v for k, v in e.items() if k not in drop} for e in call] == [
            {k: v for k, v in e.items() if k not in drop} for e in timeline
        ]


def test_a_window_of_calls_is_those_calls_of_a_larger_run_in_the_same_order():
    window = list(generate_stream(7, seed=5, start=4))
    wanted = {e["call_sid"] for e in window}
    larger = [e for e in generate_stream(20, seed=5) if e["call_sid"] in wanted]
    assert len(wanted) == 7
    assert window == larger


def test_same_seed_same_bytes_other_seed_other_stream():
    def text(**options):
        return "".join(json.dumps(e) + "\n" for e in generate_stream(12, **options))

    assert text(seed=8) == text(seed=8)
    assert text(seed=8) != text(seed=9)
    assert text(seed=8, realistic=False) == text(seed=8, realistic=False)


def test_accounts_spreads_the_calls_over_that_many_account_sids():
    events = list(generate_stream(60, seed=2, accounts=3))
    per_call = {e["call_sid"]: e["account_sid"] for e in events}
    assert len(set(per_call.values())) == 3
    assert all(len({e["account_sid"] for e in call}) == 1 for call in _calls(events).values())


def test_contract_streams_are_in_instant_order_though_the_strings_are_not():
    events = list(generate_stream(15, seed=3, realistic=False))
    instants = [_instant(e) for e in events]
    assert instants == sorted(instants)
    assert [e["timestamp"] for e in events] != sorted(e["timestamp"] for e in events)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"count": -1}, "count must be at least 0"),
        ({"count": 1, "accounts": 0}, "accounts must be at least 1"),
        ({"count": 1, "accounts": 1001}, "accounts must be at most 1000"),
        ({"count": 2, "start": 10**8 - 1}, "start + count must be at most 100,000,000"),
        ({"count": 1, "seed": "7"}, "seed must be an int"),
        ({"count": 1, "version": 2}, "version"),
    ],
)
def test_bad_arguments_are_refused_before_any_call_is_made(arguments, message):
    with pytest.raises((InvalidArgument, ValueError), match=re.escape(message)):
        generate_stream(**arguments)


# -- the strategy -------------------------------------------------------------------------


@FAST
@given(call_streams(max_calls=3, accounts=2))
def test_drawn_streams_are_valid_ordered_calls_of_the_given_accounts(events):
    assert all(is_valid(e) for e in events)
    instants = [_instant(e) for e in events]
    assert instants == sorted(instants)
    calls = _calls(events)
    assert 1 <= len(calls) <= 3
    assert len({e["account_sid"] for e in events}) <= 2
    for call in calls.values():
        assert len({e["account_sid"] for e in call}) == 1
    starts = [_instant(call[0]) for call in calls.values()]
    assert max(starts) - min(starts) <= 120  # started within two minutes of each other


@pytest.mark.slow
def test_a_stream_shrinks_to_one_short_call():
    shrunk = find(call_streams(), lambda events: True)
    assert len(_calls(shrunk)) == 1
    assert len(shrunk) <= 4  # a phone call: initiated, ringing, answered, completed at most
    assert shrunk[0]["name"] == "initiated"


@pytest.mark.slow
def test_a_failure_needing_two_overlapping_calls_shrinks_to_two_calls():
    def overlapping(events):
        calls = list(_calls(events).values())
        return len(calls) >= 2 and _instant(calls[1][0]) < _instant(calls[0][-1])

    shrunk = find(call_streams(max_calls=4), overlapping, settings=settings(max_examples=300))
    assert len(_calls(shrunk)) == 2


@pytest.mark.parametrize(
    "arguments",
    [{"min_calls": 0}, {"min_calls": 3, "max_calls": 2}, {"accounts": 0}, {"realistic": 1}],
)
def test_bad_strategy_arguments_are_refused_when_drawn(arguments):
    with pytest.raises(InvalidArgument):
        call_streams(**arguments).validate()


class _Heard:
    """An observer that keeps what the faces hand out (see engine._handouts)."""

    version = 3

    def __init__(self) -> None:
        self.events: list[dict] = []

    def record(self, event: dict) -> None:
        self.events.append(event)

    def record_invalid(self, case: object) -> None:
        raise AssertionError(f"a stream handed out an invalid event: {case!r}")


def test_drawn_streams_and_deliveries_report_each_event_once_to_the_coverage_hook():
    from hypothesis import given, settings

    from callevent_toolkit.engine import set_observer
    from callevent_toolkit.strategies import call_streams, deliveries

    heard = _Heard()
    seen: list[list[dict]] = []

    @settings(max_examples=5, database=None, deadline=None)
    @given(call_streams(max_calls=2))
    def streams(stream):
        seen.append(stream)

    @settings(max_examples=5, database=None, deadline=None)
    @given(deliveries(max_calls=2))
    def delivered(sent):
        # each event once, however often it was redelivered
        seen.append(list({id(e): e for d in sent for e in d.events}.values()))

    was = set_observer(heard)
    try:
        streams()
        delivered()
    finally:
        set_observer(was)
    assert heard.events
    from collections import Counter

    handed = Counter(repr(event) for drawn in seen for event in drawn)
    # every event a test got was heard once per drawing (a draw Hypothesis discards
    # before the test runs may be heard without being handed, never the reverse)
    assert not handed - Counter(map(repr, heard.events))
