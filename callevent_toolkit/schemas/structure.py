"""Walk a JSON Schema once into a tree of :class:`Node` objects in *event space*.

Why a tree of our own rather than reading the schema dict everywhere: the generators,
the constraint list, the CLI's ``explain`` and the pin checker all need the same facts
(which properties exist, which are required, which objects are closed, which values are
maps, bounds, formats), with ``$ref`` already resolved and with the path an event value
sits at. Computing that once keeps them from drifting apart, and keeps the generators
free of dict lookups on their hot path.

Event paths are tuples of property names, with ``"*"`` for a map key or an array item,
e.g. ``("sdk_edge", "metadata", "location", "lat")`` or
``("conversation_relay_data", "configurations", "languages", "*", "voice")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from ..errors import UnsupportedSchemaError
from . import DEFAULT_VERSION, SchemaHandle, registry_for, resolve, schema_handle
from .pointers import path_of, pointer_of

if TYPE_CHECKING:
    from referencing import Registry

__all__ = [
    "Node",
    "Property",
    "UnsupportedSchemaError",
    "structure",
    "structure_for",
    "structure_of",
]

Kind = Literal["object", "map", "array", "string", "integer", "number", "boolean", "null"]

#: Keywords the walk understands. Anything else that constrains values is refused with
#: :class:`UnsupportedSchemaError` rather than silently ignored, because a generator that
#: ignores a constraint produces "valid" events that the validator rejects.
_ANNOTATIONS = frozenset(
    {
        "$id",
        "$schema",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "definitions",
        "$defs",
        "readOnly",
        "writeOnly",
        "deprecated",
    }
)
_UNDERSTOOD = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "format",
        "minimum",
        "maximum",
        "enum",
        "const",
        "$ref",
    }
)


@dataclass(frozen=True, slots=True)
class Property:
    """One named property of an object node."""

    name: str
    required: bool
    node: Node


@dataclass(frozen=True, slots=True)
class Node:
    """A value position in an event, with the constraints that apply there.

    ``kind`` is ``"map"`` for an object whose keys are free and whose values all follow
    ``items`` (``additionalProperties: {schema}``), ``"object"`` for one with named
    ``properties``. ``closed`` is true when unknown properties are forbidden.
    """

    kind: Kind
    path: tuple[str, ...]
    schema_pointer: str
    schema: dict[str, Any] = field(repr=False, compare=False)
    properties: tuple[Property, ...] = ()
    closed: bool = False
    items: Node | None = None
    format: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[Any, ...] | None = None
    default: Any = None
    description: str = ""

    @property
    def pointer(self) -> str:
        """The JSON pointer of this position in an event (``*`` for keys and items)."""
        return pointer_of(self.path)

    def property(self, name: str) -> Property | None:
        """The property called ``name``, or ``None``."""
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None

    def walk(self) -> list[Node]:
        """This node and every node below it, parents before children."""
        found = [self]
        for prop in self.properties:
            found.extend(prop.node.walk())
        if self.items is not None:
            found.extend(self.items.walk())
        return found

    def find(self, path: tuple[str, ...]) -> Node | None:
        """The node at ``path`` below this one (``"*"`` steps into maps and arrays)."""
        node: Node | None = self
        for step in path:
            if node is None:
                return None
            if node.kind in ("map", "array"):
                node = node.items if step == "*" or node.kind == "map" else None
            else:
                prop = node.property(step)
                node = prop.node if prop else None
        return node


def _has_nested_id(schema: Any, top: bool = True) -> bool:
    if isinstance(schema, dict):
        if not top and "$id" in schema:
            return True
        return any(_has_nested_id(child, False) for child in schema.values())
    if isinstance(schema, list):
        return any(_has_nested_id(child, False) for child in schema)
    return False


class _Walker:
    """Walks a schema into nodes, resolving ``$ref`` on the way.

    A ``#/...`` reference in a schema without nested ``$id`` (base URIs that would change
    what ``#`` means) is a JSON pointer into the root, followed here directly; anything
    else goes through :func:`~callevent_toolkit.schemas.resolve` and its offline
    ``referencing`` registry, built on first need. Why: ``referencing`` (with ``attrs``)
    takes about 0.1 s to import, a third of a fresh process's way to its first example.
    ``tests/test_schemas.py`` checks both ways give the same tree.
    """

    def __init__(self, root: dict[str, Any], registry: Registry[Any] | None) -> None:
        self._root = root
        self._registry = registry
        self._local = registry is None and not _has_nested_id(root)

    def _resolve(self, ref: str) -> Any:
        if self._local and ref.startswith("#/"):
            target: Any = self._root
            for step in path_of(ref[1:]):
                if isinstance(target, dict) and step in target:
                    target = target[step]
                elif isinstance(target, list) and step.isdigit() and int(step) < len(target):
                    target = target[int(step)]
                else:
                    break
            else:
                return target
        if self._registry is None:
            self._registry = registry_for(self._root)
        return resolve(ref, self._root, self._registry)

    def _deref(
        self, schema: Any, pointer: str, seen: tuple[str, ...]
    ) -> tuple[dict[str, Any], str]:
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:
                raise UnsupportedSchemaError(f"recursive $ref {ref!r} at {pointer or '/'}")
            seen = (*seen, ref)
            extra = set(schema) - {"$ref"} - _ANNOTATIONS
            if extra:
                raise UnsupportedSchemaError(
                    f"keywords {sorted(extra)} beside $ref at {pointer or '/'} are not supported"
                )
            schema = self._resolve(ref)
            pointer = ref[1:] if ref.startswith("#") else ref
        if not isinstance(schema, dict):
            raise UnsupportedSchemaError(f"schema at {pointer or '/'} is not an object: {schema!r}")
        return schema, pointer

    def node(
        self, schema: Any, path: tuple[str, ...], pointer: str, seen: tuple[str, ...] = ()
    ) -> Node:
        schema, pointer = self._deref(schema, pointer, seen)
        unknown = set(schema) - _UNDERSTOOD - _ANNOTATIONS
        unknown = {k for k in unknown if not k.startswith("x-")}
        if unknown:
            raise UnsupportedSchemaError(
                f"keywords {sorted(unknown)} at {pointer or '/'} are not supported"
            )
        kind = self._kind(schema, pointer)
        common: dict[str, Any] = {
            "path": path,
            "schema_pointer": pointer,
            "schema": schema,
            "default": schema.get("default"),
            "description": schema.get("description", ""),
            "enum": tuple(schema["enum"])
            if "enum" in schema
            else ((schema["const"],) if "const" in schema else None),
        }
        if kind == "object":
            return self._object(schema, path, pointer, common, seen)
        if kind == "array":
            items = self.node(schema.get("items", {}), (*path, "*"), pointer + "/items", seen)
            return Node(kind="array", items=items, **common)
        return Node(
            kind=kind,
            format=schema.get("format"),
            minimum=schema.get("minimum"),
            maximum=schema.get("maximum"),
            **common,
        )

    def _kind(self, schema: dict[str, Any], pointer: str) -> Kind:
        declared = schema.get("type")
        if isinstance(declared, str) and declared in (
            "object",
            "array",
            "string",
            "integer",
            "number",
            "boolean",
            "null",
        ):
            return declared  # type: ignore[return-value]
        if declared is None and "properties" in schema:
            return "object"
        raise UnsupportedSchemaError(
            f"type {declared!r} at {pointer or '/'} is not supported (one JSON type per position)"
        )

    def _object(
        self,
        schema: dict[str, Any],
        path: tuple[str, ...],
        pointer: str,
        common: dict[str, Any],
        seen: tuple[str, ...],
    ) -> Node:
        required = set(schema.get("required", ()))
        props = tuple(
            Property(
                name=name,
                required=name in required,
                node=self.node(sub, (*path, name), f"{pointer}/properties/{name}", seen),
            )
            for name, sub in schema.get("properties", {}).items()
        )
        missing = required - {p.name for p in props}
        if missing:
            raise UnsupportedSchemaError(
                f"required {sorted(missing)} at {pointer or '/'} have no property schema"
            )
        additional = schema.get("additionalProperties", True)
        if isinstance(additional, dict) and not props:
            values = self.node(additional, (*path, "*"), pointer + "/additionalProperties", seen)
            return Node(kind="map", items=values, **common)
        if isinstance(additional, dict):
            raise UnsupportedSchemaError(
                f"properties with a schema for additionalProperties at {pointer or '/'}"
            )
        return Node(kind="object", properties=props, closed=additional is False, **common)


def structure_of(schema: dict[str, Any], registry: Registry[Any] | None = None) -> Node:
    """Walk any draft-07 ``schema`` (``$ref`` resolved offline) into a :class:`Node` tree."""
    return _Walker(schema, registry).node(schema, (), "")


def structure(version: int = DEFAULT_VERSION) -> Node:
    """The :class:`Node` tree of the bundled CallEvent schema of ``version`` (cached).

    The version is checked before the cache is consulted, so ``structure([3])`` names the
    bad value instead of failing inside :func:`functools.cache` as "unhashable".
    """
    return structure_for(schema_handle(version))


@cache
def structure_for(schema: SchemaHandle) -> Node:
    """The :class:`Node` tree of a bundled schema (cached per handle).

    No registry is passed: the walk follows the bundled files' local ``$ref`` itself and
    builds ``referencing``'s registry only for a reference it cannot (see ``_Walker``).
    """
    return structure_of(schema.document)
