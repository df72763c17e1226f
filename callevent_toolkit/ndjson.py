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
JSON, not an object, a blank line, a truncated last line, CR line endings, a repeated
key, nesting or numbers past the limits of :mod:`callevent_toolkit.strict_json`, a line
longer than ``max_line_bytes``), and keeps going, so one bad line never hides the rest of
a report. It holds at most one line of ``max_line_bytes`` in memory: a longer line is
skipped in chunks, so memory stays flat whatever the input (``/dev/zero`` included).
gzip input is recognised by its magic bytes, whatever the file is called, and the file is
opened once (a FIFO or ``<(...)`` cannot be read twice).
"""

from __future__ import annotations

import errno
import gzip
import io
import itertools
import os
import re
import stat
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, Protocol

import orjson

from . import strict_json
from .errors import UnwritableValueError
from .strict_json import StrictJSONError

__all__ = [
    "DEFAULT_MAX_LINE_BYTES",
    "FastCheck",
    "LineCount",
    "LineError",
    "LineErrorKind",
    "Record",
    "UnwritableValueError",
    "atomic_output",
    "dumps_line",
    "gzip_writer",
    "is_gzip",
    "line_ranges",
    "maybe_gunzip",
    "open_binary_input",
    "open_range",
    "read_lines",
    "read_ndjson",
    "read_ndjson_range",
    "read_rejected",
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
    "cr-line-endings",
    "line-too-long",
    "too-deep",
    "too-large",
    "duplicate-key",
]

#: Longest line read (bytes before its ``\n``): a CallEvent is about 1 KB, and a line of
#: this size parses in well under the 150 MB the reader is allowed.
DEFAULT_MAX_LINE_BYTES = 16 << 20

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
#: Chunk size for skipping a line that is too long (and for finding line starts).
_SKIP_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Record:
    """A line that holds a JSON object: its 1-based ``line`` number and the decoded ``value``."""

    line: int
    value: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LineError:
    """A line that does not hold a JSON object: where, what kind of problem, and why.

    ``pointers`` names the places concerned, when there are any: each repeated key of a
    ``duplicate-key`` line, as an RFC 6901 pointer (``/sdk_edge/metadata/city``).
    """

    line: int
    kind: LineErrorKind
    message: str
    pointers: tuple[str, ...] = ()


# --------------------------------------------------------------------------- writing


def dumps_line(value: Any) -> bytes:
    """``value`` as one line of strict, compact UTF-8 JSON, newline included.

    See :func:`callevent_toolkit.strict_json.dumps`: integers past 64 bits are written
    exactly; ``NaN``, ``Infinity`` and lone surrogates raise :class:`UnwritableValueError`.
    """
    return strict_json.dumps(value, newline=True)


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
        raise _beside_error(exc, target) from None
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


def _beside_error(exc: OSError, target: _Target) -> OSError:
    """The error of creating the temporary file, about the target. When the target is
    there but its folder takes no new file (``/proc/version``: the kernel answers "No
    such file or directory", which reads as if the target were missing), say so."""
    if target.existing is not None and target.path.parent.is_dir():
        strerror = f"cannot create a file in its folder to replace it ({exc.strerror})"
        return type(exc)(exc.errno, strerror, str(target.given))
    return _naming(exc, target.given)


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
    """Whether the file at ``path`` starts with the gzip magic bytes.

    This opens and reads the file: on a FIFO or ``<(...)`` it consumes what it reads, so
    use :func:`open_binary_input` (one open, a peek) for anything but a regular file.
    """
    with open(path, "rb") as stream:
        return stream.read(2) == _GZIP_MAGIC


class _OwningGzipFile(gzip.GzipFile):
    """A gzip reader that also closes the stream it reads (``GzipFile`` leaves it open)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def open_binary_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open ``path`` for reading, transparently un-gzipping it when it starts like gzip.

    The file is opened once and its first bytes are peeked at, not read, so FIFOs,
    character devices and process substitutions work like regular files.
    """
    raw = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    try:
        starts_like_gzip = raw.peek(2)[:2] == _GZIP_MAGIC
    except BaseException:
        raw.close()
        raise
    if not starts_like_gzip:
        return raw
    unzipped: IO[bytes] = _OwningGzipFile(raw)  # type: ignore[assignment]
    return unzipped


def maybe_gunzip(stream: IO[bytes]) -> IO[bytes]:
    """Un-gzip a stream the caller owns (and closes), such as stdin, if it starts like gzip."""
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        unzipped: IO[bytes] = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
        return unzipped
    result: IO[bytes] = buffered
    return result


def read_ndjson(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    allow_duplicate_keys: bool = False,
) -> Iterator[Record | LineError]:
    """Yield a :class:`Record` or a :class:`LineError` for every line of ``source``.

    ``source`` is a path or a binary stream (gzip is detected either way). A line longer
    than ``max_line_bytes`` (not counting its ``\\n``) is a ``line-too-long`` error and is
    skipped without being held in memory. I/O errors (a missing file, a corrupt gzip
    stream) propagate as :class:`OSError` or :class:`EOFError`: they concern the file,
    not a line.
    """
    if isinstance(source, str | os.PathLike):
        with open_binary_input(source) as stream:
            yield from _read_lines(stream, max_line_bytes, allow_duplicate_keys)
    else:
        yield from _read_lines(maybe_gunzip(source), max_line_bytes, allow_duplicate_keys)


def line_ranges(
    path: str | os.PathLike[str], part_bytes: int, *, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Cut a regular, plain file into ``(start, end)`` byte ranges of about ``part_bytes``,
    each starting at the beginning of a line, so that workers can read them independently.

    With ``start`` and ``end`` (both where a line starts, or ``end`` the file's size), the
    range between them is cut the same way. The line a cut falls into is skipped in
    chunks, so a huge line costs no memory. Only for regular files: the size of a
    device, FIFO or ``/proc`` file says nothing.
    """
    size = os.path.getsize(path) if end is None else end
    bounds = [start]
    with open(path, "rb") as stream:
        while bounds[-1] + part_bytes < size:
            stream.seek(bounds[-1] + part_bytes)
            _skip_rest_of_line(stream)  # finish the line the cut fell into
            if stream.tell() >= size:
                break
            bounds.append(stream.tell())
    bounds.append(size)
    return list(itertools.pairwise(bounds))


class _Window(io.RawIOBase):
    """The next ``size`` bytes of an open stream, as a stream of their own."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self._stream = stream
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[: self._left]
        count = self._stream.readinto(view)  # type: ignore[attr-defined]
        self._left -= count
        return int(count)


def read_ndjson_range(
    source: str | os.PathLike[str] | IO[bytes],
    start: int,
    end: int,
    *,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    allow_duplicate_keys: bool = False,
) -> Iterator[Record | LineError]:
    """:func:`read_ndjson` over bytes ``start`` .. ``end`` of a plain file (a path or a
    seekable binary stream, such as an fsspec file), lines numbered from 1 at ``start``
    (see :func:`line_ranges`); read as a stream, not all at once.

    The range is never un-gzipped: it is a slice of a plain file, whatever its first bytes."""
    with open_range(source, start, end) as window:
        yield from _read_lines(window, max_line_bytes, allow_duplicate_keys)


def _skip_rest_of_line(stream: IO[bytes], most: int | None = None) -> int:
    """Read up to and including the next ``\\n`` (or the end, or ``most`` bytes), a
    buffer at a time; the number of bytes read.

    Peeking at the buffer and searching it is seven times faster than ``readline`` with
    a size on a long line (measured: 0.9 s against 6 s for 512 MiB of one line).
    """
    left = -1 if most is None else most  # -1: no bound (never reaches 0)
    done = 0
    peek = getattr(stream, "peek", None)
    while peek is None:
        chunk = stream.readline(_SKIP_BYTES if left < 0 else min(_SKIP_BYTES, left))
        done += len(chunk)
        left -= len(chunk)
        if not chunk or chunk.endswith(b"\n") or left == 0:
            return done
    while left != 0:
        buffered = peek(_SKIP_BYTES)[: left if left > 0 else None]
        if not buffered:
            return done
        end = buffered.find(b"\n")
        step = end + 1 if end >= 0 else len(buffered)
        stream.read(step)
        done += step
        left -= step
        if end >= 0:
            return done
    return done


def read_lines(
    stream: IO[bytes], *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for every line of ``stream``, the line with its ``\\n``.

    A line longer than ``max_line_bytes`` comes as ``None``, and is then skipped a buffer
    at a time: for readers of lines that are not events (``validate --envelope``), with
    the same bound on memory as :func:`read_ndjson`.
    """
    longest = max_line_bytes + 1
    for number, raw in enumerate(iter(partial(stream.readline, longest), b""), start=1):
        if len(raw) == longest and not raw.endswith(b"\n"):
            yield number, None
            _skip_rest_of_line(stream)
        else:
            yield number, raw


def _read_lines(
    stream: IO[bytes], max_line_bytes: int, allow_duplicate_keys: bool = False
) -> Iterator[Record | LineError]:
    loads = partial(strict_json.loads, allow_duplicate_keys=allow_duplicate_keys)
    longest = max_line_bytes + 1  # the line and its "\n"
    for number, raw in enumerate(iter(partial(stream.readline, longest), b""), start=1):
        if len(raw) == longest and not raw.endswith(b"\n"):
            # Reported before the rest is skipped: a line that never ends (/dev/zero)
            # is still reported, and --fail-fast can stop there.
            yield _too_long(number, max_line_bytes)
            _skip_rest_of_line(stream)
            continue
        yield _item(number, raw, loads)


def _too_long(number: int, max_line_bytes: int) -> LineError:
    return LineError(number, "line-too-long", f"line longer than {max_line_bytes} bytes")


def _item(number: int, raw: bytes, loads: Callable[[bytes], Any]) -> Record | LineError:
    """The exact reading of one line (``loads`` is :func:`strict_json.loads`)."""
    try:
        value = loads(raw)
    except StrictJSONError as exc:
        return _line_error(number, raw, exc)
    if type(value) is dict:
        return Record(number, value)
    return _not_an_object(number, value)


@dataclass(slots=True)
class LineCount:
    """Lines read so far by :func:`read_rejected`, which yields only some of them."""

    lines: int = 0


class FastCheck(Protocol):
    """What :func:`read_rejected` asks of the compiled check
    (:class:`~callevent_toolkit.validation.CompiledCheck` is one)."""

    @property
    def accepts(self) -> Callable[[Any], bool]: ...

    @property
    def rounding_safe(self) -> bool: ...


def read_rejected(
    stream: IO[bytes],
    fast_check: Callable[[], FastCheck],
    count: LineCount,
    *,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    allow_duplicate_keys: bool = False,
    prefilter: Callable[[bytes], bool] | None = None,
    block_prefilter: Callable[[bytes], int] | None = None,
    size: int | None = None,
) -> Iterator[Record | LineError]:
    """What :func:`read_ndjson` yields, but only for the lines the fast path does not take:
    a line it takes is only counted in ``count`` (up to date at each item and at the end).

    Why: ``callevent validate`` spends most of its time on lines that pass, and for them
    a :class:`Record`, a generator step and the exact reading are pure cost. A line within
    :data:`~callevent_toolkit.strict_json.MAX_ITEMS` bytes is taken when ``prefilter``
    (:func:`~callevent_toolkit.prefilter.line_prefilter`, if given) takes it, else when
    orjson reads it, ``accepts`` of the check ``fast_check()`` gives takes the value and no
    key can be repeated; unless its ``rounding_safe``, also no run of 20 digits (orjson
    reads integers past 64 bits as doubles). The rest is read exactly. ``fast_check`` is
    called once, when a line first gets that far: where the block pre-filter takes every
    block, the compiled check is never built (nor jsonschema-rs imported).

    With ``block_prefilter`` (:func:`~callevent_toolkit.prefilter.block_prefilter`) the
    stream is read in blocks of whole lines (:data:`_BLOCK_BYTES`), and a block it takes
    is only counted; any other block goes line by line as above. The items, their line
    numbers and the count are the same either way (``tests/test_prefilter.py``).

    ``stream`` is read as it is, not un-gzipped (see :func:`maybe_gunzip` for stdin): a
    byte range of a plain file may well start with the gzip magic bytes.

    With ``size``, at most ``size`` bytes are read from where ``stream`` stands (a range
    of a file, see :func:`line_ranges`): the same items as from those bytes on their own
    (:func:`open_range`). Why: a range's own stream calls a Python ``readinto`` for every
    read, 1.5-2 % of the CPU time of a range that passes (measured on 286 MB and on 572
    MB); the block reader counts the bytes itself instead.
    """
    judge = cache(partial(_judge, fast_check, prefilter, allow_duplicate_keys))
    if block_prefilter is None:
        if size is not None:  # no bounded line reader: the range as a stream of its own
            stream = io.BufferedReader(_Window(stream, size))
        return _rejected_lines(stream, judge, count, max_line_bytes)
    return _rejected_blocks(stream, judge, block_prefilter, count, max_line_bytes, size)


class _Judge(NamedTuple):
    """How :func:`read_rejected` judges one line: ``first`` (the line pre-filter), then
    ``fast`` (orjson and the compiled check) take it, else it is read by ``exact``."""

    first: Callable[[bytes], bool]
    fast: Callable[[bytes], bool]
    exact: Callable[[bytes], Any]


#: The judge of a :func:`read_rejected` run, built (once) when a line first needs it.
_JudgeOnce = Callable[[], _Judge]


def _judge(
    fast_check: Callable[[], FastCheck],
    prefilter: Callable[[bytes], bool] | None,
    allow_duplicate_keys: bool,
) -> _Judge:
    check = fast_check()
    return _Judge(
        prefilter or _takes_none,
        _fast_judge(check.accepts, allow_duplicate_keys, check.rounding_safe),
        partial(strict_json.loads, allow_duplicate_keys=allow_duplicate_keys),
    )


def _takes_none(raw: bytes) -> bool:
    """No line pre-filter: it takes no line."""
    return False


def _fast_judge(
    accepts: Callable[[Any], bool], allow_duplicate_keys: bool, rounding_safe: bool
) -> Callable[[bytes], bool]:
    """``takes(line)``: ``True`` when orjson and ``accepts`` take a line of at most
    :data:`~callevent_toolkit.strict_json.MAX_ITEMS` bytes (see :func:`read_rejected`)."""
    fast, not_json, canonical = orjson.loads, orjson.JSONDecodeError, orjson.dumps
    repeats = None if allow_duplicate_keys else strict_json.may_repeat_keys
    inexact = None if rounding_safe else strict_json.needs_exact_reading

    def takes(raw: bytes) -> bool:
        try:
            value = fast(raw)
        except not_json:
            return False
        if not accepts(value) or (inexact is not None and inexact(raw)):
            return False
        if repeats is None:
            return True
        # No repeated key: the line as orjson writes it, else keys counted
        written = canonical(value)
        if len(written) + 1 == len(raw) and raw.startswith(written):
            return True
        return not repeats(raw, value)

    return takes


def _rejected_lines(
    stream: IO[bytes], judge: _JudgeOnce, count: LineCount, max_line_bytes: int
) -> Iterator[Record | LineError]:
    """:func:`read_rejected` a line at a time (``readline``)."""
    first, takes, exact = judge()
    longest, short = max_line_bytes + 1, strict_json.MAX_ITEMS  # each value takes a byte
    number = 0
    try:  # the count holds also when the input breaks off (a truncated gzip)
        for raw in iter(partial(stream.readline, longest), b""):
            number += 1
            if len(raw) == longest and not raw.endswith(b"\n"):
                count.lines = number
                yield _too_long(number, max_line_bytes)
                _skip_rest_of_line(stream)
                continue
            if len(raw) <= short and (first(raw) or takes(raw)):
                continue
            count.lines = number
            yield _item(number, raw, exact)
    finally:
        count.lines = number


#: Bytes asked for at a time when reading in blocks: about a hundred events, few enough
#: that msgspec's output for a block stays in the CPU's cache (256 KiB blocks measured
#: slower, 16 KiB about the same), and well within :data:`strict_json.MAX_ITEMS`.
_BLOCK_BYTES = 64 << 10


#: After ``k`` blocks not taken in a row, the next ``2**k - 1`` are read a line at a
#: time without being tried, ``k`` at most this (15 blocks, about 1 MiB); a block taken
#: starts over. Why: where bad lines are frequent, a block tried and refused is work
#: lost (one bad line in a hundred made reading in blocks 8-15% slower than line by line).
_MOST_MISSES = 4


def _rejected_blocks(
    stream: IO[bytes],
    judge: _JudgeOnce,
    block_prefilter: Callable[[bytes], int],
    count: LineCount,
    max_line_bytes: int,
    size: int | None = None,
) -> Iterator[Record | LineError]:
    """:func:`read_rejected` a block of whole lines at a time (at most ``size`` bytes).

    ``read1`` gives what is there (a pipe is not waited on for a full block). The bytes
    after a block's last ``\\n`` wait for the next read (kept in parts, joined once when
    the line ends: no quadratic copying); once they hold more than ``max_line_bytes``
    with no ``\\n``, that line is reported too long and skipped, as :func:`_rejected_lines`
    does, so memory stays within a line and a block. A block goes to ``block_prefilter``
    only when no line in it can be too long (it is no longer than a line may be) nor past
    ``MAX_ITEMS``; else, and when it is not taken, each of its lines is judged as
    :func:`_rejected_lines` judges it. Some blocks after those not taken are not tried."""
    read = getattr(stream, "read1", None) or stream.read
    longest = max_line_bytes + 1
    whole = min(longest, strict_json.MAX_ITEMS)  # no line too long in a block this long
    number = 0
    parts: list[bytes] = []  # the start of a line whose end is not read yet
    started = 0  # its length: less than ``longest``, else it is skipped
    missed = skip = 0  # blocks not taken in a row; blocks not tried (see _MOST_MISSES)
    left = -1 if size is None else size  # bytes still to read; -1: to the end
    try:  # the count holds also when the input breaks off (a truncated gzip)
        while True:
            chunk = read(_BLOCK_BYTES if left < 0 else min(_BLOCK_BYTES, left))
            left -= len(chunk)
            if not chunk:  # then the last line, with no "\n" (and not too long)
                last = b"".join(parts)
                number = yield from _block_rejected(last, number, judge, count, max_line_bytes)
                return
            cut = chunk.rfind(b"\n") + 1
            if parts and cut:  # the line begun before ends here: joined once, not grown
                block, parts, started = b"".join([*parts, chunk[:cut]]), [], 0
            else:
                block = chunk[:cut]
            if cut < len(chunk):
                parts.append(chunk[cut:])
                started += len(chunk) - cut
            taken = 0
            if skip:
                skip -= 1
            elif block and len(block) <= whole:
                taken = block_prefilter(block)
                missed = 0 if taken else min(missed + 1, _MOST_MISSES)
                skip = (1 << missed) - 1
            if taken:
                number += taken
            elif block:
                number = yield from _block_rejected(block, number, judge, count, max_line_bytes)
            if started >= longest:  # a line too long, its end not read yet
                count.lines = number = number + 1
                parts, started = [], 0
                yield _too_long(number, max_line_bytes)
                left -= _skip_rest_of_line(stream, None if left < 0 else left)
    finally:  # a block left mid-way (the reader stopped) counted its lines as it went
        count.lines = max(count.lines, number)


def _block_rejected(
    block: bytes, before: int, judge: _JudgeOnce, count: LineCount, max_line_bytes: int
) -> Generator[Record | LineError, None, int]:
    """The items of the lines of ``block`` (lines, the first numbered ``before + 1``)
    that the fast path does not take, a line at a time as :func:`_rejected_lines` judges
    them (a line of more than ``max_line_bytes`` and its ``\\n`` is too long; a last line
    without one is shorter than ``max_line_bytes`` by then); returns the number of the
    block's last line."""
    if not block:  # nothing left at the end: no judge needed (it may not be built yet)
        return before
    first, takes, exact = judge()
    number, start = before, 0
    while start < len(block):
        stop = block.find(b"\n", start) + 1 or len(block)  # the last line may have no \n
        raw = block[start:stop]
        start = stop
        number += 1
        if len(raw) > max_line_bytes + 1:
            count.lines = number
            yield _too_long(number, max_line_bytes)
        elif len(raw) > strict_json.MAX_ITEMS or not (first(raw) or takes(raw)):
            count.lines = number
            yield _item(number, raw, exact)
    return number


@contextmanager
def open_range(
    source: str | os.PathLike[str] | IO[bytes], start: int, end: int
) -> Iterator[IO[bytes]]:
    """Bytes ``start`` .. ``end`` of a plain file as a buffered stream of their own (a
    worker's share, see :func:`line_ranges`), read as it goes, not all at once.

    ``source`` is a path (opened and closed here) or a seekable binary stream the caller
    opened (a Dask worker's fsspec file), which is left open."""
    if not isinstance(source, str | os.PathLike):
        source.seek(start)
        yield io.BufferedReader(_Window(source, end - start))
        return
    with open(source, "rb", buffering=0) as raw:
        raw.seek(start)
        yield io.BufferedReader(_Window(raw, end - start))


def _not_an_object(number: int, value: Any) -> LineError:
    kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )
    return LineError(number, "not-an-object", f"expected a JSON object, got {kind}")


def _line_error(number: int, raw: bytes, error: StrictJSONError) -> LineError:
    """What is wrong with a line :func:`~callevent_toolkit.strict_json.loads` refused."""
    if raw.startswith(_BOM):
        return LineError(number, "bom", "line starts with a UTF-8 byte order mark")
    if not raw.strip():
        return LineError(number, "blank-line", "blank line")
    if error.kind != "not-json":
        return LineError(number, error.kind, error.reason, error.pointers)
    if raw.count(b"\r") > raw.count(b"\r\n"):
        return LineError(
            number,
            "cr-line-endings",
            "the file uses CR line endings (old Mac style); NDJSON lines end with LF (\\n)",
        )
    if not raw.endswith(b"\n"):
        return LineError(
            number, "truncated", f"last line is incomplete (no newline at the end): {error}"
        )
    return LineError(number, "not-json", f"not JSON: {error}")
