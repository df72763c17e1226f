"""Where the handler's prints go while ``callevent fuzz`` runs: counted, never shown.

Why: stdout carries the report, and with ``--format json`` it must be exactly one JSON
document; a handler that prints would corrupt it. The text is counted, not kept, so a
handler that prints megabytes costs no memory.
"""

from __future__ import annotations

import io
import threading

__all__ = ["HandlerOutput"]


class HandlerOutput(io.TextIOBase):
    """A text stream that counts what is written to it (from any thread) and drops it."""

    def __init__(self) -> None:
        super().__init__()
        self.characters = 0
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:  # handler threads print while the main thread may, too
            self.characters += len(text)
        return len(text)
