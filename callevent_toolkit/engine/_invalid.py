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
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from .._checks import check_int, check_keywords
from ..schemas import schema_handle
from ..schemas.constraints import Constraint, constraints
from ..schemas.structure import Node, structure
from ..validation import Violation
from ._calls._writer import copy_json
from ._mutations import At, Operator, Place, operators_for
from ._plans import EventPlan, plan_with
from ._sources import Source, pick, seeded_source

__all__ = [
    "InvalidCallEvent",
    "Target",
    "check_max_violations",
    "coverage",
    "first_tried",
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
    operators: tuple[Operator, ...]

    @property
    def violation(self) -> Violation:
        """The first (with ``max_violations=1``, the only) violation."""
        return self.violations[0]

    @property
    def constraint(self) -> Constraint:
        """The constraint the first violation breaks."""
        return self.constraints[0]

    @property
    def operator(self) -> Operator:
        """The operator that made the first violation (a ``str``: its name)."""
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


Layers = tuple[tuple[Target, ...], ...]


@lru_cache(maxsize=512)
def _by_keyword(options: tuple[Target, ...]) -> tuple[Layers, ...]:
    """``options`` by keyword (in :func:`constraints` order), each split by depth
    (shallowest first): what :func:`_by_kind` draws from, computed once per menu."""
    found = []
    for keyword in dict.fromkeys(t.constraint.keyword for t in options):
        same = [t for t in options if t.constraint.keyword == keyword]
        depths = sorted({len(t.path) for t in same})
        found.append(tuple(tuple(t for t in same if len(t.path) == d) for d in depths))
    return tuple(found)


# The menus :func:`_layers_for` saw last, by identity: hashing a 213-rule menu to look it
# up in ``_by_keyword``'s cache cost 64 µs, about a twentieth of an example.
_RECENT_LAYERS: list[tuple[Sequence[Target], tuple[Layers, ...]]] = []


def _layers_for(options: Sequence[Target]) -> tuple[Layers, ...]:
    """:func:`_by_keyword` of ``options``, found by identity first for a cached menu."""
    for seen, layers in _RECENT_LAYERS:
        if seen is options:
            return layers
    layers = _by_keyword(tuple(options))
    if isinstance(options, tuple):  # a menu that lives on (the strategy's); not a filtered list
        _RECENT_LAYERS[:] = [(options, layers), *_RECENT_LAYERS[:7]]
    return layers


def _by_kind(src: Source, options: Sequence[Target], *, may_skip: bool = False) -> Target | None:
    """A target drawn kind first, then depth, then place, each uniformly.

    The schema has 106 ``type`` rules and one ``format`` rule; drawing places uniformly
    gives a validator that ignores formats a 1-in-213 chance per example. The kind draw
    gives every keyword family the same share; the depth draw gives each depth a kind
    occurs at the same share, so the few top-level places get a large one; all three
    shrink towards the first kind's shallowest place.

    With ``may_skip`` (the second and later rules of a ``max_violations`` example) kind
    0 means "no rule here" and the depth and place are drawn all the same: the shrinker
    can then drop a middle rule by zeroing one choice, without shifting the choices of
    the rules after it (with the count alone it could only drop the last one).
    """
    kinds = _layers_for(options)
    kind = src.index(len(kinds) + may_skip) - may_skip
    layers = kinds[max(kind, 0)]
    layer = layers[src.index(len(layers))]
    target = layer[src.index(len(layer))]
    return None if kind < 0 else target


def first_tried(menu: Sequence[Target]) -> tuple[Target, ...]:
    """The rules a strategy run tries first, once each, in :func:`constraints` order.

    Every rule of the event itself and of its top-level properties (27 of the 213), and
    each kind's shallowest rules (the two ``minimum`` and two ``maximum`` rules are three
    levels down): the rules a lenient validator most often forgets, and the ones a
    100-example run must not leave to chance. Drawn places favour the first entries of
    every choice, so a drawn run caught a skipped ``account_sid`` in 16 of 20 seeds and
    any other top-level required field in at most 3.
    """
    shallowest = {t for layers in _layers_for(menu) for t in layers[0]}
    return tuple(t for t in menu if len(t.path) <= 1 or t in shallowest)


def _first_tried_case(target: Target, index: int, version: int) -> InvalidCallEvent:
    """Rule ``index`` of :func:`first_tried`, broken by its first (simplest) operator in
    a realistic event fixed by ``index`` alone: no choice is left to draw, so Hypothesis
    counts the case as tried and never repeats it (its tree of choices is exhausted).

    Built once per process and handed out as a copy, since a test may change the event it
    is given: a copy costs 1.8 us, a build 21 us, and every ``@given`` run of the strategy
    starts with these cases."""
    built = _built_first_tried_case(target, index, version)
    return replace(built, event=copy_json(built.event))


@lru_cache(maxsize=256)
def _built_first_tried_case(target: Target, index: int, version: int) -> InvalidCallEvent:
    src = seeded_source(_FIRST_TRIED_SEED, index)
    operator = target.operators[0]
    event, (place,) = _base_event(src, [target], version, True)
    event, violation = operator.apply(event, At(place, target.node), src)
    return InvalidCallEvent(event, (violation,), (target.constraint,), (operator,))


# The seed of the first-tried cases' base events: any fixed value; pinned so that the
# cases (and the examples failures shrink to) are the same in every run and release.
_FIRST_TRIED_SEED = 20261206


def _uniform(src: Source, options: Sequence[Target]) -> Target:
    """A target drawn uniformly over places (the bulk generator: bytes pinned)."""
    return pick(src, options)


def _choose(src: Source, menu: Sequence[Target], count: int, by_kind: bool) -> list[Target]:
    if not by_kind:
        chosen = [_uniform(src, menu)]  # the first needs no clash check (the bulk path)
    else:
        first = _by_kind(src, menu)
        assert first is not None
        chosen = [first]
    for _ in range(count - 1):
        options = [t for t in menu if not any(t.clashes(c) for c in chosen)]
        if not options:
            break
        extra = _by_kind(src, options, may_skip=True) if by_kind else _uniform(src, options)
        if extra is not None:
            chosen.append(extra)
    return chosen


@lru_cache(maxsize=1024)
def _plan_reaching(version: int, realistic: bool, reach: tuple[Any, ...]) -> EventPlan:
    """``plan_with(version, realistic, reach)``, looked up by the arguments as they are:
    ``plan_with`` normalises its paths and pins before its own cache sees them (1.3 us
    against 0.09 us, of the about 25 us an ``invalid_call_events()`` example spends in
    the toolkit's own code)."""
    return plan_with(version, realistic, reach)


def _base_event(
    src: Source, chosen: Sequence[Target], version: int, realistic: bool
) -> tuple[Any, list[Place]]:
    """A valid event holding every chosen place, and those places.

    Contract-space events may leave a map or array empty; then a realistic event (whose
    maps and arrays are never empty) is the base instead.
    """
    reach = tuple(sorted({t.reach for t in chosen if t.reach}))
    for plan_realistic in dict.fromkeys((realistic, True)):
        event = _plan_reaching(version, plan_realistic, reach).event(src)
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
    by_kind: bool = False,
    tried_first: Sequence[Target] = (),
) -> InvalidCallEvent:
    """Draw constraints from ``menu``, a base event and the mutations; apply them.

    ``by_kind=True`` (the strategy) draws the kind of rule first, then the depth, then
    the place (:func:`_by_kind`); the default draws uniformly over the menu's places, as
    the bulk generator always has (its seeded bytes are pinned).

    ``tried_first`` (the strategy passes :func:`first_tried` of its menu) makes the first
    choice one index over those rules plus one more: index *k* < ``len(tried_first)`` is
    rule *k*'s fixed case (:func:`_first_tried_case`) and draws nothing else, so
    Hypothesis's tree of choices marks it done after one try; the last index goes on to
    the drawn search below. A 100-example run that draws only this strategy therefore tries
    every one of those rules once (by example 51 in half of 200 seeded runs, 99 in the
    slowest: ``benchmarks/first_tried_coverage.py``), between drawn examples.
    """
    if tried_first:
        first = src.index(len(tried_first) + 1)
        if first < len(tried_first):
            return _first_tried_case(tried_first[first], first, version)
    count = src.integer(1, max_violations) if max_violations > 1 else 1
    chosen = _choose(src, menu, count, by_kind)
    operators = [pick(src, t.operators) for t in chosen]
    event, places = _base_event(src, chosen, version, realistic)
    violations = []
    for target, operator, place in zip(chosen, operators, places, strict=True):
        event, violation = operator.apply(event, At(place, target.node), src)
        violations.append(violation)
    return InvalidCallEvent(
        event,
        tuple(violations),
        tuple(t.constraint for t in chosen),
        tuple(operators),
    )


def coverage(version: int, seed: int) -> list[InvalidCallEvent]:
    """Every operator applied once to every constraint (see ``coverage_cases``)."""
    cases: list[InvalidCallEvent] = []
    for target in targets(version):
        for operator in target.operators:
            src = seeded_source(seed, len(cases))
            event, (place,) = _base_event(src, [target], version, True)
            event, violation = operator.apply(event, At(place, target.node), src)
            cases.append(InvalidCallEvent(event, (violation,), (target.constraint,), (operator,)))
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
