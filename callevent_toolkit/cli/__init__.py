"""The ``callevent`` command: ``generate``, ``validate``, ``explain``, ``schema``, ``fuzz``,
``send`` and ``coverage``.

Everything goes through :func:`run`, which takes the argument list and the output streams
and returns the exit status, so tests call it directly and nothing here touches
``sys.exit`` or the real streams; :func:`main` is the thin console-script wrapper.

Each subcommand lives in its own module with a ``register(subparsers)`` function that
adds its parser and sets ``handler`` (a callable ``(args, streams) -> int``). Adding a
command is one module and one line in :data:`_COMMANDS`.

Exit status: 0 success (all valid, no handler failure), 1 invalid data found or a handler
failure, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import IO

from ..jobs import Terminated, install_signal_handlers, standard_streams
from . import _coverage, _explain, _fuzz, _generate, _send, _streams, _validate
from ._streams import EXIT_USAGE

__all__ = ["build_parser", "main", "run"]

_COMMANDS = (_generate, _validate, _explain, _fuzz, _send, _coverage)
_EXIT_BROKEN_PIPE = 1
_EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="callevent",
        description="Generate, validate and explain Twilio Voice Insights CallEvents.",
        epilog="'callevent COMMAND --help' shows a command's options. Exit status: 0 success, "
        "1 invalid data or handler failures found, 2 usage or I/O error.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS:
        command.register(subparsers)
    return parser


def run(
    argv: Sequence[str],
    stdout: IO[str],
    stderr: IO[str],
    *,
    stdin: IO[bytes] | None = None,
) -> int:
    """Run ``callevent`` with ``argv`` (without the program name) and return the exit status.

    ``stdin`` is the binary stream ``-`` reads from (default: the process's standard input).
    """
    streams = _streams.Streams(stdout=stdout, stderr=stderr, stdin=stdin)
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            args = build_parser().parse_args(list(argv))
    except SystemExit as exit_:  # argparse reports usage errors and --help this way
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    status: int = args.handler(args, streams)
    return status


def main() -> None:
    """Console-script entry point: ``callevent ...``; the exit status is 0, 1 or 2 however
    the run ends (130 after Ctrl-C, 143 after SIGTERM, 129 after SIGHUP), and no
    traceback reaches the user.

    A closed pipe (``callevent generate ... | head``) ends the run quietly, as the
    Python docs recommend: stdout is pointed at devnull so the interpreter's final
    flush cannot raise again. Ctrl-C, SIGTERM and SIGHUP end the run with one line and
    without a traceback (a file being written is removed, see
    :func:`callevent_toolkit.ndjson.atomic_output`). Closed standard streams are
    handled by :func:`~callevent_toolkit.jobs.standard_streams`: writing to a closed
    stdout is an I/O error (exit 2).
    """
    install_signal_handlers()
    stdin, stdout, stderr = standard_streams()
    try:
        status = _run_to_the_end(stdin, stdout, stderr)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        status = _EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        status = _stopped(stderr, "interrupted", _EXIT_INTERRUPTED)
    except Terminated as signalled:
        status = _stopped(stderr, f"terminated ({signalled})", signalled.status)
    except OSError as exc:
        status = _stopped(stderr, f"I/O error: {exc.strerror or exc}", EXIT_USAGE)
    except Exception as exc:  # a bug: one line rather than a traceback, and exit 2
        status = _stopped(stderr, f"internal error: {type(exc).__name__}: {exc}", EXIT_USAGE)
    sys.exit(status)


def _run_to_the_end(stdin: IO[bytes], stdout: IO[str], stderr: IO[str]) -> int:
    status = run(sys.argv[1:], stdout, stderr, stdin=stdin)
    stdout.flush()
    return status


def _stopped(stderr: IO[str], message: str, status: int) -> int:
    """Say why the run stopped, if stderr can still take it."""
    try:
        stderr.write(f"callevent: {message}\n")
        stderr.flush()
    except (OSError, ValueError):
        pass
    return status
