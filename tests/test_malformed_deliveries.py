"""Malformed deliveries carry a label (kind, where, reason), and the real readers agree:
``unwrap`` raises ``EnvelopeError`` at the labelled place for the labelled reason, and
``callevent validate --envelope`` reports each line there."""

from __future__ import annotations

import json

import pytest
from _cli import callevent
from hypothesis import HealthCheck, find, given, settings

from callevent_toolkit import EnvelopeError, InvalidArgument, malformed_delivery_cases, unwrap
from callevent_toolkit.engine import MALFORMATIONS, malformation_kinds
from callevent_toolkit.strategies import malformed_deliveries

CASES = malformed_delivery_cases()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _refused(delivery):
    with pytest.raises(EnvelopeError) as raised:
        unwrap(delivery.body, validate=True)
    return raised.value


def test_the_list_covers_every_kind_in_every_form_it_applies_to():
    kinds = {(d.envelope, d.malformed) for d in CASES}
    expected = {
        (form, kind) for form in ("webhook", "kinesis") for kind in malformation_kinds(form)
    }
    assert kinds == expected
    assert {kind for _, kind in kinds} == set(MALFORMATIONS)
    asked = {"no id", "empty id", "specversion 0.3", "not a CallEvent type", "data not JSON",
             "bad Base64", "body a JSON string", "empty array", "invalid event"}  # fmt: skip
    assert asked <= set(MALFORMATIONS)
    assert malformed_delivery_cases() == CASES  # deterministic


@pytest.mark.parametrize("delivery", CASES, ids=[f"{d.envelope}-{d.malformed}" for d in CASES])
def test_unwrap_refuses_each_case_where_and_why_its_label_says(delivery):
    error = _refused(delivery)
    assert error.where == delivery.label.where
    assert delivery.label.reason in error.reason
    if delivery.malformed == "invalid event":  # a valid envelope: only the schema refuses it
        assert unwrap(delivery.body) == [
            {**delivery.events[0], "call_sid": 5},
            *delivery.events[1:],
        ]


def test_the_events_and_ids_are_those_of_the_unbroken_delivery():
    for delivery in CASES:
        assert len(delivery.events) == (1 if delivery.envelope == "kinesis" else 2)
        assert len(delivery.ids) == len(delivery.events)
        assert all(i.startswith("EZ") for i in delivery.ids)
        assert all(isinstance(e["call_sid"], str) for e in delivery.events)  # not broken


@pytest.mark.parametrize("form", ["webhook", "kinesis"])
def test_validate_envelope_reports_every_line_at_its_labelled_place(tmp_path, form):
    cases = [d for d in CASES if d.envelope == form]
    path = tmp_path / f"{form}.txt"
    path.write_text("".join(d.body + "\n" for d in cases), encoding="utf-8")
    for read in (form, "auto"):
        result = callevent("validate", "--envelope", read, "--format", "json", str(path))
        assert result.status == 1, result.err
        report = json.loads(result.out)
        assert report["summary"]["invalid"] == len(cases)
        first = {}
        for problem in report["problems"]:
            first.setdefault(problem["line"], problem)
        for line, delivery in enumerate(cases, start=1):
            problem = first[line]
            text = problem["path"] or problem["message"].split(": ", 1)[0]
            assert text == delivery.label.where, (delivery.malformed, problem)
            strict = read == "webhook" and not delivery.body.startswith("[")
            if not strict:  # --envelope webhook words a body that is no array its own way
                assert delivery.label.reason in problem["message"], (delivery.malformed, problem)


@FAST
@given(malformed_deliveries())
def test_drawn_webhook_cases_are_refused_as_labelled(delivery):
    error = _refused(delivery)
    assert (error.where, delivery.label.reason in error.reason) == (delivery.label.where, True)


@FAST
@given(malformed_deliveries(envelope="kinesis", data_as_string=True))
def test_drawn_kinesis_cases_are_refused_as_labelled(delivery):
    error = _refused(delivery)
    assert (error.where, delivery.label.reason in error.reason) == (delivery.label.where, True)


def test_drawn_cases_shrink_to_a_missing_id_on_one_event():
    shrunk = find(malformed_deliveries(), lambda delivery: True)
    assert (shrunk.malformed, len(shrunk.events)) == ("no id", 1)


def test_kinds_can_be_chosen_and_unknown_ones_are_refused():
    only = find(malformed_deliveries(kinds=("empty array",)), lambda d: True)
    assert only.body == "[]"
    for bad in ({"kinds": ("bad Base64",)}, {"kinds": ()}, {"envelope": "sqs"}):
        with pytest.raises(InvalidArgument):
            malformed_deliveries(**bad).validate()
