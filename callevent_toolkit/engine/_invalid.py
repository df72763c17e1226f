"""Deliberately invalid CallEvents, each labelled with the rule it breaks.

How an invalid event is made, the same way for the strategy, the bulk generator and the
coverage checklist:

1. choose which constraints to break (:func:`~callevent_toolkit.coverage.constraints`
   made actionable as :class:`Target`), and for each one a mutation operator;
2. build a realistic *valid* event whose plan forces the optional parts those
   constraints live in to be present (``EventPlan(present=...)``);
3. pick the concrete place (a real map key or array index where the constraint says
   ``*``) and apply the operators.

Every choice goes through a :class:`Source`, so Hypothesis sees and shrinks
all of them, and the bulk generator replays them from a seeded ``Random``. Because the
label is produced by the operator that did the damage, it stays true for any base event,
including the one Hypothesis shrinks to.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .._checks import check_int, check_keywords
from ..schemas import schema_handle
from ..schemas.constraints import Constraint, constraints
from ..schemas.structure import Node, structure
from ..validation import Violation
from ._mutations import At, Operator, Place, operators_for
from ._plans import plan_with
from ._sources import Source, pick, seeded_source

__all__ = [
    "InvalidCallEvent",
    "Target",
    "check_max_violations",
    "coverage",
    "make_invalid",
    "menu_for",
    "targets",
]


@dataclass(frozen=True)
class InvalidCallEvent:
    """An event that breaks the schema on purpose, with what it breaks.

    ``event`` is the JSON value (a dict, except for a broken top-level ``type``, where
    it is the event as a list, a JSON string, ``null`` and so on). ``violations`` holds
    one :class:`~callevent_toolkit.validation.Violation` per mutation, with the concrete
    pointer; ``constraints`` and ``operators`` say, per mutation, which rule of
    :func:`~callevent_toolkit.coverage.constraints` was broken and how.
    """

    event: Any
    violations: tuple[Violation, ...]
    constraints: tuple[Constraint, ...]
    operators: tuple[str, ...]

    @property
    def violation(self) -> Violation:
        """The first (with ``max_violations=1``, the only) violation."""
        return self.violations[0]

    @property
    def constraint(self) -> Constraint:
        """The constraint the first violation breaks."""
        return self.constraints[0]

    @property
    def operator(self) -> str:
        """The name of the operator that made the first violation."""
        return self.operators[0]


# A footprint is the abstract place a mutation touches; ``None`` stands for "a new
# property" of a closed object. Two mutations may share an event only if neither
# footprint is a prefix of the other (otherwise one could undo or hide the other).
Footprint = tuple[str | None, ...]


@dataclass(frozen=True)
class Target:
    """A constraint made actionable: where to find it in an event and how to break it."""

    constraint: Constraint
    node: Node = field(compare=False)
    path: tuple[str, ...]
    reach: tuple[str, ...]
    footprint: Footprint
    operators: tuple[Operator, ...] = field(compare=False)

    def clashes(self, other: Target) -> bool:
        """Whether the two mutations could interfere in one event."""
        short, long = sorted((self.footprint, other.footprint), key=len)
        return long[: len(short)] == short


def _target(constraint: Constraint, root: Node) -> Target:
    path = constraint.path
    node = root.find(path)
    assert node is not None, constraint
    reach = path[: path.index("*")] if "*" in path else path
    footprint: Footprint = path
    if constraint.keyword == "additionalProperties":
        footprint = (*path, None)
    operators = operators_for(constraint.keyword, node)
    return Target(constraint, node, path, reach, footprint, operators)


@cache
def targets(version: int) -> tuple[Target, ...]:
    """Every constraint of ``version`` with its operators, in :func:`constraints` order."""
    root = structure(version)
    return tuple(_target(c, root) for c in constraints(version))


def _locate(event: Any, path: tuple[str, ...], src: Source) -> Place | None:
    """A concrete place for ``path``: a real key or index wherever it says ``*``."""
    place: list[str | int] = []
    value = event
    for step in path:
        if step == "*":
            if not value or not isinstance(value, (dict, list)):
                return None
            key: str | int = pick(
                src, list(value) if isinstance(value, dict) else range(len(value))
            )
        elif isinstance(value, dict) and step in value:
            key = step
        else:
            return None
        place.append(key)
        value = value[key]
    return tuple(place)


def _choose(src: Source, menu: Sequence[Target], count: int) -> list[Target]:
    chosen = [pick(src, menu)]  # the first needs no clash check (the bulk path)
    for _ in range(count - 1):
        options = [t for t in menu if not any(t.clashes(c) for c in chosen)]
        if not options:
            break
        chosen.append(pick(src, options))
    return chosen


def _base_event(
    src: Source, chosen: Sequence[Target], version: int, realistic: bool
) -> tuple[Any, list[Place]]:
    """A valid event holding every chosen place, and those places.

    Contract-space events may leave a map or array empty; then a realistic event (whose
    maps and arrays are never empty) is the base instead.
    """
    reach = tuple(sorted({t.reach for t in chosen if t.reach}))
    for plan_realistic in dict.fromkeys((realistic, True)):
        event = plan_with(version, plan_realistic, reach).event(src)
        places = [_locate(event, t.path, src) for t in chosen]
        if all(p is not None for p in places):
            return event, [p for p in places if p is not None]
    raise RuntimeError(f"no event of version {version} reaches {[t.constraint for t in chosen]}")


def make_invalid(
    src: Source,
    menu: Sequence[Target],
    *,
    version: int,
    realistic: bool = True,
    max_violations: int = 1,
) -> InvalidCallEvent:
    """Draw constraints from ``menu``, a base event and the mutations; apply them."""
    count = src.integer(1, max_violations) if max_violations > 1 else 1
    chosen = _choose(src, menu, count)
    operators = [pick(src, t.operators) for t in chosen]
    event, places = _base_event(src, chosen, version, realistic)
    violations = []
    for target, operator, place in zip(chosen, operators, places, strict=True):
        event, violation = operator(event, At(place, target.node), src)
        violations.append(violation)
    return InvalidCallEvent(
        event,
        tuple(violations),
        tuple(t.constraint for t in chosen),
        tuple(op.__name__ for op in operators),
    )


def coverage(version: int, seed: int) -> list[InvalidCallEvent]:
    """Every operator applied once to every constraint (see ``coverage_cases``)."""
    cases: list[InvalidCallEvent] = []
    for target in targets(version):
        for operator in target.operators:
            src = seeded_source(seed, len(cases))
            event, (place,) = _base_event(src, [target], version, True)
            event, violation = operator(event, At(place, target.node), src)
            cases.append(
                InvalidCallEvent(event, (violation,), (target.constraint,), (operator.__name__,))
            )
    return cases


def menu_for(version: int, keywords: Collection[str] | None) -> tuple[Target, ...]:
    """The targets whose keyword is in ``keywords`` (all when ``None``), checked."""
    every = targets(version)
    if keywords is None:
        return every
    known = {t.constraint.keyword for t in every}
    chosen = check_keywords(keywords, known, schema_handle(version).label)
    return tuple(t for t in every if t.constraint.keyword in chosen)


def check_max_violations(max_violations: object) -> int:
    """``max_violations`` as a positive int, or :class:`InvalidArgument`."""
    return check_int("max_violations", max_violations, minimum=1)
