"""No traceback ever reaches a ``callevent`` user: every subcommand run as the console
script with hostile options (huge, negative, non-finite, empty, malformed values, odd
paths and targets) ends with exit status 0, 1 or 2 and at most a few lines on stderr,
none of them a traceback or the catch-all "internal error" (which would mean a bug
reached ``main``'s last guard)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
BIG = str(2**64)
HUGE = "9" * 5000
DOWN = "http://127.0.0.1:9/hook"  # nothing listens on the discard port: refused at once
SEND = ["send", DOWN, "--auth-token", "t", "--count", "1", "--max-attempts", "1"]
HANDLER = "fuzz_handlers:schema_validator"

CASES = {
    "no-command": [],
    "unknown-command": ["nope"],
    "generate-no-count": ["generate"],
    "generate-huge-start": ["generate", "--count", "1", "--start", BIG],
    "generate-start-at-the-limit": ["generate", "--count", "1", "--start", str(2**64 - 1)],
    "generate-huge-count": ["generate", "--count", BIG],
    "generate-5000-digit-count": ["generate", "--count", HUGE],
    "generate-negative-count": ["generate", "--count", "-1"],
    "generate-5000-digit-seed": ["generate", "--count", "1", "--seed", HUGE],
    "generate-nan-ratio": ["generate", "--count", "1", "--invalid-ratio", "nan"],
    "generate-huge-shard": ["generate", "--count", "1", "--shard", f"{BIG}/{BIG}"],
    "generate-zero-shard": ["generate", "--count", "1", "--shard", "0/0"],
    "generate-bad-shard": ["generate", "--count", "1", "--shard", "1/x"],
    "generate-huge-jobs": ["generate", "--count", "1", "--jobs", BIG],
    "generate-zero-jobs": ["generate", "--count", "1", "--jobs", "0"],
    "generate-huge-version": ["generate", "--count", "1", "--version", BIG],
    "generate-empty-output": ["generate", "--count", "1", "-o", ""],
    "generate-output-root": ["generate", "--count", "1", "-o", "/"],
    "generate-output-too-long": ["generate", "--count", "1", "-o", "a" * 300],
    "generate-output-proc": ["generate", "--count", "1", "-o", "/proc/version"],
    "generate-labels-same-as-output": ["generate", "--count", "1", "-o", "x", "--labels", "x"],
    "generate-timelines-at-the-limit": [
        *("generate", "--count", "2", "--timelines", "--envelope", "kinesis"),
        *("--start", str(2**64 - 2)),
    ],
    "validate-no-file": ["validate"],
    "validate-huge-jobs": ["validate", "--jobs", BIG, "/dev/null"],
    "validate-huge-max-errors": ["validate", "--max-errors", HUGE, "/dev/null"],
    "validate-empty-name": ["validate", ""],
    "validate-directory": ["validate", "/"],
    "validate-missing": ["validate", "/no/such/file.ndjson"],
    "validate-bad-envelope": ["validate", "--envelope", "smoke", "/dev/null"],
    "explain-huge-version": ["explain", "--version", BIG],
    "explain-bad-format": ["explain", "--format", "xml"],
    "fuzz-no-target": ["fuzz"],
    "fuzz-colon": ["fuzz", ":"],
    "fuzz-relative-import": ["fuzz", "....:x"],
    "fuzz-missing-module": ["fuzz", "no_such_module_here:f"],
    "fuzz-not-callable": ["fuzz", "hostile_handlers:FLOOD"],
    "fuzz-rejects-not-exception": ["fuzz", HANDLER, "--rejects", "os:path"],
    "fuzz-huge-timeout": ["fuzz", HANDLER, "--timeout", "1e10"],
    "fuzz-nan-timeout": ["fuzz", HANDLER, "--timeout", "nan"],
    "fuzz-huge-max-examples": ["fuzz", HANDLER, "--max-examples", BIG],
    "fuzz-5000-digit-seed": ["fuzz", HANDLER, "--seed", HUGE],
    "fuzz-huge-seed": ["fuzz", HANDLER, "--seed", BIG, "--phases", "random", "--max-examples", "1"],
    "fuzz-empty-phases": ["fuzz", HANDLER, "--phases", ""],
    "fuzz-unknown-phase": ["fuzz", HANDLER, "--phases", "warp"],
    "fuzz-unknown-keyword": ["fuzz", HANDLER, "--keywords", "nope"],
    "fuzz-no-valid-no-invalid": ["fuzz", HANDLER, "--no-valid", "--no-invalid"],
    "send-no-token": ["send", DOWN],
    "send-bad-scheme": ["send", "ftp://x", "--auth-token", "t"],
    "send-bad-url": ["send", "http://[::1", "--auth-token", "t"],
    "send-huge-count": [*SEND, "--count", BIG],
    "send-5000-digit-count": [*SEND, "--count", HUGE],
    "send-huge-timeout": [*SEND, "--timeout", "1e10"],
    "send-tiny-rate": [*SEND, "--rate", "1e-300"],
    "send-huge-max-delay": [*SEND, "--max-delay", "1e308"],
    "send-huge-backoff": [*SEND, "--backoff", "1e308"],
    "send-huge-batch": [*SEND, "--batch", BIG],
    "send-duplicates-over-one": [*SEND, "--duplicates", "2"],
    "send-refused": SEND,
}


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES.keys())
def test_no_traceback_reaches_the_user(argv: list[str], tmp_path: Path) -> None:
    for module in ("fuzz_handlers.py", "hostile_handlers.py"):
        (tmp_path / module).write_text((TESTS / module).read_text())
    result = subprocess.run(
        [sys.executable, "-m", "callevent_toolkit", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert len(result.stderr.splitlines()) <= 20, result.stderr
