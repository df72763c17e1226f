"""The ``invalid_call_events()`` strategy: realistic events broken on purpose, labelled.

A thin face over the engine's invalid-event builder
(:func:`callevent_toolkit.engine.make_invalid`), which the bulk generator and the
coverage checklist run too; here every choice is a Hypothesis draw, so it shrinks.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from hypothesis import strategies as st

from ..engine import (
    InvalidCallEvent,
    Target,
    check_max_violations,
    check_version,
    first_tried,
    make_invalid,
    menu_for,
    observe_invalid,
)
from ..schemas import DEFAULT_VERSION
from ._defaults import is_default_version, is_positive_int
from ._lean import LeanSource

__all__ = ["invalid_call_events"]


@cache
def _menu(version: int, keywords: tuple[str, ...] | None) -> tuple[Target, ...]:
    return menu_for(version, keywords)


@cache
def _tried_first(version: int, keywords: tuple[str, ...] | None) -> tuple[Target, ...]:
    return first_tried(_menu(version, keywords))


@st.composite
def _invalid_from(
    draw: st.DrawFn, version: int, keywords: tuple[str, ...] | None, max_violations: int
) -> InvalidCallEvent:
    # The composite takes the small arguments and looks the targets up, so the strategy's
    # repr (shown by Hypothesis in reports and warnings) stays one line long.
    case = make_invalid(
        LeanSource(draw),
        _menu(version, keywords),
        version=version,
        max_violations=max_violations,
        by_kind=True,
        tried_first=_tried_first(version, keywords),
    )
    observe_invalid(case, version)  # the coverage report's hook: a no-op without one
    return case


def invalid_call_events(
    *,
    version: int = DEFAULT_VERSION,
    keywords: Collection[str] | None = None,
    max_violations: int = 1,
) -> st.SearchStrategy[InvalidCallEvent]:
    """A strategy of :class:`InvalidCallEvent`: realistic events broken on purpose.

    Each example starts from a realistic valid event and applies one named mutation
    operator per violation (remove a required property, change a value's JSON type, add
    an unknown property to a closed object, step past ``minimum``/``maximum``, break a
    ``date-time``), so only the labelled things are wrong: :func:`~callevent_toolkit.
    validate` reports exactly the labelled pointers and keywords.

    ``keywords`` restricts the broken rules (``keywords={"required", "type"}``); the
    names are those of :func:`~callevent_toolkit.coverage.constraints`. With
    ``max_violations > 1``, up to that many independent rules are broken at once and
    ``.violations`` lists them all. Bad arguments raise
    :class:`~callevent_toolkit.errors.InvalidArgument` when the strategy is first used.

    A run tries 31 rules first, once each (:func:`~callevent_toolkit.engine.first_tried`:
    every rule of the event and of its top-level properties, and each kind's shallowest
    rules), each in one fixed realistic event; then it draws the kind of rule, the depth
    (shallowest first) and the place. So a default 100-example ``@given`` test that draws
    only this strategy catches a validator that ignores any one of those rules or a whole
    kind; a single nested rule needs ``coverage_cases()`` (see docs/invalid-events.md).

    Examples shrink towards fewer violations, simpler operators (``null`` for a wrong
    type, one past a bound) and the realistic event with the fewest parts that still
    holds the broken place; a failure one of the first-tried rules shows shrinks to that
    rule's fixed case. The labels stay true for the shrunk example, because the
    operators that did the damage make them.
    """

    if keywords is None and is_default_version(version) and is_positive_int(max_violations):
        return _invalid_from(version, None, max_violations)  # nothing to check (._defaults)

    def build() -> st.SearchStrategy[InvalidCallEvent]:
        menu_for(check_version(version), keywords)  # raises InvalidArgument for bad keywords
        chosen = None if keywords is None else tuple(sorted(keywords))
        return _invalid_from(version, chosen, check_max_violations(max_violations))

    return st.deferred(build)
