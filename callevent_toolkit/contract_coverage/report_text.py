"""The short text report: the figures, then the places least covered, first.

Meant for the end of a test run, so it is short: one line per dimension and at most
``limit`` places, each naming what no event showed there.
"""

from __future__ import annotations

from .summary import CoverageSummary, Figure, NodeCoverage

__all__ = ["render_text"]


def _figure(figure: Figure) -> str:
    return f"{figure.percent:6.2f}%  ({figure.covered}/{figure.total})"


def _missing(node: NodeCoverage, width: int) -> str:
    groups: dict[str, list[str]] = {}
    for target in node.missing:
        groups.setdefault(target.dimension, []).append(target.label)
    text = "; ".join(f"{dim}: {', '.join(labels)}" for dim, labels in groups.items())
    return text if len(text) <= width else text[: width - 3] + "..."


def render_text(summary: CoverageSummary, *, limit: int = 10, width: int = 100) -> str:
    """The report as lines of text (no trailing newline)."""
    lines = [
        f"CallEvent contract coverage (schema v{summary.version}): "
        f"{summary.valid_events} valid and {summary.invalid_events} invalid events fed",
        f"  {'overall':<12} {_figure(summary.overall)}",
    ]
    lines += [f"  {name:<12} {_figure(fig)}" for name, fig in summary.dimensions.items()]
    lacking = summary.least_covered()
    if lacking:
        shown = lacking[:limit]
        lines.append(
            f"least covered ({len(shown)} of {len(lacking)} places with something unseen):"
        )
        for node in shown:
            lines.append(f"  {node.path}  {_figure(node.figure)}")
            lines.append(f"      unseen {_missing(node, width)}")
    return "\n".join(lines)
