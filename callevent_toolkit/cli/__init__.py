"""The ``callevent`` command: ``generate``, ``validate``, ``explain``, ``schema``, ``fuzz``,
``send`` and ``coverage``.

Everything goes through :func:`run`, which takes the argument list and the output streams
and returns the exit status, so tests call it directly and nothing here touches
``sys.exit`` or the real streams; :func:`main` is the thin console-script wrapper.

Each subcommand lives in its own module with a ``register(subparsers)`` function that
adds its parser and sets ``handler`` (a callable ``(args, streams) -> int``). Adding a
command is one module and one line in :data:`_COMMANDS`.

Only the module of the command being run is imported (all of them for ``--help`` or a
usage error): ``callevent generate`` must not pay for the fuzzer, Hypothesis or the
``explain`` tables, because a command line's start-up is part of every call a script makes
(``tests/test_cli_startup.py`` checks which modules a run loads).

Exit status: 0 success (all valid, no handler failure), 1 invalid data found or a handler
failure, 2 usage or I/O error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

# Only what main() needs before it installs the signal handlers is imported here; the
# rest comes in run(). Until the handlers are in place a Ctrl-C is Python's own
# KeyboardInterrupt, with a traceback, so this window is kept short (see
# docs/guarantees.md: Python's own start-up before it is outside the toolkit's reach).
from .._process import Terminated, install_signal_handlers, standard_streams

if TYPE_CHECKING:
    import argparse

__all__ = ["build_parser", "main", "run"]

#: Command name -> the module that registers it, in ``--help`` order.
_COMMANDS = {
    "generate": "_generate",
    "validate": "_validate",
    "explain": "_explain",
    "schema": "_explain",
    "fuzz": "_fuzz",
    "send": "_send",
    "coverage": "_coverage",
}
_EXIT_BROKEN_PIPE = 1
_EXIT_INTERRUPTED = 130
_EXIT_USAGE = 2  # cli._streams.EXIT_USAGE, not imported before the handlers are in place


def _modules_for(argv: Sequence[str] | None) -> list[str]:
    """The command modules to import: the named command's, or all (help, usage errors)."""
    if argv and argv[0] in _COMMANDS:
        return [_COMMANDS[argv[0]]]
    return list(dict.fromkeys(_COMMANDS.values()))


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand, or only the one ``argv`` names."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(
        prog="callevent",
        description="Generate, validate and explain Twilio Voice Insights CallEvents.",
        epilog="'callevent COMMAND --help' shows a command's options. Exit status: 0 success, "
        "1 invalid data or handler failures found, 2 usage or I/O error.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _modules_for(argv):
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
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
    from contextlib import redirect_stderr, redirect_stdout

    from ._streams import EXIT_USAGE, Streams

    streams = Streams(stdout=stdout, stderr=stderr, stdin=stdin)
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            args = build_parser(argv).parse_args(list(argv))
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
    handled by :func:`~callevent_toolkit._process.standard_streams`: writing to a closed
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
        status = _stopped(stderr, f"I/O error: {exc.strerror or exc}", _EXIT_USAGE)
    except Exception as exc:  # a bug: one line rather than a traceback, and exit 2
        status = _stopped(stderr, f"internal error: {type(exc).__name__}: {exc}", _EXIT_USAGE)
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
