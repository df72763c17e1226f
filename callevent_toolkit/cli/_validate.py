"""``callevent validate FILE...``: check NDJSON files of CallEvents, line by line.

Files may be gzip (recognised by content) and ``-`` is stdin. Every problem is reported as
``file:line: $.path: message``, best match first; lines that are not JSON objects are
reported with their line number and the check goes on. Exit status: 0 all valid, 1 some
line invalid, 2 usage error or an input that could not be read.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import IO, Any

from ..jobs import (
    READ_ERRORS,
    FileSummary,
    Problem,
    check_range,
    check_records,
    describe_read_error,
    fold_range,
    ordered_map,
)
from ..ndjson import is_gzip, line_ranges, open_binary_input, read_ndjson
from ._arguments import add_format_option, add_version_option, non_negative, positive
from ._dask_option import add_dask_option
from ._dask_validate import validate_on_dask
from ._envelope_check import ENVELOPE_CHOICES, check_deliveries, delivery_lines
from ._reporters import JsonReporter, Reporter, TextReporter
from ._streams import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Streams

__all__ = ["register"]

#: Bytes per unit of work for ``--jobs``: a few thousand events, a few MB per worker.
_RANGE_BYTES = 4 << 20


def register(subparsers: Any) -> None:
    """Add ``validate`` to the ``callevent`` parser."""
    parser = subparsers.add_parser(
        "validate",
        help="check NDJSON files of CallEvents against the schema",
        description="Check NDJSON files (gzip or plain, '-' for stdin) line by line and "
        "report each problem as FILE:LINE: $.path: message.",
        epilog="Exit status: 0 all valid, 1 some line invalid, 2 usage error or unreadable input.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="NDJSON file, .gz, or -")
    add_format_option(parser, "every problem and the summary")
    parser.add_argument(
        "--max-errors",
        type=non_negative,
        metavar="K",
        help="show at most K problems (all are counted)",
    )
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first invalid line")
    parser.add_argument(
        "--jobs",
        type=positive,
        default=1,
        metavar="J",
        help="worker processes for plain (not gzip) files (default: 1)",
    )
    parser.add_argument(
        "--envelope",
        choices=ENVELOPE_CHOICES,
        default="none",
        help="lines are deliveries: webhook bodies, Kinesis records, or auto (either); "
        "envelope problems and each event's are reported (default: none, lines are events)",
    )
    add_version_option(parser)
    add_dask_option(parser, "check the files")
    parser.add_argument(
        "--range-bytes",
        type=positive,
        default=_RANGE_BYTES,
        metavar="B",
        help="with --jobs or --dask: bytes of a large plain file per unit of work (default 4 MiB)",
    )
    parser.set_defaults(handler=_handle)


class _Budget:
    """Passes problems to the reporter until ``--max-errors`` is spent, then counts them."""

    def __init__(self, reporter: Reporter, limit: int | None) -> None:
        self._reporter = reporter
        self._left = limit
        self.hidden = 0

    def __call__(self, problem: Problem) -> None:
        if self._left is None or self._left > 0:
            self._reporter.problem(problem)
            if self._left is not None:
                self._left -= 1
        else:
            self.hidden += 1


@contextmanager
def _opened(name: str, streams: Streams) -> Iterator[IO[bytes]]:
    if name == "-":
        yield streams.binary_stdin()
        return
    with open_binary_input(name) as stream:
        yield stream


def _handle(args: argparse.Namespace, streams: Streams) -> int:
    if args.files.count("-") > 1:
        streams.error("'-' (stdin) can be read only once")
        return EXIT_USAGE
    if args.dask is not None:
        return validate_on_dask(args, streams, partial(_open_report, args, streams), _status)
    reporter, budget = _open_report(args, streams)
    files: list[FileSummary] = []
    finished = True
    for name in args.files:
        summary = FileSummary(file="<stdin>" if name == "-" else name)
        files.append(summary)
        try:
            finished = _check_file(name, summary, args, streams, budget)
        except BrokenPipeError:
            raise  # our reader went away (``| head``), not the input: main() ends quietly
        except READ_ERRORS as exc:
            summary.error = describe_read_error(exc)
            reporter.file_error(summary.file, summary.error)
        if not finished:
            break
    status = _status(files)
    reporter.finish(files, hidden=budget.hidden, stopped=not finished, status=status)
    return status


def _open_report(args: argparse.Namespace, streams: Streams) -> tuple[Reporter, _Budget]:
    """The reporter ``--format`` asks for, and the ``--max-errors`` budget in front of it."""
    reporter: Reporter = (
        JsonReporter(streams.stdout, streams.stderr)
        if args.format == "json"
        else TextReporter(streams.stdout, streams.stderr)
    )
    return reporter, _Budget(reporter, args.max_errors)


def _check_file(
    name: str, summary: FileSummary, args: argparse.Namespace, streams: Streams, budget: _Budget
) -> bool:
    if args.envelope != "none":  # delivery files: one sequential path of their own
        with _opened(name, streams) as stream:
            return check_deliveries(
                summary.file,
                delivery_lines(stream),
                summary,
                envelope=args.envelope,
                version=args.version,
                report=budget,
                fail_fast=args.fail_fast,
            )
    if args.jobs > 1 and name != "-" and not is_gzip(name):
        return _check_in_parallel(name, summary, args, budget)
    with _opened(name, streams) as stream:
        return check_records(
            summary.file,
            read_ndjson(stream),
            summary,
            version=args.version,
            report=budget,
            fail_fast=args.fail_fast,
        )


def _check_in_parallel(
    name: str, summary: FileSummary, args: argparse.Namespace, budget: _Budget
) -> bool:
    """Check byte ranges of a plain file in worker processes, reporting in line order."""
    windows = line_ranges(name, args.range_bytes)
    work = partial(check_range, summary.file, name, version=args.version)
    for part, problems in ordered_map(work, windows, jobs=min(args.jobs, len(windows))):
        if not fold_range(summary, part, problems, budget, fail_fast=args.fail_fast):
            return False
    return True


def _status(files: list[FileSummary]) -> int:
    if any(summary.error is not None for summary in files):
        return EXIT_USAGE
    if any(summary.invalid for summary in files):
        return EXIT_INVALID
    return EXIT_OK
