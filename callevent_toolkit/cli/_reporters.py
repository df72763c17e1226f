"""How ``callevent validate`` shows its findings: plain text for people, JSON for tools.

Both reporters stream: problems are written as they are found, so a report on a huge file
needs no more memory than a report on a small one. They share one protocol so the
validate command does not care which one it drives.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import IO, Any, Protocol

from ..jobs import FileSummary, Problem

__all__ = ["JsonReporter", "Reporter", "TextReporter"]


class Reporter(Protocol):
    """What the validate command tells a reporter, in this order."""

    def problem(self, problem: Problem) -> None:
        """A problem found (called at most ``--max-errors`` times)."""

    def file_error(self, file: str, message: str) -> None:
        """An input that could not be read (missing, unreadable, corrupt gzip)."""

    def finish(
        self, files: Sequence[FileSummary], *, hidden: int, stopped: bool, status: int
    ) -> None:
        """The end: per-file counts, problems not shown, whether --fail-fast stopped it."""


def _totals(files: Sequence[FileSummary]) -> dict[str, Any]:
    by_keyword: Counter[str] = Counter()
    for summary in files:
        by_keyword.update(summary.by_keyword)
    return {
        "files": len(files),
        "lines": sum(s.lines for s in files),
        "valid": sum(s.valid for s in files),
        "invalid": sum(s.invalid for s in files),
        "unreadable_files": sum(1 for s in files if s.error is not None),
        "by_keyword": dict(by_keyword.most_common()),
    }


class TextReporter:
    """``file:line: $.path: message`` lines on stdout, then a short summary.

    Unreadable files go to stderr, as ``callevent: file: reason``.
    """

    def __init__(self, out: IO[str], err: IO[str]) -> None:
        self._out = out
        self._err = err

    def problem(self, problem: Problem) -> None:
        self._out.write(f"{problem}\n")

    def file_error(self, file: str, message: str) -> None:
        self._err.write(f"callevent: {file}: {message}\n")

    def finish(
        self, files: Sequence[FileSummary], *, hidden: int, stopped: bool, status: int
    ) -> None:
        totals = _totals(files)
        if hidden:
            self._out.write(f"... and {hidden:,} more problems not shown (--max-errors)\n")
        if stopped:
            self._out.write("stopped at the first invalid line (--fail-fast)\n")
        for summary in files:
            if summary.lines == 0 and summary.error is None:
                self._out.write(f"{summary.file}: empty, no events\n")
        self._out.write(
            f"{totals['lines']:,} lines checked in {totals['files']} file(s): "
            f"{totals['valid']:,} valid, {totals['invalid']:,} invalid\n"
        )
        if totals["unreadable_files"]:
            self._out.write(f"{totals['unreadable_files']} file(s) could not be read\n")
        if totals["by_keyword"]:
            self._out.write("problems by keyword:\n")
        for keyword, count in totals["by_keyword"].items():
            self._out.write(f"  {keyword}: {count:,}\n")


class JsonReporter:
    """One JSON document on stdout, written as it goes.

    Unreadable files are also named on stderr, as with text: an exit status of 2 in a CI
    log should come with its reason where people look, while stdout stays pure JSON.

    Shape: ``{"problems": [...], "files": [...], "summary": {...}, "exit_code": n}``;
    each problem has ``file``, ``line``, ``path``, ``pointer``, ``keyword``, ``message``
    (``path`` and ``pointer`` are null for lines that are not JSON objects).
    """

    def __init__(self, out: IO[str], err: IO[str]) -> None:
        self._out = out
        self._err = err
        self._count = 0
        out.write('{"problems": [')

    def problem(self, problem: Problem) -> None:
        entry = {
            "file": problem.file,
            "line": problem.line,
            "path": problem.path,
            "pointer": problem.pointer,
            "keyword": problem.keyword,
            "message": problem.message,
        }
        self._out.write(("\n  " if self._count == 0 else ",\n  ") + _dumps(entry))
        self._count += 1

    def file_error(self, file: str, message: str) -> None:
        """One line on stderr now; the error is also in that file's ``files`` entry."""
        self._err.write(f"callevent: {file}: {message}\n")

    def finish(
        self, files: Sequence[FileSummary], *, hidden: int, stopped: bool, status: int
    ) -> None:
        per_file = [
            {
                "file": s.file,
                "lines": s.lines,
                "valid": s.valid,
                "invalid": s.invalid,
                "by_keyword": dict(s.by_keyword.most_common()),
                "error": s.error,
            }
            for s in files
        ]
        summary = {**_totals(files), "problems_not_shown": hidden, "stopped_early": stopped}
        self._out.write(
            "\n],\n"
            f'"files": {_dumps(per_file)},\n'
            f'"summary": {_dumps(summary)},\n'
            f'"exit_code": {status}}}\n'
        )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
