"""Argument types shared by the subcommands, so every command says the same thing."""

from __future__ import annotations

import argparse

__all__: list[str] = []


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
