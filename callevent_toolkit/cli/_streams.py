"""Where a command reads and writes, and the exit statuses every command shares."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import IO

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "Streams", "binary_stdout"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class Streams:
    """The text streams a command reports to, and the binary stream ``-`` reads from."""

    stdout: IO[str]
    stderr: IO[str]
    stdin: IO[bytes] | None = None

    def binary_stdin(self) -> IO[bytes]:
        """The stream ``-`` means for input."""
        return self.stdin if self.stdin is not None else sys.stdin.buffer

    def error(self, message: str) -> None:
        """One ``callevent: message`` line on stderr."""
        self.stderr.write(f"callevent: {message}\n")


class _TextAsBinary:
    """Write UTF-8 bytes to a text stream that has no ``.buffer`` (e.g. ``io.StringIO``)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text

    def write(self, data: bytes) -> int:
        self._text.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


def binary_stdout(stdout: IO[str]) -> IO[bytes]:
    """The binary side of ``stdout`` (its ``.buffer``), or an adapter when it has none."""
    buffer = getattr(stdout, "buffer", None)
    if buffer is not None:
        stdout.flush()
        result: IO[bytes] = buffer
        return result
    adapter: IO[bytes] = _TextAsBinary(stdout)  # type: ignore[assignment]
    return adapter
