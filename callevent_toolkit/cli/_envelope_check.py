"""``callevent validate --envelope``: check delivery files, one webhook body or Kinesis
record per line (what ``callevent generate --envelope`` writes).

Kept apart from the NDJSON check (``_checking``): a line here is not an event but a
delivery, whose envelope can be wrong before any event is. Each line is unwrapped by
:func:`~callevent_toolkit.envelopes.unwrap`; an envelope problem is reported as
``file:line: body[1]: reason`` (the :class:`~callevent_toolkit.envelopes.EnvelopeError`
text), and each CallEvent inside is validated, its problems placed in the body:
``file:line: body[0].data.$.path: message``. ``webhook`` insists on a JSON array,
``kinesis`` on Base64 text, ``auto`` takes either (and a bare envelope or a Lambda event).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..jobs import FileSummary, Problem, count_invalid_line
from ..ndjson import DEFAULT_MAX_LINE_BYTES, read_lines
from ..validation import is_valid, validate

__all__ = ["ENVELOPE_CHOICES", "check_deliveries", "delivery_events", "delivery_lines"]

ENVELOPE_CHOICES = ("none", "webhook", "kinesis", "auto")
_GZIP_MAGIC = b"\x1f\x8b"
_MESSAGE_LIMIT = 300
_NOT_WEBHOOK = "not a webhook body: expected a JSON array of CloudEvents"
_NOT_KINESIS = "not a Kinesis record: expected Base64 of one CloudEvent"


def delivery_lines(
    stream: IO[bytes], max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line without its end)`` for every line, ``None`` for a line longer
    than ``max_line_bytes`` (skipped without being held); gzip is read through."""
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        buffered = gzip.GzipFile(fileobj=buffered, mode="rb")
    for number, raw in read_lines(buffered, max_line_bytes=max_line_bytes):
        yield number, None if raw is None else raw.rstrip(b"\r\n")


def _shape_problem(raw: bytes, envelope: str) -> str | None:
    first = raw.lstrip()[:1]
    if envelope == "webhook" and first != b"[":
        return _NOT_WEBHOOK
    if envelope == "kinesis" and first in (b"[", b"{"):
        return _NOT_KINESIS
    return None


def delivery_events(raw: bytes, envelope: str) -> list[dict[str, Any]] | str:
    """The CallEvents of one delivery, or what is wrong with its envelope."""
    # imported here, not with the module: ``validate`` loads this module whatever its
    # --envelope, and the envelopes (with hashlib) cost 3.5 ms at every start
    from ..envelopes import EnvelopeError, unwrap

    shape = _shape_problem(raw, envelope)
    if shape is not None:
        return f"body: {shape}"
    try:
        return unwrap(raw)
    except EnvelopeError as error:  # the only error unwrap raises for a body
        return str(error)


def _places(raw: bytes, count: int) -> list[str]:
    """Where each of ``count`` events sits in the body: ``body[i].data`` in an array
    of envelopes, ``body.data`` in one envelope, ``body event i`` otherwise."""
    if raw.lstrip()[:1] == b"[":
        try:
            items = json.loads(raw)
        except (ValueError, RecursionError):
            items = None
        if isinstance(items, list) and len(items) == count:
            return [f"body[{i}].data" for i in range(count)]
    elif count == 1:
        return ["body.data"]
    return [f"body event {i}" for i in range(count)]


def _shorten(message: str) -> str:
    if len(message) <= _MESSAGE_LIMIT:
        return message
    return f"{message[:_MESSAGE_LIMIT]}... ({len(message):,} characters in all)"


def _problems(name: str, line: int, raw: bytes, envelope: str, version: int) -> list[Problem]:
    events = delivery_events(raw, envelope)
    if isinstance(events, str):
        return [Problem(name, line, "envelope", _shorten(events))]
    bad = [i for i, event in enumerate(events) if not is_valid(event, version=version)]
    if not bad:
        return []
    places = _places(raw, len(events))
    return [
        Problem(name, line, v.keyword, _shorten(v.message), v.pointer, f"{places[i]}.{v.json_path}")
        for i in bad
        for v in validate(events[i], version=version)
    ]


def check_deliveries(
    name: str,
    lines: Iterator[tuple[int, bytes | None]],
    summary: FileSummary,
    *,
    envelope: str,
    version: int,
    report: Callable[[Problem], None],
    fail_fast: bool = False,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> bool:
    """Check every delivery line into ``summary``, calling ``report`` per problem.

    A line is valid when its envelope reads and every CallEvent in it conforms.
    Returns ``False`` when ``fail_fast`` stopped at the first invalid line.
    """
    for line, raw in lines:
        summary.lines += 1
        if raw is None:  # what delivery_lines gives for a line past the limit
            too_long = f"line longer than {max_line_bytes} bytes"
            problems = [Problem(name, line, "line-too-long", too_long)]
        else:
            problems = _problems(name, line, raw, envelope, version)
        if not problems:
            summary.valid += 1
            continue
        count_invalid_line(summary, problems, report)
        if fail_fast:
            return False
    return True
