"""The pre-filter of ``callevent validate`` (``callevent_toolkit.prefilter``) is sound.

What it takes, the exact path takes: every line the pre-filter takes is read by
``read_ndjson`` as one record that ``check_records`` counts valid, and both oracles
(``is_valid``, jsonschema's ``validate``) accept its value. Checked on the project's own
strategies (``call_events()``, ``call_events(realistic=False)``, ``invalid_call_events()``),
on the hostile lines of ``tests/test_validate_fast_path.py``, on valid lines with bytes
changed, keys repeated at every object and odd values at every position, and on small
schemas that use every construct the compiler knows. A schema construct it cannot compile
gives no pre-filter. The reports of ``callevent validate`` (text and JSON, ``--jobs 1``
and ``--jobs 2``) are the same with it and without it.

The block pre-filter takes a block exactly when the line pre-filter takes each of its
lines, and then counts them; read in blocks of any size (down to a byte, also from a
stream that gives a few bytes at a time), ``check_stream`` gives the report of the exact
path line for line: block boundaries anywhere, a bad line inside a block, the last line
without ``\\n``, lines at, just below and just past ``--max-line-bytes``.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from _cli import callevent
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rfc3339_validator import validate_rfc3339
from test_validate_fast_path import _date_time_like, _lines

from callevent_toolkit import generate, ndjson, strict_json
from callevent_toolkit.errors import UnwritableValueError
from callevent_toolkit.jobs import FileSummary, _checking, check_records, check_stream
from callevent_toolkit.ndjson import dumps_line, read_ndjson
from callevent_toolkit.prefilter import (
    DATE_TIME,
    block_prefilter,
    block_prefilter_of,
    line_prefilter,
    prefilter_of,
)
from callevent_toolkit.schemas.structure import structure, structure_of
from callevent_toolkit.strategies import call_events, invalid_call_events
from callevent_toolkit.strict_json import MAX_DEPTH
from callevent_toolkit.validation import _is_datetime, is_valid, validate

_PREFILTER = line_prefilter(3)
_BLOCK = block_prefilter(3)
_NATIVE_DATE_TIME = jsonschema_rs.Draft7Validator(
    {"type": "string", "format": "date-time"}, validate_formats=True
).is_valid
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def _ignore(_problem: object) -> None:
    pass


def _exact_takes(line: bytes) -> bool:
    """The exact path's verdict on ``line``: one record, counted valid."""
    summary = FileSummary(file="f")
    check_records("f", read_ndjson(io.BytesIO(line)), summary, version=3, report=_ignore)
    return summary.lines == 1 and summary.valid == 1


def _sound(line: bytes) -> bool:
    """Whether the pre-filter takes ``line``; if it does, that the exact path and both
    oracles take it too (the soundness every test here checks)."""
    assert _PREFILTER is not None
    if not _PREFILTER(line):
        return False
    assert _exact_takes(line), line
    value = strict_json.loads(line)
    assert is_valid(value)
    assert validate(value) == []
    return True


def _line(event: Any) -> bytes:
    try:
        return dumps_line(event)
    except UnwritableValueError:  # NaN: no line to judge
        assume(False)
        raise


# --------------------------------------------------------------------------- the schema's events


def test_the_bundled_schema_compiles_and_each_stream_gets_its_own_buffer():
    assert _PREFILTER is not None
    assert line_prefilter(3) is not line_prefilter(3)
    assert _BLOCK is not None


def test_every_line_the_generator_writes_is_taken():
    """What the speed rests on: lines as ``callevent generate`` writes them need no other
    reading (fields are declared in the schema's order, which is the generator's)."""
    lines = [dumps_line(event) for event in generate(3000, seed=5)]
    assert sum(_sound(line) for line in lines) == len(lines)


@settings(max_examples=400, suppress_health_check=_SLOW)
@given(call_events())
def test_realistic_events_taken_are_valid(event):
    _sound(_line(event))


@settings(max_examples=400, suppress_health_check=_SLOW)
@given(call_events(realistic=False))
def test_contract_space_events_taken_are_valid(event):
    _sound(_line(event))


@settings(max_examples=500, suppress_health_check=_SLOW)
@given(invalid_call_events())
def test_invalid_events_are_never_taken(case):
    assert not _sound(_line(case.event))


@settings(max_examples=500, suppress_health_check=_SLOW)
@given(_lines())
def test_the_hostile_lines_of_the_fast_path_tests_taken_are_valid(line):
    _sound(line)


# --------------------------------------------------------------------------- changed lines

_BASE = [dumps_line(event) for event in generate(8, seed=13)]
_BYTES = b'{}[]",:\\ \t\r0123456789-+.eEtrufalsn/\x00\x7f\xc3\xa9\xff\xed'


@st.composite
def _changed_bytes(draw: st.DrawFn) -> bytes:
    """A line the generator wrote, with up to four bytes set, inserted or deleted."""
    line = bytearray(draw(st.sampled_from(_BASE)))
    for _ in range(draw(st.integers(1, 4))):
        place = draw(st.integers(0, len(line) - 1))
        byte = draw(st.sampled_from(_BYTES))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "set":
            line[place] = byte
        elif action == "insert":
            line.insert(place, byte)
        else:
            del line[place]
    return bytes(line)


_ESCAPES = [
    b"\\ud800", b"\\udc00x", b"\\ud83d\\ude00", b"\\ud83d", b"\\u0000", b"\\u0041",
    b"\\/", b'\\"', b"\\\\", b"\\n", b"\\x41", b"\\", b"\\u12", b"\x00", b"\x1f", b"\t",
    b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe2\x80\xa8", b"\xef\xbb\xbf",
]  # fmt: skip


@st.composite
def _escaped(draw: st.DrawFn) -> bytes:
    """A line the generator wrote with an escape, a control character or a byte sequence
    that is not UTF-8 at the start of one of its strings."""
    line = draw(st.sampled_from(_BASE))
    starts = [i + 2 for i in range(len(line)) if line.startswith(b':"', i)]
    place = draw(st.sampled_from(starts))
    return line[:place] + draw(st.sampled_from(_ESCAPES)) + line[place:]


@settings(max_examples=1500, suppress_health_check=_SLOW)
@given(st.one_of(_changed_bytes(), _escaped()))
def test_lines_with_changed_bytes_taken_are_valid(line):
    _sound(line)


def _objects(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        if value:
            yield path
        for key, child in value.items():
            yield from _objects(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _objects(child, (*path, index))


def _written_with_a_repeat(value: Any, at: tuple[Any, ...], key: str, again: Any) -> str:
    """``value`` as compact JSON, the object at ``at`` holding ``key`` twice (``again``
    first, then its own value), written as orjson would write each part."""
    if isinstance(value, dict):
        members = [
            f"{json.dumps(k, ensure_ascii=False)}:"
            f"{_written_with_a_repeat(v, at[1:] if at and at[0] == k else (None,), key, again)}"
            for k, v in value.items()
        ]
        if not at:
            members.insert(
                list(value).index(key), f"{json.dumps(key, ensure_ascii=False)}:{json.dumps(again)}"
            )
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        parts = [
            _written_with_a_repeat(v, at[1:] if at and at[0] == i else (None,), key, again)
            for i, v in enumerate(value)
        ]
        return "[" + ",".join(parts) + "]"
    return strict_json.dumps(value).decode()


@settings(max_examples=400, suppress_health_check=_SLOW)
@given(st.data(), st.sampled_from([True, False]))
def test_a_key_repeated_in_any_object_is_never_taken(data, realistic):
    event = data.draw(call_events(realistic=realistic))
    at = data.draw(st.sampled_from(list(_objects(event))))
    holder = event
    for step in at:
        holder = holder[step]
    key = data.draw(st.sampled_from(sorted(holder)))
    again = data.draw(st.sampled_from([holder[key], None, 0, "x"]))
    line = _written_with_a_repeat(event, at, key, again).encode() + b"\n"
    assert not _sound(line)


_ODD_VALUES = [
    None, True, False, 0, -1, 1.0, -0.0, 0.5, 1e308, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1,
    2**53 + 1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**30, "", "x",
    "2026-12-03T07:25:43Z", [], [1], {}, {"a": 1}, [[[[]]]], {"a": {"b": {"c": {}}}},
]  # fmt: skip


@settings(max_examples=800, suppress_health_check=_SLOW)
@given(st.data(), st.sampled_from(_ODD_VALUES))
def test_an_odd_value_at_any_position_taken_is_valid(data, odd):
    """Every position of the event (and one past a leaf) gets a value of another type,
    past a bound, or empty: what is taken must be valid, and only that."""
    event = data.draw(call_events(realistic=data.draw(st.booleans())))
    places = [(p, k) for p in _objects(event) for k in [*_holder(event, p), "extra"]]
    at, key = data.draw(st.sampled_from(places))
    _holder(event, at)[key] = odd
    _sound(_line(event))


def _holder(event: Any, at: tuple[Any, ...]) -> Any:
    for step in at:
        event = event[step]
    return event


# --------------------------------------------------------------------------- date-time


def test_the_calendar_of_date_time_is_exactly_rfc3339s():
    """Every day 28-31 of every month of every year 0000-9999: taken by the pattern
    exactly when ``validate_rfc3339`` takes it (leap years included)."""
    wrong = [
        text
        for year in range(10_000)
        for month in range(1, 13)
        for day in (1, 28, 29, 30, 31)
        for text in [f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"]
        if (DATE_TIME.fullmatch(text) is not None) != validate_rfc3339(text)
    ]
    assert wrong == []


@settings(max_examples=1000, suppress_health_check=_SLOW)
@given(st.from_regex(DATE_TIME, fullmatch=True))
def test_every_date_time_the_pattern_takes_both_checks_take(text):
    assert _is_datetime(text)
    assert _NATIVE_DATE_TIME(text)


@settings(max_examples=2000, suppress_health_check=_SLOW)
@given(_date_time_like())
def test_near_misses_the_pattern_takes_both_checks_take(text):
    if DATE_TIME.fullmatch(text):
        assert _is_datetime(text)
        assert _NATIVE_DATE_TIME(text)


# --------------------------------------------------------------------------- other schemas

_ITEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": {"type": "integer", "minimum": 1, "maximum": 1000},
        "tag": {"type": "string", "enum": ["a", "b"]},
    },
}
_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "at", "n"],
    "properties": {
        "kind": {"type": "string", "const": "k"},
        "at": {"type": "string", "format": "date-time"},
        "n": {"type": "number", "minimum": -1.5, "maximum": 2.5},
        "i": {"type": "integer", "enum": [1, 2, 3]},
        "flag": {"type": "boolean"},
        "nothing": {"type": "null"},
        "items": {"type": "array", "items": _ITEM},
        "map": {
            "type": "object",
            "additionalProperties": {"type": "string", "format": "date-time"},
        },
        "": {"type": "integer"},
        "big": {"type": "integer", "minimum": 2**62, "maximum": 2**70},
    },
}
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 2, 3, 4, 1000, 1001, -1, 2**62 - 1, 2**62, 2**63 - 1, 2**63, 2**70]),
    st.sampled_from([-1.5, -1.6, 2.5, 2.6, 0.0, 1.0, 2.0, -0.0, 1e-7]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["k", "a", "b", "c", "", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z"]),
    _date_time_like(),
)
_KEYS = st.sampled_from([*_SCHEMA["properties"], "id", "tag", "other"])


def _objects_like_the_schema() -> st.SearchStrategy[Any]:
    values = st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=5),
        max_leaves=12,
    )
    valid_item = st.fixed_dictionaries(
        {"id": st.integers(0, 1001)}, optional={"tag": st.sampled_from(["a", "b", "c"])}
    )
    near = st.fixed_dictionaries(
        {"kind": st.sampled_from(["k", "j"]), "at": _SCALARS, "n": _SCALARS},
        optional={
            "i": _SCALARS,
            "flag": _SCALARS,
            "nothing": _SCALARS,
            "items": st.lists(valid_item | values, max_size=3),
            "map": st.dictionaries(st.text(max_size=3), _SCALARS, max_size=3),
            "": _SCALARS,
            "big": _SCALARS,
            "other": values,
        },
    )
    mostly_valid = st.fixed_dictionaries(
        {
            "kind": st.just("k"),
            "at": st.from_regex(DATE_TIME, fullmatch=True) | _date_time_like(),
            "n": st.floats(-1.6, 2.6) | st.integers(-2, 3) | _SCALARS,
        },
        optional={
            "i": st.integers(0, 4) | _SCALARS,
            "flag": st.booleans() | _SCALARS,
            "nothing": st.none() | _SCALARS,
            "items": st.lists(valid_item, max_size=3),
            "map": st.dictionaries(st.text(max_size=3), _date_time_like(), max_size=3),
            "": st.integers() | _SCALARS,
            "big": st.integers(2**62 - 2, 2**63 + 1),
        },
    )
    return mostly_valid | near | st.dictionaries(_KEYS, values, max_size=6)


_OTHER_PREFILTER = prefilter_of(structure_of(_SCHEMA))
_OTHER_BLOCK = block_prefilter_of(structure_of(_SCHEMA))
_FORMATS = jsonschema.Draft7Validator.FORMAT_CHECKER
_OTHER_ORACLE = jsonschema.Draft7Validator(_SCHEMA, format_checker=_FORMATS)


@settings(max_examples=1500, suppress_health_check=_SLOW)
@given(_objects_like_the_schema())
def test_on_a_schema_with_every_construct_what_is_taken_is_valid(value):
    assert _OTHER_PREFILTER is not None
    line = strict_json.dumps(value, newline=True)
    if _OTHER_PREFILTER(line):
        exact = strict_json.loads(line)
        assert _OTHER_ORACLE.is_valid(exact), line
    assert _OTHER_BLOCK is not None
    assert _OTHER_BLOCK(line * 2) == (2 if _OTHER_PREFILTER(line) else 0)


def test_on_that_schema_valid_lines_are_taken():
    """Guards the test above against taking nothing."""
    assert _OTHER_PREFILTER is not None
    line = (
        b'{"kind":"k","at":"2024-02-29T23:59:59.5+05:45","n":2.5,"i":3,"flag":true,'
        b'"nothing":null,"items":[{"id":1000,"tag":"b"},{"id":1}],'
        b'"map":{"x":"2026-12-31T00:00:00Z"},"":-9,"big":4611686018427387904}\n'
    )
    assert _OTHER_ORACLE.is_valid(strict_json.loads(line))
    assert _OTHER_PREFILTER(line)
    assert _OTHER_PREFILTER(b'{"kind":"k","at":"2026-12-03T07:25:43Z","n":-1}\n')
    assert not _OTHER_PREFILTER(b'{"kind":"k","at":"2026-12-03T07:25:43Z","n":-1} \n')
    assert not _OTHER_PREFILTER(b'{"kind":"k","at":"2026-12-03T07:25:43Z","n":-1}')
    assert not _OTHER_PREFILTER(b'{"kind":"k","at":"2026-12-03T07:25:43Z","n":-1,"i":null}\n')
    assert not _OTHER_PREFILTER(b'{"kind":"k","at":"2026-12-03T07:25:43Z","n":-1,"n":-1}\n')


def _nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "additionalProperties": False, "properties": {"a": schema}}
    return schema


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"type": "string"}}},  # open object
        {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "object"}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "string", "format": "email"}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "integer", "format": "date-time"}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "number", "enum": [1.5]}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "boolean", "enum": [True]}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "string", "enum": ["x", 1]}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "string", "minimum": 1}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "number", "maximum": 2**60}}},
        {"type": "object", "additionalProperties": False,
         "properties": {"a": {"type": "integer", "minimum": 2**64}}},
        {"type": "array", "items": {"type": "string"}},
        _nested(MAX_DEPTH),
    ],
    ids=[
        "open-object", "open-nested-object", "email", "format-on-integer", "number-enum",
        "boolean-enum", "mixed-enum", "bound-on-string", "bound-past-2**53",
        "no-64-bit-integer", "array-root", "too-deep",
    ],
)  # fmt: skip
def test_a_construct_it_cannot_compile_exactly_gives_no_prefilter(schema):
    assert prefilter_of(structure_of(schema)) is None
    assert block_prefilter_of(structure_of(schema)) is None


def test_a_schema_just_within_the_depth_limit_compiles():
    assert prefilter_of(structure_of(_nested(MAX_DEPTH - 1))) is not None
    assert structure(3).kind == "object"


# --------------------------------------------------------------------------- reports


@contextmanager
def _without_prefilter() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_checking, "line_prefilter", lambda version: None)
        patch.setattr(_checking, "block_prefilter", lambda version: None)
        yield


@contextmanager
def _in_blocks_of(size: int) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ndjson, "_BLOCK_BYTES", size)
        yield


def _reports(path: Path, *options: str) -> list[tuple[int, str, str]]:
    return [
        (result.status, result.out, result.err)
        for form in ("text", "json")
        for result in [callevent("validate", "--format", form, *options, str(path))]
    ]


def _mix() -> st.SearchStrategy[bytes]:
    hostile = st.one_of(_lines(), _changed_bytes(), _escaped(), st.sampled_from(_BASE))
    return st.lists(hostile, min_size=1, max_size=12).map(b"".join)


_OPTIONS = [
    (),
    ("--fail-fast",),
    ("--max-errors", "2"),
    ("--allow-duplicate-keys",),
    ("--max-line-bytes", "300"),
]


#: Block sizes for the report tests: the default, and small enough that the test files
#: (events of 300-900 bytes) span many blocks, a line across two or more of them.
_BLOCK_SIZES = [ndjson._BLOCK_BYTES, 1, 200, 700, 2000]


@settings(max_examples=150, suppress_health_check=_SLOW)
@given(_mix(), st.sampled_from(_OPTIONS), st.sampled_from(_BLOCK_SIZES))
def test_reports_are_the_same_with_and_without_the_prefilter(data, options, block):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "mix.ndjson"
        path.write_bytes(data)
        with _in_blocks_of(block):
            with_it = _reports(path, *options)
        with _without_prefilter():
            without = _reports(path, *options)
    assert with_it == without


@settings(max_examples=25, suppress_health_check=_SLOW)
@given(_mix(), st.sampled_from(_BLOCK_SIZES))
def test_reports_with_jobs_2_are_the_same_with_and_without_the_prefilter(data, block):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "mix.ndjson"
        path.write_bytes(data * 3)
        options = ("--jobs", "2", "--range-bytes", "1500")
        with _in_blocks_of(block):
            with_it = _reports(path, *options)
            one_job = _reports(path)
        with _without_prefilter():
            without = _reports(path, *options)
    assert with_it == without
    assert with_it == one_job


def _taking(make: Any, taken: list[bytes]) -> Any:
    """``make`` (``line_prefilter`` or ``block_prefilter``) whose pre-filters note in
    ``taken`` what they take."""

    def counting(version: int) -> Any:
        prefilter = make(version)
        assert prefilter is not None

        def wrapped(raw: bytes) -> Any:
            verdict = prefilter(raw)
            if verdict:
                taken.append(raw)
            return verdict

        return wrapped

    return counting


@pytest.mark.parametrize("block", [ndjson._BLOCK_BYTES, 1500])
def test_the_cli_uses_the_prefilter(tmp_path, monkeypatch, block):
    """Guards the tests above: with it, valid lines never reach orjson; in blocks that
    hold whole lines only, the line pre-filter is never asked."""
    in_blocks: list[bytes] = []
    by_line: list[bytes] = []
    monkeypatch.setattr(_checking, "block_prefilter", _taking(block_prefilter, in_blocks))
    monkeypatch.setattr(_checking, "line_prefilter", _taking(line_prefilter, by_line))
    monkeypatch.setattr(ndjson, "_BLOCK_BYTES", block)
    path = tmp_path / "good.ndjson"
    path.write_bytes(b"".join(_BASE))
    assert callevent("validate", str(path)).status == 0
    assert b"".join(in_blocks) == b"".join(_BASE)
    assert by_line == []
    assert len(in_blocks) > (1 if block < len(path.read_bytes()) else 0)


def test_a_taken_line_is_not_read_by_orjson_nor_judged_by_jsonschema_rs(monkeypatch):
    """What the speed rests on: for lines the pre-filter takes, neither the orjson reading
    nor the compiled check (jsonschema-rs) runs; for one it does not take, both do."""
    from callevent_toolkit import ndjson
    from callevent_toolkit.validation import CompiledCheck

    judged: list[Any] = []
    monkeypatch.setattr(ndjson.orjson, "loads", _counting(ndjson.orjson.loads, judged))
    monkeypatch.setattr(
        _checking,
        "compiled_check",
        lambda version: CompiledCheck(_counting(lambda value: True, judged), True),
    )
    summary = FileSummary(file="f")
    check_stream("f", io.BytesIO(b"".join(_BASE)), summary, version=3, report=_ignore)
    assert (summary.valid, judged) == (len(_BASE), [])
    spaced = json.dumps(json.loads(_BASE[0]), separators=(", ", ": ")).encode() + b"\n"
    check_stream("f", io.BytesIO(spaced), summary, version=3, report=_ignore)
    assert {type(argument) for argument in judged} == {bytes, dict}  # a line, its value


def _counting(function: Any, calls: list[Any]) -> Any:
    def counted(argument: Any) -> Any:
        calls.append(argument)
        return function(argument)

    return counted


# --------------------------------------------------------------------------- blocks

_LONG = b'{"account_sid":"' + b"x" * 5000 + b'"}\n'
_ODD_LINES = [
    b"\n", b"\r\n", b"{}\n", b"[]\n", b"\xff\xfe{}\n", b"{\"a\":\"\xc3\"}\n", _LONG,
    b" " + _BASE[0], _BASE[1][:-1] + b"\r\n", _BASE[2][:-1] + b" \n", _BASE[3][:-1],
]  # fmt: skip


def _block_lines() -> st.SearchStrategy[bytes]:
    """Mostly lines the generator wrote (blocks of them are what is taken), and now and
    then a hostile one, a changed one or an odd one (blank, CRLF, not UTF-8, long)."""
    return st.one_of(
        st.sampled_from(_BASE),
        st.sampled_from(_BASE),
        st.sampled_from(_ODD_LINES),
        _lines(),
        _changed_bytes(),
        _escaped(),
    )


def _lines_in(block: bytes) -> list[bytes]:
    """The lines of ``block`` as a reader sees them: split after each ``\\n`` only."""
    return io.BytesIO(block).readlines()


@settings(max_examples=800, suppress_health_check=_SLOW)
@given(st.lists(_block_lines(), max_size=10).map(b"".join), st.booleans())
def test_a_block_is_taken_exactly_when_each_of_its_lines_is(block, cut_last_newline):
    """The block pre-filter against the line pre-filter (and through ``_sound``, the exact
    path and both oracles) on every line: all taken, or the block is not."""
    assert _BLOCK is not None
    if cut_last_newline and block.endswith(b"\n"):
        block = block[:-1]
    lines = _lines_in(block)
    verdicts = [_sound(line) for line in lines]  # every line checked, none skipped
    every = bool(lines) and all(verdicts)
    assert _BLOCK(block) == (len(lines) if every else 0)


@settings(max_examples=200, suppress_health_check=_SLOW)
@given(st.lists(st.one_of(call_events(), call_events(realistic=False)), min_size=1, max_size=6))
def test_blocks_of_drawn_events_taken_are_valid(events):
    block = b"".join(_line(event) for event in events)
    assert _BLOCK is not None
    verdicts = [_sound(line) for line in _lines_in(block)]
    assert _BLOCK(block) == (len(events) if all(verdicts) else 0)


def test_blocks_the_generator_writes_are_taken_and_one_bad_line_refuses_its_block():
    """Guards the tests above against a block pre-filter that takes nothing (or all)."""
    assert _BLOCK is not None
    lines = [dumps_line(event) for event in generate(500, seed=9)]
    assert _BLOCK(b"".join(lines)) == 500
    for bad in (b"{}\n", b"\n", lines[0][:-1] + b"\r\n", lines[0][:-2] + b',"edge":"x"}\n'):
        assert _BLOCK(b"".join([*lines[:250], bad, *lines[250:]])) == 0
    assert _BLOCK(b"".join(lines)[:-1]) == 0  # the last line without its "\n"
    assert _BLOCK(b"") == 0
    # one timestamp that is two joined by a "\n": each half is a date-time, it is not
    stamp = json.loads(lines[7])["timestamp"]
    two = lines[7].replace(stamp.encode(), f"{stamp}\\n{stamp}".encode())
    assert not _sound(two)
    assert _BLOCK(b"".join([*lines[:7], two, *lines[8:]])) == 0


_STAMP = {"type": "string", "format": "date-time"}
_TWO_STAMPS = {  # two on required paths: checked in one pattern call per block
    "type": "object",
    "additionalProperties": False,
    "required": ["at", "inner"],
    "properties": {
        "at": _STAMP,
        "inner": {
            "type": "object",
            "additionalProperties": False,
            "required": ["b", "at"],
            "properties": {"b": {"type": "integer"}, "at": _STAMP},
        },
    },
}
_OPTIONAL_STAMP = {  # one optional: checked value by value
    **_TWO_STAMPS,
    "properties": {**_TWO_STAMPS["properties"], "maybe": _STAMP},
}
_STAMP_SCHEMAS = [_TWO_STAMPS, _OPTIONAL_STAMP]
_JOINED = st.builds("\n".join, st.lists(_date_time_like(), min_size=2, max_size=2))


@settings(max_examples=600, suppress_health_check=_SLOW)
@given(
    st.sampled_from(_STAMP_SCHEMAS),
    st.lists(
        st.fixed_dictionaries(
            {"at": _date_time_like(), "inner": st.fixed_dictionaries(
                {"b": st.integers(-3, 3), "at": _date_time_like() | _JOINED}
            )},
            optional={"maybe": _date_time_like() | _JOINED},
        ),
        min_size=1,
        max_size=4,
    ),
)  # fmt: skip
def test_date_times_in_a_block_are_each_checked(schema, values):
    """Schemas whose date-times the block checks in one pattern call (two required ones)
    or one by one (an optional one): a block is taken exactly when each of its lines is,
    and what is taken is valid (also when a value is two date-times joined by a "\n")."""
    root = structure_of(schema)
    line_way, block_way = prefilter_of(root), block_prefilter_of(root)
    assert line_way is not None
    assert block_way is not None
    oracle = jsonschema.Draft7Validator(schema, format_checker=_FORMATS)
    lines = [strict_json.dumps(value, newline=True) for value in values]
    verdicts = [line_way(line) for line in lines]
    for line, taken in zip(lines, verdicts, strict=True):
        assert not taken or oracle.is_valid(strict_json.loads(line)), line
    assert block_way(b"".join(lines)) == (len(lines) if all(verdicts) else 0)


def test_those_schemas_take_valid_blocks():
    """Guards the test above against taking nothing."""
    stamp = "2024-02-29T23:59:59Z"
    value = {"at": stamp, "inner": {"b": 1, "at": stamp}}
    for schema in _STAMP_SCHEMAS:
        block_way = block_prefilter_of(structure_of(schema))
        assert block_way is not None
        line = strict_json.dumps(value, newline=True)
        assert block_way(line * 3) == 3
        bad = strict_json.dumps({**value, "inner": {"b": 1, "at": "2023-02-29T00:00:00Z"}})
        assert block_way(line + bad + b"\n" + line) == 0
        twice = strict_json.dumps({**value, "inner": {"b": 1, "at": f"{stamp}\n{stamp}"}})
        assert block_way(line + twice + b"\n" + line) == 0


class _Trickle(io.RawIOBase):
    """``data`` at most ``step`` bytes per read, as a pipe may give it."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data, self._step, self._at = data, step, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self._step, len(self._data) - self._at)
        buffer[:size] = self._data[self._at : self._at + size]
        self._at += size
        return size


def _fast_report(
    data: bytes,
    *,
    block: int | None,
    step: int | None,
    fail_fast: bool,
    around: tuple[bytes, bytes] | None = None,
    **limits: Any,
) -> tuple[list[Any], tuple[Any, ...]]:
    """``check_stream``'s report (problems, counts): in blocks of ``block`` bytes, or line
    by line when ``block`` is ``None``; read from a stream of ``step`` bytes at a time.

    With ``around`` (bytes before, bytes after), ``data`` is a range in the middle of the
    stream, read from its start with ``size=len(data)``; then the stream (when it can
    tell) must not have been read past the range."""
    problems: list[Any] = []
    summary = FileSummary(file="f")
    before, after = around or (b"", b"")
    whole = before + data + after
    stream: Any = io.BytesIO(whole) if step is None else io.BufferedReader(_Trickle(whole, step))
    assert stream.read(len(before)) == before
    size = None if around is None else len(data)
    with pytest.MonkeyPatch.context() as patch:
        if block is None:
            patch.setattr(_checking, "block_prefilter", lambda version: None)
        else:
            patch.setattr(ndjson, "_BLOCK_BYTES", block)
        check_stream(
            "f",
            stream,
            summary,
            version=3,
            report=problems.append,
            fail_fast=fail_fast,
            size=size,
            **limits,
        )
    if size is not None and step is None:
        assert stream.tell() <= len(before) + size
    counts = (summary.lines, summary.valid, summary.invalid, sorted(summary.by_keyword.items()))
    return problems, counts


def _exact_report(data: bytes, *, fail_fast: bool, **limits: Any) -> tuple[list[Any], Any]:
    problems: list[Any] = []
    summary = FileSummary(file="f")
    items = read_ndjson(io.BytesIO(data), **limits)
    check_records("f", items, summary, version=3, report=problems.append, fail_fast=fail_fast)
    counts = (summary.lines, summary.valid, summary.invalid, sorted(summary.by_keyword.items()))
    return problems, counts


#: A file's text: up to 12 lines, good, bad and odd (its last newline may be cut).
_TEXTS = st.lists(_block_lines(), max_size=12).map(b"".join)
#: Block sizes (``_BLOCK_BYTES``) and read sizes of the stream (``None``: all at once).
_BLOCK_SIZES = st.sampled_from([1, 2, 100, 599, 600, 1000, 4096, ndjson._BLOCK_BYTES])
_STEPS = st.sampled_from([None, 1, 7, 256, 5000])


@settings(max_examples=400, suppress_health_check=_SLOW)
@given(st.data(), _TEXTS, st.booleans(), _BLOCK_SIZES, _STEPS, st.booleans())
def test_reading_in_blocks_gives_the_exact_report(data, text, last_newline, block, step, stop):
    """Any block size, any read size: the report of the exact path, line for line, with
    ``--max-line-bytes`` at, one below and one past the length of a line of the file."""
    if text and not last_newline:
        text = text[:-1]
    lengths = [len(line.rstrip(b"\n")) for line in _lines_in(text)] or [0]
    length = data.draw(st.sampled_from(lengths))
    limit = data.draw(st.sampled_from([None, length - 1, length, length + 1, 300]))
    limits = {} if limit is None or limit < 1 else {"max_line_bytes": limit}
    limits["allow_duplicate_keys"] = data.draw(st.booleans())
    exact = _exact_report(text, fail_fast=stop, **limits)
    assert _fast_report(text, block=block, step=step, fail_fast=stop, **limits) == exact
    assert _fast_report(text, block=None, step=step, fail_fast=stop, **limits) == exact


#: What may stand before and after a range: nothing, lines good and bad, a line begun.
_AROUND = st.lists(
    st.sampled_from([b"", b"{}\n", b"\n", b"x" * 700, b'{"a": 1}', b"y" * 70_000 + b"\n"]),
    max_size=3,
).map(b"".join)


@settings(max_examples=300, suppress_health_check=_SLOW)
@given(st.data(), _TEXTS, st.booleans(), _BLOCK_SIZES, _STEPS, st.tuples(_AROUND, _AROUND))
def test_a_range_read_with_its_size_reports_as_the_range_on_its_own(
    data, text, last_newline, block, step, around
):
    """``check_stream(..., size=n)`` from the middle of a stream (how ``validate --jobs``
    reads a range): the report of those ``n`` bytes as a stream of their own, in blocks
    and line by line, whatever stands before and after them (a line the range cuts, a
    line too long past its end), and nothing past the range is read."""
    if text and not last_newline:
        text = text[:-1]
    lengths = [len(line.rstrip(b"\n")) for line in _lines_in(text)] or [0]
    limit = data.draw(st.sampled_from([None, max(lengths) - 1, max(lengths), 300]))
    limits = {} if limit is None or limit < 1 else {"max_line_bytes": limit}
    alone = _fast_report(text, block=block, step=step, fail_fast=False, **limits)
    assert alone == _exact_report(text, fail_fast=False, **limits)
    for way in (block, None):
        ranged = _fast_report(text, block=way, step=step, fail_fast=False, around=around, **limits)
        assert ranged == alone


@pytest.mark.parametrize("block", [None, 600, ndjson._BLOCK_BYTES])
@pytest.mark.parametrize("step", [None, 1000])  # BytesIO (readline), BufferedReader (peek)
def test_a_line_too_long_at_the_end_of_a_range_is_skipped_only_to_the_range_end(block, step):
    """A line past ``--max-line-bytes`` that the range's end cuts: reported once, and its
    skipping stops at the range's end, where the next range (reading that line's rest
    as its first line) takes over; the good lines after it in the range are counted."""
    good = [dumps_line(event) for event in generate(20, seed=5)]
    limit = max(len(line) for line in good)
    long_line = b'{"a":"' + b"z" * (3 * limit) + b'"}\n'
    text = b"".join(good) + long_line[: 2 * limit]  # the range ends inside the long line
    after = long_line[2 * limit :] + b"".join(good)
    options = {"max_line_bytes": limit, "fail_fast": False}
    problems, counts = _fast_report(text, block=block, step=step, around=(b"", after), **options)
    assert counts[:3] == (21, 20, 1)
    assert [(problem.line, problem.keyword) for problem in problems] == [(21, "line-too-long")]


@pytest.mark.parametrize("block", [1, 600, 4096, ndjson._BLOCK_BYTES])
@pytest.mark.parametrize("step", [None, 3, 1000])
def test_a_bad_line_inside_a_block_and_lines_around_the_limit(block, step):
    """Cases the drawn test may miss: many blocks of good lines with, in the middle, one
    bad line, one line exactly at the limit and one a byte past it, and a long last line
    without ``\\n``; their line numbers are those of the exact path."""
    good = [dumps_line(event) for event in generate(300, seed=21)]
    limit = max(len(line) for line in good)  # every good line fits, the "\n" not counted
    at_limit = b'{"a":"' + b"y" * (limit - 8) + b'"}\n'
    past = b'{"a":"' + b"y" * (limit - 7) + b'"}\n'
    assert (len(at_limit), len(past)) == (limit + 1, limit + 2)
    text = b"".join([*good[:100], b"{}\n", *good[100:200], at_limit, past, *good[200:]])
    text += b'{"a":"' + b"z" * limit
    options = {"max_line_bytes": limit, "fail_fast": False}
    problems, counts = _fast_report(text, block=block, step=step, **options)
    assert (problems, counts) == _exact_report(text, **options)
    assert counts[:3] == (304, 300, 4)
    keywords = {(problem.line, problem.keyword) for problem in problems}
    assert {(203, "line-too-long"), (304, "line-too-long")} <= keywords
    assert (202, "line-too-long") not in keywords  # exactly at the limit: read, not refused
    assert {line for line, _ in keywords} == {101, 202, 203, 304}


def test_after_blocks_not_taken_some_are_not_tried_and_a_taken_one_starts_over():
    """Where bad lines are frequent, blocks are mostly read a line at a time without a
    try; once the bad lines stop, blocks are tried and taken again within a few misses'
    worth of blocks."""
    good = [dumps_line(event) for event in generate(60, seed=17)]
    bad_region = b"".join(line + b"{}\n" for line in good) * 4  # 480 lines, half bad
    text = bad_region + b"".join(good) * 10  # then 600 good lines
    verdicts: list[tuple[bytes, int]] = []
    by_line: list[bytes] = []
    block_way = block_prefilter(3)
    assert block_way is not None

    def tried(version: int) -> Any:
        def noted(raw: bytes) -> int:
            verdicts.append((raw, block_way(raw)))
            return verdicts[-1][1]

        return noted

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_checking, "block_prefilter", tried)
        patch.setattr(_checking, "line_prefilter", _taking(line_prefilter, by_line))
        patch.setattr(ndjson, "_BLOCK_BYTES", 1500)
        summary = FileSummary(file="f")
        check_stream("f", io.BytesIO(text), summary, version=3, report=_ignore)
    assert (summary.lines, summary.invalid) == (1080, 240)
    blocks_in_bad_region = len(bad_region) // 1500
    refused = [raw for raw, taken in verdicts if not taken]
    assert 0 < len(refused) < blocks_in_bad_region / 4  # most not even tried
    assert len(by_line) < 240 + 16 * 3  # the bad region's good lines, a few blocks more
    assert sum(taken for _, taken in verdicts) > 500  # the good part: in blocks
