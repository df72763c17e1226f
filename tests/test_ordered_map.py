"""``jobs.ordered_map``: results in input order, whoever computed them.

With ``jobs=2`` this process is one of the two: it computes the next item itself
whenever the next result in order is not ready (callevent_toolkit/jobs/_pool.py). These
tests run real worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from callevent_toolkit.jobs import ordered_map


def _slow_square(item: int) -> tuple[int, int]:
    """``item`` squared and the pid that computed it; every third item is slower."""
    time.sleep(0.02 if item % 3 == 0 else 0.002)
    return item * item, os.getpid()


def _fails_at_seven(item: int) -> int:
    time.sleep(0.005)
    if item == 7:
        raise ValueError(f"item {item}")
    return item


def test_results_come_in_input_order_and_both_processes_compute():
    results = list(ordered_map(_slow_square, range(60), jobs=2))
    assert [square for square, _pid in results] == [i * i for i in range(60)]
    pids = {pid for _square, pid in results}
    assert os.getpid() in pids  # this process computed some items
    assert len(pids) == 2  # and one worker the others


def test_one_job_runs_here_alone():
    results = list(ordered_map(_slow_square, range(5), jobs=1))
    assert {pid for _square, pid in results} == {os.getpid()}


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_an_error_surfaces_in_its_turn_after_every_result_before_it(jobs):
    seen: list[int] = []
    with pytest.raises(ValueError, match="item 7"):
        seen.extend(ordered_map(_fails_at_seven, range(20), jobs=jobs))
    assert seen == list(range(7))


def _items_that_break_after(count: int):
    yield from range(count)
    raise RuntimeError("the items broke")


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_an_error_from_the_items_surfaces_after_every_result_before_it(jobs):
    """``items`` is advanced by this process and by the pool's result thread: its error
    takes the place of the item it did not give, whichever thread met it."""
    seen: list[tuple[int, int]] = []
    with pytest.raises(RuntimeError, match="the items broke"):
        seen.extend(ordered_map(_slow_square, _items_that_break_after(10), jobs=jobs))
    assert [square for square, _pid in seen] == [i * i for i in range(10)]


def test_leaving_early_stops_the_workers():
    before = set(multiprocessing.active_children())  # another test's may live on
    results = ordered_map(_slow_square, range(1000), jobs=2)
    assert next(results)[0] == 0
    assert set(multiprocessing.active_children()) - before  # its worker runs
    results.close()  # terminates the pool
    assert set(multiprocessing.active_children()) <= before


_PARENT = os.getpid()
_HERE: list[int] = []  # the items this process computed (a worker's list is its own)


def _slow_in_workers(item: int) -> int:
    """Instant in the process that calls ``ordered_map`` (and noted), slow in a worker."""
    if os.getpid() == _PARENT:
        _HERE.append(item)
    else:
        time.sleep(0.02)
    return item


def test_this_process_runs_ahead_of_a_slow_worker_only_so_far():
    """Memory stays flat: while a worker's result is late, this process computes at most
    ``2 * ahead`` items ahead of what it has yielded, not the whole input."""
    _HERE.clear()
    results = ordered_map(_slow_in_workers, range(60), jobs=2, ahead=2)
    assert next(results) == 0  # a worker's (items 0 and 1 went to the pool first)
    assert _HERE == [2, 3, 4, 5]  # 2 in the pool + 4 here = (jobs + 1) * ahead in flight
    assert list(results) == list(range(1, 60))


def _slow_here(item: int) -> tuple[int, str]:
    """Slow in the process that calls ``ordered_map``, quick in a worker."""
    if os.getpid() == _PARENT:
        time.sleep(0.2)
        return item, "here"
    time.sleep(0.005)
    return item, "worker"


def test_a_worker_is_fed_while_this_process_computes():
    """The pool's result thread sends a worker its next item the moment it returns one,
    so the worker does not wait for this process to finish an item of its own: here it
    does most of the work. (Fed only between this process's items, as before, the
    worker got two items per item of this one: 10 of 30 were computed here.)"""
    results = list(ordered_map(_slow_here, range(30), jobs=2, ahead=2))
    assert [item for item, _who in results] == list(range(30))
    assert sum(who == "here" for _item, who in results) <= 7  # 5 measured


def test_the_pools_result_pipe_is_widened_where_the_system_allows():
    """A worker's result of a few megabytes crosses in 1 MiB pieces, not 64 KiB ones
    (each piece waits for this process to let the pool's result thread run)."""
    fcntl = pytest.importorskip("fcntl")
    from callevent_toolkit.jobs._pool import _RESULT_PIPE_BYTES, _widen_result_pipe

    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("pipes have no settable size here (not Linux)")
    with open("/proc/sys/fs/pipe-max-size") as limit:
        if int(limit.read()) < _RESULT_PIPE_BYTES:
            pytest.skip("this system caps pipes below 1 MiB")
    pool = multiprocessing.get_context().Pool(1)
    try:
        reader = pool._outqueue._reader.fileno()
        assert fcntl.fcntl(reader, fcntl.F_GETPIPE_SZ) < _RESULT_PIPE_BYTES  # the default
        _widen_result_pipe(pool)
        assert fcntl.fcntl(reader, fcntl.F_GETPIPE_SZ) == _RESULT_PIPE_BYTES
        assert pool.apply_async(bytes, (3 << 20,)).get(timeout=30) == bytes(3 << 20)
    finally:
        pool.terminate()
        pool.join()


class _Worker:
    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        self.killed = False

    def kill(self) -> None:
        self.killed = True


class _TornPool:
    """A pool whose ``terminate`` raises as the real one does when a worker was killed
    halfway through reading a task (the parent then reads a torn message)."""

    def __init__(self) -> None:
        self._pool = [_Worker(None), _Worker(0)]

    def terminate(self) -> None:
        raise EOFError("Ran out of input")


def test_stopping_a_pool_whose_terminate_raises_is_quiet_and_kills_the_workers(monkeypatch):
    """No thread traceback reaches the user (``threading.excepthook`` is not called), and
    the workers still alive are killed, as when ``terminate`` hangs."""
    import threading

    from callevent_toolkit.jobs import _pool

    hooked: list[object] = []
    monkeypatch.setattr(threading, "excepthook", hooked.append)
    pool = _TornPool()
    _pool._stop(pool)
    assert hooked == []
    assert [worker.killed for worker in pool._pool] == [True, False]  # the live one only
