"""Compile the schema's :class:`~callevent_toolkit.schemas.structure.Node` tree into a plan.

A plan is a tree of small closures, one per position in the event, made once per
(schema version, realistic or contract, pins). Running it with a
:class:`Source` builds one event. Compiling first keeps the per-event work to
"call the closures": no schema lookups, no provider lookups, no pin checks on the hot path,
which is what lets the bulk generator reach tens of thousands of events a second while the
Hypothesis strategies run the very same closures.

* realistic plans ask the family's :class:`Registry` for values and for which optional parts are
  present; a position with no provider gets a plain value of its type, and an optional
  position with no presence rule is left out (so a new optional field in a future schema
  version appears in contract events but not in realistic ones).
* contract plans include each optional property on a coin flip, give maps and arrays 0-4
  entries and take leaves from :mod:`._contract`, sometimes mixing in a realistic value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..schemas.structure import Node
from ._contract import contract_key, contract_leaf
from ._providers import Context, Registry, lookup

__all__: list[str] = []

Build = Callable[[Context[Any]], Any]

_GENERIC_WORDS = ("default", "primary", "standard", "voice", "main")


def _fallback(node: Node) -> Build:
    """A plausible plain value for a position no provider knows (new schema fields)."""
    if node.enum is not None:
        options = node.enum
        return lambda ctx: options[ctx.src.index(len(options))]
    if node.default is not None:
        default = node.default
        return lambda ctx: default
    kind = node.kind
    if kind == "string":
        return lambda ctx: _GENERIC_WORDS[ctx.src.index(len(_GENERIC_WORDS))]
    if kind == "integer":
        return lambda ctx: ctx.src.integer(0, 1000)
    if kind == "number":
        return lambda ctx: round(ctx.src.floating(0, 1000), 2)
    if kind == "boolean":
        return lambda ctx: ctx.src.flag(50)
    if kind in ("array", "map"):
        return lambda ctx: [] if kind == "array" else {}
    return lambda ctx: None


class _Compiler:
    def __init__(
        self, registry: Registry, *, realistic: bool, forced: Iterable[tuple[str, ...]]
    ) -> None:
        self.registry = registry
        self.realistic = realistic
        self.forced = frozenset(forced)

    def compile(self, node: Node) -> Build:
        if node.kind == "object":
            return self._object(node)
        provider = lookup(self.registry.values, node.path)
        if self.realistic:
            if provider is not None:
                return provider
            if node.kind == "map" and node.items is not None:
                return self._realistic_map(node)
            return _fallback(node)
        if node.kind in ("map", "array"):
            return self._contract_collection(node)
        # sometimes the realistic value, so handlers see both kinds
        leaf = contract_leaf(node, provider)
        return lambda ctx: leaf(ctx.src, ctx)

    def _presence(self, node: Node) -> Callable[[Context[Any]], bool]:
        if node.path in self.forced:
            return lambda ctx: True
        if not self.realistic:
            return lambda ctx: ctx.src.flag(50)
        rule = lookup(self.registry.presence, node.path)
        return rule if rule is not None else (lambda ctx: False)

    def _object(self, node: Node) -> Build:
        fields = tuple(
            (
                prop.name,
                None if prop.required else self._presence(prop.node),
                self.compile(prop.node),
            )
            for prop in node.properties
        )

        def build(ctx: Context[Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, presence, make in fields:
                if presence is None or presence(ctx):
                    out[name] = make(ctx)
            return out

        return build

    def _realistic_map(self, node: Node) -> Build:
        keys_of = lookup(self.registry.map_keys, node.path)
        assert node.items is not None
        make = self.compile(node.items)
        if keys_of is None:
            return lambda ctx: {}

        def build(ctx: Context[Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key in keys_of(ctx):
                out[key] = make(ctx.entry(key))
            return out

        return build

    def _contract_collection(self, node: Node) -> Build:
        assert node.items is not None
        make = self.compile(node.items)
        if node.kind == "array":
            return lambda ctx: [make(ctx) for _ in range(ctx.src.integer(0, 4))]

        def build(ctx: Context[Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for _ in range(ctx.src.integer(0, 3)):
                key = contract_key(ctx.src)
                out[key] = make(ctx.entry(key))
            return out

        return build


def compile_plan(
    root: Node,
    registry: Registry,
    *,
    realistic: bool,
    forced: Iterable[tuple[str, ...]] = (),
) -> Build:
    """The closure that builds one event of ``root``'s schema from a :class:`Context`.

    ``registry`` holds the family's providers; ``forced`` lists paths whose optional
    properties must be present (pin ancestors). A map entry is built with the context of
    its key (:meth:`Context.entry`), so providers under a map read the key they belong to.
    """
    return _Compiler(registry, realistic=realistic, forced=forced).compile(root)
