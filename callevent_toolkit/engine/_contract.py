"""Contract-space leaf values: anything the schema allows, biased towards what breaks code.

A handler must survive every event the contract permits, not just pretty ones, so these
values favour the edges: empty and whitespace strings, strings that look like other
types (``"null"``, ``"NaN"``), non-ASCII and astral characters, NUL and bidi controls,
zero, negative and 64-bit-overflowing integers, integral floats (``1.0``, ``-0.0``,
``1e20``) where an integer belongs (draft-07, jsonschema and jsonschema-rs all count them as
integers; strict decoders such as Go's ``int`` or pydantic's strict mode do not), ``-0.0``
and ``1e308``, timestamps with offsets, fractions, far years and lowercase ``t``/``z``,
and the names JavaScript objects inherit (``__proto__``, ``constructor``, ``valueOf``),
which break a consumer that looks names up in a plain object.

Each leaf draws one index that picks an edge value, a general value or (where a
realistic provider exists) a production-like one; edge values come first, so a failing
example shrinks to the simplest edge value (``""``, ``0``). Under Hypothesis the general
value is any value of the leaf's schema (:mod:`._general`: hypothesis-jsonschema's
``from_schema``, date-times from cheap composed draws); the bulk backend draws a plain
random value of the same kind.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from ..schemas.structure import Node
from ._general import general_strategy, key_of, prepare, timestamp
from ._sources import Source

if TYPE_CHECKING:  # Hypothesis is imported on the first strategy draw, never in bulk
    from hypothesis import strategies as st

__all__: list[str] = []

EDGE_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "null",
    "0",
    "NaN",
    "true",
    "unknown_edge",
    "ü",
    "Zoë",
    "São Paulo",
    "東京",
    "😀",
    "a\x00b",
    "\t\n",
    "\u202eevil",
    "CA" + "0" * 32,
    "x" * 256,
    "__proto__",
    "constructor",
    "valueOf",
    "toString",
    "hasOwnProperty",
)
EDGE_INTEGERS: tuple[int | float, ...] = (
    0,
    -1,
    1,
    2**31 - 1,
    -(2**31),
    2**53 + 1,
    2**63 - 1,
    -(2**63),
    2**64,
    -(2**70),
    10**20,
    1.0,
    -0.0,
    1e20,
)
EDGE_NUMBERS: tuple[float | int, ...] = (
    0,
    0.0,
    -0.0,
    1.5,
    -1.5,
    0.1,
    1e-7,
    5e-324,
    1e308,
    -1e308,
    2**53,
    -273.15,
    90,
    -180,
)
EDGE_TIMESTAMPS: tuple[str, ...] = (
    "1970-01-01T00:00:00Z",
    "2026-11-01T00:00:00.5+14:00",
    "2024-02-29T23:59:59.123456789-08:00",
    "2026-02-28T12:00:00+05:30",
    "2026-11-01T00:00:00-00:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "2026-11-01t00:00:00z",
    "2026-10-03T14:15:22.123z",
)
_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.:/@"
    'äöüßéñçøåÆ東京日本語한국어Ωπ😀🎧\x00\n\t"\\'
)


def _distinct(values: list[Any]) -> tuple[Any, ...]:
    """``values`` without repeats, where ``0``, ``0.0`` and ``-0.0`` (equal in Python,
    different JSON text) all count as different values."""
    seen: dict[tuple[type, str], Any] = {}
    for value in values:
        seen.setdefault((type(value), repr(value)), value)
    return tuple(seen.values())


def _bounded(node: Node, values: tuple[Any, ...]) -> tuple[Any, ...]:
    lo, hi = node.minimum, node.maximum
    kept = [v for v in values if (lo is None or v >= lo) and (hi is None or v <= hi)]
    for bound in (lo, hi):
        if bound is not None:
            kept[:0] = [bound]
    if lo is not None and hi is not None and hi - lo >= 2:
        kept.extend((lo + 1, hi - 1))
    return _distinct(kept)


@cache
def _edges(node: Node) -> tuple[Any, ...]:
    if node.enum is not None:
        return node.enum
    if node.kind == "string":
        return EDGE_TIMESTAMPS if node.format == "date-time" else EDGE_STRINGS
    if node.kind == "integer":
        return _bounded(node, EDGE_INTEGERS)
    if node.kind == "number":
        return _bounded(node, EDGE_NUMBERS)
    if node.kind == "boolean":
        return (False, True)
    return (None,)


def _random_timestamp(rng: random.Random) -> str:
    offset = rng.choice(("Z", "Z", "z", "+00:00", "+05:30", "-08:00", "+14:00", "-12:00"))
    fraction = rng.choice(("", "", ".5", ".123", ".123456", ".000000001"))
    separator = rng.choice("TTTt")
    return (
        f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"{separator}"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        f"{fraction}{offset}"
    )


def _random_general(node: Node, rng: random.Random) -> Any:
    if node.kind == "string":
        if node.format == "date-time":
            return _random_timestamp(rng)
        return "".join(rng.choices(_ALPHABET, k=rng.randint(1, 16)))
    lo = -(2**40) if node.minimum is None else int(node.minimum)
    hi = 2**40 if node.maximum is None else int(node.maximum)
    if node.kind == "integer":
        return rng.randint(lo, hi)
    return round(rng.uniform(lo, hi), rng.randint(0, 6))


def contract_leaf(
    node: Node, realistic: Callable[[Any], Any] | None = None
) -> Callable[[Source, Any], Any]:
    """The builder of contract-space values for the scalar ``node``.

    One index draw picks the kind of value: an edge value (about half the time, and
    what a failing example shrinks to: ``""``, ``0``), a general value of the leaf's
    schema (hypothesis-jsonschema under Hypothesis, a random one in bulk), or, when
    ``realistic`` is given, a production-like value (``realistic(context)``, with the
    context the builder is called with). One draw instead of a coin flip
    plus a ``one_of`` keeps the per-example cost under Hypothesis low.
    """
    edges = _edges(node)
    count = len(edges)
    if node.enum is not None or node.kind in ("boolean", "null"):
        return lambda src, _context: edges[src.index(count)]
    share = max(1, count // 2)
    general = _general_of(node)
    options = count + share * (2 if realistic is not None else 1)

    def build(src: Source, context: Any) -> Any:
        choice = src.index(options)
        if choice < count:
            return edges[choice]
        if realistic is not None and choice >= count + share:
            return realistic(context)
        return general(src)

    return build


def _general_of(node: Node) -> Callable[[Source], Any]:
    """The general value of ``node`` under Hypothesis (:mod:`._general`: ``from_schema``
    of the leaf, a date-time from composed draws), or :func:`_random_general` in bulk
    (its bytes are pinned)."""

    def fallback(rng: random.Random) -> Any:
        return _random_general(node, rng)

    if node.kind == "string" and node.format == "date-time":
        return lambda src: src.compose(timestamp, fallback)

    def strategy() -> st.SearchStrategy[Any]:
        return general_strategy(node)

    # Made ready now (at compile time) if Hypothesis is loaded: the first string strategy
    # loads Hypothesis's table of characters (about 2 s where no cached copy exists),
    # which inside the first draw fails the too_slow health check. Without Hypothesis
    # (bulk generation, the CLI) nothing is built.
    if "hypothesis" in sys.modules:
        prepare(node)
    return lambda src: src.draw(strategy, fallback)


_KEY_EDGES = ("", "a", "en-US", "ü", "a.b", "$ref", "東京", "__proto__", "constructor", "toString")
_KEY = key_of(_KEY_EDGES)


def _random_key(rng: random.Random) -> str:
    key = rng.choice(_KEY_EDGES)
    return key if rng.random() < 0.5 else key + str(rng.randint(0, 999))


def contract_key(src: Source) -> str:
    """A map key: empty, non-ASCII, dotted, an inherited JavaScript name, or plain.

    The bulk backend gives the edge key itself half the time (a realistic ``en-US`` as
    well as ``en-US417``), so a consumer that parses keys meets both.
    """
    return src.compose(_KEY, _random_key)
