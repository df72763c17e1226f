"""Argument types shared by the subcommands, so every command says the same thing."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..schemas import DEFAULT_VERSION, available_versions

__all__: list[str] = []


def integer(text: str) -> int:
    """Any int (seeds)."""
    try:
        return int(text)
    except ValueError:
        # argparse would otherwise name the converter: "invalid non_negative value: 'x'"
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def non_negative(text: str) -> int:
    """An int >= 0 (counts, start indices, error limits)."""
    value = integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def positive(text: str) -> int:
    """An int >= 1 (jobs, example budgets)."""
    value = integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def ratio(text: str) -> float:
    """A share between 0 and 1 (``nan`` is refused too: no comparison holds for it)."""
    value = _number(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def seconds(text: str) -> float:
    """A finite duration >= 0 (delays, backoff)."""
    value = _number(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text}")
    return value


#: Longest delivery delay: Event Streams stops retrying a delivery after 4 hours.
MAX_DELAY_S = 4 * 3600


def delay_seconds(text: str) -> float:
    """A delivery delay: 0 to 14,400 seconds."""
    value = seconds(text)
    if value > MAX_DELAY_S:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_DELAY_S} seconds, got {text}")
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
    """A finite duration > 0 (timeouts)."""
    value = _number(text)
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
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
