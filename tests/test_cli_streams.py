"""``callevent generate --stream``: a stream's deliveries, one a line, that ``callevent
validate --envelope`` accepts; out-of-range options are usage errors (exit 2)."""

from __future__ import annotations

import base64
import json

import pytest
from _cli import callevent

from callevent_toolkit import generate_deliveries, generate_stream
from callevent_toolkit.ndjson import dumps_line


@pytest.mark.parametrize(
    ("envelope", "options"),
    [
        ("webhook", []),
        ("webhook", ["--duplicates", "0.3", "--max-delay", "30", "--batch", "3"]),
        ("kinesis", ["--duplicates", "0.2", "--accounts", "2"]),
    ],
)
def test_stream_files_validate_as_deliveries(tmp_path, envelope, options):
    target = tmp_path / "stream.txt"
    written = callevent(
        "generate", "--stream", "--count", "6", "--seed", "4", "--envelope", envelope,
        *options, "-o", str(target),
    )  # fmt: skip
    assert written.status == 0, written.err
    lines = target.read_bytes().splitlines()
    result = callevent("validate", "--envelope", envelope, str(target))
    assert result.status == 0, result.out
    assert f"{len(lines)} lines checked in 1 file(s): {len(lines)} valid, 0 invalid" in result.out


def test_the_lines_are_the_bodies_of_generate_deliveries_in_due_order():
    out = callevent(
        "generate", "--stream", "--count", "5", "--seed", "2", "--envelope", "webhook",
        "--duplicates", "0.5", "--batch", "2", "--max-delay", "10",
    ).out  # fmt: skip
    expected = generate_deliveries(5, seed=2, duplicates=0.5, batch=2, max_delay=10)
    assert out == "".join(d.body + "\n" for d in expected)
    assert len(out.splitlines()) > len({i for d in expected for i in d.ids}) / 2
    kinesis = callevent("generate", "--stream", "--count", "2", "--envelope", "kinesis").out
    first = json.loads(base64.b64decode(kinesis.splitlines()[0]))
    assert first["specversion"] == "1.0"


def test_without_an_envelope_the_stream_is_its_events_in_timestamp_order():
    out = callevent("generate", "--stream", "--count", "4", "--seed", "1", "--accounts", "2").out
    assert out.encode() == b"".join(map(dumps_line, generate_stream(4, seed=1, accounts=2)))


def test_a_stream_window_is_its_calls_of_the_larger_run():
    window = callevent("generate", "--stream", "--count", "3", "--start", "2").out.splitlines()
    larger = callevent("generate", "--stream", "--count", "8").out.splitlines()
    calls = {json.loads(line)["call_sid"] for line in window}
    assert window == [line for line in larger if json.loads(line)["call_sid"] in calls]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--duplicates", "1.5"], "--duplicates: must be between 0 and 1"),
        (["--duplicates", "nan"], "--duplicates: must be between 0 and 1"),
        (["--max-delay", "-1"], "--max-delay: must be 0 or more seconds"),
        (["--max-delay", "14401"], "--max-delay: must be at most 14400 seconds"),
        (["--max-delay", "inf"], "--max-delay: must be 0 or more seconds"),
        (["--batch", "0"], "--batch: must be 1 or more"),
        (["--batch", "101"], "--batch: must be at most 100"),
        (["--accounts", "1001"], "--accounts: must be at most 1000"),
        (["--envelope", "kinesis", "--batch", "2"], "--batch must be 1 with --envelope kinesis"),
        (["--envelope", "none", "--duplicates", "0.1"], "--duplicates needs --envelope"),
        (["--timelines"], "--stream cannot be combined with --timelines or --shard"),
        (["--shard", "1/2"], "--stream cannot be combined with --timelines or --shard"),
        (["--invalid-ratio", "0.1"], "--labels and --invalid-ratio cannot be combined"),
    ],
)
def test_out_of_range_stream_options_are_usage_errors(options, message):
    argv = ["generate", "--stream", "--count", "1", "--envelope", "webhook", *options]
    if "--envelope" in options:
        argv[4:6] = []
    result = callevent(*argv)
    assert result.status == 2, result.err
    assert message in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("option", [["--duplicates", "0.1"], ["--batch", "2"], ["--accounts", "2"]])
def test_stream_options_need_stream(option):
    result = callevent("generate", "--count", "1", "--envelope", "webhook", *option)
    assert result.status == 2
    assert "needs --stream" in result.err


def test_jobs_do_not_change_a_stream():
    argv = ["generate", "--stream", "--count", "6", "--envelope", "webhook", "--duplicates", "0.2"]
    assert callevent(*argv, "--jobs", "2").out == callevent(*argv).out
