"""``callevent validate --envelope``: delivery files (one webhook body or Kinesis record a
line, as ``callevent generate --envelope`` writes them) are checked envelope first, then
each CallEvent inside, with problems placed in the body."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from _cli import callevent
from hypothesis import given, settings

from callevent_toolkit import generate, validate
from callevent_toolkit.envelopes import kinesis_record, to_cloudevent, webhook_body
from callevent_toolkit.strategies import invalid_call_events


def _generated(tmp_path: Path, envelope: str) -> str:
    target = str(tmp_path / f"{envelope}.txt")
    result = callevent(
        "generate", "--timelines", "--count", "4", "--envelope", envelope, "-o", target
    )
    assert result.status == 0, result.err
    return target


@pytest.mark.parametrize(
    ("written", "read"),
    [("webhook", "webhook"), ("kinesis", "kinesis"), ("webhook", "auto"), ("kinesis", "auto")],
)
def test_generated_delivery_files_are_valid(tmp_path, written, read):
    path = _generated(tmp_path, written)
    lines = len(Path(path).read_bytes().splitlines())
    result = callevent("validate", "--envelope", read, path)
    assert result.status == 0, result.out
    assert f"{lines} lines checked in 1 file(s): {lines} valid, 0 invalid" in result.out
    assert callevent("validate", path).status == 1  # as events, every line is wrong


@pytest.mark.parametrize(
    ("written", "read", "message"),
    [
        ("kinesis", "webhook", "body: not a webhook body: expected a JSON array of CloudEvents"),
        ("webhook", "kinesis", "body: not a Kinesis record: expected Base64 of one CloudEvent"),
    ],
)
def test_the_wrong_envelope_is_reported_on_every_line(tmp_path, written, read, message):
    path = _generated(tmp_path, written)
    result = callevent("validate", "--envelope", read, path)
    assert result.status == 1
    assert f"{path}:1: {message}" in result.out
    lines = len(Path(path).read_bytes().splitlines())
    assert f"0 valid, {lines} invalid" in result.out


def _mixed_lines() -> list[bytes]:
    first, second = list(generate(2, seed=1))
    bad = {**second, "call_sid": 5}
    without_id = to_cloudevent(first)
    del without_id["id"]
    return [
        webhook_body([first]).encode(),
        webhook_body([first, bad]).encode(),
        json.dumps([to_cloudevent(first), "x"]).encode(),
        json.dumps([without_id]).encode(),
        b"[{",
        b"",
        b"[" * 100_000,
        kinesis_record(bad).encode(),
        webhook_body([bad], data_as_string=True).encode(),
        b"[\xff]",
    ]


MIXED_REPORT = """\
F:2: body[1].data.$.call_sid: 5 is not of type 'string'
F:3: body[1]: a webhook array holds envelope objects, got a string
F:4: body[0]: required attribute 'id' is missing or empty
F:5: body: not valid JSON (Expecting property name enclosed in double quotes at line 1 column 3)
F:6: body: empty (no envelope at all)
F:7: body: JSON past a limit: nested deeper than 100 levels
F:8: body.data.$.call_sid: 5 is not of type 'string'
F:9: body[0].data.$.call_sid: 5 is not of type 'string'
F:10: body: not UTF-8 text (invalid start byte at byte 1)
10 lines checked in 1 file(s): 1 valid, 9 invalid
"""


def test_envelope_and_event_problems_are_placed_in_the_body(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\n".join(_mixed_lines()) + b"\n")
    result = callevent("validate", "--envelope", "auto", str(path))
    assert result.status == 1
    assert result.out.startswith(MIXED_REPORT.replace("F:", f"{path}:"))
    assert "envelope: 6" in result.out
    assert "type: 3" in result.out
    assert "Traceback" not in result.out + result.err


def test_json_report_carries_path_and_pointer(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\n".join(_mixed_lines()[:3]) + b"\n")
    report = json.loads(callevent("validate", "--envelope", "webhook", "--format", "json",
                                  str(path)).out)  # fmt: skip
    first, second = report["problems"]
    assert (first["line"], first["path"], first["pointer"]) == (2, "body[1].data.$.call_sid",
                                                                "/call_sid")  # fmt: skip
    assert (second["keyword"], second["path"]) == ("envelope", None)


def test_gzip_stdin_fail_fast_and_max_errors(tmp_path):
    data = b"\n".join(_mixed_lines()) + b"\n"
    from_stdin = callevent("validate", "--envelope", "auto", "-", stdin=gzip.compress(data))
    assert from_stdin.status == 1
    assert "<stdin>:2: body[1].data.$.call_sid" in from_stdin.out
    fast = callevent("validate", "--envelope", "auto", "--fail-fast", "-", stdin=data)
    assert "<stdin>:3:" not in fast.out
    assert "2 lines checked" in fast.out
    few = callevent("validate", "--envelope", "auto", "--max-errors", "1", "-", stdin=data)
    assert "... and 8 more problems not shown" in few.out
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    one = callevent("validate", "--envelope", "auto", str(path))
    assert callevent("validate", "--envelope", "auto", "--jobs", "2", str(path)) == one


@settings(max_examples=25)
@given(invalid_call_events())
def test_event_problems_are_exactly_the_validators(invalid):
    """The validator is the oracle: each violation appears, placed under body[0].data."""
    envelope = {**to_cloudevent({"call_sid": "CA1"}), "data": invalid.event}
    line = json.dumps([envelope]).encode() + b"\n"
    result = callevent("validate", "--envelope", "webhook", "-", stdin=line)
    assert result.status == 1
    if isinstance(invalid.event, dict):
        expected = [f"<stdin>:1: body[0].data.{v.json_path}: " for v in validate(invalid.event)]
        shown = [row for row in result.out.splitlines() if row.startswith("<stdin>:1:")]
        assert len(shown) == len(expected)
        assert all(row.startswith(prefix) for row, prefix in zip(shown, expected, strict=True))
    else:  # a top-level type mutation: not an object, so not a CallEvent at all
        assert "<stdin>:1: body[0].data: data must be a CallEvent object" in result.out
