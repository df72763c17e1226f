"""``fuzz_stream`` finds each planted stream bug with a short shrunk stream, and raises no
false alarm on a correct consumer. Budgets are small and fixed (seeded), so each test
stays within seconds."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from stream_consumers import (
    INVARIANTS,
    AssumesOrder,
    CountsRedeliveriesTwice,
    GoodConsumer,
    TrustsTheEnvelope,
)

from callevent_toolkit import InvalidArgument
from callevent_toolkit.envelopes import EnvelopeError, unwrap
from callevent_toolkit.fuzz import (
    StreamFailureKind,
    StreamReport,
    assert_stream_handles,
    fuzz_stream,
)
from callevent_toolkit.fuzz._stream_data import MALFORMATIONS, delivery_streams

BUDGET = {"max_examples": 40, "seed": 7}
_REPORTS: dict[type, StreamReport] = {}


def _report(consumer: type) -> StreamReport:
    """One seeded run per consumer, shared by the tests that read its report."""
    if consumer not in _REPORTS:
        _REPORTS[consumer] = fuzz_stream(consumer, invariants=INVARIANTS, **BUDGET)
    return _REPORTS[consumer]


def test_a_correct_consumer_passes():
    report = _report(GoodConsumer)
    assert report.ok, str(report)
    assert report.streams >= BUDGET["max_examples"]


def test_a_redelivery_counted_twice_is_found_on_two_deliveries_of_one_event():
    [failure] = _report(CountsRedeliveriesTwice).failures
    assert failure.kind is StreamFailureKind.BROKE_INVARIANT
    assert failure.invariant.endswith("stored_once")
    first, again = failure.deliveries
    assert first.ids == again.ids
    assert (first.attempt, again.attempt) == (1, 2)


def test_assuming_order_is_found_on_two_events_of_one_call_reversed():
    [failure] = _report(AssumesOrder).failures
    assert failure.kind is StreamFailureKind.BROKE_INVARIANT
    assert failure.invariant.endswith("latest_is_newest")
    assert failure.exception is None  # the invariant returned False
    events = [event for delivery in failure.deliveries for event in delivery.events]
    assert len(failure.deliveries) <= 2
    assert len({event["call_sid"] for event in events}) == 1
    assert events[0]["timestamp"] > events[-1]["timestamp"]


def test_reading_a_missing_id_is_found_on_one_envelope_without_id():
    report = _report(TrustsTheEnvelope)
    found = [f for f in report.failures if f.kind is StreamFailureKind.WRONG_ERROR_ON_MALFORMED]
    assert found, str(report)
    missing_id = [f for f in found if isinstance(f.exception, KeyError)]
    assert [f.deliveries[f.position].malformed for f in missing_id] == ["no id"]
    assert len(missing_id[0].deliveries) == 1
    assert "KeyError: 'id'" in str(report)


def test_the_report_shows_the_stream_and_a_replay_seed():
    report = _report(CountsRedeliveriesTwice)
    text = str(report)
    assert "broke-invariant" in text
    assert "shortest stream (2 deliveries)" in text
    assert "attempt 2" in text
    assert "seed=7" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["failures"][0]["deliveries"][1]["attempt"] == 2


def test_the_same_seed_finds_the_same_stream():
    with pytest.raises(AssertionError, match="stored_once") as raised:
        assert_stream_handles(CountsRedeliveriesTwice, invariants=INVARIANTS, **BUDGET)
    again = _report(CountsRedeliveriesTwice)
    assert again.failures == fuzz_stream(CountsRedeliveriesTwice, invariants=INVARIANTS,
                                         **BUDGET).failures  # fmt: skip
    assert str(again) in str(raised.value)


def test_without_malformed_deliveries_the_envelope_bug_is_not_reached():
    report = fuzz_stream(TrustsTheEnvelope, invariants=INVARIANTS, malformed=False, **BUDGET)
    assert report.ok, str(report)


@settings(max_examples=30)
@given(delivery_streams())
def test_every_delivery_is_what_it_claims(stream):
    """unwrap is the oracle: valid bodies unwrap to their events, broken ones are refused."""
    attempts: dict[tuple[str, ...], int] = {}
    for delivery in stream.deliveries:
        if delivery.malformed is None:
            assert unwrap(delivery.body) == list(delivery.events)
            assert [e["id"] for e in json.loads(delivery.body)] == list(delivery.ids)
        else:
            assert delivery.malformed in MALFORMATIONS
            with pytest.raises(EnvelopeError):
                unwrap(delivery.body)
        attempts[delivery.ids] = attempts.get(delivery.ids, 0) + 1
        assert delivery.attempt >= 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"invariants": [1]},
        {"rejects": "ValueError"},
        {"max_examples": 0},
        {"max_deliveries": True},
        {"seed": 1.5},
    ],
)
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(InvalidArgument):
        fuzz_stream(GoodConsumer, **kwargs)
    with pytest.raises(InvalidArgument):
        fuzz_stream(42)  # type: ignore[arg-type]
