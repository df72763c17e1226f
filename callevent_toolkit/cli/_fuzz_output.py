"""Where the handler's prints go while ``callevent fuzz`` runs: counted, never shown.

Why: stdout carries the report, and with ``--format json`` it must be exactly one JSON
document; a handler that prints would corrupt it (one printed 47 MB). The text is
counted, not kept, so a handler that prints megabytes costs no memory. Bytes written to
``sys.stdout.buffer`` are counted the same way.
"""

from __future__ import annotations

import io
import threading
from typing import Any

__all__ = ["HandlerOutput"]


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
    """A text stream that counts what is written to it (from any thread) and drops it."""

    def __init__(self) -> None:
        super().__init__()
        self.characters = 0
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
