"""Run a function over work items in worker processes, results in input order, bounded.

``Pool.imap`` hands out every item at once and queues results without limit, so a slow
consumer (a gzip writer, a terminal) lets memory grow with the input. Here at most
``ahead`` items per worker are in flight, and this process, which computes items too,
runs at most ``2 * ahead`` items ahead: memory stays flat however long the run is.
Workers ignore Ctrl-C and die quietly on ``SIGTERM``: the parent handles the interrupt,
and leaving the pool terminates them, so a stopped run shows no worker tracebacks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
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
    raised one, for the results before it.

    Each worker has at most ``ahead`` items sent to it and not yet returned, and gets the
    next one the moment a result comes back (from the pool's result thread, while this
    process computes an item of its own), so a worker does not wait for this process to
    finish its item before it is fed. This process computes at most ``2 * ahead`` items
    of its own beyond the results it has yielded: at most ``(jobs + 1) * ahead`` items are
    in flight or done and not yet yielded, so memory stays flat when a worker falls
    behind.

    ``function`` must be picklable (a module-level function or a ``functools.partial`` of
    one). ``items`` is advanced by this process and by the pool's result thread, one at a
    time (under a lock), never by a worker. Leaving the iterator early terminates the
    workers.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing

    workers = jobs - 1
    pool = multiprocessing.get_context().Pool(workers, initializer=reset_signals_in_worker)
    _widen_result_pipe(pool)
    feed = _Feed(pool, function, iter(items), sent=workers * ahead, most=(jobs + 1) * ahead)
    finished = False
    try:
        feed.top_up()
        while (head := feed.head()) is not None:
            if isinstance(head, _Here):  # computed here (or the error ``items`` raised)
                feed.pop()
                yield head.get()
                continue
            if not head.ready() and (mine := feed.take_here()) is not None:
                mine.compute(function)  # while the worker's result is on its way
                continue
            result = _result(head, multiprocessing.TimeoutError)
            feed.pop()
            feed.top_up()
            yield result
        # Every task is done: the workers leave on the pool's own sentinel, no signal.
        feed.close()
        pool.close()
        pool.join()
        finished = True
    finally:
        if not finished:  # stopped early: a signal, Ctrl-C, an error, a closed reader
            feed.close()
            _stop(pool)


#: The end of the items (``next(queue, _NO_ITEM)``): no item can be this object.
_NO_ITEM: Any = object()


class _Here(Generic[_Out]):
    """An item this process computes: its place in the order is taken when the item is
    taken; then its result, or the error it raised, kept until the results before it are
    out (a worker's error also surfaces in its turn)."""

    __slots__ = ("_error", "_value", "done", "item")

    def __init__(self, item: Any, *, done: bool = False, error: Exception | None = None):
        self.item = item  # until computed (here or, sent, by a worker)
        self._value: Any = None
        self._error = error
        self.done = done

    def compute(self, function: Callable[[Any], _Out]) -> None:
        try:
            self._value = function(self.item)
        except Exception as error:  # not BaseException: Ctrl-C and signals stop the run now
            self._error = error
        self.item = None
        self.done = True

    def get(self) -> _Out:
        if self._error is not None:
            raise self._error
        return cast("_Out", self._value)


class _Feed(Generic[_In, _Out]):
    """The items in order, shared by this process's loop and the pool's result thread.

    ``pending`` holds, in input order, the items taken and not yet yielded: a worker's
    ``AsyncResult`` or this process's :class:`_Here`. The result thread, on every result
    (:meth:`_returned`), sends the workers the next item at once; the lock keeps the
    items' order and the bounds between the two threads. An error from ``items`` itself
    takes the place of the item it stopped, so it surfaces in its turn in this process.
    """

    def __init__(
        self,
        pool: Any,
        function: Callable[[_In], _Out],
        queue: Iterator[_In],
        *,
        sent: int,
        most: int,
    ) -> None:
        import threading

        self._pool = pool
        self._function = function
        self._queue: Iterator[_In] | None = queue
        self._sent_most = sent  # items sent to the workers and not yet returned
        self._most = most  # items in ``pending``
        self._sent = 0
        self._open = True
        self._lock = threading.Lock()
        self.pending: deque[AsyncResult[_Out] | _Here[_Out]] = deque()

    def head(self) -> AsyncResult[_Out] | _Here[_Out] | None:
        with self._lock:
            return self.pending[0] if self.pending else None

    def pop(self) -> None:
        with self._lock:
            self.pending.popleft()

    def take_here(self) -> _Here[_Out] | None:
        """The next item, for this process to compute, if the bound allows one."""
        with self._lock:
            if len(self.pending) >= self._most:
                return None
            here = self._next()
            if here is None:
                return None
            self.pending.append(here)  # an error from the items (done) waits its turn
            return None if here.done else here

    def top_up(self) -> None:
        """Send the workers items until they have their share in flight (or the bound)."""
        with self._lock:
            while self._open and self._sent < self._sent_most and len(self.pending) < self._most:
                here = self._next()
                if here is None:
                    return
                if here.done:  # an error from the items: it takes the item's place
                    self.pending.append(here)
                    return
                self.pending.append(
                    self._pool.apply_async(
                        _call,
                        (self._function, here.item),
                        callback=self._returned,
                        error_callback=self._returned,
                    )
                )
                self._sent += 1

    def close(self) -> None:
        """Send nothing more (the pool is closing or stopping)."""
        with self._lock:
            self._open = False

    def _returned(self, _result: object) -> None:
        """A worker's result came back (in the pool's result thread): feed it again."""
        with self._lock:
            self._sent -= 1
        # Nothing may escape into the pool's result thread (it would die, and every later
        # result with it); what can be raised here is the pool stopping under us.
        with suppress(Exception):
            self.top_up()

    def _next(self) -> _Here[_Out] | None:
        """The next item as a :class:`_Here` (or the error ``items`` raised, done), or
        ``None`` at the end. Called with the lock held."""
        if self._queue is None:
            return None
        try:
            item = next(self._queue, _NO_ITEM)
        except Exception as error:
            self._queue = None
            return _Here(None, done=True, error=error)
        if item is _NO_ITEM:
            self._queue = None
            return None
        return _Here(item)


#: The capacity asked for the pipe the workers' results come through (bytes): Linux's
#: default ceiling for an unprivileged process (``/proc/sys/fs/pipe-max-size``).
_RESULT_PIPE_BYTES = 1 << 20


def _widen_result_pipe(pool: Any) -> None:
    """Give the pool's result pipe 1 MiB instead of 64 KiB, where the system allows it.

    Why: a result of a few megabytes (``generate``'s 5,000-event chunk is about 3 MB)
    crosses the pipe in pieces of the pipe's capacity, and the pool's result thread
    needs the GIL for each piece, which this process's own computing holds for up to
    the switch interval (5 ms) at a time; meanwhile the worker waits to finish sending.
    With 64 KiB pieces a traced ``generate --jobs 2`` of 300,000 events left its worker
    idle 1.3-1.9 s of a 2.9-3.5 s run; with 1 MiB pieces 0.3-0.4 s of a 2.3-2.4 s run.
    The pipe is the pool's own (``_outqueue._reader``, unchanged since Python 3.4); on
    another system, another Python or a refusal the pool keeps its pipe as it is."""
    try:
        import fcntl

        reader = pool._outqueue._reader.fileno()
        fcntl.fcntl(reader, fcntl.F_SETPIPE_SZ, _RESULT_PIPE_BYTES)
    except (AttributeError, ImportError, OSError, ValueError):
        return


#: How long the pool's own termination may take before its workers are killed (seconds).
_STOP_S = 3.0


def _stop(pool: Any) -> None:
    """Terminate ``pool``, bounded in time and quietly. Why: ``Pool.terminate`` can wait
    for ever when a signal to the whole group killed a worker while it held one of the
    pool's queue locks, or left the task thread blocked on a full queue (seen about once
    in 50 runs on a loaded machine); and it can raise when a worker was killed halfway
    through reading a task: the parent, draining the task pipe, then reads a torn
    message (``EOFError: Ran out of input``, seen once in about 300 runs of a group
    ``SIGTERM``, printed as a thread's traceback). It runs in a daemon thread; unless it
    has finished without an error in ``_STOP_S``, the workers are killed outright and the
    pool is abandoned (its threads are daemons, and the run is ending)."""
    import threading

    stopped = threading.Event()

    def terminate() -> None:
        with suppress(Exception):  # the workers are killed below instead
            pool.terminate()
            stopped.set()

    stopper = threading.Thread(target=terminate, name="stop-pool", daemon=True)
    stopper.start()
    stopper.join(_STOP_S)
    if not stopped.is_set():
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
