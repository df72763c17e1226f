"""Events/s of ``generate`` and ``validate`` on a Dask ``LocalCluster`` of 1 and 2 workers.

    python benchmarks/bench_dask.py                  # 200,000 events in parts of 25,000
    python benchmarks/bench_dask.py --count 40000    # a quick run

Both cluster sizes are measured in this one run, on this machine, so their ratio is the
figure that matters (the absolute rates move with the machine's load, printed before and
after). Both clusters are started and warmed up (every worker imports the toolkit and
builds its value pools, not timed), then timed in turns, best of ``--repeat``, on:

* generate: :func:`~callevent_toolkit.jobs.dask.write_partitions` of ``--count`` realistic
  events to part files in a temporary directory (what ``callevent generate --dask`` runs);
* validate: :func:`~callevent_toolkit.jobs.dask.validate_files_dask` over those parts, cut
  into ranges of ``--range-bytes``.

The one-process ``callevent generate`` and ``validate`` of the same events are timed too,
as the baseline the cluster has to beat. Beside each cluster's rates, the seconds its
workers spent computing tasks, summed: equal on one worker and two when the machine gives
two workers two cores; larger on two when it does not (a loaded machine), which tells a
starved run from a badly split one.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from callevent_toolkit.cli import run


def _load() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def _one_process(count: int, folder: Path) -> tuple[float, float]:
    target = folder / "one.ndjson"
    began = time.perf_counter()
    assert (
        run(
            ["generate", "--count", str(count), "--quiet", "-o", str(target)],
            io.StringIO(),
            io.StringIO(),
        )
        == 0
    )
    generated = time.perf_counter() - began
    began = time.perf_counter()
    assert run(["validate", str(target)], io.StringIO(), io.StringIO()) == 0
    return count / generated, count / (time.perf_counter() - began)


def _warm() -> int:
    """Run on every worker before timing: imports the toolkit and builds the value pools."""
    from callevent_toolkit import generate

    return len(list(generate(10, seed=0)))


def _compute_seconds(stream: Any) -> float:
    """Seconds the workers spent computing tasks, summed: the same work should cost the same
    on one worker or two; more on two means the workers were starved of CPU, not split badly."""
    return sum(
        span["stop"] - span["start"]
        for task in stream.data
        for span in task["startstops"]
        if span["action"] == "compute"
    )


def _timed(client: Any, count: int, part: int, range_bytes: int, out: Path) -> tuple[float, ...]:
    from distributed import get_task_stream

    from callevent_toolkit.jobs.dask import PartitionRun, validate_files_dask, write_partitions

    shutil.rmtree(out, ignore_errors=True)
    with get_task_stream(client) as generating:
        began = time.perf_counter()
        write_partitions(PartitionRun(count, seed=1, partition_size=part), str(out), client=client)
        generated = time.perf_counter() - began
    with get_task_stream(client) as validating:
        began = time.perf_counter()
        report = validate_files_dask(
            [str(out / "part-*.ndjson")], client=client, range_bytes=range_bytes
        )
        validated = time.perf_counter() - began
    assert report.status == 0
    assert sum(summary.lines for summary in report.files) == count
    return (
        count / generated,
        count / validated,
        _compute_seconds(generating),
        _compute_seconds(validating),
    )


def _clusters(args: argparse.Namespace, folder: Path) -> dict[int, tuple[float, ...]]:
    """Both clusters up at once, measured in turns (1, 2, 1, 2, ...), best of ``--repeat``:
    on a shared machine the load changes from minute to minute, and turns spread it."""
    from distributed import Client, LocalCluster

    best: dict[int, tuple[float, ...]] = {1: (0.0,) * 4, 2: (0.0,) * 4}
    with ExitStack() as stack:
        clients = {}
        for workers in best:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                )
            )
            clients[workers] = stack.enter_context(Client(cluster))
            clients[workers].run(_warm)
        for _ in range(args.repeat):
            for workers, client in clients.items():
                rates = _timed(
                    client, args.count, args.partition_size, args.range_bytes, folder / "parts"
                )
                generate_best = rates[::2] if rates[0] > best[workers][0] else best[workers][::2]
                validate_best = rates[1::2] if rates[1] > best[workers][1] else best[workers][1::2]
                best[workers] = (
                    generate_best[0],
                    validate_best[0],
                    generate_best[1],
                    validate_best[1],
                )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--partition-size", type=int, default=25_000)
    parser.add_argument("--range-bytes", type=int, default=4 << 20)
    parser.add_argument("--repeat", type=int, default=3, help="turns per cluster (best kept)")
    args = parser.parse_args()
    print(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    print(f"uptime: {_load()}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        rows = {"one process (no Dask)": (*_one_process(args.count, folder), None, None)}
        for workers, rates in _clusters(args, folder).items():
            rows[f"LocalCluster, {workers} worker{'s' if workers > 1 else ''}"] = rates
    print(f"uptime after: {_load()}")
    print(f"\n{args.count:,} realistic events, parts of {args.partition_size:,}\n")
    print("| | generate events/s | validate events/s | task compute s (generate, validate) |")
    print("|---|---|---|---|")
    for name, (generate_rate, validate_rate, generate_s, validate_s) in rows.items():
        spent = "" if generate_s is None else f"{generate_s:,.1f}, {validate_s:,.1f}"
        print(f"| {name} | {generate_rate:,.0f} | {validate_rate:,.0f} | {spent} |")
    one, two = rows["LocalCluster, 1 worker"], rows["LocalCluster, 2 workers"]
    print(f"| 2 workers / 1 worker | {two[0] / one[0]:.2f}x | {two[1] / one[1]:.2f}x | |")


if __name__ == "__main__":
    main()
