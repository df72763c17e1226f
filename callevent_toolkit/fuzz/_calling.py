"""Call a handler once, on a worker thread, and say how it went.

Why a worker thread: a handler that hangs must not hang the fuzzer. Python cannot kill a
thread, so when a call overruns its timeout the worker is *abandoned*: it is a daemon
thread, it keeps whatever it was doing until that finishes (or the process exits), and
the next call gets a fresh worker. The number of abandoned workers is counted so the
report can say so. Coroutine handlers are run with ``asyncio.run`` on the worker under
``asyncio.timeout``, so a coroutine that awaits forever is cancelled cleanly and its
worker is reused; only code that blocks the event loop leaves a thread behind.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import os
import queue
import threading
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

__all__: list[str] = []

Handler = Callable[[Any], Any]

# How long the caller waits beyond the timeout for a worker to hand back a result that
# is already on its way (a cancelled coroutine unwinding, a thread switch).
_GRACE_SECONDS = 0.25
_ASYNCIO_DIR = os.path.dirname(asyncio.__file__)


@dataclass(frozen=True)
class Returned:
    """The handler returned normally."""

    value: Any = field(repr=False)


@dataclass(frozen=True)
class Raised:
    """The handler raised ``exception``."""

    exception: BaseException

    @property
    def traceback(self) -> str:
        """The traceback text with the handler's own frames.

        Formatted on demand: a validator raises on most calls, and only the failures
        that end up in the report need the text.
        """
        return handler_traceback(self.exception)


@dataclass(frozen=True)
class TimedOut:
    """The call overran ``seconds``; ``abandoned_thread`` if the worker is still stuck in it."""

    seconds: float
    abandoned_thread: bool


Outcome = Returned | Raised | TimedOut


class _OwnTimeoutError(Exception):
    """Our own ``asyncio.timeout`` expired (as opposed to the handler raising TimeoutError)."""


def _keep_frame(frame: traceback.FrameSummary) -> bool:
    return frame.filename != __file__ and not frame.filename.startswith(_ASYNCIO_DIR)


def handler_traceback(exc: BaseException) -> str:
    """The traceback text of ``exc`` without the fuzzer's and asyncio's frames."""
    summary = traceback.TracebackException.from_exception(exc)
    summary.stack = traceback.StackSummary.from_list(
        [frame for frame in summary.stack if _keep_frame(frame)]
    )
    return "".join(summary.format())


async def _bounded(awaitable: Awaitable[Any], seconds: float | None) -> Any:
    scope = asyncio.timeout(seconds)
    try:
        async with scope:
            return await awaitable
    except TimeoutError:
        if scope.expired():
            raise _OwnTimeoutError from None
        raise


def invoke(handler: Handler, event: Any, timeout: float | None) -> Outcome:
    """Call ``handler(event)`` here and now, awaiting it if it returns an awaitable.

    Every exception the handler raises is its outcome, ``KeyboardInterrupt`` included:
    this runs on the worker thread, where a real Ctrl-C never arrives (Python delivers
    signals to the main thread), so one raised here came from the handler's code.
    """
    started = time.monotonic()
    try:
        result = handler(event)
        if inspect.isawaitable(result):
            left = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
            result = asyncio.run(_bounded(result, left))
    except _OwnTimeoutError:
        return TimedOut(seconds=timeout or 0.0, abandoned_thread=False)
    except BaseException as exc:  # SystemExit, KeyboardInterrupt: crashes like any other
        return Raised(exc)
    return Returned(result)


def fresh_per_call(factory: Callable[[], Handler]) -> Handler:
    """A handler that asks ``factory`` for a new handler for every event.

    Here so that its frame, like the caller's own, is left out of handler tracebacks.
    """

    def call(event: Any) -> Any:
        return factory()(event)

    return call


class _Job:
    def __init__(self, handler: Handler, event: Any, timeout: float | None) -> None:
        self.handler, self.event, self.timeout = handler, event, timeout
        self.done = threading.Event()
        self.outcome: Outcome | None = None

    def run(self) -> None:
        try:
            self.outcome = invoke(self.handler, self.event, self.timeout)
        finally:  # the caller must never wait for a job that will not finish
            self.done.set()


def _work(jobs: queue.SimpleQueue[_Job | None]) -> None:
    while (job := jobs.get()) is not None:
        job.run()


class HandlerCaller:
    """Calls one handler again and again on a reusable daemon worker thread.

    Each call gets a deep copy of the event, so a handler that mutates its input cannot
    change the event the report shows. Use it as a context manager: leaving stops the
    worker (an abandoned, hung worker stops by itself if its call ever returns).
    """

    def __init__(self, handler: Handler, timeout: float | None) -> None:
        self._handler = handler
        self._timeout = timeout
        self._jobs: queue.SimpleQueue[_Job | None] | None = None
        self.abandoned_threads = 0

    def __enter__(self) -> HandlerCaller:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._retire()

    def __call__(self, event: Any) -> Outcome:
        job = _Job(self._handler, copy.deepcopy(event), self._timeout)
        self._queue().put(job)
        wait = None if self._timeout is None else self._timeout + _GRACE_SECONDS
        if job.done.wait(wait) and job.outcome is not None:
            return job.outcome
        self._retire()
        self.abandoned_threads += 1
        return TimedOut(seconds=self._timeout or 0.0, abandoned_thread=True)

    def _queue(self) -> queue.SimpleQueue[_Job | None]:
        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(
                target=_work, args=(self._jobs,), name="callevent-fuzz-handler", daemon=True
            ).start()
        return self._jobs

    def _retire(self) -> None:
        if self._jobs is not None:
            self._jobs.put(None)
            self._jobs = None
