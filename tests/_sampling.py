"""Helpers for tests that look at many generated events at once."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from callevent_toolkit import generate
from callevent_toolkit.schemas.structure import Node


@cache
def realistic_sample(count: int = 3000, seed: int = 11) -> tuple[dict[str, Any], ...]:
    """A fixed bulk sample of realistic events (shared by the realism tests)."""
    return tuple(generate(count, seed=seed))


@cache
def contract_sample(count: int = 3000, seed: int = 11) -> tuple[dict[str, Any], ...]:
    """A fixed bulk sample of contract-space events."""
    return tuple(generate(count, seed=seed, realistic=False))


def paths_of(value: Any, node: Node, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every position in ``value`` as a schema path (``*`` for map keys and array items)."""
    if prefix:
        yield prefix
    if node.kind == "object" and isinstance(value, dict):
        for key, child in value.items():
            prop = node.property(key)
            if prop is not None:
                yield from paths_of(child, prop.node, (*prefix, key))
    elif node.kind in ("map", "array") and node.items is not None:
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            yield from paths_of(child, node.items, (*prefix, "*"))


def kind_of(event: dict[str, Any]) -> str:
    """``sdk``, ``gateway`` or ``relay``, from which object the event carries."""
    if "sdk_edge" in event:
        return "sdk"
    if "conversation_relay_data" in event:
        return "relay"
    return "gateway"
