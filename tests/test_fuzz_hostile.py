"""The fuzzer against handlers and targets that misbehave: a handler raising
``KeyboardInterrupt`` or ``SystemExit`` is a crash like any other (not a hang, no thread
traceback), also with ``timeout=None``; a target module that raises any
``BaseException`` on import is a usage error (exit 2) with one line; what a handler
prints never reaches the ``--format json`` report, however much it prints."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import hostile_handlers
import pytest
from _cli import callevent

from callevent_toolkit import fuzz_handler

TESTS = Path(__file__).parent
QUICK = {"seed": 1, "max_examples": 2, "phases": ("random",)}


@pytest.mark.parametrize(
    ("handler", "raised"),
    [
        (hostile_handlers.interrupts, "KeyboardInterrupt"),
        (hostile_handlers.async_interrupts, "KeyboardInterrupt"),
        (hostile_handlers.exits, "SystemExit"),
    ],
    ids=["sync-interrupt", "async-interrupt", "sys-exit"],
)
@pytest.mark.parametrize("timeout", [2.0, None], ids=["timeout", "no-timeout"])
def test_a_handler_raising_a_base_exception_is_a_crash_not_a_hang(
    handler: object, raised: str, timeout: float | None, capfd: pytest.CaptureFixture[str]
) -> None:
    report = fuzz_handler(handler, timeout=timeout, **QUICK)
    kinds = {failure.kind for failure in report.failures}
    assert kinds == {"crashed-on-valid"}
    assert all(raised in str(failure) for failure in report.failures)
    assert report.abandoned_threads == 0
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert "Exception in thread" not in err


def test_timeout_none_does_not_hang_in_a_fresh_process() -> None:
    """The whole run, in its own interpreter, bounded from outside."""
    code = textwrap.dedent(
        """
        import hostile_handlers
        from callevent_toolkit import fuzz_handler
        report = fuzz_handler(hostile_handlers.interrupts, timeout=None, seed=1,
                              max_examples=2, phases=("random",))
        print(sorted({f.kind.value for f in report.failures}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=TESTS
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "['crashed-on-valid']\n", "")


@pytest.mark.parametrize(
    "raising",
    [
        "class Boom(BaseException):\n    pass\n\nraise Boom('on import')",
        "raise SystemExit(4)",
        "raise GeneratorExit('odd')",
        "raise ValueError('plain')",
    ],
    ids=["BaseException-subclass", "SystemExit", "GeneratorExit", "Exception"],
)
def test_a_target_raising_anything_on_import_is_a_usage_error(
    raising: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = f"raises_on_import_{abs(hash(raising))}"
    (tmp_path / f"{name}.py").write_text(raising + "\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    result = callevent("fuzz", f"{name}:handler")
    assert result.status == 2
    assert result.err.startswith(f"callevent: importing {name!r} raised ")
    assert result.err.count("\n") == 1
    assert result.out == ""


def test_a_target_raising_on_import_exits_2_from_the_console_script(tmp_path: Path) -> None:
    (tmp_path / "boom_target.py").write_text(
        "class Boom(BaseException):\n    pass\n\nraise Boom('on import')\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "callevent_toolkit", "fuzz", "boom_target:f"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr == "callevent: importing 'boom_target' raised Boom: on import\n"


def test_a_flooding_handler_never_reaches_the_json_report() -> None:
    """About 1 MB per call on stdout, stderr and ``sys.stdout.buffer``, thousands of
    calls: stdout is still exactly one JSON document, and stderr one line about it."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "callevent_toolkit", "fuzz", "hostile_handlers:floods"),
            *("--seed", "1", "--max-examples", "2", "--phases", "random", "--format", "json"),
        ],
        capture_output=True,
        timeout=300,
        cwd=TESTS,
    )
    report = json.loads(result.stdout)  # one document, nothing before or after it
    assert isinstance(report, dict)
    assert len(result.stdout) < 200_000
    assert result.returncode == 1  # it accepts invalid events
    err = result.stderr.decode()
    assert err.startswith("callevent: the handler printed ")
    assert err.endswith(" characters while it was fuzzed (captured, not shown)\n")
    assert err.count("\n") == 1
