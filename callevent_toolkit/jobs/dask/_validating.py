"""``validate`` on a cluster: files and byte ranges checked by workers, one report merged.

A gzip file, or a plain one no larger than ``range_bytes``, is one task. A larger plain
file is cut into nominal ranges of ``range_bytes``; the worker that gets ``[a, b)`` moves
both ends forward to the next line start (each end is found the same way by both of its
neighbours, so every line is checked exactly once) and reads only that slice through
fsspec. Results are folded in file and line order by
:func:`~callevent_toolkit.jobs.fold_range`, exactly as ``validate --jobs`` folds them,
so the problems, their order, the counts and the exit status are the one-machine ones.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import fsspec
from distributed import Client, Future

from ...ndjson import read_ndjson, read_ndjson_range
from ...schemas import DEFAULT_VERSION
from .._checking import READ_ERRORS, FileSummary, Problem, check_records, describe_read_error
from .._merging import fold_range
from ._cluster import client_for
from ._paths import for_workers

__all__ = [
    "RANGE_BYTES",
    "ValidationReport",
    "check_files",
    "expand_inputs",
    "validate_files_dask",
]

#: Nominal bytes per task of a large plain file: a few thousand events, a second of work.
RANGE_BYTES = 4 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_Checked = tuple[FileSummary, list[Problem], str | None]


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The merged report: per-file summaries (in input order), every problem (in file and
    line order, best match first on each line), and whether ``fail_fast`` stopped it."""

    files: tuple[FileSummary, ...]
    problems: tuple[Problem, ...]
    stopped: bool

    @property
    def status(self) -> int:
        """``callevent validate``'s exit status: 0 all valid, 1 some line invalid, 2 an
        input could not be read."""
        if any(summary.error is not None for summary in self.files):
            return 2
        return 1 if any(summary.invalid for summary in self.files) else 0


def expand_inputs(
    patterns: Iterable[str], storage_options: Mapping[str, Any] | None = None
) -> list[str]:
    """Each name as given, each glob (``*``, ``?``, ``[``) as its matches sorted by name.

    Local globs match as a shell's do (``data/*.ndjson`` gives ``data/a.ndjson``, so the
    report names files as ``validate data/*.ndjson`` would); a URL's glob is asked of its
    file system (``s3://bucket/2026-*/*.gz``). A glob that matches nothing stays as it is
    and is reported as a file that cannot be read, as a shell would pass it on.
    """
    names: list[str] = []
    for pattern in patterns:
        if not any(char in pattern for char in "*?["):
            names.append(pattern)
            continue
        if "://" not in pattern:
            matches = sorted(glob.glob(pattern))
        else:
            fs, path = fsspec.core.url_to_fs(pattern, **dict(storage_options or {}))
            matches = sorted(fs.unstrip_protocol(match) for match in fs.glob(path))
        names.extend(matches or [pattern])
    return names


def check_whole(name: str, url: str, version: int, options: Mapping[str, Any]) -> _Checked:
    """Check a whole file (gzip or plain) on a worker: its summary, problems, read error."""
    summary = FileSummary(file=name)
    problems: list[Problem] = []
    try:
        fs, path = fsspec.core.url_to_fs(url, **options)
        with fs.open(path, "rb") as stream:  # not fsspec.open, which would expand a glob
            check_records(
                name, read_ndjson(stream), summary, version=version, report=problems.append
            )
    except READ_ERRORS as exc:
        return summary, problems, describe_read_error(exc)
    return summary, problems, None


def _line_start(stream: IO[bytes], offset: int) -> int:
    """The first line start at or after ``offset``."""
    if offset == 0:
        return 0
    stream.seek(offset - 1)
    stream.readline()
    return stream.tell()


def check_slice(
    name: str,
    url: str,
    window: tuple[int, int],
    size: int,
    version: int,
    options: Mapping[str, Any],
) -> _Checked:
    """Check the lines that start in ``window`` of a plain file, numbered from 1."""
    summary = FileSummary(file=name)
    problems: list[Problem] = []
    try:
        fs, path = fsspec.core.url_to_fs(url, **options)
        with fs.open(path, "rb") as stream:  # not fsspec.open, which would expand a glob
            start = _line_start(stream, window[0])
            end = size if window[1] >= size else _line_start(stream, window[1])
            if start < end:
                lines = read_ndjson_range(stream, start, end)
                check_records(name, lines, summary, version=version, report=problems.append)
    except READ_ERRORS as exc:
        return summary, problems, describe_read_error(exc)
    return summary, problems, None


def _plan(
    name: str, range_bytes: int, version: int, options: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """The tasks of one input: one whole-file task, or one per nominal range."""
    url = for_workers(name)
    whole = [(check_whole, name, url, version, options)]
    try:
        fs, path = fsspec.core.url_to_fs(url, **options)
        if fs.isdir(path):
            return whole  # the worker meets (and reports) what a one-machine run would
        size = fs.size(path)
        if size <= range_bytes or fs.cat_file(path, start=0, end=2) == _GZIP_MAGIC:
            return whole
    except READ_ERRORS:
        return whole
    return [
        (check_slice, name, url, (start, min(start + range_bytes, size)), size, version, options)
        for start in range(0, size, range_bytes)
    ]


def check_files(
    client: Client,
    names: Sequence[str],
    *,
    report: Callable[[Problem], None],
    file_error: Callable[[str, str], None],
    version: int = DEFAULT_VERSION,
    range_bytes: int = RANGE_BYTES,
    fail_fast: bool = False,
    storage_options: Mapping[str, Any] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_part: Callable[[], None] | None = None,
) -> tuple[list[FileSummary], bool]:
    """Check ``names`` on ``client``'s workers; call ``report`` per problem and
    ``file_error`` per unreadable input in one-machine order. Returns the summaries and
    ``False`` when ``fail_fast`` stopped the check."""
    options = dict(storage_options or {})
    plans = [_plan(name, range_bytes, version, options) for name in names]
    if on_plan is not None:
        on_plan(sum(map(len, plans)))
    futures = [[client.submit(*task, pure=False) for task in plan] for plan in plans]
    try:
        return _fold(names, futures, report, file_error, fail_fast, on_part)
    finally:
        client.cancel([future for tasks in futures for future in tasks])


def _fold(
    names: Sequence[str],
    futures: list[list[Future[_Checked]]],
    report: Callable[[Problem], None],
    file_error: Callable[[str, str], None],
    fail_fast: bool,
    on_part: Callable[[], None] | None,
) -> tuple[list[FileSummary], bool]:
    files: list[FileSummary] = []
    for name, tasks in zip(names, futures, strict=True):
        summary = FileSummary(file=name)
        files.append(summary)
        for future in tasks:
            part, problems, error = future.result()
            if not fold_range(summary, part, problems, report, fail_fast=fail_fast):
                return files, False
            if on_part is not None:
                on_part()
            if error is not None:
                summary.error = error
                file_error(name, error)
                break
    return files, True


def validate_files_dask(
    paths: Iterable[str],
    *,
    client: Client | str | None = None,
    version: int = DEFAULT_VERSION,
    range_bytes: int = RANGE_BYTES,
    fail_fast: bool = False,
    storage_options: Mapping[str, Any] | None = None,
) -> ValidationReport:
    """Validate files, URLs and globs on a Dask cluster; the merged :class:`ValidationReport`.

    The same problems in the same order, the same counts and status as
    ``callevent validate`` on one machine. ``client``: a :class:`distributed.Client`, an
    address (``"local:2"``, ``"tcp://HOST:8786"``) or ``None`` for the default client.
    Every problem is kept in memory (``callevent validate --dask --max-errors`` streams).
    """
    names = expand_inputs(paths, storage_options)
    problems: list[Problem] = []
    with client_for(client) as active:
        files, finished = check_files(
            active,
            names,
            report=problems.append,
            file_error=lambda _name, _error: None,
            version=version,
            range_bytes=range_bytes,
            fail_fast=fail_fast,
            storage_options=storage_options,
        )
    return ValidationReport(tuple(files), tuple(problems), stopped=not finished)
