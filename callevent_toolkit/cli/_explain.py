"""``callevent explain`` (fields and their constraints) and ``callevent schema`` (the file).

Both read the bundled schema through :mod:`callevent_toolkit.schemas`. ``explain`` walks
the same :func:`~callevent_toolkit.schemas.structure.structure` tree the generators use
and lists, under each field, the rules of :func:`~callevent_toolkit.coverage.constraints`
that apply there: the very checklist ``coverage_cases`` covers, so what it prints is what
generation, validation and coverage agree on.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..schemas import load_schema
from ..schemas.constraints import Constraint, constraints
from ..schemas.pointers import pattern_path
from ..schemas.structure import Node, structure
from ._arguments import add_format_option, add_version_option
from ._streams import EXIT_OK, Streams

__all__ = ["describe", "field_path", "register"]


def register(subparsers: Any) -> None:
    """Add ``explain`` and ``schema`` to the ``callevent`` parser."""
    explain = subparsers.add_parser(
        "explain",
        help="list the schema's fields and constraints",
        description="List every field of the CallEvent schema with its type and constraints.",
    )
    add_version_option(explain)
    add_format_option(explain, "one object per field and its constraints")
    explain.set_defaults(handler=_explain)
    schema = subparsers.add_parser(
        "schema",
        help="print the bundled JSON Schema",
        description="Print the bundled VoiceInsights.CallEvent JSON Schema.",
    )
    add_version_option(schema)
    schema.set_defaults(handler=_schema)


def field_path(path: tuple[str, ...], parent_kinds: tuple[str, ...]) -> str:
    """``$.a.b``, with ``.*`` for any key of a map and ``[*]`` for any item of an array."""
    return pattern_path(path, parent_kinds)


def describe(node: Node, *, required: bool | None) -> str:
    """A field's heading: its JSON kind and whether it must be present.

    ``required`` is ``None`` for map values and array items, where it has no meaning.
    """
    presence = {True: ", required", False: ", optional", None: ""}[required]
    return f"{node.kind}{presence}"


def _rows(
    node: Node, *, required: bool | None, kinds: tuple[str, ...] = ()
) -> Iterator[tuple[Node, str, str]]:
    yield node, field_path(node.path, kinds), describe(node, required=required)
    for prop in node.properties:
        yield from _rows(prop.node, required=prop.required, kinds=(*kinds, node.kind))
    if node.items is not None:
        yield from _rows(node.items, required=None, kinds=(*kinds, node.kind))


def _explain(args: argparse.Namespace, streams: Streams) -> int:
    rules: dict[str, list[Constraint]] = defaultdict(list)
    for rule in constraints(args.version):
        rules[rule.pointer].append(rule)
    rows = list(_rows(structure(args.version), required=None))
    if args.format == "json":
        return _explain_json(streams, rows, rules)
    out = streams.stdout
    out.write(
        f"VoiceInsights.CallEvent v{args.version}: {len(rows) - 1} fields, "
        f"{sum(map(len, rules.values()))} constraints "
        "(.* is any key of a map, [*] any item of an array)\n"
    )
    for node, path, heading in rows:
        out.write(f"\n{path}  ({heading})\n")
        if node.description:
            out.write(f"    {_first_sentence(node.description)}\n")
        for rule in rules.get(node.pointer, ()):
            out.write(f"  - {rule.keyword}: {rule.detail}\n")
    return EXIT_OK


def _first_sentence(text: str) -> str:
    sentence = text.strip().split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= 100 else sentence[:97] + "..."


def _explain_json(
    streams: Streams, rows: list[tuple[Node, str, str]], rules: dict[str, list[Constraint]]
) -> int:
    fields = [
        {
            "path": path,
            "pointer": node.pointer,
            "kind": node.kind,
            "constraints": [
                {"keyword": rule.keyword, "detail": rule.detail}
                for rule in rules.get(node.pointer, ())
            ],
        }
        for node, path, _ in rows
    ]
    streams.stdout.write(json.dumps(fields, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _schema(args: argparse.Namespace, streams: Streams) -> int:
    streams.stdout.write(json.dumps(load_schema(args.version), indent=2, ensure_ascii=False))
    streams.stdout.write("\n")
    return EXIT_OK
