"""What "the tests exercised the contract" means: targets, and which of them an event hits.

Why a model of its own: line coverage says which code ran, not which inputs the code was
fed. A consumer's handler can be 100 % line-covered and never have seen an event without
``sdk_edge.metadata.location``. So the contract is turned into a fixed list of
:class:`Target` objects, each a thing a test *could* have fed its code, in five
dimensions:

* ``presence``: per property of every object, ``present`` (the parent was there and so
  was the property) and, for optional properties only, ``absent``;
* ``values``: per leaf, the value classes of its JSON type (see :func:`value_classes`);
* ``sizes``: per map and array, ``empty``, ``one`` and ``many`` (two or more);
* ``kinds``: per ``edge`` value and per real ``group``/``name``/``level`` combination;
* ``constraints``: per rule of :func:`~callevent_toolkit.schemas.constraints.constraints`,
  whether an event breaking that rule *alone* was fed.

Everything comes from the schema walk (:func:`~callevent_toolkit.schemas.structure.structure`),
the constraint list and the engine's catalogue of event kinds; nothing here names a field.
A dimension's figure is its targets seen over its targets; the overall figure is all
targets seen over all targets (every target weighs the same).

The module is pure: :func:`model` compiles the walk into one visitor per position, so
observing an event is a single pass that adds target indices to a set.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..engine import EDGES, event_kinds
from ..schemas import DEFAULT_VERSION
from ..schemas.constraints import Constraint, constraints_of
from ..schemas.pointers import pointer_of
from ..schemas.structure import Node, structure

__all__ = [
    "DIMENSIONS",
    "ContractModel",
    "Target",
    "model",
    "value_classes",
]

#: The dimensions, in report order.
DIMENSIONS = ("presence", "values", "sizes", "kinds", "constraints")

Visitor = Callable[[Any, set[int]], None]

_INT32 = (2**31 - 1, -(2**31))
_INT64 = (2**63 - 1, -(2**63))
_MISSING = object()
_MEMO_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Target:
    """One thing a test could have fed its code: ``dimension``, place and ``label``.

    ``pointer`` is the event-space pointer of the node it belongs to (``*`` for any map key
    or array index; ``""`` for the root, where the event kinds sit).
    """

    dimension: str
    pointer: str
    label: str

    @property
    def key(self) -> str:
        """``dimension pointer label``: stable text that names the target across runs."""
        return f"{self.dimension} {self.pointer} {self.label}"


def value_classes(node: Node) -> tuple[str, ...]:
    """The value classes a leaf of this kind (and format) is judged by.

    Strings: ``empty``, ``whitespace`` (only), ``non-ascii``, ``control`` (a character
    Python does not call printable: controls, NUL, bidi and other format characters),
    ``long`` (256 characters or more), ``ordinary`` (other printable ASCII).
    ``date-time`` strings: ``utc`` (``Z``), ``offset`` (``+hh:mm``/``-hh:mm``),
    ``fraction`` (fractional seconds). Integers: ``zero``, ``negative``, ``positive``,
    ``boundary`` (the schema's ``minimum``/``maximum`` where set, else a 32- or 64-bit
    limit), ``huge`` (outside 64 bits), ``integral-float`` (``1.0`` for an integer).
    Numbers: ``zero``, ``negative-zero``, ``negative``, ``positive``, ``integral``,
    ``fractional``, ``huge`` (magnitude past 2**53). Booleans ``true``/``false``; ``null``.
    A class the schema's bounds rule out (``huge`` for a 32-bit ``latency_ms``) is left
    out, so that 100 % is reachable.
    """
    if node.kind == "string":
        if node.format == "date-time":
            return ("utc", "offset", "fraction")
        return ("empty", "whitespace", "non-ascii", "control", "long", "ordinary")
    if node.kind == "integer":
        classes = ("zero", "negative", "positive", "boundary", "huge", "integral-float")
        return tuple(c for c in classes if _possible(node, c, _INT64[0]))
    if node.kind == "number":
        classes = ("zero", "negative-zero", "negative", "positive", "integral", "fractional")
        return tuple(c for c in (*classes, "huge") if _possible(node, c, 2**53))
    if node.kind == "boolean":
        return ("true", "false")
    return ("null",) if node.kind == "null" else ()


def _possible(node: Node, label: str, huge: float) -> bool:
    """Whether the schema's bounds let a value of class ``label`` exist at all."""
    low = -math.inf if node.minimum is None else node.minimum
    high = math.inf if node.maximum is None else node.maximum
    if label in ("zero", "negative-zero"):
        return low <= 0 <= high
    if label == "negative":
        return low < 0
    if label == "positive":
        return high > 0
    if label == "huge":
        return low < -huge or high > huge
    return True


def _string_classes(value: str) -> Iterable[str]:
    if not value:
        return ("empty",)
    found = []
    if value.isspace():
        found.append("whitespace")
    if not value.isascii():
        found.append("non-ascii")
    if not value.isprintable() and not value.isspace():
        found.append("control")
    if len(value) >= 256:
        found.append("long")
    if not found:
        found.append("ordinary")
    return found


def _timestamp_classes(value: str) -> Iterable[str]:
    found = ["utc"] if value[-1:] in ("Z", "z") else ["offset"]
    if "." in value:
        found.append("fraction")
    return found


def _integer_classes(node: Node, value: int | float) -> Iterable[str]:
    found = ["zero" if value == 0 else ("negative" if value < 0 else "positive")]
    bounds = tuple(b for b in (node.minimum, node.maximum) if b is not None)
    if value in (bounds or (*_INT32, *_INT64)):
        found.append("boundary")
    if not _INT64[1] <= value <= _INT64[0]:
        found.append("huge")
    if isinstance(value, float):
        found.append("integral-float")
    return found


def _number_classes(value: int | float) -> Iterable[str]:
    if value == 0:
        negative_zero = isinstance(value, float) and math.copysign(1.0, value) < 0
        return ("negative-zero",) if negative_zero else ("zero",)
    found = ["negative" if value < 0 else "positive"]
    whole = isinstance(value, int) or value.is_integer()
    found.append("integral" if whole else "fractional")
    if abs(value) > 2**53:
        found.append("huge")
    return found


def _classifier(node: Node) -> Callable[[Any], Iterable[str]]:
    """``value -> class labels`` for a leaf; a value of the wrong JSON type has none."""

    def numeric(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    if node.kind == "string":
        classes = _timestamp_classes if node.format == "date-time" else _string_classes
        return lambda v: classes(v) if isinstance(v, str) else ()
    if node.kind == "integer":
        return lambda v: _integer_classes(node, v) if numeric(v) else ()
    if node.kind == "number":
        return lambda v: _number_classes(v) if numeric(v) else ()
    if node.kind == "boolean":
        return lambda v: (("true" if v else "false"),) if isinstance(v, bool) else ()
    return lambda v: ("null",) if v is None else ()


def _node_targets(node: Node) -> list[Target]:
    here = node.pointer
    found = []
    for prop in node.properties:
        where = prop.node.pointer
        found.append(Target("presence", where, "present"))
        if not prop.required:
            found.append(Target("presence", where, "absent"))
    found += [Target("values", here, label) for label in value_classes(node)]
    if node.kind in ("map", "array"):
        found += [Target("sizes", here, label) for label in ("empty", "one", "many")]
    return found


def _kind_targets(root: Node) -> list[Target]:
    if root.property("edge") is None or root.property("name") is None:
        return []
    edges = [Target("kinds", "", f"edge={edge}") for edge in EDGES]
    return edges + [Target("kinds", "", "/".join(kind)) for kind in event_kinds()]


def _sized(ids: dict[str, int], node: Node) -> Callable[[int], int]:
    empty, one, many = (ids[Target("sizes", node.pointer, s).key] for s in ("empty", "one", "many"))
    return lambda n: empty if n == 0 else (one if n == 1 else many)


def _leaf_visitor(ids: dict[str, int], node: Node) -> Visitor:
    classify = _classifier(node)
    index = {label: ids[Target("values", node.pointer, label).key] for label in value_classes(node)}

    memo: dict[str, tuple[int, ...]] = {}  # realistic text repeats: classify each once

    def visit(value: Any, hit: set[int]) -> None:
        if type(value) is str:
            found = memo.get(value)
            if found is None:
                found = tuple(index[label] for label in classify(value))
                if len(memo) < _MEMO_SIZE:
                    memo[value] = found
            hit.update(found)
            return
        for label in classify(value):
            hit.add(index[label])

    return visit


def _object_visitor(ids: dict[str, int], node: Node) -> Visitor:
    props = [
        (
            prop.name,
            ids[Target("presence", prop.node.pointer, "present").key],
            ids.get(Target("presence", prop.node.pointer, "absent").key),
            _visitor(ids, prop.node),
        )
        for prop in node.properties
    ]

    def visit(value: Any, hit: set[int]) -> None:
        if type(value) is not dict:
            return
        for name, present, absent, child in props:
            item = value.get(name, _MISSING)
            if item is not _MISSING:
                hit.add(present)
                child(item, hit)
            elif absent is not None:
                hit.add(absent)

    return visit


def _container_visitor(ids: dict[str, int], node: Node) -> Visitor:
    assert node.items is not None
    size_of = _sized(ids, node)
    child = _visitor(ids, node.items)
    is_map = node.kind == "map"

    def visit(value: Any, hit: set[int]) -> None:
        if type(value) is not (dict if is_map else list):
            return
        hit.add(size_of(len(value)))
        container: Any = value  # a dict or a list, by the check above
        items: Iterable[Any] = container.values() if is_map else container
        for item in items:
            child(item, hit)

    return visit


def _visitor(ids: dict[str, int], node: Node) -> Visitor:
    if node.kind == "object":
        return _object_visitor(ids, node)
    if node.kind in ("map", "array"):
        return _container_visitor(ids, node)
    return _leaf_visitor(ids, node)


def _kind_visitor(ids: dict[str, int]) -> Visitor:
    """The root's event kind: ``edge`` and the ``group``/``name``/``level`` combination."""

    def visit(event: Any, hit: set[int]) -> None:
        if type(event) is not dict:
            return
        edge = ids.get(f"kinds  edge={event.get('edge')}")
        if edge is not None:
            hit.add(edge)
        kind = (event.get("group"), event.get("name"), event.get("level"))
        if all(isinstance(part, str) for part in kind):
            found = ids.get("kinds  " + "/".join(kind))  # type: ignore[arg-type]
            if found is not None:
                hit.add(found)

    return visit


class ContractModel:
    """The targets of one schema and the visitor that says which of them an event hits.

    ``targets`` is ordered as the schema walk meets the nodes (per node: presence,
    values, sizes), then the kinds, then the constraints; ``nodes`` are the walked
    nodes in the same order, for reports that draw the schema as a tree.
    """

    def __init__(self, root: Node, rules: list[Constraint]) -> None:
        self.root = root
        self.nodes: tuple[Node, ...] = tuple(root.walk())
        shape = [t for node in self.nodes for t in _node_targets(node)]
        rule_targets = [Target("constraints", c.pointer, c.keyword) for c in rules]
        self.targets: tuple[Target, ...] = (*shape, *_kind_targets(root), *rule_targets)
        self.index: dict[str, int] = {t.key: i for i, t in enumerate(self.targets)}
        self.constraints: tuple[Constraint, ...] = tuple(rules)
        self._visit = _visitor(self.index, root)
        self._kinds = _kind_visitor(self.index)

    def observe(self, event: Any, hit: set[int]) -> None:
        """Add to ``hit`` the indices of the shape, value, size and kind targets of ``event``."""
        self._visit(event, hit)
        self._kinds(event, hit)

    def violated_target(self, path: tuple[str, ...], keyword: str) -> int | None:
        """The constraint target a validator's violation at a concrete ``path`` breaks.

        Map keys and array indices become ``*``; an ``additionalProperties`` violation
        named at the unknown property counts for the closed object above it.
        """
        node, steps = self.root, []
        for step in path:
            found = node.find(("*",) if node.kind in ("map", "array") else (step,))
            if found is None:
                break
            steps.append("*" if node.kind in ("map", "array") else step)
            node = found
        pointer = pointer_of(tuple(steps))
        return self.constraint_target(pointer, keyword)

    def constraint_target(self, pointer: str, keyword: str) -> int | None:
        """The index of the constraint target (``pointer`` with ``*``), or None."""
        return self.index.get(f"constraints {pointer} {keyword}")


@cache
def model(version: int = DEFAULT_VERSION) -> ContractModel:
    """The :class:`ContractModel` of the bundled CallEvent schema of ``version`` (cached)."""
    root = structure(version)
    return ContractModel(root, constraints_of(root))
