"""General contract-space values under Hypothesis: the schema's whole value space, cheaply.

A contract leaf gives an edge value, a realistic one or a *general* one: any value of the
leaf's schema (``{"type": "string"}``, ``{"type": "number"}``, a ``date-time``).
hypothesis-jsonschema's ``from_schema`` of the leaf's own schema draws strings, integers
and numbers (:func:`general_strategy`). Until 6 December 2026 it drew date-times too; per
draw its date-time cost Hypothesis about 25 integer draws (a tuple of ``dates()``,
``times()`` and an offset: 535-640 µs against 25 µs), most of what made contract-space
events cost 1.7 times a composite of as many integer draws. So:

* ``date-time``: built from six primitive choices (:func:`timestamp`), each one cheap
  and shrinking on its own: any instant of years 1-9999 to the microsecond (what
  ``from_schema`` gave), shown with 0, 3, 6 or 9 fraction digits, ``T`` or ``t``, ``Z``,
  ``z`` or any ``±HH:MM`` offset.
* map keys: an edge key or any short string, half and half (:func:`key`).

The bulk backend never comes here: :meth:`Source.compose` and :meth:`Source.draw` hand it
its own fallbacks (``_contract``), so seeded bytes do not change.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from ..schemas.structure import Node
from ._sources import Source

if TYPE_CHECKING:  # Hypothesis is imported on the first strategy draw, never in bulk
    from hypothesis import strategies as st

__all__: list[str] = []

_DAY_SECONDS = 86_400
_SEPARATORS = ("T", "t")
_FRACTION_DIGITS = (0, 3, 6, 9)
_STYLES = tuple((sep, digits) for digits in _FRACTION_DIGITS for sep in _SEPARATORS)
_MINUTES = 24 * 60  # an offset is at most 23:59 either way
_ZONES = 2 + 2 * _MINUTES  # "Z", "z", then +00:00 .. +23:59, -00:00 .. -23:59


@cache
def general_strategy(node: Node) -> st.SearchStrategy[Any]:
    """Any value of the scalar leaf ``node`` (string, integer or number), from
    hypothesis-jsonschema's ``from_schema`` of the leaf's own schema.

    It still works for scalar sub-schemas on current Hypothesis, and for these kinds it
    costs about what a plain ``st.text()`` or ``st.integers()`` does; only its
    ``date-time`` (about 25 integer draws) is replaced, by :func:`timestamp`.
    """
    from hypothesis_jsonschema import from_schema

    schema: dict[str, Any] = {"type": node.kind}
    for key in ("format", "minimum", "maximum"):  # a date-time never comes here
        if getattr(node, key) is not None:
            schema[key] = getattr(node, key)
    return from_schema(schema)


def prepare(node: Node) -> None:
    """Do the slow part of the first draws now: Hypothesis builds a string strategy's
    table of characters (seconds without its on-disk cache) when it is first validated,
    and inside a test's first draw that fails the too_slow health check."""
    general_strategy(node).validate()
    _short_text().validate()


def _zone(index: int) -> str:
    if index < 2:
        return "Zz"[index]
    minutes = index - 2
    sign = "+" if minutes < _MINUTES else "-"
    hours, minute = divmod(minutes % _MINUTES, 60)
    return f"{sign}{hours:02d}:{minute:02d}"


def _fraction(micros: int, digits: int) -> str:
    if not digits:
        return ""
    return "." + f"{micros:06d}000"[:digits]


def timestamp(src: Source) -> str:
    """Any RFC 3339 ``date-time``: year, day, second of the day, microseconds, style, zone.

    Six draws, each shrinking to its simplest: 2000-01-01 (the year is drawn as an
    offset from 2000, as Hypothesis's ``dates()`` shrinks), midnight, no microseconds,
    ``T`` without a fraction, ``Z``. Separate draws rather than one wide integer:
    Hypothesis favours small integers, so the parts of one would mostly stay zero.
    """
    year = 2000 + src.integer(-1999, 7999)
    length = 366 if calendar.isleap(year) else 365
    day = date(year, 1, 1) + timedelta(days=src.integer(0, 365) % length)
    minutes, second = divmod(src.integer(0, _DAY_SECONDS - 1), 60)
    fraction = src.integer(0, 999_999)
    separator, digits = _STYLES[src.index(len(_STYLES))]
    hour, minute = divmod(minutes, 60)
    return (
        f"{day.isoformat()}{separator}{hour:02d}:{minute:02d}:{second:02d}"
        f"{_fraction(fraction, digits)}{_zone(src.index(_ZONES))}"
    )


@cache
def _short_text() -> st.SearchStrategy[str]:
    from hypothesis import strategies as st

    return st.text(max_size=12)


def key_of(edges: Sequence[str]) -> Callable[[Source], str]:
    """The map-key builder: an edge key or any string of at most 12 characters.

    One index over twice the edges: the first half is the edge keys (shrinking to the
    first), the second half a drawn string, so each kind is half of the keys as with the
    ``one_of(sampled_from(edges), text(max_size=12))`` it replaces, at a third of the
    cost (a ``one_of`` is three nested draws).
    """
    count = len(edges)

    def key(src: Source) -> str:
        choice = src.index(2 * count)
        if choice < count:
            return edges[choice]
        return src.draw(_short_text, _no_bulk)

    return key


def _no_bulk(_rng: Any) -> str:  # pragma: no cover - the bulk backend never composes
    raise AssertionError("general values are made under Hypothesis only")
