"""generate_labelled() and generate(invalid_ratio=...): seeded bulk output with labels."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import orjson
import pytest

from callevent_toolkit import (
    InvalidArgument,
    Violation,
    generate,
    generate_labelled,
    is_valid,
    validate,
)

Pair = tuple[Any, Violation | None]


@cache
def _run(seed: int, count: int, ratio: float, realistic: bool = True) -> tuple[Pair, ...]:
    return tuple(generate_labelled(count, seed=seed, invalid_ratio=ratio, realistic=realistic))


def _bytes(pairs: tuple[Pair, ...] | list[Pair]) -> list[bytes]:
    return [
        orjson.dumps([event, None if v is None else [v.pointer, v.keyword]]) for event, v in pairs
    ]


@pytest.mark.parametrize("realistic", [True, False], ids=["realistic", "contract"])
def test_labels_tell_the_truth(realistic: bool) -> None:
    pairs = _run(11, 300, 0.5, realistic)
    for event, violation in pairs:
        if violation is None:
            assert is_valid(event)
        else:
            found = {(v.pointer, v.keyword) for v in validate(event)}
            assert found == {(violation.pointer, violation.keyword)}


def test_event_k_depends_only_on_seed_and_k() -> None:
    whole = _run(3, 60, 0.5)
    window = list(generate_labelled(20, seed=3, start=25, invalid_ratio=0.5))
    assert _bytes(window) == _bytes(whole[25:45])


@pytest.mark.parametrize("ratio", [0.9, 1.0])
@pytest.mark.parametrize(("start", "count"), [(7, 30), (16, 1), (31, 2)])
def test_windows_at_high_ratios_are_the_single_run(ratio: float, start: int, count: int) -> None:
    """An invalid event with no valid event after it in its block of 16 skips building the
    valid event it replaces; the events are the same whatever the window."""
    whole = _run(8, 48, ratio)
    window = list(generate_labelled(count, seed=8, start=start, invalid_ratio=ratio))
    assert _bytes(window) == _bytes(whole[start : start + count])


def test_an_invalid_event_has_a_stream_of_its_own() -> None:
    """Valid events share a seeding per block of 16; an invalid event k is made from the
    source of ``(seed, k)`` alone, so it is the same whatever its neighbours are."""
    from callevent_toolkit.engine import make_invalid, menu_for, seeded_source

    menu = menu_for(3, None)
    for index, (event, violation) in enumerate(_run(3, 40, 0.5)):
        if violation is not None:
            case = make_invalid(seeded_source(3, index), menu, version=3, realistic=True)
            assert orjson.dumps(case.event) == orjson.dumps(event)
            assert case.violation == violation


def test_same_seed_same_bytes_and_seeds_differ() -> None:
    again = list(generate_labelled(60, seed=3, invalid_ratio=0.5))
    assert _bytes(again) == _bytes(_run(3, 60, 0.5))
    assert _bytes(_run(4, 60, 0.5)) != _bytes(_run(3, 60, 0.5))


def test_without_a_ratio_the_events_are_generates_and_unlabelled() -> None:
    pairs = list(generate_labelled(40, seed=9))
    assert all(violation is None for _, violation in pairs)
    assert [event for event, _ in pairs] == list(generate(40, seed=9))


def test_turning_the_ratio_on_leaves_the_valid_events_untouched() -> None:
    plain = list(generate(200, seed=11))
    pairs = _run(11, 200, 0.5)
    replaced = [k for k, (_, violation) in enumerate(pairs) if violation is not None]
    assert replaced
    for k, (event, violation) in enumerate(pairs):
        if violation is None:
            assert event == plain[k]


def test_generate_with_a_ratio_yields_the_labelled_events() -> None:
    events = list(generate(60, seed=3, invalid_ratio=0.5))
    assert events == [event for event, _ in _run(3, 60, 0.5)]


@pytest.mark.parametrize("ratio", [0.1, 0.5])
def test_the_share_of_invalid_events_follows_the_ratio(ratio: float) -> None:
    count = 2000
    invalid = sum(v is not None for _, v in generate_labelled(count, seed=1, invalid_ratio=ratio))
    spread = 5 * math.sqrt(count * ratio * (1 - ratio))  # five standard deviations
    assert abs(invalid - count * ratio) < spread


def test_a_ratio_of_one_makes_every_event_invalid_across_many_rules() -> None:
    labels = [v for _, v in generate_labelled(300, seed=2, invalid_ratio=1.0)]
    assert all(v is not None for v in labels)
    keywords = {v.keyword for v in labels if v is not None}
    assert {"type", "required", "additionalProperties"} <= keywords


@pytest.mark.parametrize("ratio", [-0.1, 1.5, math.nan, math.inf, "0.5", True, None])
def test_bad_ratios_are_refused_before_the_first_event(ratio: Any) -> None:
    with pytest.raises(InvalidArgument, match="invalid_ratio"):
        generate_labelled(5, invalid_ratio=ratio)
    with pytest.raises(InvalidArgument, match="invalid_ratio"):
        generate(5, invalid_ratio=ratio)


def test_pins_and_invalid_events_are_not_mixed() -> None:
    with pytest.raises(InvalidArgument, match="fixed cannot be combined"):
        generate(5, fixed={"level": "ERROR"}, invalid_ratio=0.2)
