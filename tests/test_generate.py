"""The fast seeded generator: deterministic, window-independent, strict about arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from callevent_toolkit import InvalidArgument, generate, generate_labelled
from callevent_toolkit.schemas import SchemaVersionError


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


@pytest.mark.parametrize(("start", "count"), [(15, 2), (16, 16), (5, 40), (31, 33), (47, 0)])
def test_windows_across_seeding_blocks_are_the_single_run(start, count):
    """Events are drawn 16 to a seeding: a window that starts or ends inside a block, or
    spans several, still gives event k exactly (the block's earlier events are replayed)."""
    whole = list(generate(80, seed=-5, realistic=False))
    assert (
        list(generate(count, seed=-5, start=start, realistic=False)) == whole[start : start + count]
    )


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
    list(generate(50, seed=9, realistic=False))
    list(generate_labelled(50, seed=9, invalid_ratio=0.5))
    assert random.random() == expected


_DIGEST = """
import hashlib, json, sys
from callevent_toolkit import generate, generate_labelled
digest = hashlib.sha256()
for realistic in (True, False):
    for event in generate(200, seed=5, realistic=realistic):
        digest.update(json.dumps(event).encode())
    for event, label in generate_labelled(200, seed=5, realistic=realistic, invalid_ratio=0.5):
        digest.update(json.dumps([event, label and [label.pointer, label.keyword]]).encode())
print(digest.hexdigest())
"""


def test_same_seed_same_bytes_in_fresh_processes_whatever_the_hash_seed():
    """Nothing may depend on set or dict-of-str order across processes (PYTHONHASHSEED),
    on what an earlier call cached, or on the global ``random`` state."""
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    (digest,) = digests
    assert len(digest.strip()) == 64


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": -1}, "count must be at least 0"),
        ({"count": 2.5}, "count must be an int"),
        ({"count": True}, "count must be an int"),
        ({"count": 1, "start": -3}, "start must be at least 0"),
        ({"count": 1, "seed": "7"}, "seed must be an int"),
        ({"count": 1, "fixed": []}, r"fixed must be a mapping of path to value, got \[\]"),
        ({"count": 1, "fixed": 0}, r"fixed must be a mapping of path to value, got 0"),
    ],
)
def test_bad_arguments_fail_before_the_first_event(kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        generate(**kwargs)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (4, r"version=4; available versions: 3"),
        ("3", r"version must be an int such as 3, got version='3'"),
        ([3], r"got version=\[3\]"),  # unhashable: named, not "unhashable type"
    ],
)
@pytest.mark.parametrize("function", [generate, generate_labelled])
def test_bad_versions_are_invalid_arguments_naming_the_bundled_ones(function, version, message):
    with pytest.raises(InvalidArgument, match=message) as caught:
        function(1, version=version)
    assert isinstance(caught.value, SchemaVersionError)  # and a LookupError, as before


@pytest.mark.parametrize("realistic", ["yes", 1, None, [True]])
@pytest.mark.parametrize("function", [generate, generate_labelled])
def test_realistic_must_be_a_bool(function, realistic):
    with pytest.raises(InvalidArgument, match=r"realistic must be True or False, got realistic="):
        function(1, realistic=realistic)


def test_an_empty_fixed_mapping_pins_nothing():
    assert list(generate(5, seed=2, fixed={})) == list(generate(5, seed=2))
    assert list(generate(5, seed=2, fixed={}, invalid_ratio=0.5)) == list(
        generate(5, seed=2, invalid_ratio=0.5)
    )
