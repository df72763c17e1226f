"""Argument types shared by the subcommands, so every command says the same thing."""

from __future__ import annotations

import argparse

from ..schemas import available_versions

__all__: list[str] = []

#: The library's default (``version=3`` throughout the API), so the CLI means the same.
_DEFAULT_VERSION = 3


def non_negative(text: str) -> int:
    """An int >= 0 (counts, start indices, error limits)."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def positive(text: str) -> int:
    """An int >= 1 (jobs, example budgets)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """``--version N``: the schema version to use (every command takes it the same way)."""
    versions = available_versions()
    parser.add_argument(
        "--version",
        type=int,
        default=_DEFAULT_VERSION,
        choices=versions,
        metavar="N",
        help=f"CallEvent schema version: {', '.join(map(str, versions))} "
        f"(default {_DEFAULT_VERSION})",
    )


def add_format_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--format text|json``: ``what`` says what the JSON form holds."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=f"text for people (default) or JSON with {what}",
    )
