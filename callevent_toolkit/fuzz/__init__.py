"""Fuzz an event handler with valid and invalid CallEvents; report minimal failures.

``fuzz_handler(on_event)`` runs a deterministic coverage phase and then Hypothesis
searches against the handler (settings in one :class:`FuzzOptions`) and returns a
:class:`FuzzReport`; ``assert_handles(on_event)`` fails a test with that report. See the
README section "Fuzzing your handler".
"""

from __future__ import annotations

from ._api import assert_handles, fuzz_handler
from ._options import DEFAULT_TIMEOUT, PHASES, FuzzOptions
from ._report import CoverageSummary, Failure, FailureKind, FuzzReport, SearchSummary

__all__ = [
    "DEFAULT_TIMEOUT",
    "PHASES",
    "CoverageSummary",
    "Failure",
    "FailureKind",
    "FuzzOptions",
    "FuzzReport",
    "SearchSummary",
    "assert_handles",
    "fuzz_handler",
]
