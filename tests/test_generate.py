"""The fast seeded generator: deterministic, window-independent, strict about arguments."""

from __future__ import annotations

import json

import pytest

from callevent_toolkit import InvalidArgument, generate


def _bytes(events):
    return "\n".join(json.dumps(e, ensure_ascii=False, sort_keys=False) for e in events).encode()


@pytest.mark.parametrize("realistic", [True, False])
def test_same_arguments_give_the_same_bytes(realistic):
    first = _bytes(generate(300, seed=7, realistic=realistic))
    again = _bytes(generate(300, seed=7, realistic=realistic))
    assert first == again


def test_different_seeds_give_different_events():
    assert list(generate(5, seed=1)) != list(generate(5, seed=2))
    assert list(generate(5, seed=-1)) != list(generate(5, seed=1))


@pytest.mark.parametrize(("start", "count"), [(0, 10), (3, 4), (17, 13), (29, 1)])
def test_event_k_is_the_same_whatever_window_produced_it(start, count):
    whole = list(generate(30, seed=42))
    assert list(generate(count, seed=42, start=start)) == whole[start : start + count]


def test_shards_concatenate_to_the_single_run():
    whole = list(generate(100, seed=3, realistic=False))
    shards = [list(generate(25, seed=3, start=s, realistic=False)) for s in range(0, 100, 25)]
    assert [e for shard in shards for e in shard] == whole


def test_generate_does_not_touch_global_random_state():
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    list(generate(50, seed=9))
    assert random.random() == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": -1}, "count must be at least 0"),
        ({"count": 2.5}, "count must be an int"),
        ({"count": True}, "count must be an int"),
        ({"count": 1, "start": -3}, "start must be at least 0"),
        ({"count": 1, "seed": "7"}, "seed must be an int"),
    ],
)
def test_bad_arguments_fail_before_the_first_event(kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        generate(**kwargs)


def test_unknown_version_names_the_bundled_ones():
    with pytest.raises(LookupError, match="available versions: 3"):
        generate(1, version=4)
