"""Check NDJSON streams line by line: the compiled validator decides, jsonschema explains.

:func:`~callevent_toolkit.validation.is_valid` (jsonschema-rs) answers for every line;
only lines it rejects go to :func:`~callevent_toolkit.validation.validate` (jsonschema,
about a hundred times slower) for path, keyword and message. Both use the same
``date-time`` check, so they agree (``tests/test_cli_validate.py`` proves it on a corpus).
Nothing is kept per line: memory stays flat however long the file is.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..ndjson import LineError, Record, read_ndjson_range
from ..validation import is_valid, validate

__all__ = [
    "READ_ERRORS",
    "FileSummary",
    "Problem",
    "check_range",
    "check_records",
    "describe_read_error",
]

#: What a failing input raises: missing or unreadable files, corrupt or truncated gzip.
READ_ERRORS = (OSError, EOFError, zlib.error)

#: Long messages (jsonschema quotes the offending value, which may be megabytes) are cut.
_MESSAGE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong on one line: a schema violation or a line that is not an event.

    ``pointer`` and ``path`` are ``None`` for lines that could not be read as an object;
    ``keyword`` is then the kind of line error (``not-json``, ``bom``, ...).
    """

    file: str
    line: int
    keyword: str
    message: str
    pointer: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(slots=True)
class FileSummary:
    """Counts for one input: lines checked, valid, invalid, problems by keyword."""

    file: str
    lines: int = 0
    valid: int = 0
    invalid: int = 0
    by_keyword: Counter[str] = field(default_factory=Counter)
    error: str | None = None


def describe_read_error(exc: BaseException) -> str:
    """The reason a report gives for an input it could not read (``No such file or
    directory``), the same in one process, in a pool and on a Dask worker."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _shorten(message: str) -> str:
    if len(message) <= _MESSAGE_LIMIT:
        return message
    return f"{message[:_MESSAGE_LIMIT]}... ({len(message):,} characters in all)"


def _problems_of(name: str, item: Record | LineError, version: int) -> list[Problem]:
    if isinstance(item, LineError):
        return [Problem(name, item.line, item.kind, item.message)]
    return [
        Problem(name, item.line, v.keyword, _shorten(v.message), v.pointer, v.json_path)
        for v in validate(item.value, version=version)
    ]


def check_records(
    name: str,
    items: Iterable[Record | LineError],
    summary: FileSummary,
    *,
    version: int,
    report: Callable[[Problem], None],
    fail_fast: bool = False,
) -> bool:
    """Check ``items`` into ``summary``, calling ``report`` per problem, best match first.

    Returns ``False`` when ``fail_fast`` stopped the check at the first invalid line.
    """
    for item in items:
        summary.lines += 1
        if isinstance(item, Record) and is_valid(item.value, version=version):
            summary.valid += 1
            continue
        problems = _problems_of(name, item, version)
        if not problems:  # the two validators disagree: trust the one with messages
            summary.valid += 1
            continue
        summary.invalid += 1
        for problem in problems:
            summary.by_keyword[problem.keyword] += 1
            report(problem)
        if fail_fast:
            return False
    return True


def check_range(
    name: str, path: str, window: tuple[int, int], version: int
) -> tuple[FileSummary, list[Problem]]:
    """Check one byte range of a plain file (a worker's share of ``validate --jobs``).

    Line numbers in the problems count from 1 at the start of the range; the caller, who
    knows how many lines came before, shifts them. Memory is bounded by the range size.
    """
    summary = FileSummary(file=name)
    problems: list[Problem] = []
    start, end = window
    check_records(
        name, read_ndjson_range(path, start, end), summary, version=version, report=problems.append
    )
    return summary, problems
