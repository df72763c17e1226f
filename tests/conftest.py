"""Shared test settings.

The ``ci`` Hypothesis profile keeps property tests deterministic (``derandomize``) so the
suite cannot flake on a rare draw, and keeps the example database out of the checkout.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile("ci")
