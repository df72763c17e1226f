"""``callevent generate``: seeded NDJSON sample files, reproducible to the byte.

Same arguments, same bytes, whatever ``--jobs`` is; ``--shard I/N`` writes the I-th of N
consecutive slices of the run, so shards ``1/N`` .. ``N/N`` concatenated equal the whole
run. A file written with ``-o`` appears atomically. ``--labels`` writes a sidecar with one
line per event: ``line``, ``valid``, ``violation``, plus ``seed`` and ``index``, which is
what replays that one event: ``callevent generate --seed SEED --start INDEX --count 1``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Any

from .._checks import INDEX_LIMIT
from ..jobs import (
    ENVELOPES,
    Chunk,
    DeliverySpec,
    RunSpec,
    StreamSpec,
    render_chunks,
    render_deliveries,
    render_stream,
)
from ..ndjson import UnwritableValueError, atomic_output, gzip_writer
from ._arguments import (
    add_version_option,
    at_most,
    delay_seconds,
    integer,
    jobs,
    non_negative,
    positive,
    ratio,
)
from ._dask_generate import generate_on_dask
from ._dask_option import add_dask_option
from ._progress import ProgressBar
from ._streams import EXIT_OK, EXIT_USAGE, Streams, binary_stdout

__all__ = ["register"]


def _shard(text: str) -> tuple[int, int]:
    try:
        index, total = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected I/N such as 2/4, got {text!r}") from None
    if not 1 <= index <= total:
        raise argparse.ArgumentTypeError(f"I/N needs 1 <= I <= N, got {text!r}")
    return index, total


def register(subparsers: Any) -> None:
    """Add ``generate`` to the ``callevent`` parser."""
    parser = subparsers.add_parser(
        "generate",
        help="write seeded sample events as NDJSON",
        description="Write COUNT seeded CallEvents as NDJSON (one JSON object per line). "
        "The same arguments give the same bytes, whatever --jobs is.",
        epilog="Exit status: 0 written, 2 usage error or an output that cannot be written.",
    )
    _add_run_options(parser)
    _add_output_options(parser)
    parser.set_defaults(handler=_handle)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """What to make: how many, from which seed and index, and of which kind."""
    parser.add_argument(
        "--count",
        metavar="N",
        type=non_negative,
        required=True,
        help="events to write (calls, with --timelines or --stream)",
    )
    parser.add_argument(
        "--seed", metavar="S", type=integer, default=0, help="run seed (default: 0)"
    )
    parser.add_argument(
        "--start",
        metavar="K",
        type=non_negative,
        default=0,
        help="index of the first event (or call) of the run (default: 0)",
    )
    parser.add_argument(
        "--contract", action="store_true", help="roam the whole contract, not realistic values"
    )
    parser.add_argument(
        "--invalid-ratio",
        metavar="R",
        type=ratio,
        default=0.0,
        help="share of deliberately invalid events, 0 to 1 (default: 0)",
    )
    add_version_option(parser)
    parser.add_argument(
        "--timelines",
        action="store_true",
        help="write COUNT whole calls (every event of each call, in order) instead of events",
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """Where and how it is written: files, compression, workers, slices, envelopes."""
    parser.add_argument(
        "--labels",
        metavar="FILE",
        help="also write one label line per event (line, valid, violation) to FILE",
    )
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="write to FILE, atomically ('-', the default, is stdout)",
    )
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="gzip the output (reproducible: no name or time in the header)",
    )
    parser.add_argument(
        "--jobs",
        type=jobs,
        default=1,
        metavar="J",
        help="worker processes, at most the CPUs available (default: 1)",
    )
    parser.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="write only the I-th of N slices; 1/N .. N/N together are the whole run",
    )
    parser.add_argument(
        "--envelope",
        choices=sorted(ENVELOPES),
        default="none",
        help="one Event Streams delivery per line: a webhook body or a Kinesis record "
        "(default: none, the bare events)",
    )
    _add_stream_options(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary on stderr")
    add_dask_option(parser, "write the run as partition files in the directory -o names,")
    parser.add_argument(
        "--partition-size",
        type=positive,
        metavar="P",
        help="with --dask: events (calls, with --timelines) per part (default 100,000 / 5,000)",
    )


def _add_stream_options(parser: argparse.ArgumentParser) -> None:
    """``--stream`` and how its deliveries are made (only with ``--stream``)."""
    parser.add_argument(
        "--stream",
        action="store_true",
        help="write the stream of COUNT calls of one account, overlapping in time: events "
        "in timestamp order, or with --envelope the deliveries in the order a sink sends them",
    )
    parser.add_argument(
        "--accounts", type=at_most(1000), metavar="A", help="accounts in the stream, 1 to 1000 (1)"
    )
    parser.add_argument(
        "--duplicates", type=ratio, metavar="R", help="share of bodies delivered twice (0)"
    )
    parser.add_argument(
        "--max-delay", type=delay_seconds, metavar="S", help="delivery delay, 0 to 14400 s (90)"
    )
    parser.add_argument("--batch", type=at_most(100), metavar="N", help="events per body (1)")


def _window(args: argparse.Namespace) -> tuple[int, int]:
    if args.shard is None:
        return args.start, args.count
    index, total = args.shard
    first = args.start + args.count * (index - 1) // total
    last = args.start + args.count * index // total
    return first, last - first


def _check_usage(args: argparse.Namespace, streams: Streams) -> str | None:
    if args.start + args.count >= INDEX_LIMIT:
        return (
            f"--start + --count must be below 2**64 ({INDEX_LIMIT}), "
            f"got {args.start} + {args.count}"
        )
    if args.gzip and args.output == "-" and streams.stdout.isatty():
        return "not writing gzip to a terminal: use -o FILE or a pipe (as gzip itself does)"
    if args.labels is not None and (args.labels == "-" or _same_path(args.labels, args.output)):
        return "--labels needs a file of its own"
    if _deliveries(args) and (args.labels is not None or args.invalid_ratio > 0):
        return (
            "--labels and --invalid-ratio cannot be combined with --timelines, --stream "
            "or --envelope"
        )
    if args.partition_size is not None and args.dask is None:
        return "--partition-size sizes the parts of a --dask run: add --dask"
    return _stream_problem(args)


def _stream_problem(args: argparse.Namespace) -> str | None:
    delivery = [name for name in ("duplicates", "max_delay", "batch") if getattr(args, name)
                is not None]  # fmt: skip
    if not args.stream:
        given = [*delivery, *(["accounts"] if args.accounts is not None else [])]
        if given:
            return f"--{given[0].replace('_', '-')} needs --stream"
        return None
    if args.timelines or args.shard is not None:
        return "--stream cannot be combined with --timelines or --shard (its calls overlap)"
    if args.envelope == "none" and delivery:
        return f"--{delivery[0].replace('_', '-')} needs --envelope webhook or kinesis"
    if args.envelope == "kinesis" and (args.batch or 1) > 1:
        return "--batch must be 1 with --envelope kinesis: a record holds one event"
    return None


def _same_path(first: str, second: str) -> bool:
    """``labels.ndjson`` and ``./labels.ndjson`` are one file: the second rename would
    silently replace the events with the labels."""
    return second != "-" and Path(first).resolve() == Path(second).resolve()


def _output_name(args: argparse.Namespace) -> str:
    return "standard output" if args.output == "-" else str(args.output)


def _deliveries(args: argparse.Namespace) -> bool:
    return bool(args.timelines or args.stream or args.envelope != "none")


def _handle(args: argparse.Namespace, streams: Streams) -> int:
    problem = _check_usage(args, streams)
    if problem:
        streams.error(problem)
        return EXIT_USAGE
    if args.dask is not None:
        return generate_on_dask(args, streams)
    start, count = _window(args)
    began = time.perf_counter()
    try:
        written = _write(args, streams, _chunks(args, start, count), count)
    except BrokenPipeError:
        raise  # the reader went away (``| head``): main() ends the run quietly
    except OSError as exc:
        streams.error(f"cannot write {exc.filename or _output_name(args)}: {exc.strerror or exc}")
        return EXIT_USAGE
    except UnwritableValueError as exc:
        streams.error(f"cannot write {_output_name(args)}: {exc}")
        return EXIT_USAGE
    if args.output != "-" and not args.quiet:
        _summarise(streams, args, count, written, time.perf_counter() - began)
    return EXIT_OK


def _chunks(args: argparse.Namespace, start: int, count: int) -> Iterator[Chunk]:
    """The rendered lines of the run's window, by ``--jobs`` processes."""
    if args.stream:
        stream = StreamSpec(
            seed=args.seed,
            realistic=not args.contract,
            version=args.version,
            envelope=args.envelope,
            accounts=args.accounts or 1,
            duplicates=args.duplicates or 0.0,
            max_delay=90.0 if args.max_delay is None else args.max_delay,
            batch=args.batch or 1,
        )
        return render_stream(stream, start, count)
    if _deliveries(args):
        delivery = DeliverySpec(
            args.seed, not args.contract, args.version, args.timelines, args.envelope
        )
        return render_deliveries(delivery, start, count, jobs=args.jobs)
    spec = RunSpec(
        seed=args.seed,
        realistic=not args.contract,
        version=args.version,
        invalid_ratio=args.invalid_ratio,
        labels=args.labels is not None,
        first_index=start,
    )
    return render_chunks(spec, start, count, jobs=args.jobs)


def _write(args: argparse.Namespace, streams: Streams, chunks: Iterator[Chunk], total: int) -> int:
    """Write every chunk; return the bytes of events written."""
    with ExitStack() as stack:
        out = stack.enter_context(_events_output(args, streams))
        labels = stack.enter_context(_labels_output(args.labels))
        progress = _progress(args, streams, total)
        written = 0
        for chunk in chunks:
            out.write(chunk.events)
            written += len(chunk.events)
            if labels is not None:
                labels.write(chunk.labels)
            if progress is not None:
                progress.advance(chunk.count)
        if progress is not None:
            progress.close()
        out.flush()
    return written


def _events_output(args: argparse.Namespace, streams: Streams) -> Any:
    if args.output != "-":
        return atomic_output(args.output, compress=args.gzip)
    stdout = binary_stdout(streams.stdout)
    if args.gzip:
        return gzip_writer(stdout)
    return nullcontext(stdout)


def _labels_output(path: str | None) -> Any:
    return nullcontext(None) if path is None else atomic_output(path)


def _progress(args: argparse.Namespace, streams: Streams, total: int) -> ProgressBar | None:
    wanted = args.output != "-" and not args.quiet and streams.stderr.isatty()
    unit = "calls" if args.timelines or args.stream else "events"
    return ProgressBar(total, streams.stderr, unit=unit) if wanted else None


def _summarise(
    streams: Streams, args: argparse.Namespace, count: int, written: int, seconds: float
) -> None:
    rate = count / seconds if seconds > 0 else 0.0
    unit = "calls" if args.timelines or args.stream else "events"
    streams.stderr.write(
        f"callevent: wrote {count:,} {unit} ({written / 1e6:,.1f} MB uncompressed) to "
        f"{args.output} in {seconds:,.1f} s ({rate:,.0f} {unit}/s), seed {args.seed}\n"
    )
