"""The hostile values of each JSON type: what a valid field may hold that breaks consumers.

Random search finds these only by luck: a handler that chokes on ``"__proto__"`` in one
field, or on ``-0.0`` in another, needs that exact value at that exact place. The
coverage phase therefore places every value listed here, one at a time, at every
position of its type (see :mod:`._hostile`). Each value carries a *class* (``"prototype
name"``, ``"int32 boundary"``, ...) so a report says why it was chosen and a test can
check that every class is offered.

Values are filtered by the position's own constraints (``minimum``/``maximum``), so each
one is valid where it is placed; ``date-time`` positions get timestamps, not text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..schemas.structure import Node

__all__ = [
    "HOSTILE_ARRAY_SIZES",
    "HOSTILE_KEYS",
    "HostileValue",
    "hostile_values",
]


@dataclass(frozen=True)
class HostileValue:
    """One hostile value and the class of trouble it stands for."""

    label: str
    value: Any


def _values(label: str, *values: Any) -> tuple[HostileValue, ...]:
    return tuple(HostileValue(label, value) for value in values)


_PROTOTYPE_NAMES = ("__proto__", "constructor", "toString", "valueOf", "hasOwnProperty")
_DUNDER_NAMES = ("__class__", "__init__")

HOSTILE_STRINGS: tuple[HostileValue, ...] = (
    *_values("empty", ""),
    *_values("whitespace", " "),
    *_values("accented", "Zoë São Paulo"),
    *_values("CJK", "東京都"),
    *_values("RTL", "مرحبا", "\u202eevil"),
    *_values("emoji", "😀📞"),
    *_values("combining", "e\u0301\u0308"),
    *_values("control characters", "\t\r\n\x1b[31m"),
    *_values("NUL", "a\x00b"),
    *_values("10,000 characters", "x" * 10_000),
    *_values("prototype name", *_PROTOTYPE_NAMES),
    *_values("dunder name", *_DUNDER_NAMES),
    *_values("type-like text", "null", "undefined", "NaN", "true", "0"),
)

HOSTILE_INTEGERS: tuple[HostileValue, ...] = (
    *_values("zero", 0),
    *_values("minus one", -1),
    *_values("int32 boundary", 2**31 - 1, 2**31, -(2**31), -(2**31) - 1),
    *_values("int64 boundary", 2**63 - 1, 2**63, -(2**63), -(2**63) - 1),
    *_values("2^53+1", 2**53 + 1),
    *_values("2^64", 2**64),
    *_values("40 digits", 10**39),
    *_values("integral float", 1.0, -0.0, 1e20),
)

HOSTILE_NUMBERS: tuple[HostileValue, ...] = (
    *_values("zero", 0),
    *_values("negative zero", -0.0),
    *_values("smallest subnormal", 5e-324),
    *_values("huge", 1e308),
)

#: Out of geographic range, offered only at positions named like a latitude/longitude
#: (and only when the schema's bounds allow them: the contract is the judge, not geography).
_GEO_OUT_OF_RANGE = {
    "lat": _values("latitude out of range", 90.5, -91.0, 1000.0),
    "lon": _values("longitude out of range", 180.5, -181.0, 1000.0),
}
_GEO_NAMES = {"lat": "lat", "latitude": "lat", "lon": "lon", "lng": "lon", "longitude": "lon"}

_OFFSETS = ("-12:00", "-09:30", "-03:30", "+00:00", "+05:30", "+05:45", "+12:45", "+14:00")


def _timestamps() -> tuple[HostileValue, ...]:
    base = "2026-11-01T12:34:56"
    return (
        *_values("offset", *(f"{base}{offset}" for offset in _OFFSETS), f"{base}-00:00"),
        *_values("fraction digits", f"{base}Z", *(f"{base}.{'1' * n}Z" for n in range(1, 10))),
        *_values("lowercase t/z", "2026-11-01t12:34:56z"),
        *_values("29 February", "2024-02-29T23:59:59Z"),
        *_values("year 0001", "0001-01-01T00:00:00Z"),
        *_values("year 9999", "9999-12-31T23:59:59.999999999+14:00"),
    )


HOSTILE_TIMESTAMPS: tuple[HostileValue, ...] = _timestamps()

HOSTILE_KEYS: tuple[HostileValue, ...] = (
    *_values("empty key", ""),
    *_values("prototype name key", *_PROTOTYPE_NAMES, *_DUNDER_NAMES),
    *_values("non-ASCII key", "zoë", "東京", "😀"),
    *_values("very long key", "k" * 1_000),
)

#: How many items the coverage phase puts in each array: none, one, a thousand.
HOSTILE_ARRAY_SIZES: tuple[HostileValue, ...] = (
    *_values("empty array", 0),
    *_values("one item", 1),
    *_values("1,000 items", 1_000),
)


def _within(node: Node, values: tuple[HostileValue, ...]) -> tuple[HostileValue, ...]:
    lo, hi = node.minimum, node.maximum
    return tuple(
        v for v in values if (lo is None or v.value >= lo) and (hi is None or v.value <= hi)
    )


@cache
def hostile_values(node: Node) -> tuple[HostileValue, ...]:
    """The hostile values that are valid at scalar ``node`` (none for enums and objects).

    An ``enum`` position allows only its listed values, which realistic events already
    use, so it has no hostile values of its own.
    """
    if node.enum is not None:
        return ()
    if node.kind == "string":
        return HOSTILE_TIMESTAMPS if node.format == "date-time" else HOSTILE_STRINGS
    if node.kind == "integer":
        return _within(node, HOSTILE_INTEGERS)
    if node.kind == "number":
        geo = _GEO_NAMES.get(node.path[-1].lower()) if node.path else None
        extra = _GEO_OUT_OF_RANGE[geo] if geo else ()
        return _within(node, (*HOSTILE_NUMBERS, *extra))
    return ()
