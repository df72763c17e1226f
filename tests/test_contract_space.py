"""Contract-space events roam everything the schema allows, edges included."""

from __future__ import annotations

from _sampling import contract_sample, paths_of
from hypothesis import given, settings

from callevent_toolkit import is_valid, validate
from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.strategies import call_events

INT32 = (-(2**31), 2**31 - 1)
DRAW_BUDGET = 600  # Hypothesis draws within which every schema position must appear


def _values_at(events, path):
    for event in events:
        stack = [(event, 0)]
        while stack:
            value, depth = stack.pop()
            if depth == len(path):
                yield value
                continue
            step = path[depth]
            if step == "*":
                children = value.values() if isinstance(value, dict) else value
                stack.extend((child, depth + 1) for child in children)
            elif isinstance(value, dict) and step in value:
                stack.append((value[step], depth + 1))


def test_bulk_contract_events_reach_every_schema_position():
    root = structure(3)
    expected = {node.path for node in root.walk() if node.path}
    reached = set()
    for event in contract_sample():
        reached.update(paths_of(event, root))
    assert expected - reached == set()


def test_strategy_contract_events_reach_every_schema_position_within_bounded_draws():
    root = structure(3)
    expected = {node.path for node in root.walk() if node.path}
    reached: set[tuple[str, ...]] = set()

    @settings(max_examples=DRAW_BUDGET)
    @given(call_events(realistic=False))
    def collect(event):
        reached.update(paths_of(event, root))

    collect()
    assert expected - reached == set()


def test_optional_parts_are_sometimes_absent_and_collections_sometimes_empty():
    events = contract_sample()
    assert any(set(e) == {p.name for p in structure(3).properties if p.required} for e in events)
    assert [] in list(_values_at(events, ("sdk_edge", "metric", "values")))
    assert {} in list(
        _values_at(events, ("conversation_relay_data", "configurations", "languages"))
    )


def test_latency_reaches_its_int32_bounds_and_other_integers_overflow_64_bits():
    latencies = set(
        _values_at(contract_sample(), ("conversation_relay_data", "stt_latency", "latency_ms"))
    )
    assert set(INT32) <= latencies
    assert all(INT32[0] <= v <= INT32[1] for v in latencies)
    sequence = set(_values_at(contract_sample(), ("conversation_relay_data", "sequence_number")))
    assert any(v < 0 for v in sequence)
    assert 0 in sequence
    assert any(abs(v) >= 2**64 for v in sequence)


def test_strings_include_empty_and_non_ascii_and_any_edge_or_level():
    edges = [e["edge"] for e in contract_sample()]
    levels = [e["level"] for e in contract_sample()]
    assert "" in edges
    assert any(not s.isascii() for s in edges)
    assert any(level not in ("UNKNOWN", "DEBUG", "INFO", "WARNING", "ERROR") for level in levels)


def test_timestamps_carry_offsets_and_fractions():
    stamps = [e["timestamp"] for e in contract_sample()]
    assert any("." in s for s in stamps)
    assert any(s.endswith(("+05:30", "-08:00", "+14:00", "-00:00")) for s in stamps)
    assert any(not s.startswith("20") for s in stamps)


PROTOTYPE_NAMES = {"__proto__", "constructor", "valueOf", "toString", "hasOwnProperty"}


def _leaves(value, node, found):
    """(kind, value) for every scalar of ``value`` and ("key", k) for every map key."""
    if node.kind == "object" and isinstance(value, dict):
        for key, child in value.items():
            prop = node.property(key)
            if prop is not None:
                _leaves(child, prop.node, found)
    elif node.kind in ("map", "array") and node.items is not None:
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict):
            found.extend(("key", key) for key in value)
        for child in children:
            _leaves(child, node.items, found)
    else:
        found.append(("date-time" if node.format else node.kind, value))
    return found


def _sample_leaves():
    root = structure(3)
    return [(event, _leaves(event, root, [])) for event in contract_sample()]


def test_strings_include_whitespace_type_lookalikes_nul_and_bidi_controls():
    strings = {v for _e, leaves in _sample_leaves() for k, v in leaves if k == "string"}
    assert {" ", "\t\n", "null", "NaN"} <= strings
    assert any("\x00" in s for s in strings)
    assert any("\u202e" in s for s in strings)


def test_integer_fields_hold_integral_floats_which_both_validators_accept():
    with_floats = [
        (event, {repr(v) for k, v in leaves if k == "integer" and isinstance(v, float)})
        for event, leaves in _sample_leaves()
    ]
    with_floats = [(event, found) for event, found in with_floats if found]
    assert {"1.0", "-0.0", "1e+20"} <= set().union(*(found for _e, found in with_floats))
    for event, _found in with_floats[:200]:
        assert validate(event) == []
        assert is_valid(event)


def test_number_fields_hold_negative_zero_and_1e308():
    numbers = {repr(v) for _e, leaves in _sample_leaves() for k, v in leaves if k == "number"}
    assert {"-0.0", "0.0", "1e+308", "-1e+308"} <= numbers


def test_timestamps_include_lowercase_t_and_z_which_validate():
    lowercase = [
        event
        for event, leaves in _sample_leaves()
        if any(k == "date-time" and ("t" in v[10:11] or v.endswith("z")) for k, v in leaves)
    ]
    assert any("t" in e["timestamp"][10:11] for e in lowercase)
    assert any(e["timestamp"].endswith("z") for e in lowercase)
    assert all(validate(event) == [] for event in lowercase[:200])


def test_free_strings_and_map_keys_include_javascript_prototype_names():
    names = {e["name"] for e in contract_sample()}
    assert names >= PROTOTYPE_NAMES
    keys = {v for _e, leaves in _sample_leaves() for k, v in leaves if k == "key"}
    assert {"__proto__", "constructor", "toString"} <= keys
    assert "en-US" in keys  # a realistic key on its own, not only with a suffix


def test_the_strategy_draws_the_same_edges_within_bounded_examples():
    seen: set[str] = set()

    @settings(max_examples=300, database=None)
    @given(call_events(realistic=False))
    def collect(event):
        for kind, value in _leaves(event, structure(3), []):
            if kind == "integer" and isinstance(value, float):
                seen.add("integral float")
            if kind == "date-time" and value.endswith("z"):
                seen.add("lowercase z")
            if value in PROTOTYPE_NAMES:
                seen.add("prototype name")

    collect()
    assert seen == {"integral float", "lowercase z", "prototype name"}
