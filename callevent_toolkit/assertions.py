"""``assert_conforms`` and ``assert_violates``: conformance checks that read well in pytest.

A failure names the place and the rule first, the way a person fixes it::

    $.sdk_edge.metadata.location.lat: 'north' is not of type 'number'
      value: 'north'
    ... and 2 more errors

The helpers raise :class:`CallEventAssertionError` (an :class:`AssertionError`) with that
text and mark their frames ``__tracebackhide__``, so pytest shows the test's line and the
message, not the validator's internals. They contain no bare ``assert`` statements, so
they need no assertion rewriting and work the same under ``python -O`` and outside pytest.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

from .errors import CallEventAssertionError
from .schemas import DEFAULT_VERSION
from .validation import Violation, format_violations, validate

__all__ = ["CallEventAssertionError", "assert_conforms", "assert_violates"]

_SHOWN_WHEN_MISMATCHED = 3

_value_repr = reprlib.Repr()
_value_repr.maxstring = 80
_value_repr.maxother = 80
_value_repr.maxdict = 8
_value_repr.maxlist = 8
_value_repr.maxlevel = 2


def assert_conforms(event: Any, *, version: int = DEFAULT_VERSION) -> None:
    """Fail unless ``event`` conforms to the ``VoiceInsights.CallEvent`` schema ``version``.

    The message is the best-matching violation as ``$.path: message``, the offending value,
    and how many other errors there are.
    """
    __tracebackhide__ = True
    violations = validate(event, version=version)
    if violations:
        raise CallEventAssertionError(_describe_failure(violations), violations)


def assert_violates(
    event: Any,
    *,
    keyword: str | None = None,
    pointer: str | None = None,
    version: int = DEFAULT_VERSION,
) -> Violation:
    """Fail unless ``event`` breaks the schema, at ``pointer`` by ``keyword`` when given.

    ``pointer`` is a JSON pointer (``/sdk_edge/metadata/location/lat``) or a JSONPath as
    the messages show it (``$.sdk_edge.metadata.location.lat``). Any of the event's
    violations may match, not only the best one. Returns the first matching violation.
    """
    __tracebackhide__ = True
    violations = validate(event, version=version)
    wanted = _describe_expectation(keyword, pointer)
    if not violations:
        raise CallEventAssertionError(
            f"expected {wanted} of VoiceInsights.CallEvent v{version}, but the event conforms",
            violations,
        )
    for violation in violations:
        if _matches(violation, keyword, pointer):
            return violation
    found = format_violations(violations, limit=_SHOWN_WHEN_MISMATCHED)
    raise CallEventAssertionError(
        f"expected {wanted}, but the event breaks other rules:\n{found}", violations
    )


def _describe_failure(violations: list[Violation]) -> str:
    best = violations[0]
    lines = [str(best), _describe_value(best)]
    rest = len(violations) - 1
    if rest:
        lines.append(f"... and {rest} more error{'s' if rest != 1 else ''}")
    return "\n".join(lines)


def _describe_value(violation: Violation) -> str:
    if violation.keyword == "required" and isinstance(violation.value, Mapping):
        present = ", ".join(map(str, violation.value)) or "nothing"
        return f"  the object there has: {present}"
    return f"  value: {_value_repr.repr(violation.value)}"


def _describe_expectation(keyword: str | None, pointer: str | None) -> str:
    what = f"a {keyword!r} violation" if keyword is not None else "a violation"
    return f"{what} at {pointer}" if pointer is not None else what


def _matches(violation: Violation, keyword: str | None, pointer: str | None) -> bool:
    if keyword is not None and violation.keyword != keyword:
        return False
    if pointer is None:
        return True
    place = violation.json_path if pointer.startswith("$") else violation.pointer
    return place == pointer
