"""Run a function over work items in worker processes, results in input order, bounded.

``Pool.imap`` hands out every item at once and queues results without limit, so a slow
consumer (a gzip writer, a terminal) lets memory grow with the input. Here at most
``ahead`` items per worker are in flight: memory stays flat however long the run is.
Workers ignore Ctrl-C and die quietly on ``SIGTERM``: the parent handles the interrupt,
and leaving the pool terminates them, so a stopped run shows no worker tracebacks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:  # multiprocessing is imported only for --jobs 2 or more (start-up cost)
    from multiprocessing.pool import AsyncResult

from .._process import quit_if_asked, reset_signals_in_worker

__all__ = ["ordered_map"]

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def ordered_map(
    function: Callable[[_In], _Out], items: Iterable[_In], *, jobs: int, ahead: int = 2
) -> Iterator[_Out]:
    """``map(function, items)`` computed by ``jobs`` processes (in this one if ``jobs`` is 1).

    This process is one of the ``jobs``: it starts ``jobs - 1`` workers and, whenever the
    next result in order is not ready yet, computes the next item itself. Why: with a pool
    of ``jobs`` workers the parent, which mostly waits, still spends CPU on every result
    (its pool threads wake, the result is unpickled), taken from the workers when every
    core is busy; and one process fewer is one fork and one warm-up fewer. Results still
    come in input order; an item this process computes waits, with its error if it
    raised one, for the results before it. At most ``jobs * ahead`` items are in flight
    or done and not yet yielded, those this process computed included, so memory stays
    flat when a worker falls behind.

    ``function`` must be picklable (a module-level function or a ``functools.partial`` of
    one). Leaving the iterator early terminates the workers.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing

    queue = iter(items)
    workers = jobs - 1
    pool = multiprocessing.get_context().Pool(workers, initializer=reset_signals_in_worker)
    finished = False
    try:
        pending: deque[AsyncResult[_Out] | _Here[_Out]] = deque()

        def send() -> None:
            for item in queue:
                pending.append(pool.apply_async(_call, (function, item)))
                break

        for _ in range(workers * ahead):
            send()
        while pending:
            head = pending[0]
            if isinstance(head, _Here):
                pending.popleft()
                yield head.get()
                continue
            if not head.ready() and len(pending) < jobs * ahead:  # bounded: flat memory
                mine = next(queue, _NO_ITEM)
                if mine is not _NO_ITEM:
                    pending.append(_Here.of(function, cast("_In", mine)))
                    continue
            pending.popleft()
            result = _result(head, multiprocessing.TimeoutError)
            send()
            yield result
        # Every task is done: the workers leave on the pool's own sentinel, no signal.
        pool.close()
        pool.join()
        finished = True
    finally:
        if not finished:  # stopped early: a signal, Ctrl-C, an error, a closed reader
            _stop(pool)


#: The end of the items (``next(queue, _NO_ITEM)``): no item can be this object.
_NO_ITEM: Any = object()


class _Here(Generic[_Out]):
    """An item this process computed: its result, or the error it raised, kept until the
    results before it are out (a worker's error also surfaces in its turn)."""

    __slots__ = ("_error", "_value")

    def __init__(self, value: _Out | None, error: Exception | None) -> None:
        self._value = value
        self._error = error

    @classmethod
    def of(cls, function: Callable[[_In], _Out], item: _In) -> _Here[_Out]:
        try:
            return cls(function(item), None)
        except Exception as error:  # not BaseException: Ctrl-C and signals stop the run now
            return cls(None, error)

    def get(self) -> _Out:
        if self._error is not None:
            raise self._error
        return cast("_Out", self._value)


#: How long the pool's own termination may take before its workers are killed (seconds).
_STOP_S = 3.0


def _stop(pool: Any) -> None:
    """Terminate ``pool``, bounded in time. Why: ``Pool.terminate`` can wait for ever
    when a signal to the whole group killed a worker while it held one of the pool's
    queue locks, or left the task thread blocked on a full queue (seen about once in 50
    runs on a loaded machine). It runs in a daemon thread; if it has not finished in
    ``_STOP_S``, the workers are killed outright and the pool is abandoned (its threads
    are daemons, and the run is ending)."""
    import threading

    stopper = threading.Thread(target=pool.terminate, name="stop-pool", daemon=True)
    stopper.start()
    stopper.join(_STOP_S)
    if stopper.is_alive():
        for worker in list(getattr(pool, "_pool", ())):
            if worker.exitcode is None:
                worker.kill()
        stopper.join(_STOP_S)


#: How often the parent wakes while it waits for a result (seconds).
_WAKE_S = 0.1


def _result(waiting: AsyncResult[_Out], timed_out: type[Exception]) -> _Out:
    """The result, waited for in short steps. Why: a signal to the whole group may be
    handled by one of the pool's threads, which does not wake the main thread from an
    endless wait; the Python handler (which stops the run) only runs once the main thread
    wakes. The workers that signal killed are replaced, but their tasks are lost, so an
    endless ``get()`` would wait for ever (seen about once in 50 runs on a loaded machine).
    """
    while True:
        try:
            return waiting.get(timeout=_WAKE_S)
        except timed_out:
            continue


def _call(function: Callable[[_In], _Out], item: _In) -> _Out:
    """One task in a worker: first honour a stop signal that arrived mid-send."""
    quit_if_asked()
    return function(item)
