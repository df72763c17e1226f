"""Run the ``callevent`` command in-process and capture what it prints."""

from __future__ import annotations

import io
from dataclasses import dataclass

from callevent_toolkit.cli import run


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str


def callevent(*argv: str, stdin: bytes | None = None) -> Result:
    """``callevent ARGV...`` with captured text streams (and optional stdin bytes)."""
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out, err, stdin=None if stdin is None else io.BytesIO(stdin))
    return Result(status, out.getvalue(), err.getvalue())
