"""The valid coverage cases: valid (the validator says so), complete, deterministic.

The expected numbers of cases are derived from the schema walk and the hostile value
tables, never written down, so a new schema version or a new hostile value changes them
without touching this file.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import pytest

from callevent_toolkit import is_valid, validate
from callevent_toolkit.engine import (
    HostileCase,
    hostile_cases,
    hostile_values,
    plan_with,
    seeded_source,
)
from callevent_toolkit.engine._hostile import _hostile_cases
from callevent_toolkit.engine._hostile_values import (
    HOSTILE_ARRAY_SIZES,
    HOSTILE_INTEGERS,
    HOSTILE_KEYS,
    HOSTILE_NUMBERS,
    HOSTILE_STRINGS,
    HOSTILE_TIMESTAMPS,
)
from callevent_toolkit.schemas.structure import Node, structure

CASES = hostile_cases()
ROOT = structure(3)
_OPTIONAL = ("present", "absent")
_ARRAY_LABELS = {v.label for v in HOSTILE_ARRAY_SIZES}
_KEY_LABELS = {v.label for v in HOSTILE_KEYS}
_EMPTY_MAP = "empty map"


def _by_position(*labels: str) -> dict[tuple[str, ...], list[HostileCase]]:
    """Cases with one of ``labels`` by schema position; without labels, the hostile
    *value* cases (not present/absent, not map keys, whose position is the map's ``*``
    like its values', not array sizes)."""
    other = {*_OPTIONAL, *_KEY_LABELS, *_ARRAY_LABELS, _EMPTY_MAP}
    found: dict[tuple[str, ...], list[HostileCase]] = defaultdict(list)
    for case in CASES:
        if case.label in labels if labels else case.label not in other:
            found[case.position].append(case)
    return found


def _optional_paths() -> list[tuple[str, ...]]:
    return [
        prop.node.path
        for node in ROOT.walk()
        for prop in node.properties
        if not prop.required and "*" not in prop.node.path
    ]


def test_every_case_is_valid() -> None:
    invalid = [case.description for case in CASES if not is_valid(case.event)]
    assert invalid == []


def test_the_message_validator_agrees_on_every_case() -> None:
    assert [case.description for case in CASES if validate(case.event)] == []


def test_every_optional_part_is_present_once_and_absent_once() -> None:
    optional = Counter((c.position, c.label) for c in CASES if c.label in _OPTIONAL)
    expected = {(path, label): 1 for path in _optional_paths() for label in _OPTIONAL}
    assert optional == expected
    for case in CASES:
        if case.label == "absent":
            assert case.position[-1] not in _container(case.event, case.position)
        elif case.label == "present":
            assert case.position[-1] in _container(case.event, case.position)


def _container(event: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for step in path[:-1]:
        event = event[step]
    return event


def _scalar_nodes() -> list[Node]:
    return [n for n in ROOT.walk() if n.kind not in ("object", "map", "array")]


def test_each_scalar_position_gets_each_of_its_hostile_values_at_each_place() -> None:
    positions = _by_position()
    for node in _scalar_nodes():
        cases = positions.get(node.path, [])
        places = {c.pointer for c in cases}
        values = hostile_values(node)
        assert len(cases) == len(values) * len(places), node.path
        if values:
            assert places, node.path
        if "*" not in node.path:
            assert len(places) <= 1, node.path
        for place in places:
            here = [c for c in cases if c.pointer == place]
            assert [(c.label, repr(c.value)) for c in here] == [
                (v.label, repr(v.value)) for v in values
            ]


def test_below_a_map_every_realistic_key_is_a_place() -> None:
    (attributes,) = [n for n in ROOT.walk() if n.path[-2:] == ("configurations", "*")]
    cases = _by_position()[attributes.path]
    keys = {c.pointer.rsplit("/", 1)[1] for c in cases}
    assert "speechTimeout" in keys
    assert len(keys) > 5  # every TwiML attribute of the realistic base event


def _realistic_keys(map_path: tuple[str, ...], count: int) -> set[str]:
    """The keys ``count`` realistic events (other seeds than the cases') put in a map."""
    plan = plan_with(3, True, [map_path])
    keys: set[str] = set()
    for index in range(count):
        keys.update(_container(plan.event(seeded_source(99, index)), (*map_path, "x")))
    return keys


@pytest.mark.parametrize("map_node", [n for n in ROOT.walk() if n.kind == "map"], ids=str)
def test_below_a_map_each_key_of_many_realistic_events_is_a_place(map_node: Node) -> None:
    # One realistic event has one or two of the seven languages: a handler that parses
    # languages["en-US"] needs en-US among the places however the base event was drawn.
    keys = _realistic_keys(map_node.path, 200)
    assert len(keys) > 2
    below = [n for n in ROOT.walk() if n.path[: len(map_node.path) + 1] == (*map_node.path, "*")]
    for node in [n for n in below if hostile_values(n)]:
        places = {c.pointer.split("/")[len(map_node.path) + 1] for c in _by_position()[node.path]}
        assert keys <= places, (node.path, keys - places)


def test_every_map_is_also_empty() -> None:
    cases = _by_position(_EMPTY_MAP)
    assert sorted(cases) == sorted(n.path for n in ROOT.walk() if n.kind == "map")
    for (case,) in cases.values():
        assert _container(case.event, (*case.position, "x")) == {}
        assert validate(case.event) == []


def test_each_map_gets_each_hostile_key_and_each_array_each_size() -> None:
    for node in ROOT.walk():
        if node.kind == "map":
            cases = _by_position(*_KEY_LABELS)[(*node.path, "*")]
            assert [c.value for c in cases] == [k.value for k in HOSTILE_KEYS]
            for case in cases:
                assert case.value in _container(case.event, (*node.path, case.value))
        if node.kind == "array":
            cases = _by_position(*_ARRAY_LABELS)[node.path]
            sizes = [len(_container(c.event, (*node.path, "item"))) for c in cases]
            assert sizes == [v.value for v in HOSTILE_ARRAY_SIZES] == [0, 1, 1_000]


def test_the_number_of_cases_follows_from_the_schema_walk() -> None:
    positions = _by_position()
    places = {p: len({c.pointer for c in cases}) for p, cases in positions.items()}
    expected = 2 * len(_optional_paths())
    expected += sum(len(hostile_values(n)) * places.get(n.path, 0) for n in _scalar_nodes())
    expected += sum(len(HOSTILE_KEYS) + 1 for n in ROOT.walk() if n.kind == "map")
    expected += sum(len(HOSTILE_ARRAY_SIZES) for n in ROOT.walk() if n.kind == "array")
    assert len(CASES) == expected


@pytest.mark.parametrize(
    "table",
    [HOSTILE_STRINGS, HOSTILE_INTEGERS, HOSTILE_NUMBERS, HOSTILE_TIMESTAMPS, HOSTILE_KEYS],
    ids=["strings", "integers", "numbers", "timestamps", "keys"],
)
def test_every_hostile_value_class_is_placed_somewhere(table: tuple[Any, ...]) -> None:
    placed = {(c.label, repr(c.value)) for c in CASES}
    missing = [(v.label, v.value) for v in table if (v.label, repr(v.value)) not in placed]
    assert missing == []


def test_the_hostile_values_asked_for_are_there() -> None:
    strings = {v.value for v in HOSTILE_STRINGS}
    assert {"", " ", "null", "undefined", "NaN", "true", "0"} <= strings
    assert {"__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"} <= strings
    assert {"__class__", "__init__"} <= strings
    assert any("\x00" in s for s in strings)
    assert any(len(s) == 10_000 for s in strings)
    integers = [v.value for v in HOSTILE_INTEGERS]
    for bound in (2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63 - 1, 2**63, -(2**63)):
        assert bound in integers
    assert {-(2**63) - 1, 2**53 + 1, 2**64, 10**39, 0, -1} <= set(integers)
    assert any(isinstance(v, float) and math.copysign(1, v) < 0 for v in integers)
    numbers = [v.value for v in HOSTILE_NUMBERS]
    assert 5e-324 in numbers
    assert 1e308 in numbers
    assert any(math.copysign(1, v) < 0 and v == 0 for v in numbers)
    stamps = [v.value for v in HOSTILE_TIMESTAMPS]
    for text in ("-12:00", "+14:00", "-00:00", "t", "z", "2024-02-29", "0001-", "9999-"):
        assert any(text in stamp for stamp in stamps), text
    fractions = {len(s.partition(".")[2].rstrip("Z")) for s in stamps if s.endswith("Z")}
    assert set(range(10)) <= fractions


def test_out_of_range_coordinates_only_where_the_schema_allows_them() -> None:
    geo = [c for c in CASES if c.label.endswith("out of range")]
    assert {c.position[-1] for c in geo} == {"lat", "lon"}
    bounded = [n for n in _scalar_nodes() if n.kind == "integer" and n.maximum is not None]
    assert bounded  # the int32 latencies
    for node in bounded:
        values = [v.value for v in hostile_values(node)]
        assert 2**31 - 1 in values
        assert 2**31 not in values


def test_the_cases_are_the_same_in_every_build() -> None:
    _hostile_cases.cache_clear()
    try:
        rebuilt = hostile_cases()
    finally:
        _hostile_cases.cache_clear()
    assert rebuilt == CASES
    assert rebuilt is not CASES
