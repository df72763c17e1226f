"""``callevent fuzz MODULE:FUNCTION``: exit statuses, text and JSON output, bad targets."""

from __future__ import annotations

import io
import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from callevent_toolkit.cli import run


def _fuzz(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(["fuzz", *argv], stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_a_failing_handler_exits_1_with_each_minimal_event_and_the_replay_command() -> None:
    status, out, err = _fuzz("fuzz_handlers:parse_timestamp", "--seed", "1", "--max-examples", "5")
    assert status == 1
    assert err == ""
    assert "crashed-on-valid: raised ValueError" in out
    assert '"timestamp": ' in out
    replay = out.rstrip().splitlines()[-1]
    assert replay == (
        "replay: callevent fuzz fuzz_handlers:parse_timestamp --seed 1 --max-examples 5"
    )


def test_the_replay_command_reproduces_the_report() -> None:
    _, first, _ = _fuzz("fuzz_handlers:parse_timestamp", "--seed", "2", "--max-examples", "5")
    argv = shlex.split(first.rstrip().splitlines()[-1].removeprefix("replay: "))[1:]
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(argv, stdout, stderr) == 1
    assert stdout.getvalue() == first


def test_rejects_is_passed_on_and_kept_in_the_replay_command() -> None:
    status, out, _ = _fuzz(
        "fuzz_handlers:keyerror_validator",
        "--rejects",
        "fuzz_handlers:InvalidEventError",
        "--max-examples",
        "6",
        "--seed",
        "1",
    )
    assert status == 1
    assert "wrong-error-on-invalid" in out
    assert out.rstrip().endswith("--rejects fuzz_handlers:InvalidEventError")


def test_json_output_is_one_document_with_the_failures() -> None:
    status, out, _ = _fuzz(
        "fuzz_handlers:parse_timestamp", "--seed", "1", "--max-examples", "5", "--format", "json"
    )
    data = json.loads(out)
    assert status == 1
    assert data["ok"] is False
    assert data["failures"][0]["kind"] == "crashed-on-valid"
    assert data["failures"][0]["event"]["timestamp"]
    assert data["replay"].startswith("callevent fuzz fuzz_handlers:parse_timestamp --seed 1")


def test_a_correct_handler_exits_0() -> None:
    status, out, _ = _fuzz(
        "fuzz_handlers:async_schema_validator",
        "--rejects",
        "fuzz_handlers:InvalidEventError",
        "--max-examples",
        "6",
        "--seed",
        "1",
    )
    assert status == 0, out
    assert " 0 failures in " in out


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("fuzz_handlers", "is not of the form package.module:function"),
        ("fuzz_handlers:", "is not of the form package.module:function"),
        ("no_such_module_here:handler", "cannot import 'no_such_module_here'"),
        ("fuzz_handlers:no_such_function", "has no attribute 'no_such_function'"),
        ("fuzz_handlers:RELEASE_HUNG", "is not callable (its type is Event)"),
    ],
)
def test_a_bad_target_exits_2_with_one_line_and_no_traceback(target: str, message: str) -> None:
    status, out, err = _fuzz(target)
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("rejects", "message"),
    [
        ("fuzz_handlers:NoSuchError", "'fuzz_handlers' has no attribute 'NoSuchError'"),
        ("fuzz_handlers:careful_summary", "'fuzz_handlers:careful_summary' is not an exception"),
    ],
)
def test_a_bad_rejects_class_exits_2(rejects: str, message: str) -> None:
    status, out, err = _fuzz("fuzz_handlers:careful_summary", "--rejects", rejects)
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "source", "message"),
    [
        ("missing_dependency", "import not_installed_dependency\n", "raised ModuleNotFoundError"),
        ("exits_on_import", "import sys\nsys.exit(3)\n", "raised SystemExit: 3"),
    ],
)
def test_a_module_that_fails_to_import_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, source: str, message: str
) -> None:
    (tmp_path / f"{name}.py").write_text(source)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    status, _, err = _fuzz(f"{name}:on_event")
    assert status == 2
    assert f"importing '{name}' {message}" in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_handlers_are_found_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cwd_handlers.py").write_text("def on_event(event):\n    return None\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.path", [p for p in __import__("sys").path if p not in ("", ".")])
    status, out, _ = _fuzz("cwd_handlers:on_event", "--max-examples", "3", "--seed", "1")
    assert status == 1  # it accepts invalid events
    assert "accepted-invalid" in out


# --- the options of FuzzOptions, spelled for the command line -------------------------


def _json_run(*argv: str) -> tuple[int, dict[str, Any], str]:
    status, out, err = _fuzz(*argv, "--format", "json")
    return status, json.loads(out), err


def test_a_trusting_handler_exits_0_with_no_invalid() -> None:
    status, data, _ = _json_run(
        "fuzz_handlers:careful_summary", "--no-invalid", "--seed", "1", "--max-examples", "5"
    )
    assert status == 0
    assert data["ok"] is True
    assert data["options"]["invalid"] is False
    assert data["coverage"]["invalid_cases"] == 0
    assert data["coverage"]["valid_cases"] > 0


def test_without_no_invalid_the_trusting_handler_accepts_invalid_events() -> None:
    status, data, _ = _json_run(
        "fuzz_handlers:careful_summary", "--seed", "1", "--max-examples", "5"
    )
    assert status == 1
    assert {f["kind"] for f in data["failures"]} == {"accepted-invalid"}


@pytest.mark.parametrize(
    ("argv", "option", "value"),
    [
        (["--no-valid"], "valid", False),
        (["--no-invalid"], "invalid", False),
        (["--keywords", "format,required"], "keywords", ["format", "required"]),
        (["--skip-keywords", "additionalProperties"], "skip_keywords", ["additionalProperties"]),
        (["--phases", "coverage"], "phases", ["coverage"]),
        (["--phases", "random"], "phases", ["random"]),
    ],
)
def test_each_option_reaches_the_run_and_its_replay_command(
    argv: list[str], option: str, value: object
) -> None:
    status, data, _ = _json_run(
        "fuzz_handlers:tolerant_validator", *argv, "--seed", "3", "--max-examples", "3"
    )
    assert status in (0, 1)
    assert data["options"][option] == value
    replay = shlex.split(data["replay"])
    assert replay[:3] == ["callevent", "fuzz", "fuzz_handlers:tolerant_validator"]
    assert " ".join(argv) in shlex.join(replay)
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run([*replay[1:], "--format", "json"], stdout, stderr) == status
    assert json.loads(stdout.getvalue()) == data


def test_skip_keywords_lets_a_tolerant_consumer_pass() -> None:
    status, out, _ = _fuzz(
        "fuzz_handlers:tolerant_validator",
        "--skip-keywords",
        "additionalProperties",
        "--seed",
        "1",
        "--max-examples",
        "5",
    )
    assert status == 0, out


def test_factory_gives_a_fresh_handler_per_event() -> None:
    argv = ["fuzz_handlers:Deduplicator", "--no-invalid", "--seed", "1", "--max-examples", "10"]
    status, out, _ = _fuzz(*argv, "--factory")
    assert status == 0, out
    shared, out, _ = _fuzz(*argv)
    assert shared == 1  # without --factory the class itself is called with each event
    assert "TypeError" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--keywords", "nope"], "'nope' is not a constraint keyword"),
        (["--keywords", "format,"], "is not a comma-separated list of names"),
        (["--phases", "examples"], "phases must be a non-empty collection"),
        (["--no-valid", "--no-invalid"], "leaves nothing to fuzz"),
    ],
)
def test_a_bad_option_exits_2_with_one_line(argv: list[str], message: str) -> None:
    status, out, err = _fuzz("fuzz_handlers:careful_summary", *argv)
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_what_the_handler_prints_never_reaches_the_json_report() -> None:
    status, out, err = _fuzz(
        "fuzz_handlers:noisy_handler",
        "--no-invalid",
        "--seed",
        "1",
        "--max-examples",
        "3",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["ok"] is True
    assert "handling" not in out
    assert "the handler printed" in err
    assert "captured, not shown" in err


def test_writes_to_file_descriptor_1_never_reach_the_json_report() -> None:
    # A real process: only then is the report's stdout the handler's descriptor 1.
    tests = Path(__file__).parent
    done = subprocess.run(
        [
            *(sys.executable, "-m", "callevent_toolkit", "fuzz", "fuzz_handlers:descriptor_writer"),
            *("--no-invalid", "--phases", "random", "--seed", "1", "--max-examples", "3"),
            *("--format", "json"),
        ],
        capture_output=True,
        text=True,
        cwd=tests,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    assert "raw" not in done.stdout
    assert "__stdout__" not in done.stdout
    assert "bytes straight to file descriptor 1" in done.stderr


def test_the_cli_builds_its_replay_command_itself() -> None:
    # The CLI owns command-line syntax: it imports nothing private from the fuzzer.
    import ast

    import callevent_toolkit.cli as cli

    for path in Path(cli.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("fuzz._"), (path.name, node.module)
                assert "fuzz._" not in node.module, (path.name, node.module)
