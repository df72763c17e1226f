"""Where the handler's prints go while ``callevent fuzz`` runs: counted, never shown.

Why: stdout carries the report, and with ``--format json`` it must be exactly one JSON
document; a handler that prints would corrupt it. Python-level prints (``print``,
``sys.stdout``, a logging handler made at import time) go to :class:`HandlerOutput`,
which counts the text and keeps none of it, so a handler that prints megabytes costs no
memory. Writes that bypass ``sys.stdout`` (``sys.__stdout__``, ``os.write(1, ...)``, a
child process, a C extension) reach file descriptor 1 itself; when the report goes to
that descriptor, :func:`descriptor_captured` points it at a temporary file for the run
and counts what landed there. Bytes written to ``sys.stdout.buffer`` are counted the same way.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any

__all__ = ["HandlerOutput", "descriptor_captured"]


class _CountedBytes(io.RawIOBase):
    """``sys.stdout.buffer`` while fuzzing: bytes are counted, not kept."""

    def __init__(self, owner: HandlerOutput) -> None:
        super().__init__()
        self._owner = owner

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        self._owner.count(size)
        return size


class HandlerOutput(io.TextIOBase):
    """A text stream that counts what is written to it (from any thread) and drops it.

    ``descriptor_bytes`` counts what reached file descriptor 1 directly
    (set by :func:`descriptor_captured`).
    """

    def __init__(self) -> None:
        super().__init__()
        self.characters = 0
        self.descriptor_bytes = 0
        self._lock = threading.Lock()
        self.buffer = _CountedBytes(self)

    def count(self, size: int) -> None:
        """Add ``size`` characters (or bytes) to the total."""
        with self._lock:  # handler threads print while the main thread may, too
            self.characters += size

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.count(len(text))
        return len(text)

    def isatty(self) -> bool:
        return False

    def summary(self) -> str:
        """What the handler printed, in one phrase; empty when it printed nothing."""
        parts = []
        if self.characters:
            parts.append(f"{self.characters:,} characters")
        if self.descriptor_bytes:
            parts.append(f"{self.descriptor_bytes:,} bytes straight to file descriptor 1")
        return " and ".join(parts)


def _descriptor(stream: IO[str]) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.StringIO, a closed or odd stream
        return None


def _flush(*streams: object) -> None:
    for stream in streams:
        with suppress(AttributeError, OSError, ValueError):
            stream.flush()  # type: ignore[attr-defined]


@contextmanager
def descriptor_captured(report: IO[str], output: HandlerOutput) -> Iterator[None]:
    """While inside, file descriptor 1 writes to a temporary file, if ``report`` uses it.

    On leaving, descriptor 1 is restored (the report is written after) and the bytes the
    handler wrote there are added to ``output.descriptor_bytes``. When ``report`` is not
    descriptor 1 (a ``StringIO`` in tests, a file), the handler's direct writes cannot
    reach the report and nothing is redirected.
    """
    if _descriptor(report) != 1:
        yield
        return
    _flush(report, sys.__stdout__)
    saved = os.dup(1)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            _flush(sys.__stdout__)
            os.dup2(saved, 1)
            os.close(saved)
            output.descriptor_bytes += os.fstat(sink.fileno()).st_size
