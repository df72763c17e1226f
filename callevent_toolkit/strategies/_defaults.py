"""Which strategy arguments need no check, so the strategy can skip ``st.deferred``.

Hypothesis's convention is that a bad argument raises when a strategy is first drawn
from, not when a test module is imported; each strategy here keeps it by building itself
inside ``st.deferred``. That layer costs every example a second strategy to draw through
(a span, and an unwrap Hypothesis does not memoise for deferred strategies): about 5 % of
a ``call_events()`` example. Arguments that are the defaults, given as plain values,
cannot be wrong, so ``call_events()``, ``invalid_call_events()`` and ``call_timelines()``
called with them return their composite directly; any other arguments still go through
``st.deferred`` and its checks.
"""

from __future__ import annotations

from ..schemas import DEFAULT_VERSION

__all__ = ["is_default_version", "is_flag", "is_positive_int"]


def is_default_version(version: object) -> bool:
    """``version`` is the bundled default, as an ``int`` (not ``True``, not ``"3"``)."""
    return type(version) is int and version == DEFAULT_VERSION


def is_flag(value: object) -> bool:
    """``value`` is ``True`` or ``False`` (the checks refuse ``1`` and ``"yes"``)."""
    return type(value) is bool


def is_positive_int(value: object) -> bool:
    """``value`` is an ``int`` of at least 1 (not a ``bool``)."""
    return type(value) is int and value >= 1
