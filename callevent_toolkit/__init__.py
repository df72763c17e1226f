"""callevent-toolkit: contract testing and fixtures for Twilio Voice Insights CallEvents."""

from __future__ import annotations

from .errors import InvalidArgument
from .generation import generate
from .schemas import available_versions, load_schema
from .validation import Violation, is_valid, validate

__all__ = [
    "InvalidArgument",
    "Violation",
    "available_versions",
    "generate",
    "is_valid",
    "load_schema",
    "validate",
]

__version__ = "0.1.0"
