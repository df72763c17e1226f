"""callevent-toolkit: contract testing and fixtures for Twilio Voice Insights CallEvents."""

from __future__ import annotations

from .assertions import CallEventAssertionError, assert_conforms, assert_violates
from .constraints import Constraint, constraints, coverage_cases
from .errors import InvalidArgument
from .fuzz import assert_handles, fuzz_handler
from .generation import generate, generate_labelled
from .schemas import available_versions, load_schema
from .strategies._invalid import InvalidCallEvent
from .validation import Violation, is_valid, validate

__all__ = [
    "CallEventAssertionError",
    "Constraint",
    "InvalidArgument",
    "InvalidCallEvent",
    "Violation",
    "assert_conforms",
    "assert_handles",
    "assert_violates",
    "available_versions",
    "constraints",
    "coverage_cases",
    "fuzz_handler",
    "generate",
    "generate_labelled",
    "is_valid",
    "load_schema",
    "validate",
]

__version__ = "0.1.0"
