"""``strict_json``: one strict reader and writer, and the limits that keep hostile
documents from crashing anything (depth, size, repeated keys, unconvertible numbers)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit import strict_json
from callevent_toolkit.strict_json import (
    MAX_DEPTH,
    MAX_ITEMS,
    StrictJSONError,
    UnwritableValueError,
    dumps,
    limit_problems,
    loads,
)


def _kind(document: bytes | str) -> str:
    with pytest.raises(StrictJSONError) as raised:
        loads(document)
    return raised.value.kind


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        (b'{"a": NaN}', "non-finite-number"),
        (b'{"a": -Infinity}', "non-finite-number"),
        (b'{"a": 1e999}', "non-finite-number"),
        (b'{"a": "\xff"}', "not-utf8"),
        ("{}\ud800", "not-utf8"),
        (b"{'a': 1}", "not-json"),
        (b'{"a": 1} x', "not-json"),
        (b"[" * 1100 + b"]" * 1100, "too-deep"),  # past orjson's own limit
        (b"[" * 1000 + b"]" * 1000, "too-deep"),  # accepted by orjson
        (b'{"a":' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}", "too-deep"),
        (b'{"n": 12345678901234567890123, "a":' + b"[" * 990 + b"]" * 990 + b"}", "too-deep"),
        (b'{"a": ' + b"7" * 1_000_000 + b"}", "too-large"),
        (b'{"a": -' + b"7" * 4_301 + b"}", "too-large"),
        (b"[" + b"{}," * MAX_ITEMS + b"{}]", "too-large"),
        (b'{"a": 1, "a": 2}', "duplicate-key"),
    ],
)
def test_what_is_refused_and_how_it_is_named(document, kind):
    assert _kind(document) == kind


def test_the_depth_limit_is_exact():
    assert loads(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    assert _kind(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)) == "too-deep"


def test_integers_up_to_the_digit_limit_are_read_exactly():
    value = loads(b'{"a": ' + b"9" * 4_300 + b"}")
    assert value["a"] == 10**4300 - 1


@pytest.mark.parametrize(
    ("document", "pointers"),
    [
        (b'{"call_sid": 5, "level": "INFO", "call_sid": "CA1"}', ("/call_sid",)),
        (b'{"sdk_edge": {"metadata": {"city": "a", "city": "b"}}}', ("/sdk_edge/metadata/city",)),
        (b'{"a" : 1 , "b" : 2 , "a" : 3}', ("/a",)),  # spaces before the colon
        (b'{"a":\t1,\n"a"\r\n:\t2}', ("/a",)),
        (b'{"a":"\\":","a":1}', ("/a",)),  # the dropped value has text like a key end
        (b'{"\\u0061":1,"a":2}', ("/a",)),  # the same key spelled two ways
        (b'[{"x": 1}, {"y": [{"k/~": 1, "k/~": 2}]}]', ("/1/y/0/k~1~0",)),
        (b'{"b": 1, "b": 2, "c": {"d": 1, "d": 1}, "b": 3}', ("/b", "/c/d")),
        (b'{"n": 123456789012345678901234, "n": 1}', ("/n",)),
    ],
)
def test_duplicate_keys_are_refused_with_their_places(document, pointers):
    with pytest.raises(StrictJSONError) as raised:
        loads(document)
    assert raised.value.kind == "duplicate-key"
    assert raised.value.pointers == pointers


@pytest.mark.parametrize(
    "document",
    [
        b'{"a": "\\":", "b": ":", "c": " :x", "d": "\\" :"}',  # key-like text inside strings
        b'{"a" : {"b" : [1, {"c" : 2}]}}',
        b'{"\\u0061": 1, "b": 2}',
        b'{"k": "\\u00e9"}',
    ],
)
def test_no_false_duplicate_alarms(document):
    assert loads(document) == json.loads(document)


_keys = st.sampled_from(["a", "b", "c", 'q"', "x:y", " :", "\u00e9"])
_spaces = st.sampled_from(["", " ", "\t", "\n ", "\r\n"])


@st.composite
def _objects_text(draw: st.DrawFn, depth: int = 0) -> tuple[str, bool]:
    """JSON text of an object with random spacing and possibly repeated keys, and whether
    it repeats a key anywhere (the truth the cheap pre-check must never miss)."""
    keys = draw(st.lists(_keys, max_size=4))
    parts, repeated = [], len(set(keys)) < len(keys)
    for key in keys:
        if depth < 2 and draw(st.booleans()):
            text, inner = draw(_objects_text(depth + 1))
            repeated = repeated or inner
        else:
            text = json.dumps(
                draw(st.one_of(st.integers(), _keys)), ensure_ascii=draw(st.booleans())
            )
        gap = draw(_spaces)
        parts.append(f"{json.dumps(key, ensure_ascii=draw(st.booleans()))}{gap}:{gap}{text}")
    return "{" + draw(_spaces) + ",".join(parts) + "}", repeated


@settings(max_examples=300)
@given(_objects_text())
def test_every_repeated_key_is_found_whatever_the_spacing(case):
    text, repeated = case
    if repeated:
        with pytest.raises(StrictJSONError) as raised:
            loads(text)
        assert raised.value.kind == "duplicate-key"
        assert raised.value.pointers
    else:
        assert loads(text) == json.loads(text)


# --------------------------------------------------------------------------- writing


def test_dumps_writes_big_integers_exactly_and_refuses_what_json_cannot_hold():
    assert dumps({"n": 2**70 + 1}, newline=True) == b'{"n":1180591620717411303425}\n'
    for bad in (math.nan, math.inf, [1, {"x": -math.inf}]):
        with pytest.raises(UnwritableValueError):
            dumps({"x": bad})
    cyclic: list[object] = []
    cyclic.append(cyclic)
    with pytest.raises(UnwritableValueError):
        dumps(cyclic)
    with pytest.raises(UnwritableValueError):
        dumps({"n": 10**5000})


def test_dumps_and_loads_round_trip_strict_documents():
    value = {"a": [1, 2.5, None, True, "São Paulo"], "n": -(2**65), "e": {}}
    assert loads(dumps(value)) == value
    assert strict_json.dumps_text(value).encode() == dumps(value)


# --------------------------------------------------------------------------- limits


def test_limit_problems_names_cycles_depth_unconvertible_integers_and_nan():
    loop: dict[str, object] = {}
    loop["self"] = loop
    deep: object = 1
    for _ in range(5000):
        deep = [deep]
    problems = limit_problems({"loop": loop, "deep": deep, "n": 10**5000, "f": math.nan})
    assert [(p.pointer, p.kind) for p in problems] == [
        ("/loop/self", "cyclic"),
        ("/deep" + "/0" * (MAX_DEPTH - 1), "too-deep"),
        ("/n", "too-large"),
        ("/f", "non-finite-number"),
    ]


def test_shared_sub_objects_are_not_cycles_and_are_walked_once():
    shared: list[object] = [1]
    for _ in range(60):  # 2**60 paths, one object per level
        shared = [shared, shared]
    assert limit_problems(shared) == []
