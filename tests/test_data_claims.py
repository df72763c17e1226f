"""Sentences in the docs about what generated data contains, each counted.

``tests/test_contract_space.py`` counts the contract-space edges one by one; this file
counts the rest: the figures the timelines page states, the prototype names as map keys,
lowercase ``t``/``z`` that ``datetime.fromisoformat`` refuses, and what the plugin's
``call_event_factory.contract()`` is said to give.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _sampling import contract_sample

from callevent_toolkit import generate_timelines, validate
from callevent_toolkit.engine import hostile_cases
from callevent_toolkit.pytest_plugin._factory import CallEventFactory

DOCS = Path(__file__).resolve().parent.parent / "docs"
PROTOTYPE_NAMES = {"__proto__", "constructor", "valueOf", "toString", "hasOwnProperty"}
_OFFSET = re.compile(r"(Z|z|[+-]\d\d:\d\d)$")


def _flat(page: str) -> str:
    return " ".join((DOCS / page).read_text(encoding="utf-8").split())


def _instant(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.upper().replace("Z", "+00:00"))


def _fraction(stamp: str) -> int:
    found = re.search(r"\.(\d+)", stamp)
    return len(found.group(1)) if found else 0


def _out_of_string_order(timeline: list[dict[str, Any]]) -> bool:
    stamps = [(_instant(e["timestamp"]), e["timestamp"]) for e in timeline]
    return any(a[0] < b[0] and a[1] > b[1] for i, a in enumerate(stamps) for b in stamps[i + 1 :])


def _mixes(timeline: list[dict[str, Any]], part: Any) -> bool:
    return len({part(e["timestamp"]) for e in timeline}) > 1


@pytest.mark.slow
def test_the_contract_timeline_figures_on_the_timelines_page() -> None:
    stated = re.search(
        r"Of the (\d+) bulk contract timelines of seed (\d+), (\d+) mix offsets within the "
        r"call, (\d+) mix fraction lengths, and in (\d+) some event sorts after a later one",
        _flat("timelines-and-envelopes.md"),
    )
    assert stated is not None, "the timelines page no longer states the figures"
    count, seed, offsets, fractions, disordered = map(int, stated.groups())
    timelines = list(generate_timelines(count, seed=seed, realistic=False))
    offset = lambda stamp: _OFFSET.search(stamp).group()  # noqa: E731
    assert sum(_mixes(t, offset) for t in timelines) == offsets
    assert sum(_mixes(t, _fraction) for t in timelines) == fractions
    assert sum(_out_of_string_order(t) for t in timelines) == disordered
    assert {_fraction(e["timestamp"]) for t in timelines for e in t} == {3, 6, 9}
    assert all(
        _instant(a["timestamp"]) <= _instant(b["timestamp"])
        for t in timelines
        for a, b in itertools.pairwise(t)
    )


def _map_keys(data: Any) -> set[str]:
    """The keys of the schema's two maps (``configurations``' attributes, ``languages``)."""
    configurations = data.get("configurations") if isinstance(data, dict) else None
    if not isinstance(configurations, dict):
        return set()
    maps = [configurations.get(name) for name in ("configurations", "languages")]
    return {key for found in maps if isinstance(found, dict) for key in found}


def test_three_prototype_names_are_map_keys_and_the_coverage_phase_places_all() -> None:
    stated = re.search(
        r"`__proto__`, `constructor` and `toString` as map keys", _flat("strategies.md")
    )
    assert stated is not None
    keys = set().union(*(_map_keys(e.get("conversation_relay_data")) for e in contract_sample()))
    assert keys & PROTOTYPE_NAMES == {"__proto__", "constructor", "toString"}
    placed = {c.value for c in hostile_cases() if c.label == "prototype name key"}
    assert placed == PROTOTYPE_NAMES | {"__class__", "__init__"}


def test_lowercase_timestamps_validate_and_fromisoformat_refuses_them() -> None:
    lowercase = [e for e in contract_sample() if re.search(r"\d[tz]|z$", e["timestamp"][10:])]
    assert len(lowercase) >= 10
    refused = 0
    for event in lowercase:
        assert validate(event) == []
        try:
            datetime.fromisoformat(event["timestamp"])
        except ValueError:
            refused += 1
    assert refused == len(lowercase)


def test_the_factory_contract_events_have_empty_maps_non_ascii_and_64_bit_overflows() -> None:
    factory = CallEventFactory(seed=5, version=3)
    events = [factory.contract() for _ in range(300)]
    assert any(_has_empty_map(e.get("conversation_relay_data")) for e in events)
    assert any(not _text(e).isascii() for e in events)
    assert any(_beyond_64_bits(e) for e in events)
    assert all(validate(e) == [] for e in events[:50])


def _has_empty_map(data: Any) -> bool:
    configurations = data.get("configurations") if isinstance(data, dict) else None
    if not isinstance(configurations, dict):
        return False
    return any(configurations.get(name) == {} for name in ("configurations", "languages"))


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "".join(f"{k}{_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "".join(map(_text, value))
    return value if isinstance(value, str) else ""


def _beyond_64_bits(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_beyond_64_bits(v) for v in value.values())
    if isinstance(value, list):
        return any(map(_beyond_64_bits, value))
    return type(value) is int and not -(2**63) <= value < 2**64
