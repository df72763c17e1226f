"""Fuzz an event handler with valid and invalid CallEvents; report minimal failures.

``fuzz_handler(on_event)`` runs Hypothesis searches against the handler and returns a
:class:`FuzzReport`; ``assert_handles(on_event)`` fails a test with that report. See the
README section "Fuzzing your handler".
"""

from __future__ import annotations

from ._api import assert_handles, fuzz_handler
from ._naming import DEFAULT_TIMEOUT, replay_command
from ._report import Failure, FailureKind, FuzzReport, SearchSummary

__all__ = [
    "DEFAULT_TIMEOUT",
    "Failure",
    "FailureKind",
    "FuzzReport",
    "SearchSummary",
    "assert_handles",
    "fuzz_handler",
    "replay_command",
]
