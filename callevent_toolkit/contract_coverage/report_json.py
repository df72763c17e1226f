"""The JSON report: the whole measurement as one stable document, for CI and for diffs.

Format (``format_version`` 1; keys are never renamed within a version, only added)::

    {"format": "callevent-contract-coverage", "format_version": 1,
     "schema": {"name": "VoiceInsights.CallEvent", "version": 3},
     "events": {"valid": 120, "invalid": 30},
     "overall": {"covered": 512, "total": 917, "percent": 55.83},
     "dimensions": {"presence": {...}, "values": {...}, "sizes": {...},
                    "kinds": {...}, "constraints": {...}},
     "nodes": [{"pointer": "/sdk_edge/metric/values", "path": "$.sdk_edge.metric.values",
                "kind": "array", "covered": 1, "total": 5, "percent": 20.0,
                "subtree": {"covered": 1, "total": 24, "percent": 4.17},
                "seen": ["presence:present"],
                "missing": ["presence:absent", "sizes:empty", ...]}, ...]}

Nodes come in schema-walk order (parents first) and their targets in model order, so the
same measurement always gives the same bytes; a target is ``dimension:label``. A node's
own figure counts its own targets; ``subtree`` counts those of the node and every node
below it (the root's subtree is ``overall``). The event kinds sit on the root node
(``pointer`` ``""``).
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..ndjson import atomic_output
from .summary import CoverageSummary, Figure

__all__ = ["FORMAT", "FORMAT_VERSION", "dumps", "to_json", "write_json"]

FORMAT = "callevent-contract-coverage"
FORMAT_VERSION = 1


def _figure(figure: Figure) -> dict[str, Any]:
    return {"covered": figure.covered, "total": figure.total, "percent": figure.percent}


def to_json(summary: CoverageSummary) -> dict[str, Any]:
    """The report as plain data (see the module docstring for the format)."""
    subtrees = summary.subtrees()
    nodes = [
        {
            "pointer": node.pointer,
            "path": node.path,
            "kind": node.kind,
            **_figure(node.figure),
            "subtree": _figure(subtrees[node.pointer]),
            "seen": [f"{t.dimension}:{t.label}" for t, seen in node.targets if seen],
            "missing": [f"{t.dimension}:{t.label}" for t, seen in node.targets if not seen],
        }
        for node in summary.nodes
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": {"name": "VoiceInsights.CallEvent", "version": summary.version},
        "events": {"valid": summary.valid_events, "invalid": summary.invalid_events},
        "overall": _figure(summary.overall),
        "dimensions": {name: _figure(f) for name, f in summary.dimensions.items()},
        "nodes": nodes,
    }


def dumps(summary: CoverageSummary) -> str:
    """The report as indented JSON text ending in a newline."""
    return json.dumps(to_json(summary), indent=2, ensure_ascii=False) + "\n"


def write_json(summary: CoverageSummary, path: str | os.PathLike[str]) -> None:
    """Write the report to ``path`` (UTF-8, replaced atomically when it is a regular file)."""
    with atomic_output(path) as out:
        out.write(dumps(summary).encode("utf-8"))
