"""Exceptions the toolkit raises on purpose."""

from __future__ import annotations

from hypothesis.errors import InvalidArgument as _HypothesisInvalidArgument

__all__ = ["InvalidArgument"]


class InvalidArgument(_HypothesisInvalidArgument, ValueError):
    """A bad argument: an unknown or forbidden pin, a negative count, a malformed path.

    It is Hypothesis's ``InvalidArgument`` (what strategy users expect) and a
    ``ValueError`` (what everybody else expects), so either ``except`` clause catches it.
    """
