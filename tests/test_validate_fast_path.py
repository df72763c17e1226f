"""The fast path of ``callevent validate`` gives the report of the exact path, line for line.

The fast path (``ndjson.read_rejected`` with ``validation.compiled_check``) reads a line with
orjson and the compiled check only, and re-reads exactly only the lines it rejects. Three
shortcuts make it fast, and each is checked here against what it replaces:

* jsonschema-rs's own ``date-time`` stands in for the exact RFC 3339 check, which is run
  only where the two can disagree (second 60, year 0000);
* integers past 64 bits are not looked for (orjson reads them as doubles) when the schema
  is rounding-safe;
* a line is known to repeat no key when orjson writes its value back byte for byte.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callevent_toolkit import generate
from callevent_toolkit.jobs import FileSummary, check_records, check_stream
from callevent_toolkit.ndjson import dumps_line, read_ndjson
from callevent_toolkit.validation import _is_datetime, _rounding_safe, compiled_check

_NATIVE = jsonschema_rs.Draft7Validator(
    {"type": "string", "format": "date-time"}, validate_formats=True
).is_valid

_SEEDS = [
    "2026-12-03T07:25:43.123+01:00",
    "2026-12-03T07:25:43Z",
    "2016-12-31T23:59:60Z",
    "1990-12-31T15:59:60-08:00",
    "0000-01-01T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2024-02-29T23:59:59.999999999-23:59",
    "2026-12-03t07:25:43z",
]
_ALPHABET = "0123456789-:Tt Zz.+,_/\x00é٣"


@st.composite
def _date_time_like(draw: st.DrawFn) -> str:
    """A real timestamp with up to three characters changed, inserted or deleted."""
    text = list(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(0, 3))):
        place = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "insert" or place == len(text):
            text.insert(place, draw(st.sampled_from(_ALPHABET)))
        elif action == "set":
            text[place] = draw(st.sampled_from(_ALPHABET))
        else:
            del text[place]
    return "".join(text)


def _may_differ(text: str) -> bool:
    """Where the fast path runs the exact check after jsonschema-rs's (validation.py)."""
    return ":60" in text or text[:4] == "0000"


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(_date_time_like())
def test_native_date_time_differs_from_the_exact_check_only_on_second_60_and_year_0000(text):
    exact, native = _is_datetime(text), _NATIVE(text)
    if exact:
        assert native  # never stricter: no valid timestamp is lost
    elif native:
        assert _may_differ(text)  # and where it is laxer, the exact check runs


@pytest.mark.parametrize(
    "text", ["2016-12-31T23:59:60Z", "1990-12-31T15:59:60-08:00", "0000-01-01T00:00:00Z"]
)
def test_the_known_disagreements_exist_and_are_caught(text):
    """Guards the test above: these are the cases it allows, and the fast check refuses them."""
    assert _NATIVE(text)
    assert not _is_datetime(text)
    event = next(iter(generate(1, seed=3)))
    assert compiled_check().accepts(event)
    assert not compiled_check().accepts({**event, "timestamp": text})


def test_the_bundled_schema_is_rounding_safe_and_what_would_not_be():
    from callevent_toolkit import load_schema

    assert _rounding_safe(load_schema(3))
    assert not _rounding_safe({"properties": {"a": {"type": "integer", "multipleOf": 3}}})
    assert not _rounding_safe({"properties": {"a": {"maximum": 2**63}}})
    assert _rounding_safe({"properties": {"a": {"maximum": 2**53 - 1}}})


# --------------------------------------------------------------------------- line for line

_BASE = [dumps_line(event) for event in generate(6, seed=11)]


def _lines() -> st.SearchStrategy[bytes]:
    """Lines a file may hold: events as written, and each broken in a way one of the
    shortcuts could get wrong (spacing, repeated keys, huge integers, odd timestamps)."""
    event = st.sampled_from(_BASE)

    def spaced(line: bytes) -> bytes:
        return json.dumps(json.loads(line), indent=None, separators=(", ", ": ")).encode() + b"\n"

    def repeated(line: bytes) -> bytes:
        return line[:-2] + b',"call_sid":"CA' + b"1" * 32 + b'"}\n'

    def repeated_spaced(line: bytes) -> bytes:
        return b'{"call_sid" : 5, ' + line[1:]

    def number(line: bytes, digits: int, field: str) -> bytes:
        value = json.loads(line)
        value.setdefault("sdk_edge", {}).setdefault("error", {})["code"] = 10**digits
        value["conversation_relay_data"] = {field: {"latency_ms": 10**digits}}
        return json.dumps(value, separators=(",", ":")).encode() + b"\n"

    def stamped(line: bytes, text: str) -> bytes:
        value = json.loads(line)
        value["timestamp"] = text
        return dumps_line(value)

    return st.one_of(
        event,
        event.map(spaced),
        event.map(repeated),
        event.map(repeated_spaced),
        st.builds(number, event, st.sampled_from([5, 19, 20, 25, 400]), st.just("stt_latency")),
        st.builds(stamped, event, _date_time_like()),
        event.map(lambda line: line[:-1] + b"\r\n"),
        event.map(lambda line: b"\xef\xbb\xbf" + line),
        st.sampled_from([b"\n", b"[1]\n", b"{oops\n", b"x" * 300 + b"\n"]),
    )


def _report(data: bytes, fast: bool, **options: Any) -> tuple[list[Any], tuple[int, ...]]:
    problems: list[Any] = []
    summary = FileSummary(file="f")
    common = {"version": 3, "report": problems.append, "fail_fast": options.get("fail_fast")}
    limits = {k: v for k, v in options.items() if k != "fail_fast"}
    if fast:
        check_stream("f", io.BytesIO(data), summary, **common, **limits)  # type: ignore[arg-type]
    else:
        items = read_ndjson(io.BytesIO(data), **limits)
        check_records("f", items, summary, **common)  # type: ignore[arg-type]
    counts = (summary.lines, summary.valid, summary.invalid)
    return problems, counts + tuple(sorted(summary.by_keyword.items()))  # type: ignore[arg-type]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_lines(), max_size=8),
    st.booleans(),
    st.sampled_from([{}, {"max_line_bytes": 200}, {"allow_duplicate_keys": True}]),
    st.booleans(),
)
def test_the_fast_path_gives_the_exact_report(lines, last_newline, limits, fail_fast):
    data = b"".join(lines)
    if data and not last_newline:
        data = data[:-1]
    options = {**limits, "fail_fast": fail_fast}
    assert _report(data, True, **options) == _report(data, False, **options)


def test_passing_lines_make_no_records(monkeypatch):
    """No per-line objects for lines that pass: Record is never built for them."""
    from callevent_toolkit import ndjson

    built: list[int] = []
    original = ndjson.Record

    def counting(line: int, value: dict[str, Any]) -> Any:
        built.append(line)
        return original(line, value)

    monkeypatch.setattr(ndjson, "Record", counting)
    bad = copy.deepcopy(json.loads(_BASE[0]))
    del bad["call_sid"]
    data = b"".join(_BASE) + dumps_line(bad) + b"".join(_BASE)
    _, counts = _report(data, True)
    assert counts[:3] == (13, 12, 1)
    assert built == [7]


def test_a_gzip_that_breaks_off_counts_the_lines_before_the_break_on_both_paths():
    """A truncated gzip raises mid-file: the lines read before it are counted by the fast
    path as by the exact one (the problems on them were reported already)."""
    import gzip
    import zlib

    body = b"".join(dumps_line(event) for event in generate(200, seed=6))
    body += b'{"not": "an event"}\n' * 5
    broken = gzip.compress(body, mtime=0)[:-3000]
    whole_lines = zlib.decompressobj(31).decompress(broken).count(b"\n")

    def fast(stream, summary, report):
        check_stream("f", stream, summary, version=3, report=report)

    def exact(stream, summary, report):
        check_records("f", read_ndjson(stream), summary, version=3, report=report)

    results = []
    for check in (fast, exact):
        summary, problems = FileSummary(file="f"), []
        stream = gzip.GzipFile(fileobj=io.BytesIO(broken))
        with pytest.raises(EOFError):
            check(stream, summary, problems.append)
        results.append((summary.lines, summary.valid, summary.invalid, problems))
    assert results[0] == results[1]
    assert results[0][0] == whole_lines > 0
