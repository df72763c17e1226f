"""Fuzz an event handler with valid and invalid CallEvents; report minimal failures.

``fuzz_handler(on_event)`` runs a deterministic coverage phase and then Hypothesis
searches against the handler (settings in one :class:`FuzzOptions`) and returns a
:class:`FuzzReport`; ``assert_handles(on_event)`` fails a test with that report. See the
README section "Fuzzing your handler". ``fuzz_stream(factory, invariants=...)`` fuzzes a
stateful consumer with streams of webhook deliveries (redeliveries, any order, broken
envelopes) and reports the shortest failing stream.
"""

from __future__ import annotations

from ._api import assert_handles, fuzz_handler
from ._options import DEFAULT_TIMEOUT, PHASES, FuzzOptions
from ._report import CoverageSummary, Failure, FailureKind, FuzzReport, SearchSummary
from ._stream import assert_stream_handles, fuzz_stream
from ._stream_data import DeliveredStream, StreamDelivery
from ._stream_report import StreamFailure, StreamFailureKind, StreamReport

__all__ = [
    "DEFAULT_TIMEOUT",
    "PHASES",
    "CoverageSummary",
    "DeliveredStream",
    "Failure",
    "FailureKind",
    "FuzzOptions",
    "FuzzReport",
    "SearchSummary",
    "StreamDelivery",
    "StreamFailure",
    "StreamFailureKind",
    "StreamReport",
    "assert_handles",
    "assert_stream_handles",
    "fuzz_handler",
    "fuzz_stream",
]
