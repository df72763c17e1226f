"""Streams: the calls of one account (or a few) overlapping in time, in timestamp order.

A sink never sees one call at a time: an account's calls run at once and their events
interleave. A stream is built from call timelines (the call scripts of :mod:`._calls`),
each moved to a start time and an account of the stream, and merged by instant.

Bulk streams are window-independent, like ``generate``: call *k* of seed *s* is timeline
*k* of *s* (same source, :func:`~._sources.seeded_sources`), its start is
``STREAM_ANCHOR_MS + k * CALL_SPACING_MS`` plus a jitter below ``START_JITTER_MS`` and its
account one of ``accounts`` SIDs, each a hash of ``(seed, k)`` alone. Ties are broken by
``(call index, position in the call)``, so the events of a window of calls come in the
order they have in any larger run. The merge is lazy: a call can start no earlier than
its lattice point, so every event before the next call's lattice point is final, and
memory holds only the calls still running.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._checks import check_int, check_seed, fail
from ._calls import build_timed_call, check_timeline_arguments
from ._providers._callevent import ANCHOR_MS, WINDOW_MS
from ._sources import Source, seeded_sources

__all__ = [
    "CALL_SPACING_MS",
    "MAX_STREAM_CALLS",
    "START_JITTER_MS",
    "STREAM_ANCHOR_MS",
    "Timed",
    "account_sids",
    "check_accounts",
    "check_stream_window",
    "checked_stream",
    "merge_calls",
    "seeded_stream",
]

Event = dict[str, Any]
#: ``(instant ms, call index, position in the call, event)``: the merge order.
Timed = tuple[int, int, int, Event]

#: 2026-10-02T00:00:00Z, the start of the window single timelines are drawn in.
STREAM_ANCHOR_MS = ANCHOR_MS - WINDOW_MS
#: Call *k* starts at or after ``k`` times this (one new call every 30 s on average).
CALL_SPACING_MS = 30_000
#: ... and before ``k * CALL_SPACING_MS + START_JITTER_MS``, so starts are not in index order.
START_JITTER_MS = 90_000
#: Call indices stop here: 30 s apart, 10**8 calls span 95 years, far from year 9999.
MAX_STREAM_CALLS = 10**8


def _hash(seed: int, key: str) -> int:
    digest = hashlib.blake2b(f"callevent-stream:{seed}:{key}".encode(), digest_size=16)
    return int.from_bytes(digest.digest(), "big")


def account_sids(seed: int, accounts: int) -> tuple[str, ...]:
    """The ``accounts`` account SIDs of a stream of ``seed`` (``AC`` + 32 hex digits)."""
    return tuple(f"AC{_hash(seed, f'account:{j}'):032x}" for j in range(accounts))


def check_accounts(accounts: object) -> int:
    """``accounts`` must be an int from 1 to 1000."""
    count = check_int("accounts", accounts, minimum=1)
    if count > 1000:
        fail(f"accounts must be at most 1000, got accounts={accounts!r}")
    return count


def check_stream_window(count: object, seed: object, start: object) -> None:
    """A window of calls ``start .. start + count - 1`` below :data:`MAX_STREAM_CALLS`."""
    calls = check_int("count", count, minimum=0) + check_int("start", start, minimum=0)
    check_seed(seed)
    if calls > MAX_STREAM_CALLS:
        fail(
            f"start + count must be at most {MAX_STREAM_CALLS:,} calls in a stream, "
            f"got start + count={calls!r}"
        )


def merge_calls(
    calls: Iterable[tuple[int, list[tuple[int, Event]]]],
    floor: Callable[[int], int] | None = None,
) -> Iterator[Timed]:
    """The events of ``(call index, timed events)`` pairs, merged by ``Timed`` order.

    With ``floor(k)``, the earliest instant call ``k`` (and every later call) can start
    at, events are yielded as soon as no later call can precede them; without, after
    the last call.
    """
    pending: list[Timed] = []
    for index, timed in calls:
        if floor is not None:
            earliest = floor(index)
            while pending and pending[0][0] < earliest:
                yield heapq.heappop(pending)
        for position, (instant, event) in enumerate(timed):
            heapq.heappush(pending, (instant, index, position, event))
    while pending:
        yield heapq.heappop(pending)


def _floor(index: int) -> int:
    return STREAM_ANCHOR_MS + index * CALL_SPACING_MS


def _seeded_calls(
    seed: int,
    start: int,
    count: int,
    sids: tuple[str, ...],
    version: int,
    realistic: bool,
    on_call: Callable[[int], object] | None,
) -> Iterator[tuple[int, list[tuple[int, Event]]]]:
    src: Source
    for index, src in seeded_sources(seed, start, count):
        if on_call is not None:
            on_call(index)
        mixed = _hash(seed, f"call:{index}")
        begin = _floor(index) + mixed % START_JITTER_MS
        account = sids[(mixed >> 64) % len(sids)]
        timed = build_timed_call(
            src, start_ms=begin, account_sid=account, version=version, realistic=realistic
        )
        yield index, timed


def seeded_stream(
    seed: int,
    start: int,
    count: int,
    *,
    accounts: int,
    version: int,
    realistic: bool,
    on_call: Callable[[int], object] | None = None,
) -> Iterator[Timed]:
    """Calls ``start .. start + count - 1`` of the stream of ``seed``, merged (see above).

    ``on_call(k)`` is called as call *k* is begun (calls are begun in index order, each a
    little before its first event can come out): what a progress bar counts, since the
    lines of a stream do not say which call they end.
    """
    sids = account_sids(seed, accounts)
    calls = _seeded_calls(seed, start, count, sids, version, realistic, on_call)
    return merge_calls(calls, _floor)


def checked_stream(
    count: int,
    *,
    seed: int,
    start: int,
    accounts: int,
    version: int,
    realistic: bool,
    on_call: Callable[[int], object] | None = None,
) -> Iterator[Timed]:
    """:func:`seeded_stream` after the checks of a public stream's arguments.

    ``InvalidArgument`` names the first bad one, before any call is built, whichever
    face asked (``generate_stream``, ``generate_deliveries``, ``callevent generate
    --stream``).
    """
    check_stream_window(count, seed, start)
    check_accounts(accounts)
    check_timeline_arguments(realistic, version)
    return seeded_stream(
        seed, start, count, accounts=accounts, version=version, realistic=realistic,
        on_call=on_call,
    )  # fmt: skip
