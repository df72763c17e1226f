"""``callevent generate``: reproducible bytes, shards, jobs, gzip, labels, atomic files."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import subprocess
import sys

import pytest
from _cli import callevent

from callevent_toolkit import is_valid, ndjson
from callevent_toolkit.cli import run
from callevent_toolkit.cli._progress import ProgressBar
from callevent_toolkit.jobs import _rendering
from callevent_toolkit.ndjson import UnwritableValueError, dumps_line


@pytest.fixture
def small_chunks(monkeypatch):
    """Several chunks even for a few dozen events, so chunk seams get exercised."""
    monkeypatch.setattr(_rendering, "CHUNK_EVENTS", 7)


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_generate_prints_count_valid_events_to_stdout():
    result = callevent("generate", "--count", "3", "--seed", "7")
    assert result.status == 0
    events = _lines(result.out)
    assert len(events) == 3
    assert all(is_valid(event) for event in events)
    assert len({event["call_sid"] for event in events}) == 3


def test_contract_events_are_valid_too():
    result = callevent("generate", "--count", "20", "--seed", "3", "--contract")
    assert result.status == 0
    assert all(is_valid(event) for event in _lines(result.out))


def test_same_arguments_give_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.ndjson", tmp_path / "b.ndjson"
    for target in (first, second):
        assert callevent("generate", "--count", "40", "--seed", "11", "-o", str(target)).status == 0
    assert first.read_bytes() == second.read_bytes()
    other = callevent("generate", "--count", "40", "--seed", "12").out.encode()
    assert other != first.read_bytes()


def test_file_output_equals_stdout_output(tmp_path):
    target = tmp_path / "events.ndjson"
    callevent("generate", "--count", "9", "--seed", "5", "-o", str(target), "--quiet")
    assert (
        target.read_text(encoding="utf-8")
        == callevent("generate", "--count", "9", "--seed", "5").out
    )


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("shards", [1, 3, 4])
def test_shards_concatenated_equal_the_single_run(shards):
    whole = callevent("generate", "--count", "23", "--seed", "9").out
    parts = [
        callevent("generate", "--count", "23", "--seed", "9", "--shard", f"{i}/{shards}").out
        for i in range(1, shards + 1)
    ]
    assert "".join(parts) == whole
    assert all(parts)


@pytest.mark.usefixtures("small_chunks")
def test_jobs_give_the_same_bytes(tmp_path):
    single, multi = tmp_path / "one.ndjson", tmp_path / "two.ndjson"
    callevent("generate", "--count", "30", "--seed", "4", "-o", str(single), "--quiet")
    status = callevent(
        "generate", "--count", "30", "--seed", "4", "-o", str(multi), "--jobs", "2", "--quiet"
    ).status
    assert status == 0
    assert multi.read_bytes() == single.read_bytes()


@pytest.mark.usefixtures("small_chunks")
def test_gzip_output_is_reproducible_and_holds_the_plain_bytes(tmp_path):
    plain = callevent("generate", "--count", "25", "--seed", "2").out.encode()
    zipped = []
    for name in ("a.ndjson.gz", "b.ndjson.gz"):
        target = tmp_path / name
        callevent("generate", "--count", "25", "--seed", "2", "--gzip", "-o", str(target))
        zipped.append(target.read_bytes())
    assert zipped[0] == zipped[1]
    assert gzip.decompress(zipped[0]) == plain


def test_start_window_is_a_slice_of_the_run():
    whole = callevent("generate", "--count", "10", "--seed", "8").out.splitlines()
    window = callevent("generate", "--count", "3", "--seed", "8", "--start", "4").out
    assert window.splitlines() == whole[4:7]


def test_labels_sidecar_has_one_line_per_event_and_replays(tmp_path):
    events, labels = tmp_path / "e.ndjson", tmp_path / "e.labels.ndjson"
    args = ["generate", "--count", "12", "--seed", "6", "--shard", "2/3"]
    assert callevent(*args, "-o", str(events), "--labels", str(labels)).status == 0
    event_lines = events.read_text(encoding="utf-8").splitlines()
    label_lines = _lines(labels.read_text(encoding="utf-8"))
    assert [label["line"] for label in label_lines] == list(range(1, len(event_lines) + 1))
    assert all(label["valid"] and label["violation"] is None for label in label_lines)
    for label, line in zip(label_lines, event_lines, strict=True):
        replay = callevent(
            "generate", "--seed", str(label["seed"]), "--start", str(label["index"]), "--count", "1"
        )
        assert replay.out == line + "\n"


def test_failed_run_leaves_no_file_under_the_target_name(tmp_path, monkeypatch, small_chunks):
    target = tmp_path / "events.ndjson"
    target.write_bytes(b"previous content\n")
    calls = iter(range(1_000))

    def fail_on_the_twentieth(value):
        if next(calls) == 20:
            raise UnwritableValueError("simulated failure mid-write")
        return json.dumps(value).encode() + b"\n"

    monkeypatch.setattr(_rendering, "dumps_line", fail_on_the_twentieth)
    result = callevent("generate", "--count", "50", "-o", str(target))
    assert result.status == 2
    assert "simulated failure mid-write" in result.err
    assert "Traceback" not in result.err
    assert target.read_bytes() == b"previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.ndjson"]


@pytest.mark.parametrize(
    "args",
    [
        ["--count", "-1"],
        ["--count", "3", "--shard", "5/4"],
        ["--count", "3", "--shard", "two"],
        ["--count", "3", "--invalid-ratio", "1.5"],
        ["--count", "3", "--jobs", "0"],
        ["--count", "3", "--version", "2"],
        ["--count", "3", "--labels", "-"],
        ["--count", "3", "--labels", "same.ndjson", "-o", "./same.ndjson"],
        ["--seed", "3"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args):
    result = callevent("generate", *args)
    assert result.status == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err


@pytest.mark.parametrize(
    ("option", "name", "reason"),
    [
        ("-o", "a-directory", "Is a directory"),
        ("-o", "missing/events.ndjson", "No such file or directory"),
        ("-o", "a-file/events.ndjson", "Not a directory"),
        ("--labels", "a-directory", "Is a directory"),
        ("--labels", "missing/labels.ndjson", "No such file or directory"),
    ],
)
def test_an_unwritable_target_is_one_line_naming_it(tmp_path, monkeypatch, option, name, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "a-file").write_bytes(b"")
    output = ["-o", "events.ndjson"] if option == "--labels" else []
    result = callevent("generate", "--count", "3", *output, option, name)
    assert result.status == 2
    assert result.err == f"callevent: cannot write {name}: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-directory", "a-file"]
    assert list((tmp_path / "a-directory").iterdir()) == []


def test_a_read_only_directory_is_one_line_naming_the_target(tmp_path, monkeypatch):
    # chmod cannot forbid anything to root (CI containers), so refuse the way the OS would.
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), kwargs.get("dir"))

    monkeypatch.setattr(ndjson.tempfile, "mkstemp", refuse)
    target = str(tmp_path / "events.ndjson")
    result = callevent("generate", "--count", "3", "-o", target)
    assert result.status == 2
    assert result.err == f"callevent: cannot write {target}: Permission denied\n"


def test_a_closed_pipe_ends_the_run_quietly():
    """``callevent generate ... | head`` must not print an error or a traceback."""
    command = [sys.executable, "-m", "callevent_toolkit", "generate", "--count", "100000"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        status = process.wait(timeout=60)
        errors = process.stderr.read()
    assert is_valid(json.loads(first))
    assert errors == b""
    assert status == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "x"], "argument --count: expected an integer, got 'x'"),
        (["--count", "1", "--seed", "1.5"], "argument --seed: expected an integer, got '1.5'"),
        (
            ["--count", "1", "--invalid-ratio", "a"],
            "argument --invalid-ratio: expected a number, got 'a'",
        ),
        (
            ["--count", "1", "--invalid-ratio", "nan"],
            "argument --invalid-ratio: must be between 0 and 1, got nan",
        ),
    ],
)
def test_a_malformed_number_names_the_option_and_what_it_wants(args, message):
    result = callevent("generate", *args)
    assert result.status == 2
    assert result.err.splitlines()[-1] == f"callevent generate: error: {message}"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_gzip_is_not_written_to_a_terminal():
    out, err = _Terminal(), io.StringIO()
    assert run(["generate", "--count", "3", "--gzip"], out, err) == 2
    assert out.getvalue() == ""
    assert err.getvalue().startswith("callevent: not writing gzip to a terminal")
    assert run(["generate", "--count", "3"], out, err) == 0  # plain NDJSON is fine


def test_summary_goes_to_stderr_unless_quiet(tmp_path):
    target = tmp_path / "e.ndjson"
    loud = callevent("generate", "--count", "5", "--seed", "1", "-o", str(target))
    quiet = callevent("generate", "--count", "5", "--seed", "1", "-o", str(target), "--quiet")
    assert "wrote 5 events" in loud.err
    assert "seed 1" in loud.err
    assert quiet.err == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, small_chunks):
    result = callevent("generate", "--count", "30", "-o", str(tmp_path / "e.ndjson"))
    assert "\r" not in result.err


class _FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_waits_then_draws_counts_and_ends_the_line():
    clock, stream = _FakeClock(), io.StringIO()
    bar = ProgressBar(1_000, stream, clock=clock)
    bar.advance(100)
    assert stream.getvalue() == ""  # short runs never draw
    clock.now = 1.0
    bar.advance(400)
    assert "500/1,000" in stream.getvalue()
    assert " 50%" in stream.getvalue()
    clock.now = 2.0
    bar.advance(500)
    bar.close()
    assert stream.getvalue().endswith("\n")
    assert "1,000/1,000" in stream.getvalue()


@pytest.mark.parametrize("unit", ["events", "calls"])
def test_progress_bar_names_the_unit_it_counts(unit):
    clock, stream = _FakeClock(), io.StringIO()
    bar = ProgressBar(10, stream, unit=unit, clock=clock)
    clock.now = 1.0
    bar.advance(5)
    assert f" 5 {unit}/s" in stream.getvalue()


def test_python_dash_m_is_the_same_command():
    module = subprocess.run(
        [sys.executable, "-m", "callevent_toolkit", "generate", "--count", "2", "--seed", "7"],
        capture_output=True,
        check=True,
    )
    assert module.stdout.decode("utf-8") == callevent("generate", "--count", "2", "--seed", "7").out


@pytest.mark.usefixtures("small_chunks")
def test_invalid_ratio_runs_are_reproducible_across_jobs_and_shards(tmp_path):
    args = ["generate", "--count", "30", "--seed", "13", "--invalid-ratio", "0.4", "--quiet"]
    single, multi = tmp_path / "one.ndjson", tmp_path / "two.ndjson"
    labels = tmp_path / "labels.ndjson"
    assert callevent(*args, "-o", str(single), "--labels", str(labels)).status == 0
    assert callevent(*args, "-o", str(multi), "--jobs", "2").status == 0
    assert multi.read_bytes() == single.read_bytes()
    shards = "".join(callevent(*args, "--shard", f"{i}/3").out for i in (1, 2, 3))
    assert shards.encode() == single.read_bytes()
    verdicts = [json.loads(line)["valid"] for line in labels.read_text().splitlines()]
    events = _lines(single.read_text(encoding="utf-8"))
    assert [is_valid(event) for event in events] == verdicts
    assert not all(verdicts)


@pytest.mark.parametrize("envelope", ["none", "webhook"])
def test_a_stream_reports_calls_as_they_are_begun_not_only_at_the_end(envelope, monkeypatch):
    """``--stream``'s progress bar moves while the stream is written: each chunk counts
    the calls begun since the last one, and the counts add up to ``--count``."""
    from callevent_toolkit.generation import generate_deliveries, generate_stream
    from callevent_toolkit.jobs import _deliveries

    monkeypatch.setattr(_deliveries, "STREAM_CHUNK_LINES", 50)
    spec = _deliveries.StreamSpec(
        seed=3, realistic=True, version=3, envelope=envelope, accounts=2,
        duplicates=0.1, max_delay=90.0, batch=1,
    )  # fmt: skip
    chunks = list(_deliveries.render_stream(spec, 5, 40))
    counts = [chunk.count for chunk in chunks]
    assert sum(counts) == 40
    assert all(count >= 0 for count in counts)
    assert sum(counts[: len(counts) // 2]) >= 10  # the first half of the lines moved the bar
    # and the lines are those of the public generators, unchanged
    if envelope == "none":
        expected = [dumps_line(e) for e in generate_stream(40, seed=3, start=5, accounts=2)]
    else:
        sent = generate_deliveries(40, seed=3, start=5, accounts=2, duplicates=0.1)
        expected = [d.body.encode() + b"\n" for d in sent]
    assert b"".join(chunk.events for chunk in chunks) == b"".join(expected)
