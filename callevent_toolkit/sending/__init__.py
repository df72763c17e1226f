"""Post a generated stream to a real endpoint, as an Event Streams webhook sink would.

:func:`deliveries` makes the stream (seeded, with duplicates, delays and batches),
:func:`send_deliveries` posts it, signed with ``X-Twilio-Signature`` for an auth token,
retrying failures, and returns a :class:`SendReport`. The ``callevent send`` command is
the two together. Posting needs httpx (``pip install 'callevent-toolkit[send]'``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._checks import MAX_SECONDS
from ..errors import InvalidArgument
from . import _standin
from ._client import DEFAULT_TIMEOUT, HttpxMissingError, Sendable, send_deliveries
from ._report import SendReport, percentile
from ._signing import SIGNATURE_HEADER, body_hash_url, signature_of

__all__ = [
    "DEFAULT_TIMEOUT",
    "SIGNATURE_HEADER",
    "HttpxMissingError",
    "SendReport",
    "Sendable",
    "body_hash_url",
    "deliveries",
    "percentile",
    "send_deliveries",
    "signature_of",
]


def deliveries(
    count: int, *, seed: int = 0, duplicates: float = 0.0, max_delay: float = 90.0, batch: int = 1
) -> Sequence[_standin.Delivery]:
    """The webhook deliveries of ``count`` calls of ``seed``, in the order they are due.

    The one place that decides where a sent stream comes from (a stand-in built from
    :func:`~callevent_toolkit.generate_timelines` until ``generate_deliveries`` lands).
    """
    _check_stream(count, duplicates, max_delay, batch)
    return _standin.standin_deliveries(
        count, seed=seed, duplicates=duplicates, max_delay=max_delay, batch=batch
    )


def _check_stream(count: int, duplicates: float, max_delay: float, batch: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InvalidArgument(f"count must be a non-negative integer, got {count!r}")
    if not 0.0 <= duplicates <= 1.0:
        raise InvalidArgument(f"duplicates must be between 0 and 1, got {duplicates!r}")
    if not 0.0 <= max_delay <= MAX_SECONDS:
        raise InvalidArgument(
            f"max_delay must be a number of seconds from 0 to {MAX_SECONDS:g} (one day), "
            f"got {max_delay!r}"
        )
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise InvalidArgument(f"batch must be a positive integer, got {batch!r}")
