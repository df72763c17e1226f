"""Correct handlers get a clean report: the fuzzer raises no false alarms.

A false alarm would be a "valid" event the schema forbids (the handler is right to
raise), an "invalid" event the schema allows (the handler is right to accept it), or an
exception the fuzzer itself caused. The careful handlers in ``fuzz_handlers`` do the same
jobs as the buggy ones, correctly: a *validating* consumer (it checks every event and
raises ``InvalidEventError``) and a *trusting* one (an upstream check has validated the
events, so it is fuzzed with valid events only: ``invalid=False`` / ``--no-invalid``).
Both must pass on ten seeds, through the API and through the command line, with the
coverage phase and the random searches (hybrid included).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import fuzz_handlers as handlers
import pytest

from callevent_toolkit import assert_handles, fuzz_handler
from callevent_toolkit.cli import run

SEEDS = tuple(range(1, 11))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_careful_trusting_consumer_survives_every_valid_event(seed: int) -> None:
    report = fuzz_handler(handlers.careful_summary, invalid=False, seed=seed, max_examples=30)
    assert report.ok, str(report)
    assert report.coverage is not None
    assert report.coverage.valid_cases > 0
    assert any("hybrid" in search.name for search in report.searches)
    assert all(search.calls == search.budget for search in report.searches)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_correct_validator_accepts_valid_and_rejects_invalid_events(seed: int) -> None:
    report = fuzz_handler(
        handlers.async_schema_validator,
        rejects=handlers.InvalidEventError,
        seed=seed,
        max_examples=20,
    )
    assert report.ok, str(report)
    assert report.coverage is not None
    assert report.coverage.invalid_cases > 0
    assert any("right error" in search.name for search in report.searches)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS[:3])
def test_the_jsonschema_validator_raises_no_false_alarm_either(seed: int) -> None:
    report = fuzz_handler(
        handlers.schema_validator, rejects=handlers.InvalidEventError, seed=seed, max_examples=20
    )
    assert report.ok, str(report)


def _cli(*argv: str) -> tuple[int, dict[str, Any]]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(["fuzz", *argv, "--format", "json"], stdout, stderr)
    return status, json.loads(stdout.getvalue())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "argv",
    [
        ["fuzz_handlers:careful_summary", "--no-invalid"],
        ["fuzz_handlers:async_schema_validator", "--rejects", "fuzz_handlers:InvalidEventError"],
    ],
    ids=["trusting", "validating"],
)
def test_both_pass_through_the_command_line(argv: list[str], seed: int) -> None:
    status, data = _cli(*argv, "--seed", str(seed), "--max-examples", "10")
    assert status == 0, data["failures"]
    assert data["ok"] is True
    assert data["coverage"]["cases"] > 0


#: The console script of the environment running the tests (on PATH or not).
_CALLEVENT = str(Path(sys.executable).with_name("callevent"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["fuzz_handlers:careful_summary", "--no-invalid"],
        ["fuzz_handlers:async_schema_validator", "--rejects", "fuzz_handlers:InvalidEventError"],
    ],
    ids=["trusting", "validating"],
)
def test_the_installed_command_exits_0_at_the_default_budget(argv: list[str]) -> None:
    # The real console script in a fresh process, every option at its default but the seed.
    done = subprocess.run(
        [_CALLEVENT, "fuzz", *argv, "--seed", "6", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert report["options"]["max_examples"] == 200


@pytest.mark.slow
def test_the_default_budget_raises_no_false_alarm() -> None:
    assert_handles(handlers.async_schema_validator, rejects=handlers.InvalidEventError, seed=4)
    assert_handles(handlers.careful_summary, invalid=False, seed=4)
