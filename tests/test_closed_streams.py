"""``generate``, ``fuzz`` and ``send`` started with a closed stdin, stdout or stderr
(``<&-``, ``>&-``, ``2>&-``): the exit status still tells the story (writing the output
to a closed stdout is an I/O error, exit 2; a closed stderr only loses the messages),
and nothing raises ``AttributeError`` on a missing ``sys.stdout``.

The input side (``validate`` with closed streams) is tested with the readers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _webhook_server import TOKEN, webhook_endpoint

TESTS = Path(__file__).parent
CLOSED_STDOUT = "callevent: cannot write standard output: standard output is closed\n"


def _callevent(redirect: str, *argv: str, cwd: Path = TESTS) -> subprocess.CompletedProcess[str]:
    """``callevent ARGV... REDIRECT`` through ``sh`` (which closes the descriptors)."""
    script = 'exec "$0" -m callevent_toolkit "$@" ' + redirect
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def _events(count: int) -> str:
    return subprocess.run(
        [sys.executable, "-m", "callevent_toolkit", "generate", "--count", str(count)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


# -- generate -----------------------------------------------------------------------------


def test_generate_to_a_closed_stdout_is_an_io_error() -> None:
    result = _callevent(">&-", "generate", "--count", "3")
    assert (result.returncode, result.stderr) == (2, CLOSED_STDOUT)


def test_generate_with_stdout_and_stderr_closed_still_exits_2() -> None:
    result = _callevent(">&- 2>&-", "generate", "--count", "3")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "")


def test_generate_to_a_file_does_not_need_stdout(tmp_path: Path) -> None:
    target = tmp_path / "events.ndjson"
    result = _callevent(">&-", "generate", "--count", "3", "-o", str(target))
    assert result.returncode == 0
    assert target.read_text() == _events(3)
    assert "wrote 3 events" in result.stderr


@pytest.mark.parametrize("alias", ["/dev/stdout", "/proc/self/fd/1"])
def test_generate_to_dev_stdout_when_it_is_closed_is_an_io_error(alias: str) -> None:
    """The closed descriptor is held so that nothing else takes its number, but writing
    to it still fails: the events must not vanish into /dev/null with exit status 0."""
    result = _callevent(">&-", "generate", "--count", "3", "-o", alias)
    assert (result.returncode, result.stderr) == (
        2,
        f"callevent: cannot write {alias}: Bad file descriptor\n",
    )


@pytest.mark.parametrize("redirect", ["2>&-", "<&-"])
def test_generate_does_not_need_stderr_or_stdin(redirect: str) -> None:
    result = _callevent(redirect, "generate", "--count", "3")
    assert (result.returncode, result.stdout) == (0, _events(3))


def test_a_usage_error_with_stderr_closed_still_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "events.ndjson"
    assert _callevent("2>&-", "generate", "--count", "3", "-o", str(missing)).returncode == 2
    assert _callevent("2>&-", "generate", "--count", "x").returncode == 2


def test_a_file_opened_while_stdout_is_closed_gets_no_stray_output(tmp_path: Path) -> None:
    """The output file must not take descriptor 1 (the free one) and so receive what was
    meant for stdout: the summary line goes to stderr, the file holds the events alone."""
    target = tmp_path / "events.ndjson"
    labels = tmp_path / "labels.ndjson"
    argv = ["generate", "--count", "4", "-o", str(target), "--labels", str(labels)]
    result = _callevent(">&- 2>&-", *argv)
    assert result.returncode == 0
    assert target.read_text() == _events(4)
    assert len(labels.read_text().splitlines()) == 4


# -- fuzz ---------------------------------------------------------------------------------

_FUZZ = ["fuzz", "fuzz_handlers:parse_timestamp", "--seed", "1", "--phases", "coverage"]


def test_fuzz_to_a_closed_stdout_is_an_io_error() -> None:
    result = _callevent(">&-", *_FUZZ)
    assert result.returncode == 2
    assert result.stderr == "callevent: I/O error: standard output is closed\n"


def test_fuzz_with_stderr_closed_reports_on_stdout_and_exits_1() -> None:
    result = _callevent("2>&-", *_FUZZ)
    assert result.returncode == 1
    assert "replay: callevent fuzz fuzz_handlers:parse_timestamp --seed 1" in result.stdout


def test_fuzz_of_a_bad_target_with_stderr_closed_still_exits_2() -> None:
    assert _callevent("2>&-", "fuzz", "fuzz_handlers:no_such_handler").returncode == 2


# -- send ---------------------------------------------------------------------------------


def _send(url: str) -> list[str]:
    return ["send", url, "--auth-token", TOKEN, "--count", "2", "--timeout", "5"]


def test_send_to_a_closed_stdout_is_an_io_error_after_sending() -> None:
    with webhook_endpoint() as endpoint:
        result = _callevent(">&-", *_send(endpoint.url))
    assert result.returncode == 2
    assert result.stderr == "callevent: I/O error: standard output is closed\n"
    assert endpoint.received  # the deliveries went out; only the report was lost


@pytest.mark.parametrize("redirect", ["2>&-", "<&-"])
def test_send_does_not_need_stderr_or_stdin(redirect: str) -> None:
    with webhook_endpoint() as endpoint:
        result = _callevent(redirect, *_send(endpoint.url))
    assert result.returncode == 0
    assert "acknowledged" in result.stdout
    assert "Traceback" not in result.stderr
