"""Fold the result of one checked range into its file's summary, as one pass would have.

A range is checked on its own, its lines numbered from 1 at the range's first byte; only
the caller, folding the ranges in order, knows how many lines came before. Folding shifts
the line numbers and adds the counts, so the merged summary and the problems passed on are
exactly those of a sequential check (``tests/test_dask.py`` compares them byte for byte).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ._checking import FileSummary, Problem

__all__ = ["fold_range"]


def fold_range(
    summary: FileSummary,
    part: FileSummary,
    problems: Sequence[Problem],
    report: Callable[[Problem], None],
    *,
    fail_fast: bool = False,
) -> bool:
    """Add ``part`` (the next range of ``summary``'s file) and report its problems in order.

    Ranges are checked in full even with ``fail_fast`` (they run at the same time); here
    the fold stops at the first invalid line and counts what a sequential ``--fail-fast``
    check would have counted. Returns ``False`` when it stopped.
    """
    shifted = [replace(problem, line=problem.line + summary.lines) for problem in problems]
    if fail_fast and part.invalid:
        _add_up_to_first_invalid(summary, shifted, report)
        return False
    summary.lines += part.lines
    summary.valid += part.valid
    summary.invalid += part.invalid
    summary.by_keyword.update(part.by_keyword)
    for problem in shifted:
        report(problem)
    return True


def _add_up_to_first_invalid(
    summary: FileSummary, problems: list[Problem], report: Callable[[Problem], None]
) -> None:
    """What a sequential ``--fail-fast`` check would have counted and shown."""
    first = problems[0].line
    summary.valid += first - 1 - summary.lines
    summary.lines = first
    summary.invalid += 1
    for problem in problems:
        if problem.line == first:
            summary.by_keyword[problem.keyword] += 1
            report(problem)
