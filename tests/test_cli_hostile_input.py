"""``callevent validate`` on hostile input: devices, FIFOs, process substitution, lines
that never end or hold gigabytes, nesting and numbers past the parsers' limits, repeated
keys, CR line endings and file names that are not UTF-8.

Whatever the input: a problem on its line, the run goes on, memory stays flat, and no
traceback. Real processes and file descriptors are used where they matter; every child
runs with its address space capped (``_subprocess.run_capped``) and a timeout.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _cli import callevent
from _subprocess import ADDRESS_SPACE_BYTES, run_capped

from callevent_toolkit import generate
from callevent_toolkit.cli import _validate
from callevent_toolkit.ndjson import DEFAULT_MAX_LINE_BYTES, dumps_line, line_ranges

#: The promise of docs/guarantees.md: peak RSS whatever the input.
_PEAK_RSS_MB = 150

_CALLEVENT = str(Path(sys.executable).with_name("callevent"))


def _events(count: int = 3, seed: int = 1) -> list[dict[str, Any]]:
    return list(generate(count, seed=seed))


def _good_bytes(count: int = 3) -> bytes:
    return b"".join(dumps_line(e) for e in _events(count))


def _report(out: str) -> dict[str, Any]:
    """A JSON report without the file names (which differ between the ways of reading)."""
    report = json.loads(out)
    for entry in report["problems"] + report["files"]:
        entry.pop("file")
    return report


@pytest.fixture
def small_ranges(monkeypatch):
    """Byte ranges of a couple of events, so --jobs cuts even a small file many times."""
    monkeypatch.setattr(_validate, "_RANGE_BYTES", 1_500)


# --------------------------------------------------------------------------- not regular files


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_dev_zero_is_one_line_too_long_not_an_empty_file(jobs):
    result = run_capped(
        "validate", "--jobs", jobs, "--fail-fast", "--max-line-bytes", "1000", "/dev/zero"
    )
    assert result.status == 1
    assert result.out.startswith("/dev/zero:1: line longer than 1000 bytes\n")
    assert "empty" not in result.out
    assert "Traceback" not in result.err
    assert result.peak_rss_mb < _PEAK_RSS_MB


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_dev_urandom_is_reported_on_its_first_line(jobs):
    result = run_capped("validate", "--jobs", jobs, "--fail-fast", "/dev/urandom")
    assert result.status == 1
    assert result.out.startswith("/dev/urandom:1: ")
    assert "Traceback" not in result.err
    assert result.peak_rss_mb < _PEAK_RSS_MB


def test_dev_zero_read_for_seconds_keeps_memory_flat():
    """A line that never ends: the default 16 MiB limit, chunks skipped, RSS flat."""
    code = (
        "import resource, sys;"
        f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE_BYTES}, {ADDRESS_SPACE_BYTES}));"
        "sys.argv = ['callevent', 'validate', '/dev/zero'];"
        "from callevent_toolkit.cli import main; main()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as child:
        try:
            time.sleep(4)
            status = Path(f"/proc/{child.pid}/status").read_text()
            assert child.poll() is None  # still reading, not crashed
        finally:
            child.kill()
            child.wait(timeout=30)
    peak_kb = int(status.split("VmHWM:")[1].split()[0])
    assert peak_kb / 1024 < _PEAK_RSS_MB


@pytest.mark.usefixtures("small_ranges")
def test_proc_files_whose_size_reads_zero_are_read_not_skipped():
    one = callevent("validate", "--format", "json", "/proc/version")
    two = callevent("validate", "--format", "json", "--jobs", "2", "/proc/version")
    assert json.loads(two.out) == json.loads(one.out)
    assert json.loads(one.out)["summary"]["lines"] >= 1
    assert one.status == two.status == 1


@pytest.mark.usefixtures("small_ranges")
def test_a_line_starting_like_gzip_at_a_range_start_is_a_line_not_a_gzip_stream(tmp_path):
    """--jobs cuts plain files at line starts; a line there that starts with the gzip
    magic bytes is a line like any other (not UTF-8), as with --jobs 1."""
    path = tmp_path / "magic.ndjson"
    lines = [dumps_line(e) for e in _events(12, seed=6)]
    path.write_bytes(b"".join(lines))
    second = line_ranges(path, _validate._RANGE_BYTES)[1][0]
    index = [len(b"".join(lines[:i])) for i in range(len(lines))].index(second)
    lines[index] = b"\x1f\x8b" + lines[index]  # the ranges before it stay as they were
    path.write_bytes(b"".join(lines))
    assert line_ranges(path, _validate._RANGE_BYTES)[1][0] == second
    one = callevent("validate", "--format", "json", str(path))
    two = callevent("validate", "--format", "json", "--jobs", "2", str(path))
    assert one.status == two.status == 1
    assert json.loads(two.out) == json.loads(one.out)
    assert [p["line"] for p in json.loads(one.out)["problems"]] == [index + 1]


def _mixed(tmp_path: Path) -> Path:
    events = _events(30, seed=5)
    del events[4]["call_sid"]
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(b"".join(dumps_line(e) for e in events) + b"{oops\n" + b'{"a": 1, "a": 2}\n')
    return path


@pytest.mark.usefixtures("small_ranges")
@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_stdin_is_read_once_with_the_jobs_1_report(tmp_path, compress):
    data = _mixed(tmp_path).read_bytes()
    data = gzip.compress(data, mtime=0) if compress else data
    one = callevent("validate", "--format", "json", "-", stdin=data)
    two = callevent("validate", "--format", "json", "--jobs", "2", "-", stdin=data)
    assert one.status == two.status == 1
    assert json.loads(two.out) == json.loads(one.out)
    assert json.loads(one.out)["summary"]["lines"] == 32  # 30 events, two bad lines


@pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution needs bash")
def test_process_substitution_gives_the_regular_file_report(tmp_path):
    path = _mixed(tmp_path)
    regular = run_capped("validate", "--format", "json", str(path))
    for jobs in ("1", "2"):
        script = f'"$0" validate --format json --jobs {jobs} <(cat "$1")'
        done = subprocess.run(
            ["bash", "-c", script, _CALLEVENT, str(path)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == regular.status == 1
        assert _report(done.stdout.decode()) == _report(regular.out)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fifo_is_read_once_with_the_regular_file_report(tmp_path, jobs):
    path = _mixed(tmp_path)
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    regular = run_capped("validate", "--format", "json", str(path))
    with subprocess.Popen(["sh", "-c", 'cat "$0" > "$1"', str(path), str(fifo)]) as writer:
        try:
            result = run_capped("validate", "--format", "json", "--jobs", jobs, str(fifo))
        finally:
            writer.kill()
    assert result.status == regular.status == 1
    assert _report(result.out) == _report(regular.out)


def test_a_gzip_fifo_is_read_too(tmp_path):
    fifo = tmp_path / "events.gz.fifo"
    os.mkfifo(fifo)
    source = tmp_path / "events.ndjson.gz"
    source.write_bytes(gzip.compress(_good_bytes(4)))
    with subprocess.Popen(["sh", "-c", 'cat "$0" > "$1"', str(source), str(fifo)]) as writer:
        try:
            result = run_capped("validate", "--jobs", "2", str(fifo))
        finally:
            writer.kill()
    assert result.status == 0, result.out + result.err
    assert "4 lines checked in 1 file(s): 4 valid, 0 invalid" in result.out


# --------------------------------------------------------------------------- long lines


def test_a_line_past_the_limit_is_one_problem_and_the_run_goes_on(tmp_path):
    a, b = _events(2)
    path = tmp_path / "long.ndjson"
    path.write_bytes(dumps_line(a) + b'{"a": "' + b"x" * 5_000 + b'"}\n' + dumps_line(b))
    for jobs in ("1", "2"):
        result = callevent("validate", "--max-line-bytes", "4096", "--jobs", jobs, str(path))
        assert result.status == 1
        assert f"{path}:2: line longer than 4096 bytes\n" in result.out
        assert "3 lines checked in 1 file(s): 2 valid, 1 invalid" in result.out


def test_a_line_of_exactly_the_limit_is_read(tmp_path):
    line = dumps_line(_events(1)[0])
    path = tmp_path / "exact.ndjson"
    path.write_bytes(line * 2)
    result = callevent("validate", "--max-line-bytes", str(len(line) - 1), str(path))
    assert result.status == 0, result.out
    result = callevent("validate", "--max-line-bytes", str(len(line) - 2), str(path))
    assert result.status == 1
    assert "line-too-long: 2" in result.out


def test_a_delivery_line_past_the_limit_is_one_problem_and_the_run_goes_on(tmp_path):
    from callevent_toolkit.envelopes import webhook_body

    body = webhook_body(_events(2)).encode()
    path = tmp_path / "bodies.txt"
    path.write_bytes(body + b"\n[" + b" " * 5_000 + b"]\n" + body + b"\n")
    result = callevent("validate", "--envelope", "webhook", "--max-line-bytes", "4096", str(path))
    assert result.status == 1
    assert result.out.startswith(f"{path}:2: line longer than 4096 bytes\n")
    assert "3 lines checked in 1 file(s): 2 valid, 1 invalid" in result.out


def test_the_default_line_limit_is_16_mib():
    assert DEFAULT_MAX_LINE_BYTES == 16 * 1024 * 1024
    assert "16,777,216" in callevent("validate", "--help").out


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_max_line_bytes_must_be_positive(value):
    assert callevent("validate", "--max-line-bytes", value, "x.ndjson").status == 2


@pytest.mark.slow
@pytest.mark.parametrize("envelope", ["none", "auto"])
def test_a_3_gib_line_in_a_small_gzip_file_keeps_memory_flat(tmp_path, envelope):
    """One 3 GiB line, as gzip members of 1 MiB each (a file of about 3 MB); delivery
    files (``--envelope``) are read with the same bound."""
    path = tmp_path / "bomb.ndjson.gz"
    member = gzip.compress(b"a" * (1 << 20), compresslevel=9, mtime=0)
    with path.open("wb") as out:
        out.write(gzip.compress(b'{"a": "', mtime=0))
        for _ in range(3 * 1024):
            out.write(member)
        out.write(gzip.compress(b'"}\n' + _good_bytes(2), mtime=0))
    assert path.stat().st_size < 8 << 20
    result = run_capped("validate", "--envelope", envelope, str(path), timeout=600)
    assert result.status == 1, result.err
    assert f"{path}:1: line longer than 16777216 bytes\n" in result.out
    valid = 2 if envelope == "none" else 0  # bare events are not deliveries
    assert f"3 lines checked in 1 file(s): {valid} valid, {3 - valid} invalid" in result.out
    assert "Traceback" not in result.err
    assert result.peak_rss_mb < _PEAK_RSS_MB


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_2_gib_line_in_a_plain_file_keeps_memory_flat(tmp_path, jobs):
    """A sparse file: 2 GiB of NUL bytes on one line (no disk used), then two events."""
    path = tmp_path / "huge.ndjson"
    with path.open("wb") as out:
        out.truncate(2 << 30)
        out.seek(2 << 30)
        out.write(b"\n" + _good_bytes(2))
    result = run_capped("validate", "--jobs", jobs, str(path), timeout=600)
    assert result.status == 1, result.err
    assert f"{path}:1: line longer than 16777216 bytes\n" in result.out
    assert "3 lines checked in 1 file(s): 2 valid, 1 invalid" in result.out
    assert "Traceback" not in result.err
    assert result.peak_rss_mb < _PEAK_RSS_MB


_NEAR_LIMIT = 15 << 20


@pytest.mark.slow
@pytest.mark.parametrize(
    "line",
    [
        b'{"call_sid": "' + b"x" * _NEAR_LIMIT + b'"}\n',
        b'{"call_sid": [' + b",".join([b'"' + b"y" * 150 + b'"'] * 99_000) + b"]}\n",
        b"{" + b",".join(b'"k%d": {"v": 0}' % i for i in range(49_000)) + b"}\n",
        b"[" + b"{}," * (_NEAR_LIMIT // 3) + b"{}]\n",
        b'{"a": [' + b"1.5," * (_NEAR_LIMIT // 4) + b"1]}\n",
    ],
    ids=["long-string", "many-long-strings", "many-keys", "many-objects", "many-floats"],
)
def test_lines_within_the_limit_that_parse_into_much_memory_stay_under_the_cap(tmp_path, line):
    path = tmp_path / "heavy.ndjson"
    path.write_bytes(_good_bytes(1) + line + _good_bytes(1))
    result = run_capped("validate", str(path), timeout=600)
    assert result.status == 1, result.err
    assert "3 lines checked in 1 file(s): 2 valid, 1 invalid" in result.out
    assert f"{path}:2: " in result.out
    assert "Traceback" not in result.err
    assert result.peak_rss_mb < _PEAK_RSS_MB


# --------------------------------------------------------------------------- parser limits


def _check_lines(tmp_path: Path, *lines: bytes) -> dict[str, Any]:
    a, b = _events(2)
    path = tmp_path / "limits.ndjson"
    path.write_bytes(dumps_line(a) + b"".join(lines) + dumps_line(b))
    text = callevent("validate", str(path))
    result = callevent("validate", "--format", "json", str(path))
    assert result.status == text.status == 1
    assert "Traceback" not in result.err + text.err
    report = json.loads(result.out)
    assert report["summary"]["lines"] == len(lines) + 2
    assert report["summary"]["valid"] == 2
    return report


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        (b'{"a": ' + b"[" * 1100 + b"]" * 1100 + b"}\n", "too-deep"),  # past orjson's limit
        (b'{"a": ' + b"[" * 1000 + b"]" * 1000 + b"}\n", "too-deep"),  # accepted by orjson
        (b'{"a": ' * 999 + b"1" + b"}" * 999 + b"\n", "too-deep"),
        (b'{"lat": ' + b"9" * 1_000_000 + b"}\n", "too-large"),
        (b'{"lat": 1' + b"0" * 400 + b"}\n", "additionalProperties"),  # big but readable
    ],
)
def test_nesting_and_numbers_past_the_limits_are_problems_on_their_line(tmp_path, line, keyword):
    report = _check_lines(tmp_path, line)
    assert [(p["line"], p["keyword"]) for p in report["problems"]][:1] == [(2, keyword)]


def test_duplicate_keys_are_reported_with_their_paths(tmp_path):
    event = _events(1, seed=4)[0]
    event["sdk_edge"] = {"metadata": {"city": "Lyon"}}
    twice = dumps_line(event)[:-2] + b',"call_sid":5}\n'
    nested = dumps_line(event).replace(b'"city":"Lyon"', b'"city":1, "city":"Lyon"')
    report = _check_lines(tmp_path, twice, nested)
    problems = [(p["line"], p["path"], p["keyword"], p["message"]) for p in report["problems"]]
    assert problems == [
        (2, "$.call_sid", "duplicate-key", "duplicate key"),
        (3, "$.sdk_edge.metadata.city", "duplicate-key", "duplicate key"),
    ]


def test_duplicate_keys_in_text_reports(tmp_path):
    line = b'{"call_sid": 5, "call_sid": "CA' + b"0" * 32 + b'"}\n'
    path = tmp_path / "dup.ndjson"
    path.write_bytes(line)
    result = callevent("validate", str(path))
    assert result.status == 1
    assert f"{path}:1: $.call_sid: duplicate key\n" in result.out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_allow_duplicate_keys_reads_the_last_value(tmp_path, jobs):
    event = _events(1, seed=4)[0]
    twice = dumps_line(event)[:-2] + b',"call_sid":5}\n'  # last value wins: not a string
    again = b'{"call_sid":5,' + dumps_line(event)[1:]  # last value wins: the good one
    path = tmp_path / "dup.ndjson"
    path.write_bytes(twice + again)
    result = callevent("validate", "--allow-duplicate-keys", "--jobs", jobs, str(path))
    assert result.status == 1
    assert result.out.startswith(f"{path}:1: $.call_sid: 5 is not of type 'string'\n")
    assert "2 lines checked in 1 file(s): 1 valid, 1 invalid" in result.out
    assert "duplicate-key" not in result.out


def test_cr_line_endings_are_named(tmp_path):
    a, b = (dumps_line(e).rstrip(b"\n") for e in _events(2))
    path = tmp_path / "mac.ndjson"
    path.write_bytes(a + b"\r" + b + b"\r")
    result = callevent("validate", str(path))
    assert result.status == 1
    assert f"{path}:1: the file uses CR line endings" in result.out
    assert "Extra data" not in result.out
    assert "incomplete" not in result.out


# --------------------------------------------------------------------------- file names


def _odd_name(tmp_path: Path) -> tuple[Path, str]:
    raw = os.fsencode(tmp_path) + b"/caf\xe9 \xff.ndjson"
    with open(raw, "wb") as out:
        out.write(_good_bytes(1) + b"{oops\n")
    return Path(os.fsdecode(raw)), str(tmp_path) + "/caf\\xe9 \\xff.ndjson"


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_file_name_that_is_not_utf8_gives_a_printable_text_report(tmp_path, encoding):
    path, shown = _odd_name(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    result = run_capped("validate", str(path), env=env)
    assert result.status == 1
    assert "Traceback" not in result.err
    assert f"{shown}:2: not JSON" in result.out


def test_a_file_name_that_is_not_utf8_gives_valid_json(tmp_path):
    path, shown = _odd_name(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for args in (["--format", "json"], ["--format", "json", "--jobs", "2"]):
        result = run_capped("validate", *args, str(path), env=env)
        assert result.status == 1
        report = json.loads(result.out)
        assert report["files"][0]["file"] == shown
        assert report["problems"][0]["file"] == shown
    missing = run_capped("validate", "--format", "json", str(path) + "\udcff", env=env)
    assert missing.status == 2
    assert json.loads(missing.out)["files"][0]["file"] == shown + "\\xff"


# --------------------------------------------------------------------------- closed streams


def _run_with(redirections: str, *argv: str) -> subprocess.CompletedProcess[bytes]:
    """``callevent ARGV`` started by a shell with ``redirections`` (``<&-``, ``>&-``...):
    the process begins with those descriptors closed, as Python then sees them (``None``)."""
    return subprocess.run(
        ["sh", "-c", f'"$0" "$@" {redirections}', _CALLEVENT, *argv],
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_stdin_closed_is_an_unreadable_input():
    done = _run_with("<&-", "validate", "-")
    assert done.returncode == 2
    assert b"callevent: <stdin>: standard input is closed\n" in done.stderr
    assert b"Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("content", "status"), [("good", 0), ("bad", 1)])
def test_stdout_closed_is_an_io_error_whatever_the_verdict(tmp_path, jobs, content, status):
    """The report cannot be written: exit 2 (an I/O error, as for every command whose
    stdout is closed), not the verdict ``status`` the report would have carried."""
    path = tmp_path / "events.ndjson"
    path.write_bytes(_good_bytes(3) + (b"{oops\n" if content == "bad" else b""))
    done = _run_with(">&-", "validate", "--jobs", jobs, str(path))
    assert done.returncode == 2 != status
    assert done.stderr.endswith(b"callevent: I/O error: standard output is closed\n")
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("redirections", ["2>&-", "2>&- >&-"])
def test_stderr_closed_a_missing_file_still_exits_2(tmp_path, redirections):
    done = _run_with(redirections, "validate", str(tmp_path / "missing.ndjson"))
    assert done.returncode == 2
    if ">&-" not in redirections.replace("2>&-", ""):
        assert b"1 file(s) could not be read" in done.stdout
