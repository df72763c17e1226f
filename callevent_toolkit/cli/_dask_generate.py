"""``callevent generate --dask WHERE -o DIR``: the run as partition files, written by workers.

The parts (``part-00000.ndjson`` ...) concatenated are what ``callevent generate`` writes
with the same options on one machine; ``DIR/_manifest.json`` lets a rerun of the same
command write only the parts that are missing. See :mod:`callevent_toolkit.jobs.dask`.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from ..errors import OutputDirectoryError
from ._dask_option import announce, dask_for, progress_bar
from ._progress import ProgressBar
from ._streams import EXIT_OK, EXIT_USAGE, Streams

__all__ = ["generate_on_dask"]


def _usage(args: argparse.Namespace) -> str | None:
    if args.output == "-":
        return "--dask writes partition files: give -o DIR (a directory or a URL such as s3://...)"
    if args.labels is not None:
        return (
            "with --dask, labels are written beside each part (labels-00000.ndjson) "
            "whenever --invalid-ratio is set: drop --labels"
        )
    if args.shard is not None or args.jobs > 1:
        return "--dask spreads the run over its workers: drop --shard and --jobs"
    if args.stream:
        # a stream's calls overlap, so its parts could not be cut at call boundaries
        return "--stream runs on one machine: drop --dask"
    return None


def generate_on_dask(args: argparse.Namespace, streams: Streams) -> int:
    """Handle ``generate`` when ``--dask`` is given (the other checks already passed)."""
    dask = dask_for(_usage(args), streams)
    if dask is None:
        return EXIT_USAGE
    run = dask.PartitionRun(
        count=args.count,
        seed=args.seed,
        start=args.start,
        partition_size=args.partition_size,
        realistic=not args.contract,
        version=args.version,
        invalid_ratio=args.invalid_ratio,
        timelines=args.timelines,
        envelope=args.envelope,
        gzip=args.gzip,
    )
    unit = "calls" if args.timelines else "events"
    bar: ProgressBar | None = None

    def started(client: Any, units: int) -> None:
        nonlocal bar
        announce(dask, client, streams, quiet=args.quiet)
        bar = progress_bar(streams, units, unit, quiet=args.quiet)

    began = time.perf_counter()
    try:
        written = dask.write_partitions(
            run,
            args.output,
            client=args.dask,
            on_start=started,
            on_part=lambda units: None if bar is None else bar.advance(units),
        )
    except (ConnectionError, OutputDirectoryError) as exc:
        streams.error(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        streams.error(f"cannot write {exc.filename or args.output}: {exc.strerror or exc}")
        return EXIT_USAGE
    if bar is not None:
        bar.close()
    if not args.quiet:
        seconds = time.perf_counter() - began
        streams.stderr.write(
            f"callevent: {written.parts:,} parts of {args.count:,} {unit} in {args.output}: "
            f"{written.written:,} written, {written.skipped:,} already there, "
            f"in {seconds:,.1f} s, seed {args.seed}\n"
        )
    return EXIT_OK
