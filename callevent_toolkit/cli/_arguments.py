"""Argument types shared by the subcommands, so every command says the same thing."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from .._checks import INDEX_LIMIT, MAX_SECONDS
from ..schemas import DEFAULT_VERSION, available_versions

__all__: list[str] = []


def integer(text: str) -> int:
    """Any int (seeds) of at most 4,300 digits, Python's limit for reading one."""
    try:
        return int(text)
    except ValueError:
        # argparse would otherwise name the converter: "invalid non_negative value: 'x'"
        if text.strip().lstrip("+-").isdigit():
            raise argparse.ArgumentTypeError(
                f"an integer of at most 4300 digits, got one of {len(text.strip()):,} characters"
            ) from None
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def non_negative(text: str) -> int:
    """An int >= 0 and below 2**64 (counts, start indices, error limits: indices are
    64-bit, and no run gets near 2**64 of anything)."""
    value = integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return _below_index_limit(value)


def positive(text: str) -> int:
    """An int >= 1 and below 2**64 (jobs, example budgets, batch sizes)."""
    value = integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return _below_index_limit(value)


def _below_index_limit(value: int) -> int:
    if value >= INDEX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be below 2**64, got {value}")
    return value


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity call
        return os.cpu_count() or 1


def jobs(text: str) -> int:
    """A number of worker processes, >= 1 and capped at the CPUs this process may use.

    More workers than CPUs only cost memory (``--jobs 1000`` once started 21 processes
    and took 949 MB), so a larger value is lowered with a one-line notice on stderr
    (argument parsing runs with stderr pointed at the command's, see ``cli.run``).
    """
    value = positive(text)
    available = _available_cpus()
    if value > available:
        sys.stderr.write(
            f"callevent: --jobs {value} is more than the {available} CPUs available; "
            f"using {available}\n"
        )
        return available
    return value


def ratio(text: str) -> float:
    """A share between 0 and 1 (``nan`` is refused too: no comparison holds for it)."""
    value = _number(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def seconds(text: str) -> float:
    """A duration from 0 to one day (delays, backoff: longer ones overflow the clock)."""
    value = _number(text)
    if not 0 <= value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"must be 0 to {MAX_SECONDS:g} seconds, got {text}")
    return value


#: Longest delivery delay: Event Streams stops retrying a delivery after 4 hours.
MAX_DELAY_S = 4 * 3600


def delay_seconds(text: str) -> float:
    """A delivery delay: 0 to 14,400 seconds."""
    value = _number(text)
    if not 0 <= value <= MAX_DELAY_S:
        raise argparse.ArgumentTypeError(f"must be 0 to {MAX_DELAY_S} seconds, got {text}")
    return value


def at_most(limit: int) -> Callable[[str], int]:
    """An int from 1 to ``limit`` (batch sizes, account counts)."""

    def convert(text: str) -> int:
        value = positive(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"must be at most {limit}, got {value}")
        return value

    return convert


def positive_seconds(text: str) -> float:
    """A duration > 0 and at most one day (timeouts: the thread primitives overflow near
    9.2e9 s, and a call that takes a day has hung)."""
    value = _number(text)
    if not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"must be a positive number of seconds up to {MAX_SECONDS:g}, got {text}"
        )
    return value


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """``--version N``: the schema version to use (every command takes it the same way)."""
    versions = available_versions()
    parser.add_argument(
        "--version",
        type=int,
        default=DEFAULT_VERSION,
        choices=versions,
        metavar="V",
        help=f"CallEvent schema version: {', '.join(map(str, versions))} "
        f"(default {DEFAULT_VERSION})",
    )


def add_format_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--format text|json``: ``what`` says what the JSON form holds."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=f"text for people (default) or JSON with {what}",
    )
