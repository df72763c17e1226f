"""The pre-filter of ``callevent validate`` against the path without it, in one process.

    python benchmarks/bench_prefilter.py                  # 100,000 realistic events, 9 rounds
    python benchmarks/bench_prefilter.py --count 200000 --rounds 15

Why beside ``bench_validate.py``: on a shared machine the CPU time of one process varies
by a third from run to run (a busy sibling hyperthread slows it), so two trees timed in
separate processes differ by more than the change. Here the same bytes, in memory, go
through ``jobs.check_stream`` with the pre-filter and without it (the module's
``line_prefilter`` replaced by one that gives none), alternating in short rounds of one
process; the best and the median CPU time per line of each are printed, with the load.
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
    """What ``line_prefilter`` gives for a schema it cannot compile: no pre-filter."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    data = b"".join(dumps_line(event) for event in generate(args.count, seed=7))
    with_it = _checking.line_prefilter
    times: dict[str, list[float]] = {"with the pre-filter": [], "without": []}
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name, prefilter in (("with the pre-filter", with_it), ("without", None)):
            _checking.line_prefilter = prefilter or _none  # type: ignore[assignment]
            times[name].append(_seconds(data, args.count) / args.count * 1e6)
    _checking.line_prefilter = with_it
    print(
        f"{args.count:,} realistic events, {args.rounds} rounds; load average "
        f"{load:.2f} before, {os.getloadavg()[0]:.2f} after; CPU time per line:"
    )
    for name, per_line in times.items():
        print(
            f"  {name:20s} best {min(per_line):.2f} µs ({1e6 / min(per_line):,.0f}/s), "
            f"median {statistics.median(per_line):.2f} µs"
        )
    best = min(times["without"]) / min(times["with the pre-filter"])
    median = statistics.median(times["without"]) / statistics.median(times["with the pre-filter"])
    print(f"  speed-up: {best:.2f}x (best), {median:.2f}x (median)")


if __name__ == "__main__":
    main()
