"""Contract-space events roam everything the schema allows, edges included."""

from __future__ import annotations

from _sampling import contract_sample, paths_of
from hypothesis import given, settings

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
