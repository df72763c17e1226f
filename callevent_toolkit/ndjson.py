"""Newline-delimited JSON in and out: strict, streaming, line-numbered.

Writing: one object per line, UTF-8, strict JSON (``NaN`` and ``Infinity`` are refused
rather than written, because most JSON parsers reject them), written to a temporary file
beside the target and moved into place with :func:`os.replace`, so a crash or an
exception never leaves half a file under the target name. orjson does the encoding (about
ten times faster than :func:`json.dumps`); values it cannot encode, such as integers past
64 bits that contract-space events may hold, fall back to :func:`json.dumps`.

Reading: :func:`read_ndjson` yields a :class:`Record` per good line and a
:class:`LineError` per bad one (not UTF-8, a byte-order mark, ``NaN``/``Infinity``, not
JSON, not an object, a blank line, a truncated last line), and keeps going, so one bad
line never hides the rest of a report. It holds one line in memory at a time. gzip input
is recognised by its magic bytes, whatever the file is called.
"""

from __future__ import annotations

import errno
import gzip
import io
import itertools
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import orjson

from .errors import UnwritableValueError

__all__ = [
    "LineError",
    "LineErrorKind",
    "Record",
    "UnwritableValueError",
    "atomic_output",
    "dumps_line",
    "is_gzip",
    "line_ranges",
    "open_binary_input",
    "read_ndjson",
    "read_ndjson_range",
    "write_ndjson",
]

LineErrorKind = Literal[
    "bom",
    "not-utf8",
    "blank-line",
    "non-finite-number",
    "not-json",
    "truncated",
    "not-an-object",
]

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
#: orjson reads integers past 64 bits as floats; lines with a run of 20 digits are re-read
#: with :mod:`json`, which keeps them exact. Mapping every digit to "0" and searching for
#: twenty zeros is ten times faster than the regular expression ``[0-9]{20}``.
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGIT_RUN = b"0" * 20


@dataclass(frozen=True, slots=True)
class Record:
    """A line that holds a JSON object: its 1-based ``line`` number and the decoded ``value``."""

    line: int
    value: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LineError:
    """A line that does not hold a JSON object: where, what kind of problem, and why."""

    line: int
    kind: LineErrorKind
    message: str


# --------------------------------------------------------------------------- writing


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_non_finite(v) for v in value)
    return False


def _dumps_with_json(value: Any) -> bytes:
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise UnwritableValueError(f"value has no strict JSON form: {exc}") from exc


def dumps_line(value: Any) -> bytes:
    """``value`` as one line of strict, compact UTF-8 JSON, newline included.

    orjson writes ``NaN`` and ``Infinity`` as ``null``, silently; since only ``null``
    can hide them, the (rare) lines containing ``null`` are checked and non-finite floats
    raise :class:`UnwritableValueError` instead of being turned into something else.
    """
    try:
        data = orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError as exc:
        if "surrogates" in str(exc):
            raise UnwritableValueError(f"value has no UTF-8 form: {exc}") from exc
        return _dumps_with_json(value) + b"\n"
    if b"null" in data and _has_non_finite(value):
        raise UnwritableValueError("NaN and Infinity have no strict JSON form")
    return data


@contextmanager
def atomic_output(path: str | os.PathLike[str], *, compress: bool = False) -> Iterator[IO[bytes]]:
    """A binary stream whose bytes appear at ``path`` only if the block ends normally.

    The bytes go to a hidden temporary file in the target's directory (same file system,
    so :func:`os.replace` is atomic); on any exception, including ``KeyboardInterrupt``,
    the temporary file is removed and an existing file at ``path`` is left untouched.
    With ``compress`` the stream is gzip with a fixed header (no name, ``mtime=0``) so
    that equal input gives equal bytes.
    """
    target = Path(path)
    fd, temp_name = _temporary_beside(target)
    try:
        with os.fdopen(fd, "wb") as raw:
            if compress:
                with gzip.GzipFile(
                    filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6
                ) as zipped:
                    yield zipped  # type: ignore[misc]
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temp_name, 0o666 & ~_umask())
        _replace(temp_name, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _temporary_beside(target: Path) -> tuple[int, str]:
    """Open the temporary file, failing before any work is done if ``target`` cannot be
    written, with an error that names ``target`` (the temporary name means nothing to
    the user)."""
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _naming(exc, target) from None


def _replace(temp_name: str, target: Path) -> None:
    try:
        os.replace(temp_name, target)
    except OSError as exc:
        raise _naming(exc, target) from None


def _naming(exc: OSError, target: Path) -> OSError:
    """The same error (same subclass and errno) about ``target`` instead of a temporary."""
    return type(exc)(exc.errno, exc.strerror, str(target))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_ndjson(
    values: Iterable[Any], path: str | os.PathLike[str], *, compress: bool = False
) -> int:
    """Write ``values`` one per line to ``path`` atomically; return how many were written."""
    count = 0
    with atomic_output(path, compress=compress) as out:
        for value in values:
            out.write(dumps_line(value))
            count += 1
    return count


# --------------------------------------------------------------------------- reading


def is_gzip(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` starts with the gzip magic bytes."""
    with open(path, "rb") as stream:
        return stream.read(2) == _GZIP_MAGIC


def open_binary_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open ``path`` for reading, transparently un-gzipping it when it starts like gzip."""
    raw = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    if raw.peek(2)[:2] != _GZIP_MAGIC:
        return raw
    raw.close()
    unzipped: IO[bytes] = gzip.open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
    return unzipped


def _maybe_gunzip(stream: IO[bytes]) -> IO[bytes]:
    """Un-gzip a stream the caller owns (and closes), such as stdin."""
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        unzipped: IO[bytes] = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
        return unzipped
    result: IO[bytes] = buffered
    return result


def read_ndjson(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[Record | LineError]:
    """Yield a :class:`Record` or a :class:`LineError` for every line of ``source``.

    ``source`` is a path or a binary stream (gzip is detected either way). I/O errors
    (a missing file, a corrupt gzip stream) propagate as :class:`OSError` or
    :class:`EOFError`: they concern the file, not a line.
    """
    if isinstance(source, str | os.PathLike):
        with open_binary_input(source) as stream:
            yield from _read_lines(stream)
    else:
        yield from _read_lines(_maybe_gunzip(source))


def line_ranges(path: str | os.PathLike[str], part_bytes: int) -> list[tuple[int, int]]:
    """Cut a plain file into ``(start, end)`` byte ranges of about ``part_bytes``, each
    starting at the beginning of a line, so that workers can read them independently."""
    size = os.path.getsize(path)
    bounds = [0]
    with open(path, "rb") as stream:
        while bounds[-1] + part_bytes < size:
            stream.seek(bounds[-1] + part_bytes)
            stream.readline()  # finish the line the cut fell into
            if stream.tell() >= size:
                break
            bounds.append(stream.tell())
    bounds.append(size)
    return list(itertools.pairwise(bounds))


def read_ndjson_range(
    source: str | os.PathLike[str] | IO[bytes], start: int, end: int
) -> Iterator[Record | LineError]:
    """:func:`read_ndjson` over bytes ``start`` .. ``end`` of a plain file (a path or a
    seekable binary stream), lines numbered from 1 at ``start`` (see :func:`line_ranges`).

    The range is never un-gzipped: it is a slice of a plain file, whatever its first bytes."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            stream.seek(start)
            data = stream.read(end - start)
    else:
        source.seek(start)
        data = source.read(end - start)
    yield from _read_lines(io.BytesIO(data))


def _read_lines(stream: IO[bytes]) -> Iterator[Record | LineError]:
    loads = orjson.loads
    for number, raw in enumerate(stream, start=1):
        try:
            value = loads(raw)
        except orjson.JSONDecodeError as exc:
            yield _diagnose(number, raw, exc)
            continue
        if type(value) is not dict:
            yield _not_an_object(number, value)
        elif _LONG_DIGIT_RUN in raw.translate(_DIGITS_AS_ZEROS):
            yield _exact(number, raw)
        else:
            yield Record(number, value)


def _exact(number: int, raw: bytes) -> Record | LineError:
    value = json.loads(raw)
    return Record(number, value) if isinstance(value, dict) else _not_an_object(number, value)


def _not_an_object(number: int, value: Any) -> LineError:
    kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )
    return LineError(number, "not-an-object", f"expected a JSON object, got {kind}")


def _refuse_constant(name: str) -> Any:
    raise _NonFiniteError(f"{name} is not JSON (strict JSON has no NaN or Infinity)")


def _refuse_huge_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NonFiniteError(f"{text} is too large for a double")
    return number


class _NonFiniteError(ValueError):
    pass


def _diagnose(number: int, raw: bytes, error: orjson.JSONDecodeError) -> LineError:
    """Name what is wrong with a line orjson refused (the slow path, bad lines only)."""
    if raw.startswith(_BOM):
        return LineError(number, "bom", "line starts with a UTF-8 byte order mark")
    if not raw.strip():
        return LineError(number, "blank-line", "blank line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LineError(number, "not-utf8", f"not valid UTF-8 (byte {exc.start + 1} of the line)")
    try:
        json.loads(text, parse_constant=_refuse_constant, parse_float=_refuse_huge_float)
    except _NonFiniteError as exc:
        return LineError(number, "non-finite-number", str(exc))
    except json.JSONDecodeError as exc:
        if not raw.endswith(b"\n"):
            return LineError(
                number, "truncated", f"last line is incomplete (no newline at the end): {exc.msg}"
            )
        return LineError(number, "not-json", f"not JSON: {exc}")
    return LineError(number, "not-json", f"not JSON: {error}")
