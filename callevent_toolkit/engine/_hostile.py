"""The valid half of the coverage phase: realistic events with one hostile part each.

A consumer's bug usually needs two things at once: the realistic context it was written
for (an SDK event with its metadata, a relay event with its TwiML attributes) and one
value nobody expected there (``"__proto__"``, ``-0.0``, a ``+05:45`` offset, an empty
array). Random contract-space events rarely have both. So, deterministically and for
every position of the schema walk, :func:`hostile_cases` takes a realistic event that
reaches the position and changes exactly one thing:

* every optional property (outside maps and arrays) present, and absent;
* every scalar position: each hostile value of its type
  (:func:`~._hostile_values.hostile_values`) in turn. Below a map, *every* realistic key
  is its own place, because consumers read map values by key (``attrs["speechTimeout"]``):
  the keys of several realistic events (``_KEY_BASES``), each key in the first event
  that has it, since one event carries only some of them (one or two of the seven
  ``languages``). Below an array the first item stands for all (items are read alike);
* every map: empty, and one realistic key renamed to each hostile key;
* every array: empty, one item, 1,000 items.

The base events come from a fixed seed, so the cases are the same in every run and for
every fuzz seed. Every case is valid by construction; the tests check each one with the
validator (the oracle).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..schemas.pointers import pointer_of
from ..schemas.structure import Node, structure
from ._hostile_values import HOSTILE_ARRAY_SIZES, HOSTILE_KEYS, hostile_values
from ._plans import EventPlan, check_version
from ._sources import RandomSource, event_seed

__all__ = ["HostileCase", "hostile_cases"]

_BASE_SEED = 20261201  # fixed: the coverage phase does not depend on the run's seed

Place = tuple[str | int, ...]


@dataclass(frozen=True)
class HostileCase:
    """One valid event that differs from a realistic one in exactly one part.

    ``position`` is the schema path of that part (``"*"`` for a map key or array item),
    ``pointer`` the concrete JSON pointer in ``event``, ``label`` the class of hostility
    (``"prototype name"``, ``"absent"``, ``"1,000 items"``, ...) and ``value`` what was put
    there (the value, the key, the number of items; ``None`` for present/absent).
    The cases are shared (cached): copy an event before changing it.
    """

    event: dict[str, Any] = field(repr=False)
    position: tuple[str, ...]
    pointer: str
    label: str
    value: Any = field(default=None, repr=False)

    @property
    def description(self) -> str:
        """One line naming the place and the hostile part, for reports."""
        if self.label in ("present", "absent"):
            return f"{self.pointer} {self.label}"
        if self.label in {v.label for v in HOSTILE_ARRAY_SIZES}:
            return f"{self.pointer} with {self.label}"
        shown = repr(self.value)
        shown = shown if len(shown) <= 40 else f"{shown[:30]}...{shown[-6:]} ({len(shown)} chars)"
        return f"{self.pointer} = {shown} ({self.label})"


#: Realistic events (after the first) whose map keys a position below a map also takes as
#: places: enough to meet every realistic key of the version-3 maps.
_KEY_BASES = 24


class _Bases:
    """One realistic base event per reached position, built once from the fixed seed;
    below a map, more of them, so every realistic key is met."""

    def __init__(self, version: int) -> None:
        self.version = version
        self._events: dict[tuple[str, ...], dict[str, Any]] = {}
        self._more: dict[tuple[str, ...], list[dict[str, Any]]] = {}

    def reaching(self, path: tuple[str, ...]) -> dict[str, Any]:
        reach = _reach(path)
        if reach not in self._events:
            plan = EventPlan(version=self.version, present=[reach] if reach else ())
            rng = random.Random(event_seed(_BASE_SEED, len(self._events)))
            self._events[reach] = plan.event(RandomSource(rng))
        return self._events[reach]

    def places(self, path: tuple[str, ...]) -> list[tuple[dict[str, Any], Place]]:
        """Every concrete place of ``path`` with the base event it is in.

        Without a map on the way, the places of the one base event. Below a map, each
        distinct realistic key (or key path) once, in the first of the base events that
        has it: the first base, then ``_KEY_BASES`` more from the same fixed seed.
        """
        first = self.reaching(path)
        if not self._below_a_map(path):
            return [(first, place) for place in _places(first, path)]
        found: dict[Place, tuple[dict[str, Any], Place]] = {}
        for base in [first, *self._more_reaching(path)]:
            for place in _places(base, path):
                found.setdefault(_keys_of(place, path), (base, place))
        return list(found.values())

    def _below_a_map(self, path: tuple[str, ...]) -> bool:
        """Whether the first ``*`` of ``path`` is a map's key (not an array's index)."""
        if "*" not in path:
            return False
        node = structure(self.version).find(_reach(path))
        return node is not None and node.kind == "map"

    def _more_reaching(self, path: tuple[str, ...]) -> list[dict[str, Any]]:
        reach = _reach(path)
        if reach not in self._more:
            plan = EventPlan(version=self.version, present=[reach] if reach else ())
            self._more[reach] = [
                plan.event(RandomSource(random.Random(event_seed(_BASE_SEED + 1, k))))
                for k in range(_KEY_BASES)
            ]
        return self._more[reach]


def _reach(path: tuple[str, ...]) -> tuple[str, ...]:
    return path[: path.index("*")] if "*" in path else path


def _keys_of(place: Place, path: tuple[str, ...]) -> Place:
    """The steps of ``place`` that stand for a ``*`` of ``path``: the keys it is at."""
    return tuple(step for step, pattern in zip(place, path, strict=True) if pattern == "*")


def _places(event: Any, path: tuple[str, ...]) -> list[Place]:
    """Every concrete place of ``path``: every key of a map, the first item of an array."""
    found: list[Place] = [()]
    for step in path:
        longer: list[Place] = []
        for place in found:
            value = _at(event, place)
            if step != "*":
                if isinstance(value, dict) and step in value:
                    longer.append((*place, step))
            elif isinstance(value, dict):
                longer.extend((*place, key) for key in value)
            elif isinstance(value, list) and value:
                longer.append((*place, 0))
        found = longer
    return found


def _at(event: Any, place: Place) -> Any:
    for step in place:
        event = event[step]
    return event


def _pointer(place: Place) -> str:
    return pointer_of(tuple(str(step) for step in place))


def _changed(event: dict[str, Any], place: Place, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    _at(changed, place[:-1])[place[-1]] = value
    return changed


def _scalar_cases(node: Node, bases: _Bases) -> Iterator[HostileCase]:
    for base, place in bases.places(node.path):
        for hostile in hostile_values(node):
            event = _changed(base, place, hostile.value)
            yield HostileCase(event, node.path, _pointer(place), hostile.label, hostile.value)


def _key_cases(node: Node, bases: _Bases) -> Iterator[HostileCase]:
    base = bases.reaching(node.path)
    for place in _places(base, node.path):
        mapping = _at(base, place)
        if not mapping:
            continue
        first, *_ = mapping
        yield HostileCase(_changed(base, place, {}), node.path, _pointer(place), "empty map", {})
        for hostile in HOSTILE_KEYS:
            renamed = {(hostile.value if k == first else k): v for k, v in mapping.items()}
            event = _changed(base, place, renamed)
            pointer = _pointer((*place, hostile.value))
            yield HostileCase(event, (*node.path, "*"), pointer, hostile.label, hostile.value)


def _array_cases(node: Node, bases: _Bases) -> Iterator[HostileCase]:
    base = bases.reaching(node.path)
    for place in _places(base, node.path):
        items = _at(base, place)
        for size in HOSTILE_ARRAY_SIZES:
            if size.value and not items:
                continue
            resized = [copy.deepcopy(items[i % len(items)]) for i in range(size.value)]
            event = _changed(base, place, resized)
            yield HostileCase(event, node.path, _pointer(place), size.label, size.value)


def _optional_cases(parent: Node, bases: _Bases) -> Iterator[HostileCase]:
    for prop in parent.properties:
        path = prop.node.path
        if prop.required or "*" in path:
            continue
        present = bases.reaching(path)
        yield HostileCase(copy.deepcopy(present), path, pointer_of(path), "present")
        absent = copy.deepcopy(bases.reaching(parent.path))
        container = _at(absent, parent.path)
        container.pop(prop.name, None)
        yield HostileCase(absent, path, pointer_of(path), "absent")


def _cases_at(node: Node, bases: _Bases) -> Iterator[HostileCase]:
    if node.kind == "object":
        yield from _optional_cases(node, bases)
    elif node.kind == "map":
        yield from _key_cases(node, bases)
    elif node.kind == "array":
        yield from _array_cases(node, bases)
    else:
        yield from _scalar_cases(node, bases)


def hostile_cases(version: int = 3) -> tuple[HostileCase, ...]:
    """Every valid coverage case of schema ``version``, in schema-walk order (cached).

    Deterministic: the same cases, in the same order, in every process.
    """
    return _hostile_cases(check_version(version))


@cache
def _hostile_cases(version: int) -> tuple[HostileCase, ...]:
    bases = _Bases(version)
    return tuple(case for node in structure(version).walk() for case in _cases_at(node, bases))
