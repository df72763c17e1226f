"""The contract-coverage model: targets from the schema walk, and what events hit."""

from __future__ import annotations

import copy
import math

import pytest

from callevent_toolkit.contract_coverage import recorder
from callevent_toolkit.contract_coverage.model import DIMENSIONS, model, value_classes
from callevent_toolkit.contract_coverage.recorder import Recorder
from callevent_toolkit.engine import EDGES, event_kinds, observe, observe_invalid, observe_many
from callevent_toolkit.generation import coverage_cases, generate
from callevent_toolkit.schemas.constraints import constraints
from callevent_toolkit.schemas.structure import structure


def _keys(event) -> set[str]:
    hit: set[int] = set()
    m = model()
    m.observe(event, hit)
    return {m.targets[i].key for i in hit}


def _of(dimension: str) -> list:
    return [t for t in model().targets if t.dimension == dimension]


def test_presence_targets_come_from_the_walk():
    """Per property: present; and absent for optional properties only."""
    props = [p for node in structure().walk() for p in node.properties]
    assert len(_of("presence")) == sum(1 if p.required else 2 for p in props)
    location = {t.label for t in _of("presence") if t.pointer == "/sdk_edge/metadata/location"}
    assert location == {"present", "absent"}
    assert {t.label for t in _of("presence") if t.pointer == "/call_sid"} == {"present"}


def test_every_constraint_and_every_container_has_its_targets():
    assert [(t.pointer, t.label) for t in _of("constraints")] == [
        (c.pointer, c.keyword) for c in constraints()
    ]
    containers = [n for n in structure().walk() if n.kind in ("map", "array")]
    assert len(_of("sizes")) == 3 * len(containers) > 0
    assert len(_of("kinds")) == len(EDGES) + len(event_kinds())
    leaves = [n for n in structure().walk() if n.kind not in ("object", "map", "array")]
    assert len(_of("values")) == sum(len(value_classes(n)) for n in leaves)
    assert {t.dimension for t in model().targets} == set(DIMENSIONS)


def test_bounds_rule_out_classes_that_cannot_exist():
    latency = structure().find(("conversation_relay_data", "stt_latency", "latency_ms"))
    assert latency is not None
    assert latency.maximum == 2**31 - 1
    assert "huge" not in value_classes(latency)
    assert "boundary" in value_classes(latency)


def _realistic():
    return next(
        generate(
            1,
            seed=11,
            fixed={
                "edge": "sdk_edge",
                "group": "network-quality-warning-raised",
                "name": "high-rtt",
            },
        )
    )


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("sdk_edge", "metadata", "location", "lat"), -0.0, "negative-zero"),
        (("sdk_edge", "metadata", "location", "lat"), 0.0, "zero"),
        (("sdk_edge", "metadata", "location", "lat"), 12.0, "integral"),
        (("sdk_edge", "metadata", "location", "lat"), 1e300, "huge"),
        (("sdk_edge", "metadata", "location", "lat"), -1.5, "fractional"),
        (("sdk_edge", "metadata", "city"), "", "empty"),
        (("sdk_edge", "metadata", "city"), " \t", "whitespace"),
        (("sdk_edge", "metadata", "city"), "München", "non-ascii"),
        (("sdk_edge", "metadata", "city"), "a\x00b", "control"),
        (("sdk_edge", "metadata", "city"), "\u202eevil", "control"),
        (("sdk_edge", "metadata", "city"), "x" * 256, "long"),
        (("sdk_edge", "metadata", "city"), "Berlin", "ordinary"),
        (("timestamp",), "2026-11-01T00:00:00.5+14:00", "offset"),
        (("timestamp",), "2026-11-01T00:00:00.5+14:00", "fraction"),
        (("timestamp",), "2026-11-01T00:00:00z", "utc"),
        (("sdk_edge", "error", "code"), 2**64, "huge"),
        (("sdk_edge", "error", "code"), -(2**63), "boundary"),
        (("sdk_edge", "error", "code"), 2**31 - 1, "boundary"),
        (("sdk_edge", "error", "code"), 7.0, "integral-float"),
        (("sdk_edge", "error", "code"), -3, "negative"),
        (("sdk_edge", "metric", "values"), [], "empty"),
        (("sdk_edge", "metric", "values"), [1.5], "one"),
        (("sdk_edge", "metric", "values"), [1.5, 2.5], "many"),
    ],
)
def test_value_and_size_classes(path, value, expected):
    event = _realistic()
    event["sdk_edge"]["error"] = {"code": 31005, "message": "x"}
    holder = event
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    dimension = "sizes" if isinstance(value, list) else "values"
    assert f"{dimension} /{'/'.join(path)} {expected}" in _keys(event)


def test_absent_optional_parts_and_event_kinds_are_seen():
    event = _realistic()
    del event["sdk_edge"]["metadata"]["location"]
    keys = _keys(event)
    assert "presence /sdk_edge/metadata/location absent" in keys
    assert "presence /carrier_edge absent" in keys
    assert "kinds  edge=sdk_edge" in keys
    assert f"kinds  network-quality-warning-raised/high-rtt/{event['level']}" in keys
    assert not any(key.startswith("constraints") for key in keys)


@pytest.mark.parametrize("hostile", [None, [], "x", 3, {"sdk_edge": []}, {"edge": 5, "name": None}])
def test_any_json_value_is_observed_without_error(hostile):
    """Wrong JSON types give no value or size class (and never an exception)."""
    keys = _keys(hostile)
    assert not {k for k in keys if k.split()[0] in ("values", "sizes", "kinds")}


def test_coverage_cases_break_every_rule_alone_labelled_or_judged_by_the_validator():
    labelled, judged = Recorder(), Recorder()
    for case in coverage_cases():
        labelled.record_invalid(copy.deepcopy(case))
        judged.record_unlabelled(case.event)
    rules = labelled.summary().dimension("constraints")
    assert rules.covered == rules.total == len(constraints())
    assert judged.seen == labelled.seen
    assert judged.valid == 0


def test_two_broken_rules_count_for_no_rule():
    case = coverage_cases()[5]
    double = type(case)(case.event, case.violations * 2, case.constraints * 2, case.operators * 2)
    rec = Recorder()
    rec.record_invalid(double)
    assert rec.seen == set()
    assert rec.invalid == 1


def test_contract_events_reach_every_presence_and_size_target():
    rec = Recorder()
    for event in generate(1500, seed=5, realistic=False):
        rec.record(event)
    figures = rec.summary().dimensions
    assert figures["presence"].covered == figures["presence"].total
    assert figures["sizes"].covered == figures["sizes"].total
    assert figures["values"].percent > 90


def test_overall_is_all_targets_seen_over_all_targets():
    rec = Recorder()
    for event in generate(20, seed=1):
        rec.record(event)
    summary = rec.summary()
    dims = summary.dimensions.values()
    assert summary.overall.total == len(model().targets) == sum(f.total for f in dims)
    assert summary.overall.covered == len(rec.seen) == sum(f.covered for f in dims)
    assert math.isclose(
        summary.overall.percent, round(100 * len(rec.seen) / len(model().targets), 2)
    )


def test_snapshots_merge_to_the_union():
    one, two, both = Recorder(), Recorder(), Recorder()
    events = list(generate(10, seed=2, realistic=False))
    for event in events[:5]:
        one.record(event)
    for event in events[5:]:
        two.record(event)
    for event in events:
        both.record(event)
    merged = Recorder()
    merged.merge(one.snapshot())
    merged.merge(two.snapshot())
    assert merged.seen == both.seen
    assert merged.valid == both.valid == 10
    merged.merge({**one.snapshot(), "version": 99})  # another schema's data is ignored
    assert merged.valid == 10


def test_the_hand_out_hooks_are_no_ops_without_an_active_recorder():
    assert recorder.active() is None
    observe({"edge": "sdk_edge"}, 3)
    observe_many([{}], 3)
    observe_invalid(coverage_cases()[0], 3)
    assert recorder.active() is None
    started = recorder.start()
    try:
        assert recorder.active() is started
        observe(next(generate(1, seed=1)), 3)
        observe(next(generate(1, seed=1)), 4)  # another version: ignored
        observe_many(generate(2, seed=1), 3)
        observe_invalid(coverage_cases()[0], 3)
        assert (started.valid, started.invalid) == (3, 1)
    finally:
        assert recorder.stop() is started
    assert recorder.stop() is None


def test_a_subtree_figure_adds_up_everything_below_the_node():
    rec = Recorder()
    for event in generate(30, seed=2, realistic=False):
        rec.record(event)
    summary = rec.summary()
    subtrees = summary.subtrees()
    assert subtrees[""] == summary.overall
    for node in summary.nodes:
        below = [n for n in summary.nodes if n.pointer.startswith(node.pointer + "/")]
        assert subtrees[node.pointer].covered == node.figure.covered + sum(
            n.figure.covered for n in below
        )
        assert subtrees[node.pointer].total == node.figure.total + sum(
            n.figure.total for n in below
        )
    assert subtrees["/sdk_edge"].total > 100


def test_the_same_events_give_the_same_json_bytes_in_any_order():
    from callevent_toolkit.contract_coverage.report_json import dumps

    events = list(generate(40, seed=3, realistic=False))
    forward, backward = Recorder(), Recorder()
    for event in events:
        forward.record(event)
    for event in reversed(events):
        backward.record(event)
    assert dumps(forward.summary()) == dumps(backward.summary())
    fewer = Recorder()
    for event in events[:5]:
        fewer.record(event)
    assert dumps(fewer.summary()) != dumps(forward.summary())
