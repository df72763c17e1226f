"""Strict NDJSON out, line-numbered records and errors in, atomic files."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit.ndjson import (
    LineError,
    Record,
    UnwritableValueError,
    atomic_output,
    dumps_line,
    line_ranges,
    read_ndjson,
    read_ndjson_range,
    write_ndjson,
)

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)
_objects = st.dictionaries(st.text(max_size=8), _json_values, max_size=5)


def _read(data: bytes) -> list[Record | LineError]:
    return list(read_ndjson(io.BytesIO(data)))


@settings(max_examples=80)
@given(st.lists(_objects, max_size=6))
def test_written_objects_read_back_equal_with_their_line_numbers(values):
    data = b"".join(dumps_line(value) for value in values)
    records = _read(data)
    assert [r.value for r in records if isinstance(r, Record)] == values
    assert [r.line for r in records] == list(range(1, len(values) + 1))


@settings(max_examples=40)
@given(_objects)
def test_each_value_is_one_strict_utf8_line(value):
    line = dumps_line(value)
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert json.loads(line.decode("utf-8"), parse_constant=pytest.fail) == value


def test_integers_past_64_bits_are_written_and_read_exactly():
    value = {"big": 2**70 + 1, "small": -(2**65), "nested": [{"n": 10**30}]}
    line = dumps_line(value)
    assert b"1180591620717411303425" in line
    (record,) = _read(line)
    assert isinstance(record, Record)
    assert record.value == value
    assert isinstance(record.value["big"], int)


def test_non_ascii_is_written_as_utf8_not_escapes():
    assert dumps_line({"city": "São Paulo"}) == '{"city":"São Paulo"}\n'.encode()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "wrap",
    [lambda x: {"x": x}, lambda x: {"a": None, "b": [1, {"c": x}]}, lambda x: {"n": 2**70, "x": x}],
)
def test_nan_and_infinity_are_refused_not_rewritten(bad, wrap):
    with pytest.raises(UnwritableValueError, match=r"NaN|Infinity|strict JSON"):
        dumps_line(wrap(bad))


def test_genuine_nulls_are_written():
    assert dumps_line({"a": None, "b": 1.5}) == b'{"a":null,"b":1.5}\n'


def test_lone_surrogates_are_refused():
    with pytest.raises(UnwritableValueError, match="UTF-8"):
        dumps_line({"s": "\ud800"})


@pytest.mark.parametrize(
    ("data", "line", "kind"),
    [
        (b'\xef\xbb\xbf{"a": 1}\n', 1, "bom"),
        (b'{"a": 1}\n\n{"b": 2}\n', 2, "blank-line"),
        (b'{"a": 1}\n   \n', 2, "blank-line"),
        (b'{"a": "\xff\xfe"}\n', 1, "not-utf8"),
        (b'{"a": NaN}\n', 1, "non-finite-number"),
        (b'{"a": -Infinity}\n', 1, "non-finite-number"),
        (b'{"a": 1e999}\n', 1, "non-finite-number"),
        (b"{'a': 1}\n", 1, "not-json"),
        (b'{"a": "\\ud800"}\n', 1, "not-json"),
        (b'{"a": 1}\n{"b": ', 2, "truncated"),
        (b"[1, 2]\n", 1, "not-an-object"),
        (b'"text"\n', 1, "not-an-object"),
        (b"null\n", 1, "not-an-object"),
        (b"3\n", 1, "not-an-object"),
    ],
)
def test_bad_lines_are_named_with_their_line_number(data, line, kind):
    errors = [item for item in _read(data) if isinstance(item, LineError)]
    assert [(e.line, e.kind) for e in errors] == [(line, kind)]
    assert errors[0].message


def test_reading_goes_on_after_bad_lines():
    items = _read(b'not json\n{"a": 1}\n[]\n{"b": 2}')
    assert [type(i).__name__ for i in items] == ["LineError", "Record", "LineError", "Record"]
    assert [i.line for i in items] == [1, 2, 3, 4]


def test_crlf_lines_and_a_missing_final_newline_are_accepted():
    items = _read(b'{"a": 1}\r\n{"b": 2}')
    assert items == [Record(1, {"a": 1}), Record(2, {"b": 2})]


def test_empty_input_yields_nothing():
    assert _read(b"") == []


def test_gzip_is_detected_by_content(tmp_path):
    target = tmp_path / "events.data"  # no .gz suffix on purpose
    target.write_bytes(gzip.compress(b'{"a": 1}\nnope\n'))
    assert [type(i).__name__ for i in read_ndjson(target)] == ["Record", "LineError"]
    assert [type(i).__name__ for i in _read(target.read_bytes())] == ["Record", "LineError"]


def test_write_ndjson_counts_and_compressed_output_is_reproducible(tmp_path):
    values = [{"i": i, "s": "é" * i} for i in range(50)]
    first, second = tmp_path / "a.gz", tmp_path / "b.gz"
    assert write_ndjson(values, first, compress=True) == 50
    write_ndjson(values, second, compress=True)
    assert first.read_bytes() == second.read_bytes()
    assert [r.value for r in read_ndjson(first)] == values


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, failure):
    target = tmp_path / "events.ndjson"
    target.write_bytes(b"old\n")

    def values():
        yield {"a": 1}
        raise failure

    with pytest.raises(type(failure)):
        write_ndjson(values(), target)
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["events.ndjson"]


def test_failed_first_write_creates_nothing(tmp_path):
    target = tmp_path / "new.ndjson"
    with pytest.raises(UnwritableValueError):
        write_ndjson([{"ok": 1}, {"bad": math.nan}], target)
    assert os.listdir(tmp_path) == []


def test_a_directory_target_fails_before_any_write_and_names_the_target(tmp_path):
    target = tmp_path / "events.ndjson"
    target.mkdir()
    with pytest.raises(IsADirectoryError) as raised, atomic_output(target):
        pytest.fail("the block must not run")  # pragma: no cover
    assert raised.value.filename == str(target)
    assert os.listdir(tmp_path) == ["events.ndjson"]


def test_a_missing_directory_is_reported_with_the_target_name(tmp_path):
    target = tmp_path / "missing" / "events.ndjson"
    with pytest.raises(FileNotFoundError) as raised, atomic_output(target):
        pytest.fail("the block must not run")  # pragma: no cover
    assert raised.value.filename == str(target)


def test_atomic_file_gets_ordinary_permissions(tmp_path):
    previous = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "f.ndjson") as out:
            out.write(b"{}\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "f.ndjson").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("part_bytes", [1, 7, 30, 10_000])
def test_line_ranges_cover_the_file_at_line_starts(tmp_path, part_bytes):
    data = b'{"a": 1}\n{"bb": 22}\nnope\n\n{"c": [1, 2, 3]}\n{"d": "last, no newline"}'
    target = tmp_path / "f.ndjson"
    target.write_bytes(data)
    ranges = line_ranges(target, part_bytes)
    assert ranges[0][0] == 0
    assert ranges[-1][1] == len(data)
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(ranges))
    assert all(start == 0 or data[start - 1 : start] == b"\n" for start, _ in ranges)
    pieces, offset = [], 0
    for start, end in ranges:
        items = list(read_ndjson_range(target, start, end))
        pieces += [(item.line + offset, type(item).__name__) for item in items]
        offset += len(items)
    assert pieces == [(item.line, type(item).__name__) for item in read_ndjson(target)]


@pytest.mark.parametrize("part_bytes", [1, 7, 30, 10_000])
def test_line_ranges_between_two_line_starts_cut_only_that_span(tmp_path, part_bytes):
    """``start``/``end`` (how ``validate --jobs`` cuts its last units finer): ranges from
    ``start`` to ``end``, each starting at a line start, and ``end`` may be the size."""
    data = b'{"a": 1}\n{"bb": 22}\nnope\n\n{"c": [1, 2, 3]}\n{"d": "last, no newline"}'
    target = tmp_path / "f.ndjson"
    target.write_bytes(data)
    starts = [0, *(i + 1 for i, byte in enumerate(data) if byte == ord("\n"))]
    for start, end in [(starts[1], starts[4]), (starts[2], len(data)), (starts[3], starts[3])]:
        ranges = line_ranges(target, part_bytes, start=start, end=end)
        assert (ranges[0][0], ranges[-1][1]) == (start, end)
        assert all(a_end == b_start for (_, a_end), (b_start, _) in itertools.pairwise(ranges))
        assert {a for a, _ in ranges} <= set(starts)
        if part_bytes == 1:  # every line between them starts a range of its own
            assert [a for a, _ in ranges] == [a for a in starts if start <= a < end] or [start]


def test_line_ranges_of_an_empty_file(tmp_path):
    target = tmp_path / "empty.ndjson"
    target.write_bytes(b"")
    assert line_ranges(target, 100) == [(0, 0)]
