"""A sound pre-filter for ``callevent validate``: one C pass that reads and judges a line.

Why: the fast path of ``validate`` (:func:`~callevent_toolkit.ndjson.read_rejected`) pays
for an orjson parse into dicts, jsonschema-rs on the dicts, and orjson writing the value
back to rule out repeated keys. msgspec can read a line straight into typed objects whose
types *are* the schema, so reading it is judging it, and no dict is made.

:func:`prefilter_of` compiles the schema walk (:mod:`~callevent_toolkit.schemas.structure`)
into ``msgspec.Struct`` types, nothing listed per field: a closed object is a Struct that
forbids unknown fields, a required property a field without a default, an optional one a
field whose default is ``UNSET`` (so ``null`` is refused where the schema does not allow
it), a map ``dict[str, T]``, an array ``list[T]``, an ``enum`` a ``Literal``, an integer a
64-bit ``int`` within the schema's bounds, a number an ``int`` or a ``float``. A line is
taken only when, besides:

* msgspec writes the value it read back as the very bytes of the line (then ``\\n``):
  what it writes repeats no key, so neither does the line, and the line has no escape,
  spacing or number spelling that another parser could read otherwise;
* every ``date-time`` matches :data:`DATE_TIME`, a calendar-exact subset of RFC 3339
  (no leap second, no year 0000, upper-case ``T`` and ``Z``) that the exact check and
  jsonschema-rs both accept.

So what it takes, the exact path takes too (``tests/test_prefilter.py``); what it does not
take, or cannot judge, goes on to the fast path unchanged, and the report is the same byte
for byte. A schema with anything it cannot compile exactly (an open object, another
format, an ``enum`` of numbers, nesting near :data:`~callevent_toolkit.strict_json.
MAX_DEPTH`, a bound past 2**53 on a number) gets no pre-filter (``None``).

:func:`block_prefilter` judges a whole block of lines at once: msgspec reads every line of
the block in one call (``decode_lines``) and writes them all back in one (``encode_lines``),
which must give the block byte for byte. msgspec writes no ``\\n`` inside a value, so the
block's lines are then exactly the values written back one by one, and the block is taken
only when each of its lines is one the line pre-filter takes (its timestamps are checked
by the same pattern, those on required paths all in one call). Why: the per-line calls,
the line reads and the Python loop around them cost about an eighth of a line's time; a
block with anything else in it is left to the line pre-filter, line by line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any, Literal, NamedTuple, Union

from .schemas import DEFAULT_VERSION, schema_handle
from .schemas.structure import Node, structure_for
from .strict_json import MAX_DEPTH

__all__ = [
    "DATE_TIME",
    "BlockPrefilter",
    "LinePrefilter",
    "block_prefilter",
    "block_prefilter_of",
    "line_prefilter",
    "prefilter_of",
]

#: ``prefilter(line) -> bool``: ``True`` only for a line (with its ``\\n``) that the exact
#: path accepts; ``False`` says nothing.
LinePrefilter = Callable[[bytes], bool]

#: ``prefilter(block) -> int``: for a block of whole lines (each ending in ``\\n``), the
#: number of its lines when the line pre-filter takes every one of them, else ``0``,
#: which says nothing about any line.
BlockPrefilter = Callable[[bytes], int]

_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"  # every month has days 01-28
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"  # and all but February 29 and 30
    r"|(?:0[13578]|1[02])-31"
    r"|02-29(?<=" + _LEAP_YEAR + r"-02-29))"  # February 29 of a leap year
)
#: The ``date-time`` strings the pre-filter takes: RFC 3339 with an exact calendar, year
#: 0001-9999, hours 00-23, seconds 00-59 (no leap second), up to nine fraction digits, and
#: ``Z`` or an offset; ASCII digits only (``\\d`` would take other scripts' digits).
DATE_TIME = re.compile(
    r"(?!0000)[0-9]{4}-" + _DAY + r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])",
    re.ASCII,
)

#: ``date-time`` strings, one or more, each after a ``\\n`` but the first: a block's
#: timestamps in one call of the pattern (about a quarter cheaper than a call each).
_DATE_TIMES = re.compile(f"(?:{DATE_TIME.pattern})(?:\n(?:{DATE_TIME.pattern}))*", re.ASCII)

#: The integers msgspec reads as machine integers; larger ones are left to the exact path.
_INT64 = (-(2**63), 2**63 - 1)
#: Bounds on a ``number`` beyond this may compare differently with a double and an int.
_EXACT_DOUBLE = 2**53


class _UnsupportedError(Exception):
    """A schema construct the pre-filter cannot compile exactly: no pre-filter then."""


@cache
def _compiled_for(version: int) -> _Compiled | None:
    return _compile(structure_for(schema_handle(version)))


def line_prefilter(version: int = DEFAULT_VERSION) -> LinePrefilter | None:
    """A pre-filter for one stream of lines of bundled schema ``version`` (compiled once
    per version; each call gives a new function with its own write buffer, so use it in
    one thread), or ``None`` when the schema has a construct it cannot compile exactly."""
    compiled = _compiled_for(schema_handle(version).version)
    return None if compiled is None else compiled.make_line()


def block_prefilter(version: int = DEFAULT_VERSION) -> BlockPrefilter | None:
    """The block pre-filter of bundled schema ``version`` (see the module notes; one per
    version, it keeps no state), or ``None`` exactly when :func:`line_prefilter` is."""
    compiled = _compiled_for(schema_handle(version).version)
    return None if compiled is None else compiled.block


def prefilter_of(root: Node) -> LinePrefilter | None:
    """A pre-filter for the schema walked into ``root`` (see :func:`line_prefilter`), or
    ``None`` if it cannot have one (see the module notes): taking no line is always
    sound, a wrong type never."""
    compiled = _compile(root)
    return None if compiled is None else compiled.make_line()


def block_prefilter_of(root: Node) -> BlockPrefilter | None:
    """The block pre-filter for the schema walked into ``root`` (see
    :func:`block_prefilter`), or ``None`` when :func:`prefilter_of` gives none."""
    compiled = _compile(root)
    return None if compiled is None else compiled.block


class _Compiled(NamedTuple):
    """What one schema compiles to: a maker of line pre-filters (each with its own write
    buffer) and the block pre-filter (no state: it writes into new bytes)."""

    make_line: Callable[[], LinePrefilter]
    block: BlockPrefilter


def _compile(root: Node) -> _Compiled | None:
    """Code for both pre-filters: msgspec reads the line (or the block's lines) into the
    compiled types and writes it back (a line into the pre-filter's own buffer with
    ``encode_into``: no new bytes object per line), which must then be the line (or the
    block); then the ``date-time`` checks (of every value of the block).

    msgspec is imported here, not when the module loads: ``generate`` loads this module
    (through :mod:`~callevent_toolkit.jobs`) and never needs it."""
    import msgspec

    if root.kind not in ("object", "map") or max(len(n.path) for n in root.walk()) >= MAX_DEPTH:
        return None
    try:
        decoder = msgspec.json.Decoder(_type_of(root, [0]))
    except (_UnsupportedError, TypeError, ValueError):  # msgspec refusing a type: off as well
        return None
    encoder = msgspec.json.Encoder()
    paths = _straight_date_times(root)
    lines = [*_line_code(root), *_block_code(root, len(paths))]
    namespace: dict[str, Any] = {
        "decode": decoder.decode,
        "decode_lines": decoder.decode_lines,
        "encode_into": encoder.encode_into,
        "encode_lines": encoder.encode_lines,
        "date_time": DATE_TIME.fullmatch,
        "date_times": _DATE_TIMES.fullmatch,
        "UNSET": msgspec.UNSET,
        "stamp": attrgetter(*paths) if paths else None,
        "chain": lambda stamp, values: chain.from_iterable(map(stamp, values)),
    }
    exec(compile("\n".join(lines), "<prefilter>", "exec"), namespace)
    return _Compiled(namespace["make"], namespace["block"])


def _line_code(root: Node) -> list[str]:
    """``make()``, which gives a line pre-filter with its own write buffer."""
    lines = [
        "def make():",
        "    written = bytearray()",
        "    def prefilter(raw):",
        "        try:",
        "            v0 = decode(raw)",
        "            encode_into(v0, written)",  # resized to what is written
        "        except Exception:",  # anything msgspec refuses or cannot write: not judged
        "            return False",
        "        written.append(10)",
        "        if written != raw:",
        "            return False",
    ]
    _date_checks(root, 0, "        ", lines, "False")
    return [*lines, "        return True", "    return prefilter"]


def _block_code(root: Node, straight: int) -> list[str]:
    """``block(raw)``, the block pre-filter; ``straight`` date-times on required paths
    (see :func:`_straight_date_times`) are checked in one pattern call."""
    lines = [
        "def block(raw):",
        "    try:",
        "        values = decode_lines(raw)",
        "        written = encode_lines(values)",
        "    except Exception:",
        "        return 0",
        "    if written != raw:",  # also an empty block: no values, nothing taken
        "        return 0",
    ]
    if straight:
        lines += [
            f"    stamps = '\\n'.join({'map' if straight == 1 else 'chain'}(stamp, values))",
            f"    if stamps.count('\\n') != {straight} * len(values) - 1:",
            "        return 0",  # a timestamp holds a "\n": one of them is no date-time
            "    if date_times(stamps) is None:",
            "        return 0",
        ]
    elif _has_date_time(root):
        lines.append("    for v0 in values:")
        _date_checks(root, 0, "        ", lines, "0")
    return [*lines, "    return len(values)"]


# --------------------------------------------------------------------------- types


def _type_of(node: Node, counter: list[int]) -> Any:
    """The msgspec type that takes exactly the values ``node`` allows, or a subset."""
    if node.format is not None and (node.kind, node.format) != ("string", "date-time"):
        raise _UnsupportedError(f"format {node.format!r} at {node.pointer or '/'}")
    bounded = node.minimum is not None or node.maximum is not None
    if bounded and node.kind not in ("integer", "number"):
        raise _UnsupportedError(f"bounds on a {node.kind} at {node.pointer or '/'}")
    if node.enum is not None:
        return _literal_of(node)
    if node.kind == "object":
        return _struct_of(node, counter)
    if node.kind in ("map", "array"):
        assert node.items is not None  # the walk gives maps and arrays their items
        item = _type_of(node.items, counter)
        return dict[str, item] if node.kind == "map" else list[item]  # type: ignore[valid-type]
    if node.kind == "integer":
        return _integer(node)
    if node.kind == "number":
        return _number(node)
    return {"string": str, "boolean": bool, "null": None}[node.kind]


def _struct_of(node: Node, counter: list[int]) -> Any:
    """A Struct for a closed object: fields ``f0, f1, ...`` renamed to the property names
    (any JSON key), in the schema's order, which is the order the generator writes."""
    import msgspec

    if not node.closed:
        raise _UnsupportedError(f"an open object at {node.pointer or '/'}")
    fields: list[Any] = []
    for index, prop in enumerate(node.properties):
        kind = _type_of(prop.node, counter)
        if prop.required:
            fields.append((f"f{index}", kind))
        else:
            fields.append((f"f{index}", Union[kind, msgspec.UnsetType], msgspec.UNSET))  # noqa: UP007
    counter[0] += 1
    return msgspec.defstruct(
        f"Object{counter[0]}",
        fields,
        kw_only=True,  # required fields may follow optional ones, as in the schema
        forbid_unknown_fields=True,
        rename={f"f{index}": prop.name for index, prop in enumerate(node.properties)},
        gc=False,  # what a line decodes to holds no cycle
    )


def _literal_of(node: Node) -> Any:
    """``Literal`` of the enum's strings or 64-bit integers (within the bounds); any other
    enum (of numbers, booleans, objects, arrays, mixed) is not compiled."""
    assert node.enum is not None
    values = list(node.enum)
    if node.kind == "string" and all(type(v) is str for v in values):
        return Literal[tuple(values)]
    if node.kind == "integer" and all(type(v) is int for v in values):
        low, high = _integer_bounds(node)
        kept = tuple(v for v in values if low <= v <= high)
        if kept:
            return Literal[kept]
    if node.kind == "null" and all(v is None for v in values):
        return None
    raise _UnsupportedError(f"enum {values!r} at {node.pointer or '/'}")


def _integer_bounds(node: Node) -> tuple[int, int]:
    low = _INT64[0] if node.minimum is None else max(_INT64[0], math.ceil(node.minimum))
    high = _INT64[1] if node.maximum is None else min(_INT64[1], math.floor(node.maximum))
    return low, high


def _integer(node: Node) -> Any:
    import msgspec

    low, high = _integer_bounds(node)
    if low > high:
        raise _UnsupportedError(f"no 64-bit integer within the bounds at {node.pointer or '/'}")
    return Annotated[int, msgspec.Meta(ge=low, le=high)]


def _number(node: Node) -> Any:
    """An ``int`` (kept as written: ``3`` stays ``3``) or a ``float`` within the bounds."""
    import msgspec

    if any(abs(b) >= _EXACT_DOUBLE for b in (node.minimum, node.maximum) if b is not None):
        raise _UnsupportedError(f"a bound past 2**53 at {node.pointer or '/'}")
    double = Annotated[float, msgspec.Meta(ge=node.minimum, le=node.maximum)]
    low, high = _integer_bounds(node)
    if low > high:  # no integer within the bounds
        return double
    return Union[Annotated[int, msgspec.Meta(ge=low, le=high)], double]  # noqa: UP007


# --------------------------------------------------------------------------- date-times


def _straight_date_times(root: Node) -> list[str]:
    """The attribute paths (``f11``, ``f4.f0.f2``) of every ``date-time`` of the schema,
    when each is reached from the root through required properties only, else ``[]``
    (none, or one inside a map, an array or an optional property: then a loop checks
    them, as in the line pre-filter). Why: on such a path every value of a block has
    the timestamp, so the block's timestamps joined by ``\\n`` go through
    :data:`_DATE_TIMES` in one call; a timestamp that holds a ``\\n`` itself makes one
    ``\\n`` too many, which is counted first."""
    paths: list[str] = []

    def walk(node: Node, prefix: str) -> bool:
        if node.kind == "string" and node.format == "date-time":
            paths.append(prefix.rstrip("."))
            return True
        if not _has_date_time(node):
            return True
        if node.kind != "object":
            return False
        return all(
            prop.required and walk(prop.node, f"{prefix}f{index}.")
            for index, prop in enumerate(node.properties)
            if _has_date_time(prop.node)
        )

    return paths if root.kind == "object" and walk(root, "") else []


def _has_date_time(node: Node) -> bool:
    return any(n.format == "date-time" for n in node.walk())


def _date_checks(node: Node, depth: int, pad: str, lines: list[str], refused: str) -> None:
    """Lines checking every ``date-time`` below the value in variable ``v{depth}``: a
    straight path through the Struct fields, a loop over a map's values or array; a
    timestamp that fails returns ``refused``."""
    here, child = f"v{depth}", f"v{depth + 1}"
    if node.kind == "string":
        lines.append(f"{pad}if date_time({here}) is None:\n{pad}    return {refused}")
    elif node.kind == "object":
        for index, prop in enumerate(node.properties):
            if not _has_date_time(prop.node):
                continue
            lines.append(f"{pad}{child} = {here}.f{index}")
            if prop.required:
                _date_checks(prop.node, depth + 1, pad, lines, refused)
            else:
                lines.append(f"{pad}if {child} is not UNSET:")
                _date_checks(prop.node, depth + 1, pad + "    ", lines, refused)
    elif node.kind in ("map", "array") and node.items is not None and _has_date_time(node):
        values = f"{here}.values()" if node.kind == "map" else here
        lines.append(f"{pad}for {child} in {values}:")
        _date_checks(node.items, depth + 1, pad + "    ", lines, refused)
