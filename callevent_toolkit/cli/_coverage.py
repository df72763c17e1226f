"""``callevent coverage FILE...``: how much of the contract files of events exercise.

The same measurement as the pytest plugin's ``--callevent-report``, for events a test
suite, a producer or a load test wrote to files, or a sample of production traffic: each
event is judged by the validator (a valid event counts in every dimension, an event
breaking exactly one rule counts for that rule). Files are NDJSON (one event a line) or,
with ``--envelope``, delivery files (one webhook body or Kinesis record a line, as
``validate --envelope`` reads them; every CallEvent inside counts). A line that holds no
event (not JSON, not an object, a broken envelope) is reported as ``FILE:LINE: message``
on stderr and skipped, so one bad line never hides the report. Exit status: 0, 1 when
the overall figure is below ``--fail-under``, 2 usage error or an input that could not be
read.
"""

from __future__ import annotations

import argparse
import zlib
from typing import IO, Any

from .._checks import percentage
from ..contract_coverage.recorder import Recorder
from ..ndjson import DEFAULT_MAX_LINE_BYTES, LineError, open_binary_input, read_ndjson
from ._arguments import add_format_option, add_version_option
from ._envelope_check import ENVELOPE_CHOICES, delivery_events, delivery_lines
from ._streams import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Streams

__all__ = ["register"]

_READ_ERRORS = (OSError, EOFError, zlib.error)
#: What judging one hostile value can raise (nesting past the recursion limit, integers
#: of more than 4,300 digits); the line is reported and skipped.
_VALUE_ERRORS = (RecursionError, ValueError)


def _percent(text: str) -> float:
    try:
        return percentage(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: Any) -> None:
    """Add ``coverage`` to the ``callevent`` parser."""
    parser = subparsers.add_parser(
        "coverage",
        help="report which parts of the CallEvent contract files of events exercise",
        description="Measure the contract coverage of NDJSON or delivery files of CallEvents "
        "(gzip or plain, '-' for stdin): optional parts present and absent, value classes, "
        "map and array sizes, event kinds, rules broken alone.",
        epilog="Exit status: 0, 1 below --fail-under, 2 usage error or unreadable input.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="NDJSON file, .gz, or -")
    parser.add_argument(
        "--envelope",
        choices=ENVELOPE_CHOICES,
        default="none",
        help="lines are deliveries: webhook bodies, Kinesis records, or auto (either); "
        "every CallEvent inside counts (default: none, lines are events)",
    )
    add_format_option(parser, "the full report (the format of --callevent-report=json)")
    parser.add_argument("--html", metavar="DIR", help="also write DIR/index.html")
    parser.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PERCENT",
        help="exit 1 when the overall figure is below PERCENT",
    )
    add_version_option(parser)
    parser.set_defaults(handler=_handle)


def _judge(name: str, line: int, event: Any, recorder: Recorder, streams: Streams) -> None:
    try:
        recorder.record_unlabelled(event)
    except _VALUE_ERRORS as exc:
        streams.stderr.write(f"{name}:{line}: skipped, cannot be judged: {exc}\n")


def _read_events(name: str, stream: IO[bytes], recorder: Recorder, streams: Streams) -> None:
    line = 0
    try:
        for item in read_ndjson(stream):
            line = item.line
            if isinstance(item, LineError):
                streams.stderr.write(f"{name}:{item.line}: {item.message}\n")
            else:
                _judge(name, item.line, item.value, recorder, streams)
    except _VALUE_ERRORS as exc:  # the reader gave up on a hostile line: say where
        streams.stderr.write(f"{name}:{line + 1}: unreadable, rest of file skipped: {exc}\n")


def _read_deliveries(
    name: str, stream: IO[bytes], envelope: str, recorder: Recorder, streams: Streams
) -> None:
    for line, raw in delivery_lines(stream):
        if raw is None:  # longer than the line limit: skipped without being read
            streams.stderr.write(
                f"{name}:{line}: line longer than {DEFAULT_MAX_LINE_BYTES} bytes\n"
            )
            continue
        events = delivery_events(raw, envelope)
        if isinstance(events, str):
            streams.stderr.write(f"{name}:{line}: {events}\n")
            continue
        for event in events:
            _judge(name, line, event, recorder, streams)


def _read(
    name: str, stream: IO[bytes], args: argparse.Namespace, recorder: Recorder, streams: Streams
) -> None:
    if args.envelope == "none":
        _read_events(name, stream, recorder, streams)
    else:
        _read_deliveries(name, stream, args.envelope, recorder, streams)


def _read_all(args: argparse.Namespace, recorder: Recorder, streams: Streams) -> bool:
    read_every_file = True
    for name in args.files:
        shown = "<stdin>" if name == "-" else name
        try:
            if name == "-":
                _read(shown, streams.binary_stdin(), args, recorder, streams)
            else:
                with open_binary_input(name) as stream:
                    _read(shown, stream, args, recorder, streams)
        except BrokenPipeError:
            raise
        except _READ_ERRORS as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            streams.error(f"{shown}: {reason or type(exc).__name__}")
            read_every_file = False
    return read_every_file


def _handle(args: argparse.Namespace, streams: Streams) -> int:
    from ..contract_coverage.report_html import write_html
    from ..contract_coverage.report_json import dumps
    from ..contract_coverage.report_text import render_text

    if args.files.count("-") > 1:
        streams.error("'-' (stdin) can be read only once")
        return EXIT_USAGE
    recorder = Recorder(args.version)
    read_every_file = _read_all(args, recorder, streams)
    summary = recorder.summary()
    if args.format == "json":
        streams.stdout.write(dumps(summary))
    else:
        streams.stdout.write(render_text(summary) + "\n")
    if args.html:
        try:
            page = write_html(summary, args.html)
        except OSError as exc:
            streams.error(f"{args.html}: {exc.strerror or exc}")
            return EXIT_USAGE
        streams.stderr.write(f"callevent: contract coverage HTML written to {page}\n")
    if not read_every_file:
        return EXIT_USAGE
    percent = summary.overall.percent
    if args.fail_under is not None and percent < args.fail_under:
        streams.error(f"contract coverage {percent:.2f}% is below --fail-under={args.fail_under:g}")
        return EXIT_INVALID
    return EXIT_OK
