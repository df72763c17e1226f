"""What the console script guards against before a command runs: closed standard
streams and termination signals.

Why: a command started with ``<&-``, ``>&-`` or ``2>&-`` gets ``None`` for
``sys.stdin``/``sys.stdout``/``sys.stderr``, and worse, the next file it opens takes the
free descriptor 0, 1 or 2, so a stray write could land in the output file. Each closed
descriptor is therefore held open on ``/dev/null`` (stdin write-only and stdout
read-only, so using them still fails), and the command is handed streams
that fail like a closed descriptor does (``EBADF``), which its ordinary I/O error path
turns into exit status 2; a closed stderr just swallows the messages, so the exit status
still tells the story. ``SIGTERM`` and ``SIGHUP`` raise :class:`Terminated` in the main
thread, so the same ``finally`` blocks that clean up after Ctrl-C (a half-written
temporary file) run for them too.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from types import FrameType
from typing import IO, Any

__all__ = [
    "Terminated",
    "closed_binary",
    "install_signal_handlers",
    "quit_if_asked",
    "reset_signals_in_worker",
    "standard_streams",
]

_STANDARD_DESCRIPTORS = (0, 1, 2)
#: How a closed descriptor is held: open the wrong way round for stdin and stdout, so that
#: reading fd 0 or writing fd 1 (``-o /dev/stdout``, a worker) still fails with ``EBADF``
#: as on a closed descriptor instead of vanishing into /dev/null; stderr swallows.
_HELD_MODE = {0: os.O_WRONLY, 1: os.O_RDONLY, 2: os.O_RDWR}
_TERMINATING = (signal.SIGTERM, signal.SIGHUP)


class Terminated(BaseException):
    """The process got ``SIGTERM`` or ``SIGHUP``; ``status`` is the conventional 128 + N."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.status = 128 + signum


_main_pid: list[int] = []  # the console script's process (not a pool worker forked from it)


def _in_a_worker() -> bool:
    return bool(_main_pid) and os.getpid() != _main_pid[0]


def _end_starting_worker(signum: int) -> None:
    """A worker still starting, before its own handlers are set: it holds no pool lock
    yet, and an exception could be swallowed (a signal landing in ``threading``'s
    ``_after_fork`` is "ignored", and the worker would live on), so it ends at once."""
    os._exit(128 + signum)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    if _in_a_worker():
        _end_starting_worker(signum)
    raise Terminated(signum)


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    if _in_a_worker():
        _end_starting_worker(signum)
    raise KeyboardInterrupt


def install_signal_handlers() -> None:
    """Make ``SIGTERM`` and ``SIGHUP`` unwind the main thread like Ctrl-C does. A pool
    worker inherits these handlers until its initializer replaces them; a signal in that
    window ends it at once (quiet), not with a traceback."""
    _main_pid[:] = [os.getpid()]
    for signum in _TERMINATING:
        signal.signal(signum, _raise_terminated)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if ignored
        signal.signal(signal.SIGINT, _raise_interrupt)


def reset_signals_in_worker() -> None:
    """Pool initializer: Ctrl-C is the parent's to handle (it stops the workers), and
    ``SIGTERM`` or ``SIGHUP`` (how the pool stops them, or a signal to the whole group)
    ends a worker quietly, without a traceback, and never while it holds a pool lock.

    Why not the default action: a worker killed outright in the middle of sending a
    result dies holding the result queue's lock, and the parent's ``Pool.terminate``
    then waits for that lock for ever (seen about one run in four after ``kill --
    -PGID``). Raising ``SystemExit`` unwinds the ``with lock:`` blocks instead; in the
    middle of a send, where unwinding would leave half a message in the pipe, the exit
    waits for the start of the next task (see :func:`quit_if_asked`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (*_TERMINATING, signal.SIGALRM):
        signal.signal(signum, _quit_worker)


_quit_asked: list[int] = []  # a signal that arrived while a result was being sent


def _sending(frame: FrameType | None) -> bool:
    while frame is not None:
        code = frame.f_code
        if code.co_name in ("_send", "_send_bytes") and "multiprocessing" in code.co_filename:
            return True
        frame = frame.f_back
    return False


#: How soon a stop put off during a send is looked at again (seconds).
_RECHECK_S = 0.05


def _quit_worker(signum: int, frame: FrameType | None) -> None:
    if signum == signal.SIGALRM:  # the recheck of a stop put off during a send
        signum = _quit_asked[0] if _quit_asked else signum
    if _sending(frame):
        if not _quit_asked:
            _quit_asked.append(signum)
        # Look again shortly: after the send the worker may block waiting for a task
        # that never comes (the terminating parent holds the task queue's lock), and a
        # signal is the only thing that wakes it there.
        signal.setitimer(signal.ITIMER_REAL, _RECHECK_S)
        return
    raise SystemExit(128 + signum)


def quit_if_asked() -> None:
    """In a worker, before each task: end now if a signal was put off during a send."""
    if _quit_asked:
        raise SystemExit(128 + _quit_asked[0])


class _ClosedRaw(io.RawIOBase):
    """A binary stream that fails every read and write like a closed descriptor."""

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise _closed("standard input")

    def write(self, data: Any) -> int:
        raise _closed("standard output")


class _ClosedText(io.TextIOBase):
    """``sys.stdout`` when descriptor 1 was closed: writing fails with ``EBADF``."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = _ClosedRaw()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise _closed("standard output")

    def isatty(self) -> bool:
        return False


def _closed(what: str) -> OSError:
    return OSError(errno.EBADF, f"{what} is closed")


def closed_binary() -> IO[bytes]:
    """A binary stream standing in for a closed standard input."""
    stream: IO[bytes] = _ClosedRaw()  # type: ignore[assignment]
    return stream


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def standard_streams() -> tuple[IO[bytes], IO[str], IO[str]]:
    """``stdin`` (binary), ``stdout`` and ``stderr`` for :func:`~callevent_toolkit.cli.run`,
    with closed ones replaced (see the module notes)."""
    was_open = {fd: _is_open(fd) for fd in _STANDARD_DESCRIPTORS}
    for fd in _STANDARD_DESCRIPTORS:
        if not was_open[fd]:
            held = os.open(os.devnull, _HELD_MODE[fd])  # the lowest free number: fd
            if held != fd:  # pragma: no cover - only if a lower one was closed meanwhile
                os.dup2(held, fd)
                os.close(held)
    stdin = sys.stdin.buffer if was_open[0] and sys.stdin is not None else closed_binary()
    stdout: IO[str] = (
        sys.stdout if was_open[1] and sys.stdout is not None else _ClosedText()  # type: ignore[assignment]
    )
    if not was_open[2] or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - /dev/null
    return stdin, stdout, sys.stderr
