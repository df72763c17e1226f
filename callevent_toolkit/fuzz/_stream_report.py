"""What a stream fuzz run found: the shortest failing stream of deliveries, as text or JSON.

A stream failure is shown as the list of deliveries a person can replay by hand: for
each one its attempt, CloudEvent ids, what it carries (call, event name, timestamp) and
how its envelope is broken, then the exception or the invariant that failed.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ._stream_data import StreamDelivery

__all__ = ["StreamFailure", "StreamFailureKind", "StreamReport"]


class StreamFailureKind(StrEnum):
    """How the consumer went wrong on a stream."""

    CRASHED_ON_VALID = "crashed-on-valid-delivery"
    """It raised on a delivery whose envelope and events are all valid."""
    WRONG_ERROR_ON_MALFORMED = "wrong-error-on-malformed-delivery"
    """It raised on a broken envelope, but not one of the ``rejects`` exceptions."""
    BROKE_INVARIANT = "broke-invariant"
    """It took the whole stream, then an invariant failed."""


@dataclass(frozen=True)
class StreamFailure:
    """One shortest failing stream.

    ``deliveries`` is the shrunk stream; ``position`` the index of the delivery that
    raised (``None`` for an invariant); ``invariant`` the name of the one that failed;
    ``exception``/``traceback`` what was raised (``None`` when an invariant returned
    ``False``). ``flaky``: the shrunk stream did not fail again when replayed.
    """

    kind: StreamFailureKind
    deliveries: tuple[StreamDelivery, ...]
    position: int | None = None
    invariant: str | None = None
    exception: BaseException | None = field(default=None, compare=False)
    traceback: str = field(default="", compare=False, repr=False)
    flaky: bool = False

    @property
    def summary(self) -> str:
        """One line: the kind and what went wrong."""
        raised = "returned False" if self.exception is None else f"raised {_line(self.exception)}"
        if self.kind is StreamFailureKind.BROKE_INVARIANT:
            return f"{self.kind}: {self.invariant} {raised}"
        return f"{self.kind}: delivery {self.position} {raised}"

    def to_json(self) -> dict[str, Any]:
        """The failure as JSON-ready data, bodies included (they replay the stream)."""
        return {
            "kind": str(self.kind),
            "position": self.position,
            "invariant": self.invariant,
            "exception": None if self.exception is None else _line(self.exception),
            "flaky": self.flaky,
            "deliveries": [
                {"attempt": d.attempt, "ids": list(d.ids), "malformed": d.malformed, "body": d.body}
                for d in self.deliveries
            ],
        }

    def __str__(self) -> str:
        lines = [self.summary + (" (flaky: it did not fail again on replay)" if self.flaky else "")]
        lines.append(f"shortest stream ({len(self.deliveries)} deliveries):")
        lines.extend(_describe(i, d) for i, d in enumerate(self.deliveries))
        if self.traceback:
            lines.append(textwrap.indent(self.traceback.rstrip("\n"), "  "))
        return "\n".join(lines)


@dataclass(frozen=True)
class StreamReport:
    """The outcome of :func:`~callevent_toolkit.fuzz.fuzz_stream`; ``str()`` reads well."""

    consumer: str
    seed: int
    max_examples: int
    streams: int
    failures: tuple[StreamFailure, ...]

    @property
    def ok(self) -> bool:
        """True when no stream failed."""
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "ok": self.ok,
            "consumer": self.consumer,
            "seed": self.seed,
            "max_examples": self.max_examples,
            "streams": self.streams,
            "failures": [failure.to_json() for failure in self.failures],
        }

    def __str__(self) -> str:
        head = (
            f"fuzz_stream({self.consumer}): {len(self.failures)} failure(s) in "
            f"{self.streams} streams (seed {self.seed}, max_examples {self.max_examples})"
        )
        blocks = [head]
        for number, failure in enumerate(self.failures, start=1):
            blocks.append(f"{number}. " + textwrap.indent(str(failure), "   ").lstrip())
        if not self.ok:
            blocks.append(f"replay: fuzz_stream(..., seed={self.seed}, max_examples="
                          f"{self.max_examples})")  # fmt: skip
        return "\n\n".join(blocks)


def _describe(position: int, delivery: StreamDelivery) -> str:
    carried = "; ".join(
        f"{e.get('call_sid')} {e.get('name')} {e.get('timestamp')}" for e in delivery.events
    )
    broken = f", envelope broken: {delivery.malformed}" if delivery.malformed else ""
    ids = ", ".join(delivery.ids)
    return f"  [{position}] attempt {delivery.attempt}, ids {ids}{broken}: {carried}"


def _line(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
