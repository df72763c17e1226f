"""``callevent validate FILE...``: check NDJSON files of CallEvents, line by line.

Files may be gzip (recognised by content) and ``-`` is stdin. Every problem is reported as
``file:line: $.path: message``, best match first; lines that are not JSON objects are
reported with their line number and the check goes on. Exit status: 0 all valid, 1 some
line invalid, 2 usage error or an input that could not be read.

Each input is opened once. Only a non-empty, regular, plain file is cut into byte ranges
for ``--jobs``: anything else (a FIFO, ``<(...)``, ``/dev/zero``, a ``/proc`` file whose
size reads 0, gzip) is read by one sequential reader, which gives the same report as
``--jobs 1`` because it is the ``--jobs 1`` path. File names that are not UTF-8 are shown
with ``\\xNN`` escapes, so text and JSON reports stay printable and valid.
"""

from __future__ import annotations

import argparse
import errno
import gzip
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import IO, Any

from ..jobs import (
    READ_ERRORS,
    FileSummary,
    Problem,
    check_range,
    check_stream,
    describe_read_error,
    fold_range,
    ordered_map,
)
from ..ndjson import DEFAULT_MAX_LINE_BYTES, line_ranges, maybe_gunzip, open_binary_input
from ._arguments import add_format_option, add_version_option, jobs, non_negative, positive
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
        type=jobs,
        default=1,
        metavar="J",
        help="worker processes for regular plain (not gzip) files (default: 1)",
    )
    parser.add_argument(
        "--max-line-bytes",
        type=positive,
        default=DEFAULT_MAX_LINE_BYTES,
        metavar="N",
        help="report a longer line as a problem and skip it without reading it into "
        f"memory (default: {DEFAULT_MAX_LINE_BYTES:,}, 16 MiB)",
    )
    parser.add_argument(
        "--allow-duplicate-keys",
        action="store_true",
        help="accept an object that repeats a key, the last value winning as most parsers "
        "read it (default: a 'duplicate-key' problem per repeated key, since a parser "
        "keeping the first value would see another event)",
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
        help="with --jobs or --dask: bytes of a large plain file per unit of work (default "
        "4 MiB; --jobs merges up to four neighbouring ranges into one unit while many are "
        "left, and cuts its last few units four times finer)",
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
        if streams.stdin is None and sys.stdin is None:  # started with ``<&-``
            raise OSError(errno.EBADF, "standard input is closed")
        yield maybe_gunzip(streams.binary_stdin())
        return
    with open_binary_input(name) as stream:
        yield stream


def _display(name: str) -> str:
    """``name`` as printable text: bytes that are not UTF-8 (kept by Python as lone
    surrogates) become ``\\xNN``, which any stdout encoding and JSON can carry."""
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate that is no escaped byte (not from argv)
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def _splittable(stream: IO[bytes]) -> bool:
    """Whether byte ranges of the file behind ``stream`` can be read by other processes:
    a plain regular file whose size is known (``/proc`` files say 0)."""
    if isinstance(stream, gzip.GzipFile):
        return False
    info = os.fstat(stream.fileno())
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


@contextmanager
def _open_ends(streams: Streams) -> Iterator[Streams]:
    """``streams`` with a closed stdout or stderr (``>&-``, ``2>&-``: Python sees ``None``)
    replaced by ``/dev/null``, so that the exit status is still the verdict: 0, 1, or 2
    for an unreadable input. Losing the report is said on stderr when stderr is open."""
    if streams.stdout is not None and streams.stderr is not None:
        yield streams
        return
    with open(os.devnull, "w", encoding="utf-8") as null:
        if streams.stdout is None and streams.stderr is not None:
            streams.error("standard output is closed: the report is not written")
        yield replace(streams, stdout=streams.stdout or null, stderr=streams.stderr or null)


def _handle(args: argparse.Namespace, given: Streams) -> int:
    with _open_ends(given) as streams:
        return _validate_files(args, streams)


def _validate_files(args: argparse.Namespace, streams: Streams) -> int:
    if args.files.count("-") > 1:
        streams.error("'-' (stdin) can be read only once")
        return EXIT_USAGE
    if args.dask is not None:
        return validate_on_dask(args, streams, partial(_open_report, args, streams), _status)
    reporter, budget = _open_report(args, streams)
    files: list[FileSummary] = []
    finished = True
    for name in args.files:
        summary = FileSummary(file="<stdin>" if name == "-" else _display(name))
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
                delivery_lines(stream, args.max_line_bytes),
                summary,
                envelope=args.envelope,
                version=args.version,
                report=budget,
                fail_fast=args.fail_fast,
                max_line_bytes=args.max_line_bytes,
            )
    with _opened(name, streams) as stream:
        if args.jobs > 1 and name != "-" and _splittable(stream):
            return _check_in_parallel(name, summary, args, budget)
        return check_stream(
            summary.file,
            stream,
            summary,
            version=args.version,
            report=budget,
            fail_fast=args.fail_fast,
            max_line_bytes=args.max_line_bytes,
            allow_duplicate_keys=args.allow_duplicate_keys,
        )


def _check_in_parallel(
    name: str, summary: FileSummary, args: argparse.Namespace, budget: _Budget
) -> bool:
    """Check byte ranges of a plain file in worker processes, reporting in line order."""
    jobs = args.jobs
    windows = _finer_tail(name, _grouped(line_ranges(name, args.range_bytes), jobs), jobs)
    work = partial(
        check_range,
        summary.file,
        name,
        version=args.version,
        max_line_bytes=args.max_line_bytes,
        allow_duplicate_keys=args.allow_duplicate_keys,
    )
    for part, problems in ordered_map(work, windows, jobs=min(jobs, len(windows))):
        if not fold_range(summary, part, problems, budget, fail_fast=args.fail_fast):
            return False
    return True


#: At most this many consecutive ``--range-bytes`` ranges make one unit of ``--jobs`` work.
_MOST_RANGES = 4


def _grouped(windows: list[tuple[int, int]], jobs: int) -> list[tuple[int, int]]:
    """``windows`` (consecutive byte ranges), neighbours merged into units of up to
    :data:`_MOST_RANGES` while more than ``4 * jobs`` are left, then fewer, then one each.

    Why: in ``multiprocessing.Pool`` every result costs the parent about half a
    millisecond of CPU (its worker-handler thread wakes on the result pipe until the
    result thread has read it), taken from the workers when both cores are busy:
    measured 0.11 s of parent CPU for the 137 ranges of a 572 MB file, 0.02-0.04 s for 9
    ranges. Merged ranges are checked as one (a range is any run of whole lines), so
    the report is the same; the last units, which decide when the run ends, stay one
    range each, and a unit's problems stay within a few ranges' worth."""
    units: list[tuple[int, int]] = []
    at = 0
    while at < len(windows):
        size = max(1, min(_MOST_RANGES, (len(windows) - at) // (4 * jobs)))
        units.append((windows[at][0], windows[at + size - 1][1]))
        at += size
    return units


#: The last units of ``--jobs`` work are ranges cut this many times finer.
_TAIL_CUTS = 4


def _finer_tail(name: str, units: list[tuple[int, int]], jobs: int) -> list[tuple[int, int]]:
    """``units`` with the last ``2 * jobs`` of them each cut into :data:`_TAIL_CUTS`
    ranges (at line starts, see :func:`line_ranges`).

    Why: when this process has taken the last unit, a worker may still have two of its
    own to check (the pool keeps two in flight per worker), and the run ends when the
    last one does. With 4 MiB units a traced ``--jobs 2`` run waited 10-24 ms for the
    worker at the end; smaller last units shorten that wait, and only a few more results
    come back. A file of one range stays one unit: it is checked in this process, with
    no pool to start (``ordered_map`` with one item)."""
    if len(units) < 2:
        return units
    head, tail = units[: -2 * jobs], units[-2 * jobs :]
    finer = [
        piece
        for start, end in tail
        for piece in line_ranges(name, max(1, (end - start) // _TAIL_CUTS), start=start, end=end)
    ]
    return [*head, *finer]


def _status(files: list[FileSummary]) -> int:
    if any(summary.error is not None for summary in files):
        return EXIT_USAGE
    if any(summary.invalid for summary in files):
        return EXIT_INVALID
    return EXIT_OK
