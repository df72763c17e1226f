"""``callevent validate --dask WHERE PATH-OR-GLOB...``: files and byte ranges on workers.

The report is the one ``callevent validate`` prints on one machine (same lines, same
order, same summary, same exit status): the workers' results are folded in file and line
order and fed to the same reporter, through the same ``--max-errors`` budget. Inputs are
paths or fsspec URLs the workers can read; globs are expanded here, sorted by name.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ..jobs import FileSummary
from ..ndjson import DEFAULT_MAX_LINE_BYTES
from ._dask_option import announce, dask_for, progress_bar
from ._progress import ProgressBar
from ._streams import EXIT_USAGE, Streams

__all__ = ["validate_on_dask"]


def _usage(args: argparse.Namespace) -> str | None:
    if "-" in args.files:
        return "with --dask, inputs are paths or URLs the workers can read: not '-' (stdin)"
    if args.jobs > 1:
        return "--dask spreads the files over its workers: drop --jobs"
    if args.envelope != "none":
        return (
            "--envelope cannot be combined with --dask: delivery files are checked on one machine"
        )
    if args.max_line_bytes != DEFAULT_MAX_LINE_BYTES or args.allow_duplicate_keys:
        # the workers read with the defaults; a report must not depend on where it ran
        return (
            "--max-line-bytes and --allow-duplicate-keys are not passed to Dask workers: drop them"
        )
    return None


def validate_on_dask(
    args: argparse.Namespace,
    streams: Streams,
    open_report: Callable[[], tuple[Any, Any]],
    status_of: Callable[[list[FileSummary]], int],
) -> int:
    """Handle ``validate`` when ``--dask`` is given. ``open_report`` makes the reporter and
    its ``--max-errors`` budget (only once the cluster is reached: the JSON reporter starts
    writing at once); ``status_of`` is the one-machine exit status of the summaries."""
    dask = dask_for(_usage(args), streams)
    if dask is None:
        return EXIT_USAGE
    try:
        with dask.connect(args.dask) as client:
            announce(dask, client, streams, quiet=False)
            files, finished, budget, reporter = _check(dask, client, args, streams, open_report)
    except ConnectionError as exc:
        streams.error(str(exc))
        return EXIT_USAGE
    status = status_of(files)
    reporter.finish(files, hidden=budget.hidden, stopped=not finished, status=status)
    return status


def _check(
    dask: ModuleType,
    client: Any,
    args: argparse.Namespace,
    streams: Streams,
    open_report: Callable[[], tuple[Any, Any]],
) -> tuple[list[FileSummary], bool, Any, Any]:
    names = dask.expand_inputs(args.files)
    reporter, budget = open_report()
    bar: ProgressBar | None = None

    def planned(total: int) -> None:
        nonlocal bar
        bar = progress_bar(streams, total, "parts", quiet=False)

    files, finished = dask.check_files(
        client,
        names,
        report=budget,
        file_error=reporter.file_error,
        version=args.version,
        range_bytes=args.range_bytes,
        fail_fast=args.fail_fast,
        on_plan=planned,
        on_part=lambda: None if bar is None else bar.advance(1),
    )
    if bar is not None:
        bar.close()
    return files, finished, budget, reporter
