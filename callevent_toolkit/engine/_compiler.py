"""Compile the schema's :class:`~callevent_toolkit.schemas.structure.Node` tree into a plan.

A plan is one generated Python function per event (nested objects written in place, the
one-line providers written as their expressions), made once per (schema version,
realistic or contract, pins). Running it with a :class:`Context` over a :class:`Source`
builds one event. Compiling first keeps the per-event work to running that function: no
schema lookups, no provider lookups, no pin checks on the hot path, which is what lets the
bulk generator reach tens of thousands of events a second while the Hypothesis strategies
run the very same code.

* realistic plans ask the family's :class:`Registry` for values and for which optional parts are
  present; a position with no provider gets a plain value of its type, and an optional
  position with no presence rule is left out (so a new optional field in a future schema
  version appears in contract events but not in realistic ones).
* contract plans include each optional property on a coin flip, give maps and arrays 0-4
  entries and take leaves from :mod:`._contract`, sometimes mixing in a realistic value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

from ..schemas.structure import Node
from ._contract import contract_key, contract_leaf
from ._providers import (
    Chooser,
    Context,
    Presence,
    Registry,
    always,
    inline,
    inline_of,
    lookup,
    never,
)
from ._sources import Source

__all__: list[str] = []

Build = Callable[[Context[Any]], Any]
MakeEvent = Callable[[Source], Any]

_GENERIC_WORDS = ("default", "primary", "standard", "voice", "main")


def _fallback(node: Node) -> Build:
    """A plausible plain value for a position no provider knows (new schema fields)."""
    if node.enum is not None:
        return inline("$options[ctx.src.index($size)]", options=node.enum, size=len(node.enum))
    if node.default is not None:
        return inline("$default", default=node.default)
    kind = node.kind
    if kind == "string":
        return inline("$words[ctx.src.index($size)]", words=_GENERIC_WORDS, size=5)
    if kind == "integer":
        return inline("ctx.src.integer(0, 1000)")
    if kind == "number":
        return inline("round(ctx.src.floating(0, 1000), 2)")
    if kind == "boolean":
        return inline("ctx.src.flag(50)")
    if kind == "array":
        return inline("[]")
    if kind == "map":
        return inline("{}")
    return inline("None")


_NEVER: Presence = never
_COIN: Presence = inline("ctx.src.flag(50)")


@dataclass(frozen=True, slots=True)
class _Object:
    """An object position, compiled: its fields in schema order (name, presence, part).

    Kept as data rather than a closure so that the enclosing object's builder can write
    it out in place (:class:`_Writer`): one generated function per event instead of one
    call per object.
    """

    fields: tuple[tuple[str, Presence, _Part], ...]

    def is_expression(self) -> bool:
        """Every field is always present, all the way down: one dict display builds it."""
        return all(
            rule is always and (not isinstance(part, _Object) or part.is_expression())
            for _name, rule, part in self.fields
        )


_Part = Build | _Object

#: Objects nested in one builder, past which a nested object gets a builder of its own:
#: CPython's tokenizer refuses 100 levels of indentation (an ``if`` per optional level)
#: and its parser 200 nested brackets (a dict display per always-present level).
_MAX_DEPTH = 12


class _Writer:
    """Writes the Python source of one builder: an object and, in place, its nested objects.

    Why generated code: building objects is the plan's inner loop, and a Python frame per
    object, per value and per presence rule was most of the generator's own cost (a loop
    over the fields that tested each rule cost about 15% of a realistic event on its
    own). The source does what those calls did, in the same order (so the same choices in
    the same order, the same bytes): the always-present fields before the first optional
    one go in a dict display, an ``always`` rule is not called, a provider or rule made by
    :func:`inline` is written as its expression, anything else is called, and a nested
    object is built in place where its value is needed. Values the code refers to are its
    globals (``g0``, ``g1`` ... in order of first use), so two plans of the same shape
    give the same text and share one compiled code object.
    """

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.lines: list[str] = []
        self._names: dict[int, str] = {}
        self._objects = 0

    def name(self, value: Any) -> str:
        """The global name ``value`` has in the generated code (one per object)."""
        name = self._names.get(id(value))
        if name is None:
            name = self._names[id(value)] = f"g{len(self._names)}"
            self.namespace[name] = value
        return name

    def call(self, fn: Callable[[Context[Any]], Any]) -> str:
        """The expression that runs provider or rule ``fn`` on ``ctx``."""
        spec = inline_of(fn)
        if spec is None:
            return f"{self.name(fn)}(ctx)"
        return f"({spec.substitute({key: self.name(value) for key, value in spec.env})})"

    def part(self, part: _Part, indent: int, depth: int) -> str:
        """The expression of ``part``'s value, after the statements it needs (if any),
        written ``indent`` levels in, ``depth`` objects down in this builder."""
        if not isinstance(part, _Object):
            return self.call(part)
        if depth > _MAX_DEPTH:
            return f"{self.name(_function(part))}(ctx)"
        return self.object(part, indent, depth)

    def object(self, obj: _Object, indent: int = 1, depth: int = 1) -> str:
        """Write the statements that build ``obj``; return the expression of its value."""
        fields, down = obj.fields, depth + 1
        lead = 0
        while lead < len(fields) and _in_display(fields[lead]):
            lead += 1
        items = ", ".join(
            f"{name!r}: {self.part(part, indent, down)}" for name, _r, part in fields[:lead]
        )
        if lead == len(fields):
            return f"{{{items}}}"
        out, pad = f"o{self._objects}", "    " * indent
        self._objects += 1
        self.lines.append(f"{pad}{out} = {{{items}}}")
        for name, rule, part in fields[lead:]:
            inner = indent
            if rule is not always:
                self.lines.append(f"{pad}if {self.call(rule)}:")
                inner += 1
            value = self.part(part, inner, down)
            self.lines.append(f"{'    ' * inner}{out}[{name!r}] = {value}")
        return out


def _in_display(field: tuple[str, Presence, _Part]) -> bool:
    _name, rule, part = field
    return rule is always and (not isinstance(part, _Object) or part.is_expression())


def _function(obj: _Object) -> Build:
    """The ``build(ctx)`` function of ``obj``, nested objects written in place."""
    writer = _Writer()
    value = writer.object(obj)
    source = "\n".join(["def build(ctx):", *writer.lines, f"    return {value}", ""])
    exec(_code(source), writer.namespace)
    build: Build = writer.namespace["build"]
    return build


#: The first lines of an event's builder: :meth:`Context.__init__` written out (a call
#: and a frame less per event), the kind and edge drawn first as there.
_OPENING = (
    "def build(src):",
    "    ctx = g0(g1)",
    "    ctx.src = src",
    "    ctx.kind, ctx.edge = g2(src)",
    "    ctx.key = ''",
)


def _event_function(obj: _Object, chooser: Chooser[Any]) -> MakeEvent:
    """The ``build(src)`` function of the event ``obj``: its context, then ``obj``."""
    writer = _Writer()
    opening: tuple[Any, ...] = (dict.__new__, Context, chooser.choose)
    for known in opening:  # g0, g1, g2 of _OPENING
        writer.name(known)
    value = writer.object(obj)
    source = "\n".join([*_OPENING, *writer.lines, f"    return {value}", ""])
    exec(_code(source), writer.namespace)
    build: MakeEvent = writer.namespace["build"]
    return build


@lru_cache(maxsize=256)
def _code(source: str) -> CodeType:
    """``source`` compiled once per process (plans of one shape share the text)."""
    return compile(source, "<plan builder>", "exec")


class _Compiler:
    def __init__(
        self, registry: Registry, *, realistic: bool, forced: Iterable[tuple[str, ...]]
    ) -> None:
        self.registry = registry
        self.realistic = realistic
        self.forced = frozenset(forced)

    def compile(self, node: Node) -> Build:
        part = self.part(node)
        return _function(part) if isinstance(part, _Object) else part

    def part(self, node: Node) -> _Part:
        """``node`` compiled: an :class:`_Object` for an object, else its builder."""
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
        return inline("$leaf(ctx.src, ctx)", leaf=contract_leaf(node, provider))

    def _presence(self, node: Node) -> Presence:
        if node.path in self.forced:
            return always
        if not self.realistic:
            return _COIN
        rule = lookup(self.registry.presence, node.path)
        return rule if rule is not None else _NEVER

    def _object(self, node: Node) -> _Object:
        fields = []
        for prop in node.properties:
            rule = always if prop.required else self._presence(prop.node)
            if rule is not _NEVER:  # never present: nothing to build, nothing drawn
                fields.append((prop.name, rule, self.part(prop.node)))
        return _Object(tuple(fields))

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
    chooser: Chooser[Any],
    forced: Iterable[tuple[str, ...]] = (),
) -> MakeEvent:
    """The function that builds one event of ``root``'s schema from a :class:`Source`.

    It makes the event's :class:`Context` (kind and edge drawn by ``chooser``) and fills
    the event. ``registry`` holds the family's providers; ``forced`` lists paths whose
    optional properties must be present (pin ancestors). A map entry is built with the
    context of its key (:meth:`Context.entry`), so providers under a map read the key they
    belong to.
    """
    part = _Compiler(registry, realistic=realistic, forced=forced).part(root)
    if isinstance(part, _Object):
        return _event_function(part, chooser)
    return lambda src: part(Context(src, chooser))  # a schema whose root is no object
