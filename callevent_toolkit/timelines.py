"""The fast seeded generator of call timelines (the bulk face of ``call_timelines()``).

Timeline *k* of a seed is built from its own ``random.Random`` seeded with
:func:`~callevent_toolkit.generation.event_seed` ``(seed, k)``, exactly like event *k*
of :func:`~callevent_toolkit.generate`: timeline *k* is the same whatever window
(``start``/``count``) produced it, so shards of a big run can be made separately. The
timelines come from the same call scripts and event plans as the Hypothesis strategy.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .generation import _check_window, _seeded_sources
from .strategies._timelines import build_timeline, check_arguments

__all__ = ["generate_timelines"]


def generate_timelines(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    realistic: bool = True,
    version: int = 3,
) -> Iterator[list[dict[str, Any]]]:
    """Yield ``count`` call timelines: timelines ``start`` .. ``start + count - 1`` of ``seed``.

    Each timeline is a list of valid CallEvents of one call, in delivery order, with the
    invariants described in :func:`~callevent_toolkit.strategies.call_timelines`. Same
    arguments, same timelines, byte for byte once serialised (for one toolkit version).
    Arguments are checked before the first timeline is produced.
    """
    _check_window(count, seed, start)
    check_arguments(realistic, version)
    return _timelines(seed, start, count, realistic, version)


def _timelines(
    seed: int, start: int, count: int, realistic: bool, version: int
) -> Iterator[list[dict[str, Any]]]:
    for _index, src in _seeded_sources(seed, start, count):
        yield build_timeline(src, version=version, realistic=realistic)
