"""Newline-delimited JSON in and out: strict, streaming, line-numbered.

Writing: one object per line, UTF-8, strict JSON (``NaN`` and ``Infinity`` are refused
rather than written, because most JSON parsers reject them). A regular file is written to
a temporary file beside it and moved into place with :func:`os.replace`, so a crash or an
exception never leaves half a file under the target name; devices, FIFOs and
``/dev/stdout`` are written directly (see :func:`atomic_output`). orjson does the encoding (about
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
import re
import stat
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
    "gzip_writer",
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

    What happens depends on what ``path`` is, because nothing the user owns may be swapped
    for something else (``os.replace`` onto a device or a FIFO replaces *it*):

    - a regular file or a new name: the bytes go to a hidden temporary file in the same
      directory (same file system, so :func:`os.replace` is atomic) that takes the
      existing file's mode and owner; on any exception, including ``KeyboardInterrupt``,
      the temporary file is removed and the existing file is left untouched;
    - a symbolic link: followed, and the file it names is replaced beside itself (the
      link stays a link);
    - a character or block device, a FIFO, a socket or a descriptor alias
      (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``): written directly, as
      ``cat > path`` would, since there is no file to replace.

    With ``compress`` the stream is gzip with a fixed header (no name, ``mtime=0``) so
    that equal input gives equal bytes.
    """
    target = _resolve_target(Path(path))
    opened = _atomic_file(target) if target.replace else _direct(target)
    with opened as raw:
        if compress:
            with gzip_writer(raw) as zipped:
                yield zipped
        else:
            yield raw


def gzip_writer(raw: IO[bytes]) -> IO[bytes]:
    """A gzip stream into ``raw`` with a fixed header: no file name and ``mtime=0``, so that
    equal input gives equal bytes (reproducible output, as ``gzip -n`` gives). Every gzip
    the toolkit writes goes through here, so the header is chosen in one place; closing
    the returned stream writes the trailer and leaves ``raw`` open."""
    zipped: IO[bytes] = gzip.GzipFile(  # type: ignore[assignment]
        filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6
    )
    return zipped


@dataclass(frozen=True, slots=True)
class _Target:
    """Where output goes: ``given`` (the name errors use), ``path`` (after following
    links), whether it is replaced atomically, the existing file's status, and for a
    descriptor alias the descriptor."""

    given: Path
    path: Path
    replace: bool
    existing: os.stat_result | None = None
    descriptor: int | None = None


#: /dev/fd/N, /proc/self/fd/N, /proc/thread-self/fd/N and /proc/<pid>/fd/N.
_FD_ALIAS = re.compile(r"^/(?:dev|proc/(self|thread-self|\d+))/fd/(\d+)$")
_MAX_LINKS = 40  # as the kernel's ELOOP limit
_NAME_MAX = 255  # bytes in one path component on Linux, macOS and the BSDs


def _resolve_target(given: Path) -> _Target:
    """Follow symbolic links one at a time to what ``given`` names."""
    current = given
    for _ in range(_MAX_LINKS):
        alias = _FD_ALIAS.match(os.path.abspath(current))
        if alias is not None:
            return _alias_target(given, current, alias)
        try:
            status = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            return _Target(given, current, replace=True)  # mkstemp reports a bad directory
        except OSError as exc:
            raise _naming(exc, given) from None
        if stat.S_ISLNK(status.st_mode):
            current = current.parent / os.readlink(current)
        elif stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(given))
        else:
            return _Target(given, current, stat.S_ISREG(status.st_mode), status)
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(given))


def _alias_target(given: Path, current: Path, alias: re.Match[str]) -> _Target:
    """``/dev/stdout`` and friends: our own descriptor is written through a duplicate (so
    ``>>`` keeps appending); another process's is opened like any other path."""
    owner = alias.group(1)
    if owner is None or owner in ("self", "thread-self") or int(owner) == os.getpid():
        return _Target(given, current, replace=False, descriptor=int(alias.group(2)))
    return _Target(given, current, replace=False)


@contextmanager
def _direct(target: _Target) -> Iterator[IO[bytes]]:
    """Write straight into a device, FIFO or descriptor; a flush error names the target."""
    try:
        if target.descriptor is not None:
            fd = os.dup(target.descriptor)
        else:
            fd = os.open(target.path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        raw = os.fdopen(fd, "wb")
    except OSError as exc:
        raise _naming(exc, target.given) from None
    with raw:
        yield raw
        try:
            raw.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _naming(exc, target.given) from None


@contextmanager
def _atomic_file(target: _Target) -> Iterator[IO[bytes]]:
    fd, temp_name = _temporary_beside(target)
    try:
        with os.fdopen(fd, "wb") as raw:
            yield raw
            raw.flush()
            os.fsync(raw.fileno())
        _replace(temp_name, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _temporary_beside(target: _Target) -> tuple[int, str]:
    """Open the temporary file, with the existing file's owner, failing before any work
    is done if the target cannot be written, with an error that names the target (the
    temporary name means nothing to the user)."""
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=_temporary_prefix(target.path.name), suffix=".tmp", dir=target.path.parent
        )
    except OSError as exc:
        raise _naming(exc, target.given) from None
    try:
        _keep_owner(fd, target)
    except BaseException:
        os.close(fd)
        os.unlink(temp_name)
        raise
    return fd, temp_name


def _temporary_prefix(name: str) -> str:
    """``.NAME.``, with NAME cut so that the whole temporary name (``mkstemp`` adds eight
    characters and the ``.tmp`` suffix) fits in one 255-byte path component."""
    room = _NAME_MAX - len(".tmp") - 8 - len("..")
    return "." + os.fsdecode(os.fsencode(name)[:room]) + "."


def _keep_owner(fd: int, target: _Target) -> None:
    """Give the temporary file the existing file's owner and group, or refuse to replace
    the file: a 0600 file owned by someone else must not turn into one owned by us."""
    existing = target.existing
    if existing is None:
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (existing.st_uid, existing.st_gid):
        return
    try:
        os.fchown(fd, existing.st_uid, existing.st_gid)
    except PermissionError:
        raise PermissionError(
            errno.EPERM,
            f"not replacing a file owned by uid {existing.st_uid} gid {existing.st_gid}: "
            "cannot give the new file the same owner",
            str(target.given),
        ) from None


def _replace(temp_name: str, target: _Target) -> None:
    """Give the new file its mode (the old file's, else the umask's) and move it in."""
    mode = 0o666 & ~_umask() if target.existing is None else stat.S_IMODE(target.existing.st_mode)
    try:
        os.chmod(temp_name, mode)
        os.replace(temp_name, target.path)
    except OSError as exc:
        raise _naming(exc, target.given) from None


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
    path: str | os.PathLike[str], start: int, end: int
) -> Iterator[Record | LineError]:
    """:func:`read_ndjson` over bytes ``start`` .. ``end`` of a plain file, lines numbered
    from 1 at ``start`` (see :func:`line_ranges`)."""
    with open(path, "rb") as stream:
        stream.seek(start)
        data = stream.read(end - start)
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
