"""Contract-space general values under Hypothesis: the leaf's whole value space, cheaply.

``engine._general`` replaced hypothesis-jsonschema's ``from_schema`` for the general
values of contract leaves (December 2026). These tests hold it to what ``from_schema``
gave and to what the docs say contract space contains: every value conforms to its leaf
(both validators), date-times reach every part of RFC 3339 that ``from_schema`` reached
(any year 1-9999, microseconds, ``±HH:MM`` offsets) and more (``t``, ``z``, 3 and 9
fraction digits), strings and map keys reach non-ASCII and control characters, and
everything shrinks to its simplest value.
"""

from __future__ import annotations

import re

import jsonschema
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from callevent_toolkit.engine import HypothesisSource, _contract, _general
from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.validation import _message_validator

LEAVES = sorted(
    {n.pointer: n for n in structure(3).walk() if n.kind in ("string", "integer", "number")}.items()
)
STAMP = re.compile(
    r"(?P<year>\d{4})-\d\d-\d\d(?P<sep>[Tt])\d\d:\d\d:\d\d(?P<fraction>\.\d+)?(?P<zone>[Zz]|[+-]\d\d:\d\d)"
)


def _general_values(node):
    general = _contract._general_of(node)
    return st.composite(lambda draw: general(HypothesisSource(draw)))()


def _leaf_schema(node):
    schema = {"type": node.kind}
    for key in ("format", "minimum", "maximum"):
        if getattr(node, key) is not None:
            schema[key] = getattr(node, key)
    return schema


@pytest.mark.parametrize(("pointer", "node"), LEAVES, ids=[p for p, _ in LEAVES])
def test_general_values_conform_to_every_leaf(pointer, node):
    checker = jsonschema.Draft7Validator(
        _leaf_schema(node), format_checker=_message_validator(3).format_checker
    )

    @settings(max_examples=40)
    @given(_general_values(node))
    def conforms(value):
        assert checker.is_valid(value), (pointer, value)

    conforms()


def _timestamps(examples):
    node = structure(3).find(("timestamp",))
    seen = []

    @settings(max_examples=examples, database=None)
    @given(_general_values(node))
    def collect(value):
        seen.append(value)

    collect()
    return seen


def test_general_timestamps_reach_every_part_of_rfc3339_within_300_examples():
    parts = [STAMP.fullmatch(value) for value in _timestamps(300)]
    assert all(parts)
    years = {int(m["year"]) for m in parts}
    assert min(years) < 1000
    assert max(years) > 2100
    assert {m["sep"] for m in parts} == {"T", "t"}
    assert {len(m["fraction"] or ".") - 1 for m in parts} == {0, 3, 6, 9}
    zones = {m["zone"] for m in parts}
    assert {"Z", "z"} <= zones
    assert any(z.startswith("+") and z != "+00:00" for z in zones)
    assert any(z.startswith("-") for z in zones)


def test_general_timestamps_validate_with_both_validators():
    from callevent_toolkit import generate, is_valid, validate

    (event,) = generate(1, seed=1)
    for stamp in _timestamps(150):
        changed = {**event, "timestamp": stamp}
        assert is_valid(changed), stamp
        assert validate(changed) == [], stamp


def test_general_strings_and_keys_reach_non_ascii_and_control_characters():
    node = structure(3).find(("edge",))
    strings = []
    keys = []

    @settings(max_examples=300, database=None)
    @given(
        _general_values(node), st.composite(lambda d: _contract.contract_key(HypothesisSource(d)))()
    )
    def collect(string, key):
        strings.append(string)
        keys.append(key)

    collect()
    for found in (strings, keys):
        assert any(not s.isascii() for s in found)
        assert any(any(ord(c) < 32 for c in s) for s in found)
    assert set(_contract._KEY_EDGES) & set(keys)  # edge keys and drawn ones, both
    assert set(keys) - set(_contract._KEY_EDGES)


def test_general_values_shrink_to_their_simplest():
    def simplest(path):
        node = structure(3).find(path)
        assert node is not None
        return find(_general_values(node), lambda _v: True, settings=settings(database=None))

    assert simplest(("timestamp",)) == "2000-01-01T00:00:00Z"
    assert simplest(("edge",)) == ""
    assert simplest(("conversation_relay_data", "sequence_number")) == 0
    key = find(
        st.composite(lambda d: _contract.contract_key(HypothesisSource(d)))(),
        lambda _k: True,
        settings=settings(database=None),
    )
    assert key == _contract._KEY_EDGES[0]


def test_contract_leaves_draw_general_values_through_general_strategy(monkeypatch):
    """The general (non-edge) values of a non-date-time leaf are draws of
    ``general_strategy``; a date-time's are :func:`_general.timestamp`."""
    marker = "drawn through general_strategy"
    monkeypatch.setattr(_contract, "general_strategy", lambda _node: st.just(marker))
    monkeypatch.setattr(_contract, "timestamp", lambda _src: marker)
    for path in (("edge",), ("timestamp",)):
        node = structure(3).find(path)
        leaf = _contract.contract_leaf(node)
        values = st.composite(lambda draw, leaf=leaf: leaf(HypothesisSource(draw), None))()
        found = find(values, lambda value: value == marker, settings=settings(database=None))
        assert found == marker
    assert _general.general_strategy(structure(3).find(("edge",))) is not None
