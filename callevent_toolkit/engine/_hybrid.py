"""Hybrid events: realistic events in which 1-3 places hold contract-space values.

Realistic events have the context a consumer's code was written for but only tame
values; contract events have the odd values but seldom the context (the right event
kind, a relay event's TwiML attributes under their real keys). A bug that needs both, the
context and one odd value, is found by neither. :class:`HybridPlan` builds a realistic
event and then gives 1-3 of its places (scalar values, or a map key) a value from the
contract leaf providers of :mod:`._contract`.

Every choice is drawn from the :class:`Source`, so under Hypothesis a failing event
shrinks: to one changed place, the first place, and the simplest edge value there.
Contract values are valid at their position, so hybrid events are valid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from ..schemas.structure import Node
from ._contract import contract_key, contract_leaf
from ._plans import check_version, default_plan
from ._sources import Source, pick

__all__ = ["HybridPlan"]

Place = tuple[str | int, ...]
# A place and how to change it: a scalar's node, or a map (the key at the end is renamed).
Spot = tuple[Place, Node, bool]


@cache
def _leaf_builder(node: Node) -> Callable[[Source, Any], Any]:
    return contract_leaf(node)


def _spots(node: Node, value: Any, place: Place) -> Iterator[Spot]:
    """Every place of ``value`` (at ``node``) that a hybrid event may change."""
    if node.kind == "object" and isinstance(value, dict):
        for prop in node.properties:
            if prop.name in value:
                yield from _spots(prop.node, value[prop.name], (*place, prop.name))
    elif node.kind == "map" and isinstance(value, dict) and node.items is not None:
        for key, item in value.items():
            yield ((*place, key), node, True)
            yield from _spots(node.items, item, (*place, key))
    elif node.kind == "array" and isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            yield from _spots(node.items, item, (*place, index))
    elif node.kind not in ("object", "map", "array") and node.enum is None:
        yield (place, node, False)


def _container(event: Any, place: Place) -> Any:
    """The dict or list holding ``place``, or None if an earlier key rename moved it."""
    for step in place[:-1]:
        if isinstance(event, dict) and step not in event:
            return None
        event = event[step]
    return event


def _change(event: dict[str, Any], spot: Spot, src: Source) -> None:
    place, node, is_key = spot
    container = _container(event, place)
    if container is None or (isinstance(container, dict) and place[-1] not in container):
        return  # an earlier change renamed a key on the way to this place
    if is_key:
        new_key = contract_key(src)
        renamed = {(new_key if k == place[-1] else k): v for k, v in container.items()}
        container.clear()
        container.update(renamed)
    else:
        container[place[-1]] = _leaf_builder(node)(src, None)


class HybridPlan:
    """Realistic events of schema ``version`` with 1 to ``max_changes`` contract values."""

    def __init__(self, *, version: int = 3, max_changes: int = 3) -> None:
        self.version = check_version(version)
        self.max_changes = max_changes
        self._realistic = default_plan(self.version, True)

    def event(self, src: Source) -> dict[str, Any]:
        """One hybrid event, every choice drawn from ``src``."""
        event = self._realistic.event(src)
        spots = list(_spots(self._realistic.root, event, ()))
        for _ in range(src.integer(1, self.max_changes)):
            _change(event, pick(src, spots), src)
        return event
