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

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from types import CodeType
from typing import Any

from ..schemas.structure import Node
from ._contract import contract_key, contract_leaf
from ._providers import Context, Presence, Registry, always, lookup

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


def _never(ctx: Context[Any]) -> bool:
    return False


def _coin(ctx: Context[Any]) -> bool:
    return ctx.src.flag(50)


_NEVER: Presence = _never
_COIN: Presence = _coin


def _object_builder(fields: Sequence[tuple[str, Presence, Build]]) -> Build:
    """The builder of an object with ``fields`` (name, presence rule, value builder).

    Why generated code: the object builder is the plan's inner loop (every object of every
    event), and a loop over ``fields`` that tests each presence rule cost about 15% of a
    realistic event. The generated function is that loop unrolled, in the same order (so
    the same choices in the same order, the same bytes): always-present fields before the
    first optional one go in a dict display, an ``always`` rule is not called, a
    contract coin is a direct ``flag(50)``. The code depends only on the pattern of
    rules (names and builders are the function's globals ``k0``, ``m0`` ...), so each
    pattern is compiled once per process, whatever the number of plans.
    """
    pattern = "".join(
        "A" if rule is always else "C" if rule is _COIN else "P" for _name, rule, _make in fields
    )
    namespace: dict[str, Any] = {}
    for number, (name, rule, make) in enumerate(fields):
        namespace[f"k{number}"], namespace[f"m{number}"] = name, make
        if pattern[number] == "P":
            namespace[f"p{number}"] = rule
    exec(_builder_code(pattern), namespace)
    build: Build = namespace["build"]
    return build


@cache
def _builder_code(pattern: str) -> CodeType:
    """The compiled ``build(ctx)`` for one pattern of rules (``A``lways, ``C``oin, ``P``)."""
    display: list[str] = []
    body: list[str] = []
    for number, rule in enumerate(pattern):
        store = f"out[k{number}] = m{number}(ctx)"
        if rule == "A" and not body:
            display.append(f"k{number}: m{number}(ctx)")
        elif rule == "A":
            body.append(f"    {store}")
        elif rule == "C":
            body.append(f"    if ctx.src.flag(50):\n        {store}")
        else:
            body.append(f"    if p{number}(ctx):\n        {store}")
    source = "\n".join(
        ["def build(ctx):", f"    out = {{{', '.join(display)}}}", *body, "    return out", ""]
    )
    return compile(source, f"<object builder {pattern}>", "exec")


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

    def _presence(self, node: Node) -> Presence:
        if node.path in self.forced:
            return always
        if not self.realistic:
            return _COIN
        rule = lookup(self.registry.presence, node.path)
        return rule if rule is not None else _NEVER

    def _object(self, node: Node) -> Build:
        fields = []
        for prop in node.properties:
            rule = always if prop.required else self._presence(prop.node)
            if rule is not _NEVER:  # never present: nothing to build, nothing drawn
                fields.append((prop.name, rule, self.compile(prop.node)))
        return _object_builder(fields)

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
