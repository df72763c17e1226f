"""Mutation operators: each breaks one rule at one place and says what it broke.

Every operator has the same shape, ``operator(event, at, src) -> (event, violation)``:
it changes ``event`` at the concrete place ``at`` (in place where it can; the returned
event is the one to use, because replacing the whole event returns a new value) and
returns the :class:`~callevent_toolkit.validation.Violation` a validator must report.
Any choice an operator makes (which unknown name, how far past a bound) is drawn from
the :class:`Source`, so under Hypothesis it shrinks like everything else.

The operators mimic what real producers get wrong: a dropped field, ``null`` or a
numeric string where a number belongs, ``1.5`` where an integer belongs (not ``1.0``:
draft-07 counts ``1.0`` as an integer), a camelCase twin of a field, an int32 overflow,
and timestamps written by hand (no timezone, a space for ``T``, epoch seconds).

Messages follow jsonschema's wording, but the oracle compares only pointer and keyword.

An operator's identity is its :class:`Operator` member, not its function: labels
(``InvalidCallEvent.operators``), fuzz reports and the plugin's coverage test ids all
print the member, whose value is the historical function name (``to_null``), so ids and
seeded output did not change when the enum replaced ``__name__`` strings.
"""

from __future__ import annotations

import copy
import enum
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..schemas.constraints import JSON_TYPES, enum_keyword
from ..schemas.pointers import pointer_of
from ..schemas.structure import Node
from ..validation import Violation
from ._sources import Source, pick

__all__ = ["Operator"]

Place = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class At:
    """A concrete place in an event (real map keys and array indices) and its node.

    For ``remove_required`` the place is the property to remove; for
    ``add_unknown_property`` the closed object; otherwise the value itself.
    """

    place: Place
    node: Node

    @property
    def pointer(self) -> str:
        """The JSON pointer of the place."""
        return pointer_of(tuple(str(step) for step in self.place))


Mutation = tuple[Any, Violation]
Mutate = Callable[[Any, At, Source], Mutation]


def get(event: Any, place: Place) -> Any:
    """The value at ``place``."""
    for step in place:
        event = event[step]
    return event


def _replace(event: Any, place: Place, value: Any) -> Any:
    if not place:
        return value
    get(event, place[:-1])[place[-1]] = value
    return event


# ---------------------------------------------------------------------------------------
# required


def remove_required(event: Any, at: At, src: Source) -> Mutation:
    """Delete a required property (the pointer names the missing property)."""
    parent = get(event, at.place[:-1])
    name = at.place[-1]
    del parent[name]
    return event, Violation(at.pointer, "required", f"{name!r} is a required property", parent)


# ---------------------------------------------------------------------------------------
# type: one operator per JSON type the value is changed to


def _retyped(event: Any, at: At, value: Any) -> Mutation:
    expected = JSON_TYPES[at.node.kind]
    message = f"{value!r} is not of type {expected!r}"
    return _replace(event, at.place, value), Violation(at.pointer, "type", message, value)


def to_null(event: Any, at: At, src: Source) -> Mutation:
    """``null`` where a value belongs (an unset field serialised as ``null``)."""
    return _retyped(event, at, None)


def to_boolean(event: Any, at: At, src: Source) -> Mutation:
    """A boolean, e.g. where an integer belongs (``True`` is not an integer in JSON)."""
    return _retyped(event, at, src.flag(50))


def _integral(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,18}", value):
        return int(value)
    if isinstance(value, (str, list, dict)):
        return len(value)
    return int(bool(value))


def to_integer(event: Any, at: At, src: Source) -> Mutation:
    """An integer, e.g. a browser version ``"58"`` sent unquoted as ``58``."""
    return _retyped(event, at, _integral(get(event, at.place)))


def to_fraction(event: Any, at: At, src: Source) -> Mutation:
    """A number with a fractional part: ``n + 0.5``, or ``1.5`` (never ``1.0``)."""
    value = get(event, at.place)
    fraction = 1.5
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**52:
        fraction = value + 0.5
    return _retyped(event, at, fraction)


def to_string(event: Any, at: At, src: Source) -> Mutation:
    """A string: a numeric string for a number, JSON text for an object or array."""
    value = get(event, at.place)
    if isinstance(value, (bool, dict, list)) or value is None:
        text = json.dumps(value, separators=(",", ":"))
    else:
        text = str(value)
    return _retyped(event, at, text)


def to_array(event: Any, at: At, src: Source) -> Mutation:
    """The value wrapped in a list (a batch of one where one was expected)."""
    return _retyped(event, at, [get(event, at.place)])


def to_object(event: Any, at: At, src: Source) -> Mutation:
    """The value wrapped in an object (``{"value": ...}``, as some SDKs box values)."""
    return _retyped(event, at, {"value": get(event, at.place)})


# ---------------------------------------------------------------------------------------
# additionalProperties

_UNKNOWN_NAMES = ("extra", "id", "debug", "tags", "event_id", "created_at", "sid", "source")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def add_unknown_property(event: Any, at: At, src: Source) -> Mutation:
    """Add a property a closed object does not declare.

    Either a generic extra field or the camelCase twin of a declared one carrying the
    same value (a serialiser that emits both spellings).
    """
    target = get(event, at.place)
    known = {p.name for p in at.node.properties}
    twins = [
        (_camel(n), copy.deepcopy(target[n]))
        for n in sorted(known)
        if n in target and _camel(n) != n
    ]
    options = [(name, "") for name in _UNKNOWN_NAMES] + twins
    name, value = pick(src, [(n, v) for n, v in options if n not in known and n not in target])
    target[name] = value
    place = (*at.place, name)
    message = f"additional property {name!r} is not allowed"
    return event, Violation(At(place, at.node).pointer, "additionalProperties", message, value)


# ---------------------------------------------------------------------------------------
# minimum / maximum

_OVERSHOOT = 2**32  # up to the next 32 bits past the bound: int32 and uint32 overflows


def _out_of_range(at: At, bound: float, step: int) -> Any:
    return bound + step if at.node.kind != "integer" else int(bound) + step


def below_minimum(event: Any, at: At, src: Source) -> Mutation:
    """A value under ``minimum`` (an int32 underflow for ``latency_ms``); shrinks to min - 1."""
    assert at.node.minimum is not None
    value = _out_of_range(at, at.node.minimum, -src.integer(1, _OVERSHOOT))
    message = f"{value!r} is less than the minimum of {at.node.minimum!r}"
    return _replace(event, at.place, value), Violation(at.pointer, "minimum", message, value)


def above_maximum(event: Any, at: At, src: Source) -> Mutation:
    """A value over ``maximum`` (an int32 overflow for ``latency_ms``); shrinks to max + 1."""
    assert at.node.maximum is not None
    value = _out_of_range(at, at.node.maximum, src.integer(1, _OVERSHOOT))
    message = f"{value!r} is greater than the maximum of {at.node.maximum!r}"
    return _replace(event, at.place, value), Violation(at.pointer, "maximum", message, value)


# ---------------------------------------------------------------------------------------
# format: date-time, broken the ways hand-written serialisers break it


def _reformatted(event: Any, at: At, text: str) -> Mutation:
    message = f"{text!r} is not a {at.node.format!r}"
    return _replace(event, at.place, text), Violation(at.pointer, "format", message, text)


def _timestamp(event: Any, at: At) -> str:
    value = get(event, at.place)
    return value if isinstance(value, str) else ""


def without_timezone(event: Any, at: At, src: Source) -> Mutation:
    """``2026-10-03T14:15:22.123``: local time with no ``Z`` or offset."""
    text = re.sub(r"(?:[Zz]|[+-]\d\d:\d\d)$", "", _timestamp(event, at))
    return _reformatted(event, at, text)


def space_for_t(event: Any, at: At, src: Source) -> Mutation:
    """``2026-10-03 14:15:22.123Z``: SQL style, a space between date and time."""
    return _reformatted(event, at, re.sub("[Tt]", " ", _timestamp(event, at), count=1))


def month_13(event: Any, at: At, src: Source) -> Mutation:
    """``2026-13-03T...``: an impossible month (a zero-based month off by one)."""
    text = _timestamp(event, at)
    return _reformatted(event, at, text[:5] + "13" + text[7:])


def hour_25(event: Any, at: At, src: Source) -> Mutation:
    """``...T25:15:22...``: an impossible hour (time arithmetic without a carry)."""
    text = _timestamp(event, at)
    return _reformatted(event, at, text[:11] + "25" + text[13:])


def date_only(event: Any, at: At, src: Source) -> Mutation:
    """``2026-10-03``: the date without its time."""
    return _reformatted(event, at, _timestamp(event, at)[:10])


def epoch_seconds(event: Any, at: At, src: Source) -> Mutation:
    """``"1791036922"``: Unix seconds as a string instead of RFC 3339."""
    try:
        seconds = int(datetime.fromisoformat(_timestamp(event, at)).timestamp())
    except (ValueError, OverflowError, OSError):
        seconds = 0
    return _reformatted(event, at, str(seconds))


def empty_string(event: Any, at: At, src: Source) -> Mutation:
    """``""``: a timestamp that was never set."""
    return _reformatted(event, at, "")


# ---------------------------------------------------------------------------------------
# enum / const (none in CallEvent v3; here so a later version is covered without new code)


def _unlisted(value: Any, allowed: tuple[Any, ...]) -> Any:
    """A value of ``value``'s JSON type that ``allowed`` does not list (``None`` if none)."""
    if isinstance(value, bool):
        candidates: list[Any] = [not value]
    elif isinstance(value, str):
        candidates = [value.lower(), value.upper(), value + "_unknown"]
    elif isinstance(value, (int, float)):
        numbers = [v for v in allowed if isinstance(v, (int, float)) and not isinstance(v, bool)]
        candidates = [max(numbers, default=value) + (1 if isinstance(value, int) else 0.5)]
    else:
        candidates = []
    listed = [json.dumps(v, sort_keys=True) for v in allowed]
    fresh = [c for c in candidates if json.dumps(c, sort_keys=True) not in listed]
    return fresh[0] if fresh else None


def outside_enum(event: Any, at: At, src: Source) -> Mutation:
    """A value the ``enum``/``const`` does not list, of the right type (``"error"`` for
    ``"ERROR"``, a level or edge name from a newer producer)."""
    allowed = at.node.enum or ()
    value = _unlisted(get(event, at.place), allowed)
    keyword = enum_keyword(at.node)
    message = f"{value!r} is not one of {list(allowed)!r}"
    if keyword == "const":
        message = f"{allowed[0]!r} was expected"
    return _replace(event, at.place, value), Violation(at.pointer, keyword, message, value)


# ---------------------------------------------------------------------------------------
# names


class Operator(enum.StrEnum):
    """The name of a mutation operator: what labels, reports and test ids print.

    A ``str`` (``Operator.TO_NULL == "to_null"``), so labels compare with and serialise
    as the plain names they always had. :meth:`apply` runs the operator.
    """

    REMOVE_REQUIRED = "remove_required"
    TO_NULL = "to_null"
    TO_BOOLEAN = "to_boolean"
    TO_INTEGER = "to_integer"
    TO_FRACTION = "to_fraction"
    TO_STRING = "to_string"
    TO_ARRAY = "to_array"
    TO_OBJECT = "to_object"
    ADD_UNKNOWN_PROPERTY = "add_unknown_property"
    BELOW_MINIMUM = "below_minimum"
    ABOVE_MAXIMUM = "above_maximum"
    EMPTY_STRING = "empty_string"
    DATE_ONLY = "date_only"
    WITHOUT_TIMEZONE = "without_timezone"
    SPACE_FOR_T = "space_for_t"
    MONTH_13 = "month_13"
    HOUR_25 = "hour_25"
    EPOCH_SECONDS = "epoch_seconds"
    OUTSIDE_ENUM = "outside_enum"

    @property
    def function(self) -> Mutate:
        """The function that does the damage."""
        return _FUNCTIONS[self]

    def apply(self, event: Any, at: At, src: Source) -> Mutation:
        """Break the rule at ``at`` in ``event``: ``(event, violation)``."""
        return _FUNCTIONS[self](event, at, src)


_FUNCTIONS: dict[Operator, Mutate] = {
    Operator.REMOVE_REQUIRED: remove_required,
    Operator.TO_NULL: to_null,
    Operator.TO_BOOLEAN: to_boolean,
    Operator.TO_INTEGER: to_integer,
    Operator.TO_FRACTION: to_fraction,
    Operator.TO_STRING: to_string,
    Operator.TO_ARRAY: to_array,
    Operator.TO_OBJECT: to_object,
    Operator.ADD_UNKNOWN_PROPERTY: add_unknown_property,
    Operator.BELOW_MINIMUM: below_minimum,
    Operator.ABOVE_MAXIMUM: above_maximum,
    Operator.EMPTY_STRING: empty_string,
    Operator.DATE_ONLY: date_only,
    Operator.WITHOUT_TIMEZONE: without_timezone,
    Operator.SPACE_FOR_T: space_for_t,
    Operator.MONTH_13: month_13,
    Operator.HOUR_25: hour_25,
    Operator.EPOCH_SECONDS: epoch_seconds,
    Operator.OUTSIDE_ENUM: outside_enum,
}

#: The operator producing each JSON type, in shrinking order (``null`` is simplest).
RETYPE: dict[str, Operator] = {
    "null": Operator.TO_NULL,
    "boolean": Operator.TO_BOOLEAN,
    "integer": Operator.TO_INTEGER,
    "number": Operator.TO_FRACTION,
    "string": Operator.TO_STRING,
    "array": Operator.TO_ARRAY,
    "object": Operator.TO_OBJECT,
}

#: The ``date-time`` breakers, simplest first.
DATE_TIME: tuple[Operator, ...] = (
    Operator.EMPTY_STRING,
    Operator.DATE_ONLY,
    Operator.WITHOUT_TIMEZONE,
    Operator.SPACE_FOR_T,
    Operator.MONTH_13,
    Operator.HOUR_25,
    Operator.EPOCH_SECONDS,
)

_BY_KEYWORD: dict[str, tuple[Operator, ...]] = {
    "required": (Operator.REMOVE_REQUIRED,),
    "additionalProperties": (Operator.ADD_UNKNOWN_PROPERTY,),
    "minimum": (Operator.BELOW_MINIMUM,),
    "maximum": (Operator.ABOVE_MAXIMUM,),
    "enum": (Operator.OUTSIDE_ENUM,),
    "const": (Operator.OUTSIDE_ENUM,),
}


def retype_operators(node: Node) -> tuple[Operator, ...]:
    """The operators giving every JSON type that ``node`` does not accept."""
    accepted = {JSON_TYPES[node.kind]}
    if node.kind == "number":
        accepted.add("integer")  # draft-07: every integer is a number
    return tuple(op for json_type, op in RETYPE.items() if json_type not in accepted)


def operators_for(keyword: str, node: Node) -> tuple[Operator, ...]:
    """Every operator that breaks ``keyword`` at ``node`` (empty if none is known)."""
    if keyword == "type":
        return retype_operators(node)
    if keyword == "format":
        return DATE_TIME if node.format == "date-time" else ()
    return _BY_KEYWORD.get(keyword, ())
