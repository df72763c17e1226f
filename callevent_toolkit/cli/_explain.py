"""``callevent explain`` (fields and their constraints) and ``callevent schema`` (the file).

Both read the bundled schema through :mod:`callevent_toolkit.schemas`: ``explain`` walks
the same :func:`~callevent_toolkit.schemas.structure.structure` tree the generators use,
so what it prints is what generation and validation enforce.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import Any

from ..schemas import available_versions, load_schema
from ..schemas.structure import Node, structure
from ._streams import EXIT_OK, Streams

__all__ = ["describe", "field_path", "register"]


def register(subparsers: Any) -> None:
    """Add ``explain`` and ``schema`` to the ``callevent`` parser."""
    explain = subparsers.add_parser(
        "explain",
        help="list the schema's fields and constraints",
        description="List every field of the CallEvent schema with its type and constraints.",
    )
    explain.add_argument("--version", type=int, default=3, choices=available_versions())
    explain.set_defaults(handler=_explain)
    schema = subparsers.add_parser(
        "schema",
        help="print the bundled JSON Schema",
        description="Print the bundled VoiceInsights.CallEvent JSON Schema.",
    )
    schema.add_argument("--version", type=int, default=3, choices=available_versions())
    schema.set_defaults(handler=_schema)


def field_path(path: tuple[str, ...], parent_kinds: tuple[str, ...]) -> str:
    """``$.a.b``, with ``.*`` for any key of a map and ``[*]`` for any item of an array."""
    out = ["$"]
    for step, parent in zip(path, parent_kinds, strict=True):
        if step == "*" and parent == "array":
            out.append("[*]")
        elif step == "*" or step.isidentifier():
            out.append(f".{step}")
        else:
            out.append(f"[{step!r}]")
    return "".join(out)


def describe(node: Node, *, required: bool | None) -> list[str]:
    """The constraints that hold at ``node``, as short phrases.

    ``required`` is ``None`` for map values and array items, where it has no meaning.
    """
    presence = {True: ["required"], False: ["optional"], None: []}[required]
    phrases = [*presence, node.kind]
    if node.kind == "object" and node.closed:
        phrases.append("no other properties")
    if node.format:
        phrases.append(f"format {node.format}")
    if node.minimum is not None:
        phrases.append(f"minimum {node.minimum:g}")
    if node.maximum is not None:
        phrases.append(f"maximum {node.maximum:g}")
    if node.enum is not None:
        phrases.append("one of " + ", ".join(json.dumps(v) for v in node.enum))
    return phrases


def _rows(
    node: Node, *, required: bool | None, kinds: tuple[str, ...] = ()
) -> Iterator[tuple[str, list[str]]]:
    yield field_path(node.path, kinds), describe(node, required=required)
    for prop in node.properties:
        yield from _rows(prop.node, required=prop.required, kinds=(*kinds, node.kind))
    if node.items is not None:
        yield from _rows(node.items, required=None, kinds=(*kinds, node.kind))


def _explain(args: argparse.Namespace, streams: Streams) -> int:
    rows = list(_rows(structure(args.version), required=True))
    width = max(len(path) for path, _ in rows)
    out = streams.stdout
    out.write(
        f"VoiceInsights.CallEvent v{args.version}: {len(rows) - 1} fields "
        "(.* is any key of a map, [*] any item of an array)\n"
    )
    for path, phrases in rows:
        out.write(f"{path:<{width}}  {', '.join(phrases)}\n")
    return EXIT_OK


def _schema(args: argparse.Namespace, streams: Streams) -> int:
    streams.stdout.write(json.dumps(load_schema(args.version), indent=2, ensure_ascii=False))
    streams.stdout.write("\n")
    return EXIT_OK
