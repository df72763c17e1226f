"""Check NDJSON streams line by line: the compiled validator decides, jsonschema explains.

:func:`check_stream` is the fast path: each line is read by orjson and judged by the
compiled check (:func:`~callevent_toolkit.validation.compiled_check`, jsonschema-rs);
a line that passes costs nothing more, no object is made for it. Only the lines it
rejects are read exactly (:mod:`~callevent_toolkit.strict_json`) and go through
:func:`check_records`: :func:`~callevent_toolkit.validation.is_valid` once more on the
exact value, then :func:`~callevent_toolkit.validation.validate` (jsonschema, about a
hundred times slower) for path, keyword and message. The verdicts agree
(``tests/test_cli_validate.py``, ``tests/test_validate_fast_path.py``). Nothing is kept
per line: memory stays flat however long the file is.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import IO

from ..ndjson import (
    DEFAULT_MAX_LINE_BYTES,
    LineCount,
    LineError,
    Record,
    read_rejected,
)
from ..prefilter import block_prefilter, line_prefilter
from ..schemas.pointers import json_path, path_of
from ..validation import compiled_check, is_valid, validate

__all__ = [
    "READ_ERRORS",
    "FileSummary",
    "Problem",
    "check_range",
    "check_records",
    "check_stream",
    "count_invalid_line",
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
        if item.kind == "duplicate-key":  # one problem per repeated key, with its place
            return [
                Problem(name, item.line, item.kind, "duplicate key", p, json_path(path_of(p)))
                for p in item.pointers
            ]
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
        count_invalid_line(summary, problems, report)
        if fail_fast:
            return False
    return True


def count_invalid_line(
    summary: FileSummary, problems: Iterable[Problem], report: Callable[[Problem], None]
) -> None:
    """Count one invalid line and its problems into ``summary`` and report each, in
    order: the one tally of events and deliveries alike, so their reports add up the same."""
    summary.invalid += 1
    for problem in problems:
        summary.by_keyword[problem.keyword] += 1
        report(problem)


def check_stream(
    name: str,
    stream: IO[bytes],
    summary: FileSummary,
    *,
    version: int,
    report: Callable[[Problem], None],
    fail_fast: bool = False,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    allow_duplicate_keys: bool = False,
    size: int | None = None,
) -> bool:
    """Check every line of ``stream`` into ``summary`` (the fast path of ``validate``),
    or with ``size`` the lines of the next ``size`` bytes of it (a range of a file).

    Lines that pass cost one msgspec pass when the schema's pre-filter takes them, a
    block of lines at a time (:func:`~callevent_toolkit.prefilter.block_prefilter`) or
    one line (:func:`~callevent_toolkit.prefilter.line_prefilter`), else an orjson parse
    and the compiled check, nothing per line beyond that (see
    :func:`~callevent_toolkit.ndjson.read_rejected`); only the others are read exactly and
    go through :func:`check_records`, so the report is the same as
    ``check_records(read_ndjson(stream))`` gives, line for line.
    """
    count = LineCount()
    rejected = read_rejected(
        stream,
        partial(compiled_check, version),
        count,
        max_line_bytes=max_line_bytes,
        allow_duplicate_keys=allow_duplicate_keys,
        prefilter=line_prefilter(version),
        block_prefilter=block_prefilter(version),
        size=size,
    )
    seen = FileSummary(file=name)  # counts of the rejected lines only
    try:
        return check_records(
            name, rejected, seen, version=version, report=report, fail_fast=fail_fast
        )
    finally:
        # also when the input breaks off (a truncated gzip): the lines read before the
        # break are counted, as the problems already reported on them were
        summary.lines += count.lines
        summary.invalid += seen.invalid
        summary.valid += count.lines - seen.invalid
        summary.by_keyword.update(seen.by_keyword)


def check_range(
    name: str,
    path: str,
    window: tuple[int, int],
    version: int,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    allow_duplicate_keys: bool = False,
) -> tuple[FileSummary, list[Problem]]:
    """Check one byte range of a plain file (a worker's share of ``validate --jobs``).

    Line numbers in the problems count from 1 at the start of the range; the caller, who
    knows how many lines came before, shifts them. The range is read as a stream, so
    memory is bounded by the line limit, not by the range or its longest line: the file
    from the range's start, with the range's size as the bound on what is read.
    """
    summary = FileSummary(file=name)
    problems: list[Problem] = []
    start, end = window
    with open(path, "rb") as stream:
        stream.seek(start)
        check_stream(
            name,
            stream,
            summary,
            version=version,
            report=problems.append,
            max_line_bytes=max_line_bytes,
            allow_duplicate_keys=allow_duplicate_keys,
            size=end - start,
        )
    return summary, problems
