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
from typing import TYPE_CHECKING, TypeVar

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

    ``function`` must be picklable (a module-level function or a ``functools.partial`` of
    one). Leaving the iterator early terminates the workers.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing

    queue = iter(items)
    with multiprocessing.get_context().Pool(jobs, initializer=reset_signals_in_worker) as pool:
        pending: deque[AsyncResult[_Out]] = deque()
        for item in queue:
            pending.append(pool.apply_async(_call, (function, item)))
            if len(pending) >= jobs * ahead:
                break
        while pending:
            result = pending.popleft().get()
            for item in queue:
                pending.append(pool.apply_async(_call, (function, item)))
                break
            yield result
        # Every task is done: let the workers leave on the pool's own sentinel. Leaving
        # the ``with`` would terminate them with SIGTERM, which a worker that is just
        # sending its last result puts off (see reset_signals_in_worker), so it could
        # then wait for its next task on a lock the terminating parent holds.
        pool.close()
        pool.join()


def _call(function: Callable[[_In], _Out], item: _In) -> _Out:
    """One task in a worker: first honour a stop signal that arrived mid-send."""
    quit_if_asked()
    return function(item)
