"""Out-of-range option values: a usage error (exit 2, one line naming the option) or a
cap with a notice, never a traceback; and a huge ``--count`` streams from the first
event instead of planning the whole run first."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time

import pytest
from _cli import callevent

from callevent_toolkit import InvalidArgument, fuzz_handler, generate_deliveries, is_valid
from callevent_toolkit.sending import send_deliveries

BIG = str(2**64)
CPUS = len(os.sched_getaffinity(0))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["generate", "--start", str(2**64 - 1), "--count", "1"],
            "callevent: --start + --count must be below 2**64 (18446744073709551616), "
            "got 18446744073709551615 + 1\n",
        ),
        (["generate", "--count", BIG], f"argument --count: must be below 2**64, got {BIG}"),
        (["generate", "--count", "1", "--start", BIG], "argument --start: must be below 2**64"),
        (["generate", "--count", "9" * 5000], "an integer of at most 4300 digits"),
        (["validate", "--max-errors", BIG, "-"], "argument --max-errors: must be below 2**64"),
        (["fuzz", "x:y", "--timeout", "1e10"], "argument --timeout: must be a positive number"),
        (["fuzz", "x:y", "--timeout", "nan"], "argument --timeout: must be a positive number"),
        (["fuzz", "x:y", "--max-examples", BIG], "argument --max-examples: must be below 2**64"),
        (["send", "http://127.0.0.1:9/", "--timeout", "1e10"], "argument --timeout: must be"),
        (["send", "http://127.0.0.1:9/", "--count", BIG], "argument --count: must be below"),
        (["send", "http://127.0.0.1:9/", "--rate", "1e-300"], "argument --rate: must be"),
        (["send", "http://127.0.0.1:9/", "--max-delay", "1e308"], "argument --max-delay: must"),
        (["send", "http://127.0.0.1:9/", "--backoff", "inf"], "argument --backoff: must be"),
        (["send", "http://127.0.0.1:9/", "--batch", BIG], "argument --batch: must be below"),
    ],
    ids=lambda v: " ".join(v)[:60] if isinstance(v, list) else "",
)
def test_an_out_of_range_value_is_a_usage_error(argv: list[str], message: str) -> None:
    result = callevent(*argv)
    assert result.status == 2
    assert message in result.err
    assert result.out == ""
    assert "Traceback" not in result.err


@pytest.mark.parametrize("command", ["generate", "validate"])
def test_jobs_beyond_the_cpus_are_capped_with_a_notice(command: str) -> None:
    argv = ["--count", "3"] if command == "generate" else ["-"]
    events = callevent("generate", "--count", "3").out.encode()
    stdin = events if command == "validate" else None
    capped = callevent(command, *argv, "--jobs", "1000", stdin=stdin)
    single = callevent(command, *argv, "--jobs", "1", stdin=stdin)
    notice = f"callevent: --jobs 1000 is more than the {CPUS} CPUs available; using {CPUS}\n"
    assert capped.err.startswith(notice)
    assert (capped.status, capped.out) == (single.status, single.out)


def test_jobs_within_the_cpus_gives_no_notice() -> None:
    result = callevent("generate", "--count", "3", "--jobs", str(CPUS))
    assert (result.status, result.err) == (0, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--count", "1000000000000"],
        ["--count", "1000000000000", "--jobs", "2"],
        ["--count", "1000000000000", "--timelines", "--envelope", "webhook"],
    ],
    ids=["jobs1", "jobs2", "timelines"],
)
def test_a_huge_count_streams_from_the_first_event(argv: list[str]) -> None:
    """The first line arrives within 30 s (it takes well under one when the run streams;
    building 2 * 10**8 windows first took minutes)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "callevent_toolkit", "generate", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "no output within 30 s"
        first = process.stdout.readline()
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    assert first.endswith(b"\n")
    if "--timelines" not in argv:
        assert is_valid(json.loads(first))


# -- the library refuses the same values --------------------------------------------------


def _returns(event: object) -> None:
    return None


@pytest.mark.parametrize("timeout", [1e10, float("inf"), float("nan"), 86_401])
def test_fuzz_handler_refuses_a_timeout_past_one_day(timeout: float) -> None:
    with pytest.raises(InvalidArgument, match="timeout must be"):
        fuzz_handler(_returns, timeout=timeout)


@pytest.mark.parametrize(
    "changes",
    [{"timeout": 1e10}, {"rate": 1e-300}, {"rate": float("inf")}],
    ids=["timeout", "slow-rate", "infinite-rate"],
)
def test_send_deliveries_refuses_out_of_range_durations(changes: dict[str, float]) -> None:
    started = time.monotonic()
    with pytest.raises(InvalidArgument):
        send_deliveries([], "http://127.0.0.1:9/", auth_token="t", **changes)  # type: ignore[arg-type]
    assert time.monotonic() - started < 5


def test_deliveries_refuse_a_delay_past_four_hours() -> None:
    with pytest.raises(InvalidArgument, match="max_delay"):
        generate_deliveries(1, max_delay=1e308)
