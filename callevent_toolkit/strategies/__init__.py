"""Hypothesis strategies for CallEvents, built by walking the bundled schema."""

from __future__ import annotations

from ._invalid import invalid_call_events
from ._valid import call_events

__all__ = ["call_events", "invalid_call_events"]
