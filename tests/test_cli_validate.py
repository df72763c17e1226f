"""``callevent validate``: line-numbered problems, bad inputs, exit codes, the JSON report,
and the agreement of the fast validator with the one that writes the messages."""

from __future__ import annotations

import copy
import gzip
import itertools
import json
import subprocess
import sys
from typing import Any

import pytest
from _cli import callevent
from _sampling import paths_of
from hypothesis import given, settings
from hypothesis import strategies as st

from callevent_toolkit import generate, is_valid, validate
from callevent_toolkit.cli import _validate
from callevent_toolkit.ndjson import dumps_line, line_ranges
from callevent_toolkit.schemas.structure import structure
from callevent_toolkit.strategies import call_events, invalid_call_events


def _events(count: int, seed: int = 1) -> list[dict[str, Any]]:
    return list(generate(count, seed=seed))


def _ndjson(*lines: bytes | dict[str, Any]) -> bytes:
    return b"".join(dumps_line(x) if isinstance(x, dict) else x for x in lines)


def _write(tmp_path, data: bytes, name: str = "events.ndjson") -> str:
    target = tmp_path / name
    target.write_bytes(data)
    return str(target)


def _problem_lines(out: str) -> list[int]:
    return [int(line.split(":")[1]) for line in out.splitlines() if ".ndjson:" in line]


# --------------------------------------------------------------------------- verdicts


def test_a_generated_file_is_valid_and_exits_0(tmp_path):
    path = _write(tmp_path, _ndjson(*_events(30)))
    result = callevent("validate", path)
    assert result.status == 0
    assert "30 lines checked in 1 file(s): 30 valid, 0 invalid" in result.out


def test_each_violation_is_reported_as_file_line_path_message(tmp_path):
    good, bad = _events(2)
    bad["sdk_edge"] = {"metadata": {"location": {"lat": "north"}}} if "sdk_edge" in bad else 5
    del good["call_sid"]
    path = _write(tmp_path, _ndjson(_events(1, seed=9)[0], good, bad))
    result = callevent("validate", path)
    assert result.status == 1
    assert f"{path}:2: $.call_sid: 'call_sid' is a required property" in result.out.splitlines()
    assert set(_problem_lines(result.out)) == {2, 3}


def test_best_match_comes_first(tmp_path):
    event = _events(1)[0]
    event["timestamp"] = 17
    event["bogus"] = True
    path = _write(tmp_path, _ndjson(event))
    first = callevent("validate", path).out.splitlines()[0]
    best = validate(event)[0]
    assert first == f"{path}:1: {best}"


def test_invalid_events_from_labels_are_found_on_their_lines(tmp_path):
    events, labels = tmp_path / "e.ndjson", tmp_path / "l.ndjson"
    status = callevent(
        "generate", "--count", "60", "--seed", "5", "--invalid-ratio", "0.3",
        "-o", str(events), "--labels", str(labels), "--quiet",
    ).status  # fmt: skip
    assert status == 0
    label_of = {label["line"]: label for label in map(json.loads, labels.read_text().splitlines())}
    result = callevent("validate", str(events), "--format", "json")
    report = json.loads(result.out)
    invalid_lines = {line for line, label in label_of.items() if not label["valid"]}
    assert invalid_lines, "the seed should give some invalid events"
    assert {p["line"] for p in report["problems"]} == invalid_lines
    for line in invalid_lines:
        reported = {(p["pointer"], p["keyword"]) for p in report["problems"] if p["line"] == line}
        violation = label_of[line]["violation"]
        assert (violation["pointer"], violation["keyword"]) in reported
    assert result.status == 1


# --------------------------------------------------------------------------- bad inputs


def _check_bad_input(tmp_path, data: bytes, line: int, keyword: str, *, checked: int):
    path = _write(tmp_path, data)
    result = callevent("validate", path, "--format", "json")
    assert "Traceback" not in result.err
    report = json.loads(result.out)
    assert [(p["line"], p["keyword"]) for p in report["problems"]] == [(line, keyword)]
    assert report["summary"]["lines"] == checked
    assert result.status == 1
    text = callevent("validate", path)
    assert text.status == 1
    assert f"{path}:{line}: " in text.out


def test_truncated_last_line(tmp_path):
    good = _events(2)
    _check_bad_input(
        tmp_path, _ndjson(*good) + b'{"call_sid": "CA12', line=3, keyword="truncated", checked=3
    )


def test_invalid_utf8_bytes(tmp_path):
    a, b = _events(2)
    broken = dumps_line(a).replace(b'"level"', b'"lev\xffel"')
    _check_bad_input(tmp_path, _ndjson(b, broken, a), line=2, keyword="not-utf8", checked=3)


def test_utf8_byte_order_mark(tmp_path):
    a, b = _events(2)
    _check_bad_input(tmp_path, b"\xef\xbb\xbf" + _ndjson(a, b), line=1, keyword="bom", checked=2)


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_literals(tmp_path, literal):
    a, b = _events(2)
    line = b'{"x": ' + literal + b"}\n"
    _check_bad_input(tmp_path, _ndjson(a, b, line), line=3, keyword="non-finite-number", checked=3)


def test_blank_lines(tmp_path):
    a, b = _events(2)
    _check_bad_input(tmp_path, _ndjson(a, b"\n", b), line=2, keyword="blank-line", checked=3)


def test_top_level_array(tmp_path):
    a, b = _events(2)
    array = json.dumps([a]).encode() + b"\n"
    _check_bad_input(tmp_path, _ndjson(a, array, b), line=2, keyword="not-an-object", checked=3)


def test_a_10_mb_line_is_checked_and_its_message_stays_short(tmp_path):
    a, b, c = _events(3)
    b["timestamp"] = "x" * 10_000_000
    result_path = _write(tmp_path, _ndjson(a, b, c))
    result = callevent("validate", result_path)
    assert result.status == 1
    assert _problem_lines(result.out) == [2]
    assert len(result.out) < 2_000
    assert "3 lines checked" in result.out


def test_empty_file_is_zero_events_and_exits_0(tmp_path):
    path = _write(tmp_path, b"")
    result = callevent("validate", path)
    assert result.status == 0
    assert f"{path}: empty, no events" in result.out
    assert "0 lines checked" in result.out


def test_missing_file_exits_2_and_the_other_files_are_still_checked(tmp_path):
    path = _write(tmp_path, _ndjson(*_events(3)))
    missing = str(tmp_path / "missing.ndjson")
    result = callevent("validate", missing, path)
    assert result.status == 2
    assert f"callevent: {missing}: No such file or directory" in result.err
    assert "Traceback" not in result.err
    assert "3 lines checked in 2 file(s): 3 valid" in result.out
    as_json = callevent("validate", missing, path, "--format", "json")
    report = json.loads(as_json.out)
    assert [f["error"] for f in report["files"]] == ["No such file or directory", None]
    assert report["exit_code"] == as_json.status == 2
    assert as_json.err == f"callevent: {missing}: No such file or directory\n"


def test_a_directory_or_corrupt_gzip_exits_2(tmp_path):
    corrupt = _write(tmp_path, gzip.compress(_ndjson(*_events(3)))[:-12], "cut.ndjson.gz")
    for path in (str(tmp_path), corrupt):
        result = callevent("validate", path)
        assert result.status == 2
        assert "Traceback" not in result.err
        assert result.err.startswith(f"callevent: {path}: ")


def test_gzip_and_stdin_inputs(tmp_path):
    data = _ndjson(*_events(4)) + b"[]\n"
    path = _write(tmp_path, gzip.compress(data), "e.ndjson.gz")
    from_file = callevent("validate", path)
    from_stdin = callevent("validate", "-", stdin=gzip.compress(data))
    assert from_file.status == from_stdin.status == 1
    assert f"{path}:5: expected a JSON object, got an array" in from_file.out
    assert "<stdin>:5: expected a JSON object, got an array" in from_stdin.out


# --------------------------------------------------------------------------- options


def _broken_events(count: int) -> list[dict[str, Any]]:
    events = _events(count)
    for event in events:
        del event["call_sid"]
    return events


def test_max_errors_limits_what_is_shown_not_what_is_counted(tmp_path):
    path = _write(tmp_path, _ndjson(*_broken_events(5)))
    result = callevent("validate", path, "--max-errors", "2")
    assert _problem_lines(result.out) == [1, 2]
    assert "3 more problems not shown" in result.out
    assert "0 valid, 5 invalid" in result.out
    assert result.status == 1


def test_fail_fast_stops_at_the_first_invalid_line(tmp_path):
    path = _write(tmp_path, _ndjson(*_events(2), *_broken_events(3)))
    second = _write(tmp_path, _ndjson(*_broken_events(1)), "second.ndjson")
    result = callevent("validate", path, second, "--fail-fast", "--format", "json")
    report = json.loads(result.out)
    assert {p["line"] for p in report["problems"]} == {3}
    assert report["summary"]["lines"] == 3
    assert report["summary"]["stopped_early"] is True
    assert [f["file"] for f in report["files"]] == [path]
    assert result.status == 1


@pytest.mark.parametrize(
    "args", [[], ["--format", "xml", "x"], ["--max-errors", "-1", "x"], ["--version", "2", "x"]]
)
def test_usage_errors_exit_2(args):
    result = callevent("validate", *args)
    assert result.status == 2
    assert "usage:" in result.err
    assert "Traceback" not in result.err


def test_stdin_named_twice_is_a_usage_error():
    # The second read would see an exhausted stream and report a misleading "empty".
    result = callevent("validate", "-", "-", stdin=_ndjson(*_events(1)))
    assert result.status == 2
    assert result.out == ""
    assert result.err == "callevent: '-' (stdin) can be read only once\n"


def test_a_closed_pipe_ends_the_run_quietly(tmp_path):
    """``callevent validate ... | head``: no "Broken pipe" reported against the input."""
    path = _write(tmp_path, b"{}\n" * 5_000)  # seven problems a line: more than a pipe holds
    command = [sys.executable, "-m", "callevent_toolkit", "validate", path]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        status = process.wait(timeout=60)
        errors = process.stderr.read()
    assert first.startswith(f"{path}:1: ".encode())
    assert errors == b""
    assert status == 1


def test_json_report_shape(tmp_path):
    a, b = _events(2)
    del b["call_sid"]
    path = _write(tmp_path, _ndjson(a, b, b"oops\n"))
    report = json.loads(callevent("validate", path, "--format", "json").out)
    assert set(report) == {"problems", "files", "summary", "exit_code"}
    assert report["exit_code"] == 1
    problem_keys = {"file", "line", "path", "pointer", "keyword", "message"}
    assert all(set(p) == problem_keys for p in report["problems"])
    schema_problem, line_problem = report["problems"]
    assert schema_problem == {
        "file": path,
        "line": 2,
        "path": "$.call_sid",
        "pointer": "/call_sid",
        "keyword": "required",
        "message": "'call_sid' is a required property",
    }
    assert (line_problem["line"], line_problem["keyword"], line_problem["path"]) == (
        3, "not-json", None,
    )  # fmt: skip
    (file_entry,) = report["files"]
    assert file_entry == {
        "file": path,
        "lines": 3,
        "valid": 1,
        "invalid": 2,
        "by_keyword": {"required": 1, "not-json": 1},
        "error": None,
    }
    summary = report["summary"]
    assert {k: summary[k] for k in ("files", "lines", "valid", "invalid")} == {
        "files": 1, "lines": 3, "valid": 1, "invalid": 2,
    }  # fmt: skip
    assert summary["unreadable_files"] == 0
    assert summary["problems_not_shown"] == 0
    assert summary["stopped_early"] is False


@pytest.fixture
def small_ranges(monkeypatch):
    """Byte ranges of a couple of events, so --jobs splits even a small file many times."""
    monkeypatch.setattr(_validate, "_RANGE_BYTES", 1_500)


def _mixed_file(tmp_path) -> str:
    events = _events(40, seed=3)
    for index in (3, 17, 18, 39):
        del events[index]["call_sid"]
    lines: list[bytes | dict[str, Any]] = [*events[:10], b"[]\n", *events[10:], b"{oops"]
    return _write(tmp_path, _ndjson(*lines))


@pytest.mark.usefixtures("small_ranges")
@pytest.mark.parametrize("extra", [[], ["--max-errors", "3"], ["--fail-fast"]])
def test_jobs_give_the_same_report_as_one_process(tmp_path, extra):
    path = _mixed_file(tmp_path)
    one = callevent("validate", path, "--format", "json", *extra)
    two = callevent("validate", path, "--format", "json", "--jobs", "2", *extra)
    assert json.loads(two.out) == json.loads(one.out)
    assert two.status == one.status == 1


@pytest.mark.usefixtures("small_ranges")
@pytest.mark.parametrize("extra", [[], ["--max-errors", "3"], ["--fail-fast"]])
def test_jobs_give_the_same_report_when_ranges_are_grouped(tmp_path, monkeypatch, extra):
    """Enough ranges that --jobs 2 merges neighbours into units of several ranges (the
    spy sees fewer units than ranges, some spanning several), bad lines in all of them."""
    events = _events(400, seed=4)
    for index in range(5, 400, 37):
        del events[index]["call_sid"]
    path = _write(tmp_path, _ndjson(*events[:200], b"[]\n", *events[200:], b"{oops"))
    units: list[tuple[int, int]] = []
    grouped = _validate._grouped

    def spy(windows: list[tuple[int, int]], jobs: int) -> list[tuple[int, int]]:
        units.extend(grouped(windows, jobs))
        assert len(units) < len(windows)
        return units

    monkeypatch.setattr(_validate, "_grouped", spy)
    one = callevent("validate", path, "--format", "json", *extra)
    two = callevent("validate", path, "--format", "json", "--jobs", "2", *extra)
    assert json.loads(two.out) == json.loads(one.out)
    assert two.status == one.status == 1
    assert len(units) > 1


@pytest.mark.parametrize("count", [0, 1, 7, 8, 9, 40, 137, 1000])
@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_grouped_ranges_are_the_ranges_in_order_and_end_one_at_a_time(count, jobs):
    """Units of consecutive windows: together the whole file in order, none larger than
    ``_MOST_RANGES`` windows, the last ``jobs`` of them one window each, and far fewer
    units than windows for a large file."""
    windows = [(10 * i, 10 * i + 10) for i in range(count)]
    units = _validate._grouped(windows, jobs)
    ends = [bound for unit in units for bound in unit]
    assert ends == sorted(ends)
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(units))
    assert (units[0][0], units[-1][1]) == (0, 10 * count) if count else units == []
    assert all(bound % 10 == 0 for bound in ends)
    sizes = [(end - start) // 10 for start, end in units]
    assert all(1 <= size <= _validate._MOST_RANGES for size in sizes)
    assert sizes[-jobs:] == [1] * min(jobs, count)
    if count >= 8 * jobs * _validate._MOST_RANGES:
        assert len(units) < count / 2


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_last_units_are_cut_finer_at_line_starts(tmp_path, jobs):
    """``_finer_tail``: the units before the last ``2 * jobs`` stay as they were; those
    are each cut into up to ``_TAIL_CUTS`` ranges at line starts; together the same file
    in order, and ``--jobs`` still gives ``--jobs 1``'s report."""
    lines = [dumps_line(event) for event in _events(300, seed=9)]
    lines[290] = b"{}\n"  # a bad line among the finer units
    path = tmp_path / "f.ndjson"
    path.write_bytes(b"".join(lines))
    starts = set(itertools.accumulate((len(line) for line in lines), initial=0))
    units = _validate._grouped(line_ranges(path, 4096), jobs)
    finer = _validate._finer_tail(str(path), units, jobs)
    head = units[: -2 * jobs]
    assert finer[: len(head)] == head
    assert len(finer) > len(units)
    assert len(finer) - len(head) <= 2 * jobs * _validate._TAIL_CUTS
    assert (finer[0][0], finer[-1][1]) == (0, path.stat().st_size)
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(finer))
    assert {start for start, _ in finer} <= starts
    one = callevent("validate", "--format", "json", str(path))
    many = callevent(
        "validate", "--format", "json", "--jobs", str(jobs), "--range-bytes", "4096", str(path)
    )
    assert json.loads(many.out) == json.loads(one.out)
    assert {problem["line"] for problem in json.loads(one.out)["problems"]} == {291}


def test_a_file_of_one_range_stays_one_unit(tmp_path):
    """No finer tail for a file no larger than ``--range-bytes``: one unit, checked in
    the ``callevent`` process itself, with no pool started for it."""
    path = tmp_path / "small.ndjson"
    path.write_bytes(b"".join(dumps_line(event) for event in _events(50, seed=3)))
    units = _validate._grouped(line_ranges(path, _validate._RANGE_BYTES), 2)
    assert _validate._finer_tail(str(path), units, 2) == units == [(0, path.stat().st_size)]


# --------------------------------------------------------------------------- agreement

_TIMESTAMPS = [
    "2026-11-26T10:15:30Z",
    "2026-11-26T10:15:30.123+05:30",
    "2026-11-26t10:15:30z",
    "2016-12-31T23:59:60Z",  # a real leap second: rejected by both, see docs/validation.md
    "2026-11-26 10:15:30Z",
    "2026-11-26T10:15:30",
    "2026-13-01T00:00:00Z",
    "2026-11-26T25:00:00Z",
    "2026-11-26",
    "1732616130",
    "",
]
_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.sampled_from([2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 1.5, -0.0, 1e300])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
    | st.sampled_from(_TIMESTAMPS)
)
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)


def _replace(event: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Put ``value`` at ``path`` (a ``*`` step takes the first key or item)."""
    target: Any = event
    for step in path[:-1]:
        if step == "*":
            target = next(iter(target.values())) if isinstance(target, dict) else target[0]
        else:
            target = target[step]
    if isinstance(target, dict):
        key = path[-1] if path[-1] != "*" else next(iter(target), "k")
        target[key] = value
    elif target:
        target[0] = value


@st.composite
def _mutated_events(draw: st.DrawFn) -> dict[str, Any]:
    event = copy.deepcopy(draw(call_events(realistic=draw(st.booleans()))))
    paths = sorted(set(paths_of(event, structure(3))))
    if paths and draw(st.booleans()):
        _replace(event, draw(st.sampled_from(paths)), draw(_JSON))
    return event


def _agree(event: dict[str, Any]) -> bool:
    return is_valid(event) == (validate(event) == [])


@settings(max_examples=150)
@given(_mutated_events())
def test_fast_and_message_validators_agree_on_mutated_events(event):
    assert _agree(event)


@settings(max_examples=60)
@given(invalid_call_events())
def test_both_validators_reject_every_labelled_invalid_event(invalid):
    assert not is_valid(invalid.event)
    assert validate(invalid.event)


@pytest.mark.parametrize("timestamp", _TIMESTAMPS)
def test_validators_agree_on_each_timestamp_form(timestamp):
    event = _events(1)[0]
    event["timestamp"] = timestamp
    assert _agree(event)


def test_leap_second_is_rejected_by_both():
    event = _events(1)[0]
    event["timestamp"] = "2016-12-31T23:59:60Z"
    assert not is_valid(event)
    assert [v.keyword for v in validate(event)] == ["format"]


_DATE_TIME_PARTS = st.tuples(
    st.sampled_from(["2026", "0000", "0001", "9999", "20260", "0100", "1900", "2000"]),
    st.sampled_from(["-01", "-02", "-12", "-13", "-00", "-1"]),
    st.sampled_from(["-01", "-28", "-29", "-30", "-31", "-00", "-32", "-1"]),
    st.sampled_from(["T", "t", " ", "_"]),
    st.sampled_from(["00", "23", "24", "9"]),
    st.sampled_from([":00", ":59", ":60"]),
    st.sampled_from([":00", ":59", ":60", ":61", ""]),
    st.sampled_from(["", ".1", ".123456789", ".", ","]),
    st.sampled_from(["Z", "z", "+00:00", "-23:59", "+24:00", "+05:60", "", "+0530"]),
    st.sampled_from(["", "\n", " "]),
)


@settings(max_examples=300)
@given(_DATE_TIME_PARTS)
def test_validators_agree_on_date_time_corner_cases(parts):
    event = _events(1)[0]
    event["timestamp"] = "".join(parts)
    assert _agree(event)
