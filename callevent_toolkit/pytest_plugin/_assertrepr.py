"""Readable ``assert validate(event) == []`` failures (the ``pytest_assertrepr_compare`` hook).

Without it pytest would print ``Violation(pointer=..., keyword=..., message=...)`` reprs
and a diff; with it the failure shows each violation as ``$.path: message``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__: list[str] = []


def violations_repr(op: str, left: object, right: object) -> list[str] | None:
    """Explanation lines for ``violations == []`` (either way round), else None."""
    if op != "==":
        return None
    for found, expected in ((left, right), (right, left)):
        if _is_empty_list(expected) and _is_violation_list(found):
            assert isinstance(found, Sequence)
            count = len(found)
            lines = [f"the event breaks {count} rule{'s' if count != 1 else ''} of the schema:"]
            return lines + [str(item) for item in found]
    return None


def _is_empty_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) and not value


def _is_violation_list(value: object) -> bool:
    from ..validation import Violation

    return (
        isinstance(value, (list, tuple))
        and bool(value)
        and all(isinstance(item, Violation) for item in value)
    )
