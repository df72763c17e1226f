"""Every rule of the CallEvent schema, listed where it applies in an event.

Why list constraints in *event* space rather than schema space: a consumer's test
breaks events, not schema files. ``GatewayMetadata`` is one definition but three places
an event can go wrong (under ``carrier_edge``, ``client_edge`` and ``sip_edge``), and a
producer that drops ``region`` from one of them breaks one of those places. So the list
has one :class:`Constraint` per place and rule: a ``type`` for every position, a
``required`` for every required property, an ``additionalProperties`` for every closed
object, plus ``minimum``, ``maximum`` and ``format`` where the schema sets them.

The list comes from the same walk the generators use
(:func:`~callevent_toolkit.schemas.structure.structure`), so it cannot disagree with
them, and :func:`coverage_cases` turns it into a checklist: at least one deliberately
invalid event per constraint.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import DEFAULT_VERSION
from .pointers import path_of, pointer_of
from .structure import Node, structure

__all__ = ["JSON_TYPES", "Constraint", "constraints", "constraints_of", "enum_keyword"]

#: The JSON type name the schema uses for each node kind (a map is an object in JSON);
#: the mutation operators read it to pick the types a position does not accept.
JSON_TYPES = {
    "object": "object",
    "map": "object",
    "array": "array",
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
}


@dataclass(frozen=True, slots=True)
class Constraint:
    """One rule at one place of an event.

    ``pointer`` is a JSON pointer in event space with ``*`` standing for any map key or
    array index (``/conversation_relay_data/configurations/languages/*/voice``). For
    ``required`` it names the property that must be there; for ``additionalProperties``
    the closed object. ``keyword`` is the JSON Schema keyword, as the validator reports
    it; ``detail`` says the rule in words.
    """

    pointer: str
    keyword: str
    detail: str

    @property
    def path(self) -> tuple[str, ...]:
        """The pointer split into steps (``*`` kept)."""
        return path_of(self.pointer)


def _rules_at(node: Node) -> list[Constraint]:
    here = node.pointer
    found = [Constraint(here, "type", f"must be of type {JSON_TYPES[node.kind]!r}")]
    for prop in node.properties:
        if prop.required:
            found.append(
                Constraint(
                    pointer_of((*node.path, prop.name)),
                    "required",
                    f"property {prop.name!r} is required",
                )
            )
    if node.kind == "object" and node.closed:
        names = ", ".join(p.name for p in node.properties) or "none"
        found.append(Constraint(here, "additionalProperties", f"no properties but: {names}"))
    if node.minimum is not None:
        found.append(Constraint(here, "minimum", f"must be at least {node.minimum!r}"))
    if node.maximum is not None:
        found.append(Constraint(here, "maximum", f"must be at most {node.maximum!r}"))
    if node.format is not None:
        found.append(Constraint(here, "format", f"must be a valid {node.format!r}"))
    if node.enum is not None:
        keyword = enum_keyword(node)
        found.append(Constraint(here, keyword, f"must be one of {list(node.enum)!r}"))
    return found


def enum_keyword(node: Node) -> str:
    """``const`` or ``enum``: the walk keeps both as ``Node.enum``; validators name them apart."""
    return "const" if "const" in node.schema else "enum"


def constraints_of(root: Node) -> list[Constraint]:
    """Every constraint of a walked schema (see :func:`constraints`)."""
    return [rule for node in root.walk() for rule in _rules_at(node)]


def constraints(version: int = DEFAULT_VERSION) -> list[Constraint]:
    """Every constraint of the CallEvent schema of ``version``, one per place in an event.

    Ordered as the schema walk meets them (parents before children; per place: ``type``,
    ``required``, ``additionalProperties``, ``minimum``, ``maximum``, ``format``, then
    ``enum``/``const``, which version 3 does not use).
    """
    return constraints_of(structure(version))
