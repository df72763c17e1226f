"""callevent-toolkit: contract testing and fixtures for Twilio Voice Insights CallEvents.

The names below are imported on first use, not when the package is imported. pytest
imports this package for every run of every project that has the toolkit installed (the
plugin is registered through the ``pytest11`` entry point), and eager imports of
Hypothesis, jsonschema and jsonschema-rs would add their cost to suites that never ask
for a CallEvent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_facade as _lazy_facade

if TYPE_CHECKING:
    from .assertions import assert_conforms, assert_violates
    from .engine import Delivery, InvalidCallEvent, Malformation
    from .envelopes import to_cloudevent, unwrap
    from .errors import (
        CallEventAssertionError,
        CallEventToolkitError,
        EnvelopeError,
        InvalidArgument,
        InvalidSchemaVersionError,
        RemoteReferenceError,
        SchemaVersionError,
        UnsupportedSchemaError,
        UnwritableValueError,
    )
    from .fuzz import FuzzReport, assert_handles, fuzz_handler
    from .generation import (
        coverage_cases,
        generate,
        generate_deliveries,
        generate_labelled,
        generate_stream,
        generate_timelines,
        malformed_delivery_cases,
    )
    from .schemas import available_versions, load_schema
    from .schemas.constraints import Constraint, constraints
    from .validation import Violation, is_valid, validate

#: public name -> the module (relative to this package) that defines it
_HOMES = {
    "CallEventAssertionError": "errors",
    "CallEventToolkitError": "errors",
    "RemoteReferenceError": "errors",
    "SchemaVersionError": "errors",
    "UnsupportedSchemaError": "errors",
    "UnwritableValueError": "errors",
    "assert_conforms": "assertions",
    "assert_violates": "assertions",
    "Constraint": "schemas.constraints",
    "constraints": "schemas.constraints",
    "coverage_cases": "generation",
    "EnvelopeError": "errors",
    "to_cloudevent": "envelopes",
    "unwrap": "envelopes",
    "InvalidArgument": "errors",
    "InvalidSchemaVersionError": "errors",
    "FuzzReport": "fuzz",
    "assert_handles": "fuzz",
    "fuzz_handler": "fuzz",
    "generate": "generation",
    "generate_labelled": "generation",
    "available_versions": "schemas",
    "load_schema": "schemas",
    "InvalidCallEvent": "engine",
    "Delivery": "engine",
    "Malformation": "engine",
    "generate_timelines": "generation",
    "generate_stream": "generation",
    "generate_deliveries": "generation",
    "malformed_delivery_cases": "generation",
    "Violation": "validation",
    "is_valid": "validation",
    "validate": "validation",
}

__all__ = [
    "CallEventAssertionError",
    "CallEventToolkitError",
    "Constraint",
    "Delivery",
    "EnvelopeError",
    "FuzzReport",
    "InvalidArgument",
    "InvalidCallEvent",
    "InvalidSchemaVersionError",
    "Malformation",
    "RemoteReferenceError",
    "SchemaVersionError",
    "UnsupportedSchemaError",
    "UnwritableValueError",
    "Violation",
    "assert_conforms",
    "assert_handles",
    "assert_violates",
    "available_versions",
    "constraints",
    "coverage_cases",
    "fuzz_handler",
    "generate",
    "generate_deliveries",
    "generate_labelled",
    "generate_stream",
    "generate_timelines",
    "is_valid",
    "load_schema",
    "malformed_delivery_cases",
    "to_cloudevent",
    "unwrap",
    "validate",
]

__version__ = "0.1.0"


__getattr__, __dir__ = _lazy_facade(__name__, _HOMES, __all__)
