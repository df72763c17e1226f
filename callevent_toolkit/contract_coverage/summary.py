"""A finished coverage measurement: per target seen or not, per node and per dimension.

Why a separate, renderer-neutral object: the terminal summary, the JSON file and the
HTML page must show the same figures, so they all render one :class:`CoverageSummary`
rather than each counting for itself.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ..schemas.pointers import pattern_path
from ..schemas.structure import Node
from .model import DIMENSIONS, ContractModel, Target

__all__ = ["CoverageSummary", "Figure", "NodeCoverage", "summarize"]


@dataclass(frozen=True, slots=True)
class Figure:
    """``covered`` of ``total`` targets; ``percent`` is 100 when there is nothing to cover."""

    covered: int
    total: int

    @property
    def percent(self) -> float:
        """The figure rounded to two decimals (what every report shows)."""
        return 100.0 if self.total == 0 else round(100.0 * self.covered / self.total, 2)


@dataclass(frozen=True, slots=True)
class NodeCoverage:
    """One position of the schema and its targets, each with whether it was seen."""

    pointer: str
    path: str
    kind: str
    depth: int
    targets: tuple[tuple[Target, bool], ...]

    @property
    def figure(self) -> Figure:
        """Targets of this node seen over targets of this node."""
        return Figure(sum(seen for _, seen in self.targets), len(self.targets))

    @property
    def missing(self) -> tuple[Target, ...]:
        """The targets of this node no event hit."""
        return tuple(t for t, seen in self.targets if not seen)


@dataclass(frozen=True, slots=True)
class CoverageSummary:
    """Everything a report shows: event counts, per-dimension figures, per-node targets."""

    version: int
    valid_events: int
    invalid_events: int
    nodes: tuple[NodeCoverage, ...]

    def dimension(self, name: str) -> Figure:
        """The figure of one of :data:`~.model.DIMENSIONS`."""
        hits = [seen for node in self.nodes for t, seen in node.targets if t.dimension == name]
        return Figure(sum(hits), len(hits))

    @property
    def dimensions(self) -> dict[str, Figure]:
        """Every dimension's figure, in :data:`~.model.DIMENSIONS` order."""
        return {name: self.dimension(name) for name in DIMENSIONS}

    @property
    def overall(self) -> Figure:
        """All targets seen over all targets."""
        hits = [seen for node in self.nodes for _, seen in node.targets]
        return Figure(sum(hits), len(hits))

    def subtrees(self) -> dict[str, Figure]:
        """Per node pointer, the figure of the node and every node below it.

        What a collapsed node of a tree stands for: ``$.sdk_edge`` covers the 200-odd
        targets under it, not only its own presence. The root's is :attr:`overall`.
        """
        sums = {node.pointer: [node.figure.covered, node.figure.total] for node in self.nodes}
        for node in reversed(self.nodes):  # walk order puts parents first: children add up
            if node.pointer:
                parent = sums[node.pointer.rpartition("/")[0]]
                parent[0] += sums[node.pointer][0]
                parent[1] += sums[node.pointer][1]
        return {pointer: Figure(covered, total) for pointer, (covered, total) in sums.items()}

    def least_covered(self) -> list[NodeCoverage]:
        """Nodes with something missing, least covered first (then schema order)."""
        order = {node.pointer: i for i, node in enumerate(self.nodes)}
        lacking = [node for node in self.nodes if node.missing]
        return sorted(lacking, key=lambda n: (n.figure.percent, order[n.pointer]))


def _pattern(root: Node, path: tuple[str, ...]) -> str:
    """``$.a.*.b`` / ``$.a[*]``: a map key shows as ``.*``, an array item as ``[*]``."""
    kinds = []
    for depth in range(len(path)):
        parent = root.find(path[:depth])
        kinds.append(parent.kind if parent is not None else "object")
    return pattern_path(path, kinds)


def summarize(
    model: ContractModel, seen: Collection[int], *, valid: int, invalid: int, version: int
) -> CoverageSummary:
    """The summary of a measurement: ``seen`` holds indices into ``model.targets``."""
    by_pointer: dict[str, list[tuple[Target, bool]]] = {n.pointer: [] for n in model.nodes}
    for i, target in enumerate(model.targets):
        by_pointer[target.pointer].append((target, i in seen))
    nodes = tuple(
        NodeCoverage(
            pointer=node.pointer,
            path=_pattern(model.root, node.path),
            kind=node.kind,
            depth=len(node.path),
            targets=tuple(by_pointer[node.pointer]),
        )
        for node in model.nodes
    )
    return CoverageSummary(version, valid, invalid, nodes)
