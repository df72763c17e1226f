"""Handlers that misbehave in ways a fuzzer must report calmly (``test_fuzz_hostile``).

Each is a real function the fuzzer imports by name, as a user's handler would be.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: What the flooding handler writes per call on each stream (1 MB in all, per call).
FLOOD = 350_000


def interrupts(event: Any) -> None:
    """Raises KeyboardInterrupt from its own code (a bug, not the user's Ctrl-C)."""
    raise KeyboardInterrupt


async def async_interrupts(event: Any) -> None:
    raise KeyboardInterrupt


def exits(event: Any) -> None:
    """Calls sys.exit, as a handler copied from a script might."""
    sys.exit(3)


def floods(event: Any) -> None:
    """Prints a lot on stdout, stderr and stdout's binary buffer, then rejects nothing."""
    print("o" * FLOOD)
    print("e" * FLOOD, file=sys.stderr)
    sys.stdout.buffer.write(b"b" * FLOOD)


def marks_its_calls(event: Any) -> None:
    """Touches the file ``$CALLEVENT_TEST_MARK`` (so a test knows the fuzzer is calling
    it), then accepts everything."""
    Path(os.environ["CALLEVENT_TEST_MARK"]).touch()
