"""The pre-filter of ``callevent validate`` against the path without it, in one process.

    python benchmarks/bench_prefilter.py                  # 100,000 realistic events, 9 rounds
    python benchmarks/bench_prefilter.py --count 200000 --rounds 15

Why beside ``bench_validate.py``: on a shared machine the CPU time of one process varies
by a third from run to run (a busy sibling hyperthread slows it), so two trees timed in
separate processes differ by more than the change. Here the same bytes, in memory, go
through ``jobs.check_stream`` three ways, alternating in short rounds of one process: in
blocks (what ``validate`` does), with the line pre-filter only (``block_prefilter``
replaced by one that gives none: the path before blocks) and without any pre-filter
(``line_prefilter`` too); the best and the median CPU time per line of each are
printed, with the load.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

from callevent_toolkit import generate
from callevent_toolkit.jobs import FileSummary, _checking, check_stream
from callevent_toolkit.ndjson import dumps_line


def _seconds(data: bytes, lines: int) -> float:
    """CPU seconds of ``check_stream`` over ``data``, which must be all valid."""
    summary = FileSummary(file="events")
    began = time.process_time()
    check_stream("events", io.BytesIO(data), summary, version=3, report=print)
    spent = time.process_time() - began
    if summary.valid != lines:
        raise SystemExit(f"not every event was valid: {summary}")
    return spent


def _none(version: int) -> None:
    """What ``line_prefilter`` and ``block_prefilter`` give for a schema they cannot
    compile: no pre-filter."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    data = b"".join(dumps_line(event) for event in generate(args.count, seed=7))
    line, block = _checking.line_prefilter, _checking.block_prefilter
    ways = {
        "in blocks": (line, block),
        "line pre-filter only": (line, _none),
        "without": (_none, _none),
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name, (line_way, block_way) in ways.items():
            _checking.line_prefilter = line_way  # type: ignore[assignment]
            _checking.block_prefilter = block_way  # type: ignore[assignment]
            times[name].append(_seconds(data, args.count) / args.count * 1e6)
    _checking.line_prefilter, _checking.block_prefilter = line, block
    print(
        f"{args.count:,} realistic events, {args.rounds} rounds; load average "
        f"{load:.2f} before, {os.getloadavg()[0]:.2f} after; CPU time per line:"
    )
    for name, per_line in times.items():
        print(
            f"  {name:20s} best {min(per_line):.2f} µs ({1e6 / min(per_line):,.0f}/s), "
            f"median {statistics.median(per_line):.2f} µs"
        )
    for slower in ("line pre-filter only", "without"):
        best = min(times[slower]) / min(times["in blocks"])
        median = statistics.median(times[slower]) / statistics.median(times["in blocks"])
        print(f"  in blocks against {slower}: {best:.2f}x (best), {median:.2f}x (median)")


if __name__ == "__main__":
    main()
